"""Unknown keys are errors naming their path with a suggestion; `lenient` turns them into warnings."""

from __future__ import annotations

import copy
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import synthdb
from synthdb import DefinitionError, DefinitionWarning
from synthdb.cli import _load_commands, app
from synthdb.definition.loader import definition_from_data
from synthdb.definition.platforms import PLATFORMS
from synthdb.definition.suggest import closest, did_you_mean
from synthdb.engine.strict import relax, unknown_keys
from synthdb.outputs.sql.dialects import DIALECTS


def table(*fields: dict[str, Any], **entity: Any) -> dict[str, Any]:
    """A one-table definition of 50 rows: an id and `fields`."""
    return {"entities": [{"name": "t", "record_count": 50, **entity,
                          "fields": [{"name": "id", "generator": "Number", "primary_key": True}, *fields]}]}


def error_of(data: dict[str, Any]) -> str:
    with pytest.raises(DefinitionError) as caught:
        synthdb.validate(data)
    return str(caught.value)


# Each case: a definition silently accepted before, and the error it now gets (path, then message).
SILENT_CASES = {
    "number-mxa": (table({"name": "n", "generator": "Number", "mxa": 5}),
                   "entities[0].fields[1].mxa: unknown parameter of Number; did you mean 'max'?"),
    "date-start": (table({"name": "d", "generator": "Date", "start": "2020-01-01"}),
                   "entities[0].fields[1].start: unknown parameter of Date; did you mean 'start_date'?"),
    "date-end": (table({"name": "d", "generator": "Datetime", "end": "2020-01-01"}),
                 "entities[0].fields[1].end: unknown parameter of Datetime; did you mean 'end_date'?"),
    "field-attribute": (table({"name": "n", "generator": "Number", "primary_kye": True}),
                        "entities[0].fields[1].primary_kye: unknown parameter of Number; did you mean 'primary_key'?"),
    "no-params": (table({"name": "b", "generator": "Boolean", "percent_nul": 5}),
                  "entities[0].fields[1].percent_nul: unknown parameter of Boolean; did you mean 'percent_null'?"),
    "entity-key": (table(record_cout=5),
                   "entities[0].record_cout: unknown key of an entity; did you mean 'record_count'?"),
    "database-key": ({**table(), "variabels": {"n": 1}},
                     "variabels: unknown key of the database; did you mean 'variables'?"),
    "constraint-key": (table({"name": "a", "generator": "Custom List", "values": [1, 2]},
                             {"name": "b", "generator": "Custom List", "values": [1, 2]},
                             constraints=[{"constraint_type": "not-equal", "fields": ["a", "b"], "feilds": []}]),
                       "entities[0].constraints[0].feilds: unknown key of a constraint; did you mean 'fields'?"),
}


@pytest.mark.parametrize("case", list(SILENT_CASES))
def test_unknown_keys_are_errors_with_path_and_suggestion(case: str) -> None:
    data, expected = SILENT_CASES[case]
    assert error_of(data) == expected


@pytest.mark.parametrize("case", list(SILENT_CASES))
def test_lenient_turns_each_into_a_warning_and_ignores_the_key(case: str) -> None:
    data, expected = SILENT_CASES[case]
    with pytest.warns(DefinitionWarning) as caught:
        messages = synthdb.validate(data, lenient=True)
    assert messages == [f"{expected} (ignored)"]
    assert [str(w.message) for w in caught] == messages


def test_misspelt_max_was_silently_1000_and_now_fails_but_lenient_keeps_defaults() -> None:
    data = table({"name": "n", "generator": "Number", "mxa": 5})
    with pytest.raises(DefinitionError):
        synthdb.to_tables(data)
    with pytest.warns(DefinitionWarning):
        values = synthdb.to_tables(data, lenient=True)["t"]["n"].to_pylist()
    assert max(values) > 5  # the typo is ignored: the default range, as the warning says


def test_money_distribution_refuses_lognormal_with_the_allowed_values() -> None:
    message = error_of(table({"name": "m", "generator": "Money", "distribution": "lognormal"}))
    assert message.startswith("entities[0].fields[1].distribution: ")
    assert "'uniform' or 'normal'" in message


def test_money_normal_distribution_clusters_around_the_mean_within_bounds() -> None:
    data = table({"name": "m", "generator": "Money", "distribution": "normal", "min": 0, "max": 1000,
                  "mean": 200, "stddev": 20}, {"name": "u", "generator": "Money", "min": 0, "max": 1000})
    data["entities"][0]["record_count"] = 2000
    got = synthdb.to_tables(data)["t"]
    normal = [float(v) for v in got["m"].to_pylist()]
    uniform = [float(v) for v in got["u"].to_pylist()]
    assert all(0 <= v <= 1000 for v in normal)
    within = sum(140 <= v <= 260 for v in normal) / len(normal)
    assert within > 0.99  # ±3 standard deviations
    assert sum(140 <= v <= 260 for v in uniform) / len(uniform) < 0.2
    assert abs(sum(normal) / len(normal) - 200) < 3


