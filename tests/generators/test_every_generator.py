"""One test body over every registered generator: types, determinism, batch independence, nulls."""

from __future__ import annotations

from typing import Any

import pytest

import synthdb
from synthdb.generators.registry import REGISTRY

# Parameters for generators that cannot run on defaults alone; every other generator must.
REQUIRED_PARAMS: dict[str, dict[str, Any]] = {
    "column_from_another_table": {"foreign_key_field": "id", "value_field": "id", "enable_where": True,
                                  "primary_key_entity": "t", "primary_key_field": "id"},
    "constant": {"constant_value": "same"},
    "rank": {"field": "id"},
    "sum_from_another_table": {"child_entity": "kids", "foreign_key_field": "t_id", "aggregate": "count"},
    "sum_of_previous_rows": {"field": "id"},
    "value_from_previous_row": {"field": "id", "default": 0},
    "custom_list": {"values": ["a", "b", "c"]},
    "foreign_key": {"primary_key_entity": "parent", "primary_key_field": "id"},
    "regular_expression": {"regex": "[A-Z]{2}-[0-9]{3}"},
}


def _definition(key: str, rows: int = 300) -> dict[str, Any]:
    params = REQUIRED_PARAMS.get(key, {})
    return {
        "entities": [
            {"name": "parent", "record_count": "20", "fields": [
                {"name": "id", "generator": "Number", "primary_key": True}]},
            {"name": "t", "record_count": str(rows), "fields": [
                {"name": "id", "generator": "Number", "primary_key": True},
                {"name": "value", "generator": key, **params},
                {"name": "maybe", "generator": key, "percent_null": 50, **params},
            ]},
            {"name": "kids", "record_count": "500", "fields": [
                {"name": "t_id", "generator": "Foreign Key", "primary_key_entity": "t", "primary_key_field": "id"}]},
        ]
    }


KEYS = sorted(cls.key for cls in REGISTRY.all() if not cls.key.startswith("test_"))


def test_catalog_is_not_empty() -> None:
    assert len(KEYS) >= 25


@pytest.mark.parametrize("key", KEYS)
def test_generator(key: str) -> None:
    definition = _definition(key)
    tables = synthdb.to_tables(definition, seed=3)
    table = tables["t"]
    assert table.num_rows == 300
    cls = REGISTRY.resolve(key)
    values = table["value"]
    if key != "blank":
        assert values.null_count == 0, f"{cls.display_name} produced nulls without percent_null"
        assert 0.3 < table["maybe"].null_count / 300 < 0.7
    # Same seed, other batch size: same values. Other seed: other values (unless constant by nature).
    assert synthdb.to_tables(definition, seed=3, batch_size=7)["t"] == table
    # These derive their values from deterministic columns (the id), so a new seed need not change them.
    derived = {"column_from_another_table", "rank", "sum_of_previous_rows", "value_from_previous_row"}
    if key not in {"blank", "constant", "row_number", "number", *derived}:
        other = synthdb.to_tables(definition, seed=4)["t"]["value"]
        assert other != values, f"{cls.display_name} ignores the seed"
    # Both names resolve to the same class.
    assert REGISTRY.resolve(cls.display_name) is cls
    assert cls.description or cls.__doc__, f"{cls.display_name} has no description"
