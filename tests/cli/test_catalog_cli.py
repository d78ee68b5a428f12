"""`synthdb generators`: filters, JSON form with parameters and examples."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "synthdb", *args], capture_output=True, text=True, timeout=120)


def test_json_lists_parameters_and_examples() -> None:
    result = run("generators", "--search", "email", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = {e["id"]: e for e in json.loads(result.stdout)}
    email = entries["email_address"]
    assert email["name"] == "Email Address" and email["unique"] is True
    assert len(email["examples"]) == 3 and all("@" in v for v in email["examples"])
    assert all({"name", "type", "required", "default"} <= set(p) for p in email["parameters"])


def test_category_filter_and_table() -> None:
    result = run("generators", "--category", "Calculated", "--format", "json")
    entries = json.loads(result.stdout)
    assert {e["category"] for e in entries} == {"Calculated or related values"}
    foreign_key = next(e for e in entries if e["id"] == "foreign_key")
    required = {p["name"] for p in foreign_key["parameters"] if p["required"]}
    assert required == {"primary_key_entity", "primary_key_field"}
    assert len(foreign_key["examples"]) == 3  # from the example parameters (a parent table)
    table = run("generators", "--search", "uuid")
    assert table.returncode == 0 and "uuid" in table.stdout


def test_bad_format_is_a_usage_error() -> None:
    result = run("generators", "--format", "xml")
    assert result.returncode == 2 and "--format must be table or json" in result.stderr


@pytest.mark.parametrize(("word", "first"), [
    ("Specialty", {"Medical Specialty"}), ("Salary", {"Salary"}),
    ("Dosage", {"Drug Strength", "Drug Form", "Drug Sig"}), ("CPT", {"CPT/HCPCS Code", "CPT/HCPCS Description"}),
    ("MRN", {"Medical Record Number"}), ("Hospital", {"Hospital Name"}),
])
def test_search_puts_name_and_synonym_matches_first(word: str, first: set[str]) -> None:
    from synthdb.service.catalog import catalog

    found = [c.display_name for c in catalog(search=word)]
    assert found and found[0] in first, found[:5]
    assert not {"City", "Allergy", "Date", "Postal Code", "Credit Card Number"} & set(found), found