@pytest.mark.parametrize(("platform", "hint"), [
    ("informix", ""), ("postgre", "; did you mean 'postgres'?"),
    ("oracle", ": Fabricate offers it, synthdb does not generate for it"),
])
def test_platform_is_checked_when_the_definition_is_read(platform: str, hint: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        definition_from_data({**table(), "platform": platform})
    assert str(caught.value).startswith(f"platform: unsupported platform '{platform}'{hint} (supported: postgres")


def test_platform_list_matches_the_sql_dialects() -> None:
    assert set(PLATFORMS) == set(DIALECTS)
    for name, canonical in PLATFORMS.items():
        assert DIALECTS[name].name == canonical


def test_fabricate_export_metadata_is_accepted_knowingly() -> None:
    data = table({"name": "n", "generator": "Number", "id": "f-1", "description": "a number", "nulls": False,
                  "created_at": "2025-01-01T00:00:00Z", "conditions": [], "default_weight": 1, "index": False,
                  "postprocessing_sql": ""},
                 {"name": "m", "generator": "Number", "conditions": None, "index": None, "nullable": None,
                  "default_weight": None, "postprocessing_sql": None},
                 id="e-1", description="people", created_at="2025-01-01T00:00:00Z")
    data.update({"id": "db-1", "workspace": {"id": "w", "name": "W"}, "last_generated": None, "data_url": None,
                 "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
    assert synthdb.validate(data) == []
    assert unknown_keys(definition_from_data(data)) == []


def test_field_level_conditions_are_refused_with_the_supported_form() -> None:
    data = table({"name": "c", "generator": "Boolean",
                  "conditions": [{"subset_field": "id", "operator": "is_one_of", "subset_value": [1], "weight": 2}]})
    message = error_of(data)
    assert message.startswith("entities[0].fields[1].conditions: field-level conditions are not supported")
    assert "Custom List" in message
    with pytest.raises(DefinitionError):  # not an unknown key: lenient does not let it through
        synthdb.validate(data, lenient=True)


def test_relax_drops_only_the_unknown_keys() -> None:
    data = table({"name": "n", "generator": "Number", "min": 3, "max": 9, "mxa": 5}, record_cout=7)
    database, messages = relax(definition_from_data(copy.deepcopy(data)))
    assert len(messages) == 2
    field = database.entities[0].fields[1]
    assert field.params == {"min": 3, "max": 9}
    assert "record_cout" not in (database.entities[0].model_extra or {})


def test_one_suggestion_helper() -> None:
    assert closest("Emial Address", ["Email Address", "Name"]) == "Email Address"
    assert closest("END", ["end_date", "start_date"]) == "end_date"
    assert closest("zzz", ["max", "min"]) is None
    assert did_you_mean("mxa", ["max"]) == "; did you mean 'max'?"
    assert did_you_mean("zzz", ["max"]) == ""


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "def.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_cli_refuses_then_warns_with_lenient(tmp_path: Path) -> None:
    path = _write(tmp_path, table({"name": "n", "generator": "Number", "mxa": 5}))
    _load_commands()
    runner = CliRunner()
    refused = runner.invoke(app, ["validate", str(path)])
    assert refused.exit_code == 2
    assert "entities[0].fields[1].mxa: unknown parameter of Number; did you mean 'max'?" in refused.output
    out, loaded = tmp_path / "out.csv", tmp_path / "loaded.sqlite"
    for command in (["validate", str(path)], ["generate", str(path), "-f", "csv", "--entity", "t", "-o", str(out)],
                    ["load", str(path), "--to", f"sqlite:///{loaded}", "--create", "--quiet"]):
        assert runner.invoke(app, command).exit_code == 2
        lenient = runner.invoke(app, [*command, "--lenient"])
        assert lenient.exit_code == 0, lenient.output
        assert "warning:" in lenient.output and "mxa: unknown parameter of Number" in lenient.output
    assert out.read_text().count("\n") == 51
    connection = sqlite3.connect(loaded)
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (50,)
    connection.close()


def test_real_command_prints_the_warning_on_stderr(tmp_path: Path) -> None:
    path = _write(tmp_path, table({"name": "d", "generator": "Date", "start": "2020-01-01"}))
    env = {**os.environ, "PYTHONPATH": str(Path(synthdb.__file__).parents[1])}
    executable = shutil.which("synthdb")
    assert executable is not None, "the synthdb command is not installed"
    command = [executable, "validate", str(path)]
    strict = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert strict.returncode == 2
    assert "did you mean 'start_date'?" in strict.stderr
    lenient = subprocess.run([*command, "--lenient"], capture_output=True, text=True, env=env, timeout=120)
    assert lenient.returncode == 0, lenient.stderr
    assert "warning:" in lenient.stderr and "entities[0].fields[1].start" in lenient.stderr
    assert "valid" in lenient.stdout and "warning" not in lenient.stdout


def test_fabricate_json_export_with_every_declared_attribute_round_trips() -> None:
    data = table({"name": "e", "generator": "Email Address", "index": True, "nullable": True,
                  "postprocessing_sql": "lower(e)"},
                 constraints=[{"constraint_type": "unique", "fields": ["e"]}])
    database = definition_from_data(json.loads(json.dumps(data)))
    dumped = database.model_dump(mode="json", exclude_unset=True)
    assert dumped["entities"][0]["constraints"] == [{"constraint_type": "unique", "fields": ["e"]}]
    assert "unique" not in dumped["entities"][0]["fields"][1]  # implied by the constraint, not added
    assert database.entities[0].fields[1].unique


def test_nested_generator_specs_refuse_unknown_parameters() -> None:
    data = table({"name": "a", "generator": "Array", "items": {"generator": "Number", "mxa": 3}})
    assert error_of(data) == "entities[0].fields[1].items.mxa: unknown parameter of Number; did you mean 'max'?"


def test_declared_attributes_are_typed() -> None:
    with pytest.raises(DefinitionError) as caught:
        definition_from_data(table({"name": "n", "generator": "Number", "index": "sometimes"}))
    assert caught.value.path == "entities[0].fields[1].index"
    with pytest.raises(DefinitionError) as caught:
        definition_from_data(table(unique_records_for=["a", "b"]))
    assert caught.value.path == "entities[0].unique_records_for"


def test_nullable_attribute_breaks_a_cycle_of_foreign_keys() -> None:
    def cycle(nullable: bool) -> dict[str, Any]:
        head: dict[str, Any] = {"name": "head_id", "generator": "Foreign Key", "primary_key_entity": "employees",
                                "primary_key_field": "id"}
        if nullable:
            head["nullable"] = True
        return {"entities": [
            {"name": "departments", "record_count": 5, "fields": [
                {"name": "id", "generator": "Number", "primary_key": True}, head]},
            {"name": "employees", "record_count": 30, "fields": [
                {"name": "id", "generator": "Number", "primary_key": True},
                {"name": "department_id", "generator": "Foreign Key", "primary_key_entity": "departments",
                 "primary_key_field": "id"}]},
        ]}
    with pytest.raises(DefinitionError):
        synthdb.validate(cycle(False))
    tables = synthdb.to_tables(cycle(True))
    assert set(tables["departments"]["head_id"].to_pylist()) <= set(tables["employees"]["id"].to_pylist())


@pytest.mark.parametrize(("value", "expected"), [
    ({"value": "a", "wieght": 3},
     "entities[0].fields[1].values[0]: unknown key 'wieght' of a list value; did you mean 'weight'?"),
    ({"value": "a", "conditions": [{"subset_field": "id", "operator": "is_one_of", "subset_valu": [1]}]},
     "entities[0].fields[1].values[0].conditions[0]: unknown key 'subset_valu' of a condition; "
     "did you mean 'subset_value'?"),
])
def test_custom_list_values_and_conditions_refuse_unknown_keys(value: dict[str, Any], expected: str) -> None:
    assert error_of(table({"name": "a", "generator": "Custom List", "values": [value, "b"]})) == expected


def test_custom_list_conditions_and_default_weight_work() -> None:
    # Rows with id <= 25 pick 'a' 9 times in 10; the others never (default_weight 0).
    data = table({"name": "a", "generator": "Custom List", "values": [
        {"value": "a", "conditions": [{"subset_field": "id", "operator": "less_or_equal", "subset_value": 25,
                                       "weight": 9}], "default_weight": 0},
        {"value": "b", "weight": 1}]})
    data["entities"][0]["record_count"] = 2000
    rows = synthdb.to_tables(data)["t"].to_pylist()
    assert all(r["a"] == "b" for r in rows if r["id"] > 25)
    early = [r["a"] for r in rows if r["id"] <= 25]
    assert early.count("a") >= 18  # 9 in 10 of 25 rows


def test_foreign_key_filter_refuses_unknown_keys() -> None:
    data = table({"name": "p", "generator": "Foreign Key", "primary_key_entity": "t", "primary_key_field": "id",
                  "parent_filter": [{"field": "id", "operator": "greater_than", "vlaue": 3}]})
    assert error_of(data).startswith("entities[0].fields[1].parent_filter[0]: unknown key 'vlaue' of a condition; "
                                      "did you mean 'value'?")
