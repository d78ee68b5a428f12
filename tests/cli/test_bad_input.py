"""Bad input: a one-line error naming the path in the definition, exit code 2, no output left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GOOD = """
name: shop
variables: {n: 10}
entities:
  - name: customers
    record_count: "n"
    fields:
      - {name: id, generator: Number, primary_key: true}
      - {name: tier, generator: Custom List, values: [a, b]}
  - name: orders
    record_count: "20"
    fields:
      - {name: id, generator: Number, primary_key: true}
      - {name: customer_id, generator: Foreign Key, primary_key_entity: customers, primary_key_field: id}
"""

BAD_CASES = {
    "unknown generator": (
        GOOD.replace("generator: Custom List", "generator: Custum List"),
        "entities[0].fields[1].generator: unknown generator 'Custum List'; did you mean 'Custom List'?",
    ),
    "foreign key to a missing table": (
        GOOD.replace("primary_key_entity: customers", "primary_key_entity: customer"),
        "entities[1].fields[1].primary_key_entity: unknown entity 'customer'; did you mean 'customers'?",
    ),
    "foreign key to a missing field": (
        GOOD.replace("primary_key_field: id", "primary_key_field: ident"),
        "entities[1].fields[1].primary_key_field: entity 'customers' has no field 'ident'",
    ),
    "negative record_count": (
        GOOD.replace('record_count: "20"', 'record_count: "-5"'),
        "entities[1].record_count: must be a non-negative number of rows, got -5",
    ),
    "non-numeric record_count": (
        GOOD.replace('record_count: "20"', 'record_count: "twenty"'),
        "entities[1].record_count: undefined variable 'twenty'",
    ),
    "undefined variable": (
        GOOD.replace('record_count: "n"', 'record_count: "n_customers * 2"'),
        "entities[0].record_count: undefined variable 'n_customers'",
    ),
    "malformed YAML": (
        GOOD.replace("- {name: tier, generator: Custom List, values: [a, b]}", "- {name: tier, values: [a, b"),
        "malformed YAML at line",
    ),
    "missing generator": (
        GOOD.replace("generator: Custom List, ", ""),
        "entities[0].fields[1].generator: is required",
    ),
    "bad percent_null": (
        GOOD.replace("values: [a, b]}", "values: [a, b], percent_null: 140}"),
        "entities[0].fields[1].percent_null: must be between 0 and 100",
    ),
    "uncastable data_type": (
        GOOD.replace("values: [a, b]}", "values: [a, b], data_type: integer}"),
        "entities[0].fields[1].data_type: Custom List values cannot be stored as 'integer'",
    ),
}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "synthdb", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_definition(tmp_path: Path, case: str) -> None:
    text, expected = BAD_CASES[case]
    definition = tmp_path / "def.yaml"
    definition.write_text(text)
    output = tmp_path / "out.zip"
    result = run("generate", definition, "--format", "csv", "--output", output)
    assert result.returncode == 2, result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1, result.stderr
    assert expected in error_lines[0]
    assert str(definition) in error_lines[0]
    assert list(tmp_path.iterdir()) == [definition]  # nothing written, not even a temporary file
    validated = run("validate", definition)
    assert validated.returncode == 2 and expected in validated.stderr


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    definition = tmp_path / "def.json"
    definition.write_text('{"entities": [\n  {"name": "t", "fields": [}\n]}')
    result = run("validate", definition)
    assert result.returncode == 2
    assert "malformed JSON at line 2, column" in result.stderr


def test_unknown_format(tmp_path: Path) -> None:
    definition = tmp_path / "def.yaml"
    definition.write_text(GOOD)
    result = run("generate", definition, "--format", "cvs", "--output", tmp_path / "x.zip")
    assert result.returncode == 2
    assert "unknown format 'cvs'; did you mean 'csv'?" in result.stderr
    assert list(tmp_path.iterdir()) == [definition]


def test_missing_file_and_unknown_variable_override(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nope.yaml")
    assert result.returncode == 2 and "nope.yaml: file not found" in result.stderr
    definition = tmp_path / "def.yaml"
    definition.write_text(GOOD)
    result = run("generate", definition, "--var", "m=3", "--output", tmp_path / "x.zip")
    assert result.returncode == 2 and "variables.m: unknown variable (variables: n)" in result.stderr
    result = run("generate", definition, "--var", "oops", "--output", tmp_path / "x.zip")
    assert result.returncode == 2 and "--var expects NAME=VALUE" in result.stderr


def test_failed_run_keeps_the_previous_output(tmp_path: Path) -> None:
    definition = tmp_path / "def.yaml"
    definition.write_text(GOOD)
    output = tmp_path / "out.zip"
    assert run("generate", definition, "--output", output).returncode == 0
    before = output.read_bytes()
    definition.write_text(BAD_CASES["uncastable data_type"][0])
    assert run("generate", definition, "--output", output).returncode == 2
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["def.yaml", "out.zip"]
