"""Loading definitions: YAML and JSON, Fabricate's exported shape, structural errors with paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import synthdb
from synthdb import DefinitionError, parse_definition

# The shape Fabricate's GET /workspaces/:ws/databases/:db returns: ids, timestamps, workspace, strings.
FABRICATE_EXPORT = {
    "id": "4a4d5f3e-0000-4000-8000-000000000001",
    "name": "Ecommerce",
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-02T00:00:00Z",
    "last_generated": None,
    "data_url": None,
    "platform": "postgres",
    "workspace": {"id": "w1", "name": "Default"},
    "variables": [{"name": "customers", "value": "25"}],
    "entities": [
        {
            "name": "customers",
            "records": "exact",
            "record_count": "customers",
            "fields": [
                {"name": "id", "data_type": "integer", "generator": "Number", "primary_key": True,
                 "distribution": "autoincrement", "percent_null": 0, "index": False, "virtual": False},
                {"name": "age", "data_type": "integer", "generator": "Number", "min": "18", "max": "90",
                 "distribution": "uniform", "percent_null": 10},
            ],
        },
        {
            "name": "orders",
            "records": "exact",
            "record_count": "100",
            "fields": [
                {"name": "id", "data_type": "integer", "generator": "number", "primary_key": True},
                {"name": "customer_id", "data_type": "integer", "generator": "Foreign Key",
                 "primary_key_entity": "customers", "primary_key_field": "id", "distribution": "uniform",
                 "min": 1, "max": 3},
            ],
        },
    ],
}


def test_fabricate_export_loads_and_generates() -> None:
    database = parse_definition(json.dumps(FABRICATE_EXPORT), "json")
    assert database.variables == {"customers": "25"}
    tables = synthdb.to_tables(database)
    assert tables["customers"].num_rows == 25
    ages = [a for a in tables["customers"]["age"].to_pylist() if a is not None]
    assert min(ages) >= 18 and max(ages) <= 90
    assert 25 <= tables["orders"].num_rows <= 75


def test_extra_keys_survive_a_round_trip() -> None:
    database = parse_definition(json.dumps(FABRICATE_EXPORT), "json")
    dumped = database.model_dump(mode="json")
    assert dumped["workspace"] == {"id": "w1", "name": "Default"}
    assert dumped["entities"][0]["fields"][0]["index"] is False


def test_yaml_and_json_give_the_same_model(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "d.json").write_text(json.dumps(FABRICATE_EXPORT))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump(FABRICATE_EXPORT))
    assert synthdb.load_definition(tmp_path / "d.json") == synthdb.load_definition(tmp_path / "d.yaml")


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.pop("entities"), "entities", "is required"),
        (lambda d: d["entities"][1]["fields"].append({"name": "id", "generator": "Number"}),
         "entities[1].fields", "field name 'id' is used twice"),
        (lambda d: d["entities"].append(dict(d["entities"][0])), "", "entity name 'customers' is used twice"),
        (lambda d: d["entities"][0].update(records="some"), "entities[0].records", "'exact' or 'unique'"),
        (lambda d: d["entities"][0]["fields"][1].update(min="abc"), "entities[0].fields[1].min",
         "valid number"),
        (lambda d: d["entities"][0]["fields"][1].update(min=100), "entities[0].fields[1]",
         "min (100.0) is greater than max (90.0)"),
    ],
)
def test_structural_errors_name_the_path(mutate, path: str, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(FABRICATE_EXPORT))
    mutate(data)
    with pytest.raises(DefinitionError) as err:
        synthdb.to_tables(data)
    assert err.value.path == path
    assert message in err.value.message


def test_a_definition_must_be_a_mapping() -> None:
    with pytest.raises(DefinitionError, match="must be a mapping"):
        parse_definition("- just\n- a list\n")
