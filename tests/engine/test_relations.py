"""Foreign keys, children per parent, unique keys, nulls, virtual fields."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest

import synthdb
from fit_checks import binomial_interval
from synthdb import DefinitionError


def _shop(children: dict[str, Any], parents: int = 2000) -> dict[str, Any]:
    return {
        "entities": [
            {"name": "customers", "record_count": str(parents), "fields": [
                {"name": "id", "generator": "Number", "primary_key": True, "min": 100},
                {"name": "virtual_score", "generator": "Number", "virtual": True},
            ]},
            {"name": "orders", "record_count": "5000", "fields": [
                {"name": "id", "generator": "Number", "primary_key": True},
                {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
                 "primary_key_field": "id", **children},
            ]},
        ]
    }


def _counts(tables: dict[str, Any]) -> np.ndarray:
    parents = tables["customers"]["id"].to_pylist()
    counter = Counter(tables["orders"]["customer_id"].to_pylist())
    return np.array([counter.get(p, 0) for p in parents])


def test_foreign_keys_always_point_at_existing_parents() -> None:
    tables = synthdb.to_tables(_shop({}))
    assert tables["orders"].num_rows == 5000
    assert set(tables["orders"]["customer_id"].to_pylist()) <= set(tables["customers"]["id"].to_pylist())


def test_autoincrement_primary_key_starts_at_min() -> None:
    ids = synthdb.to_tables(_shop({}))["customers"]["id"].to_pylist()
    assert ids == list(range(100, 2100))


def test_uniform_children_per_parent() -> None:
    tables = synthdb.to_tables(_shop({"distribution": "uniform", "min": 1, "max": 3}))
    counts = _counts(tables)
    assert counts.min() == 1 and counts.max() == 3
    assert tables["orders"].num_rows == counts.sum()  # record_count is ignored when the FK drives it
    assert abs(counts.mean() - 2) < 0.1
    # Children of one parent are contiguous (rows follow the parent's order).
    fk = tables["orders"]["customer_id"].to_numpy()
    assert (np.diff(fk) >= 0).all()


def test_poisson_children_per_parent() -> None:
    counts = _counts(synthdb.to_tables(_shop({"distribution": "poisson", "mean": 4}, parents=5000)))
    assert abs(counts.mean() - 4) < 0.15
    assert abs(counts.var() - 4) < 0.5


def test_normal_children_per_parent_clipped() -> None:
    counts = _counts(synthdb.to_tables(_shop({"distribution": "normal", "mean": 5, "stddev": 2, "min": 2,
                                              "max": 8}, parents=5000)))
    assert counts.min() >= 2 and counts.max() <= 8
    assert abs(counts.mean() - 5) < 0.2


def test_virtual_fields_are_not_exported() -> None:
    tables = synthdb.to_tables(_shop({}))
    assert tables["customers"].column_names == ["id"]


def test_percent_null_share() -> None:
    definition = {"entities": [{"name": "t", "record_count": "20000", "fields": [
        {"name": "v", "generator": "Number", "percent_null": 30}]}]}
    column = synthdb.to_tables(definition)["t"]["v"]
    # Binomial(20000, 0.3) bounds at a 1e-3 false-failure rate (tests/fit_checks.py), not chosen by eye.
    low, high = binomial_interval(len(column), 0.3)
    assert low <= column.null_count <= high


def test_unique_random_numbers_are_unique_by_construction() -> None:
    definition = {"entities": [{"name": "t", "record_count": "100000", "fields": [
        {"name": "code", "generator": "Number", "min": 1000, "max": 200000, "unique": True}]}]}
    values = synthdb.to_tables(definition)["t"]["code"].to_numpy()
    assert len(np.unique(values)) == len(values)
    assert values.min() >= 1000 and values.max() <= 200000
    assert not (np.diff(values) > 0).all()  # shuffled, not a counter


def test_too_few_unique_values_is_rejected_up_front() -> None:
    definition = {"entities": [{"name": "t", "record_count": "101", "fields": [
        {"name": "code", "generator": "Number", "min": 1, "max": 100, "unique": True}]}]}
    with pytest.raises(DefinitionError) as err:
        synthdb.to_tables(definition)
    assert err.value.path == "entities[0].fields[0]"
    assert "101 unique values" in str(err.value) and "100" in str(err.value)


def test_entity_only_recomputes_parents_without_writing_them() -> None:
    tables = synthdb.to_tables(_shop({}), entity="orders")
    assert list(tables) == ["orders"]
    full = synthdb.to_tables(_shop({}))
    assert tables["orders"] == full["orders"]


@pytest.mark.parametrize(
    ("field", "path"),
    [
        ({"name": "code", "generator": "Regular Expression", "regex": "[a-z]{20}", "unique": True},
         "entities[0].fields[0].unique"),
        ({"name": "city", "generator": "City", "unique": True}, "entities[0].fields[0].unique"),
        ({"name": "flag", "generator": "Boolean", "primary_key": True}, "entities[0].fields[0].primary_key"),
    ],
)
def test_unique_needs_a_generator_that_guarantees_it(field: dict[str, Any], path: str) -> None:
    definition = {"entities": [{"name": "t", "record_count": "10", "fields": [field]}]}
    with pytest.raises(DefinitionError) as err:
        synthdb.to_tables(definition)
    assert err.value.path == path
    assert "cannot guarantee distinct values" in err.value.message


def test_unique_custom_list_uses_each_value_once() -> None:
    definition = {"entities": [{"name": "t", "record_count": "4", "fields": [
        {"name": "tier", "generator": "Custom List", "values": ["a", "b", "c", "d"], "unique": True}]}]}
    assert sorted(synthdb.to_tables(definition)["t"]["tier"].to_pylist()) == ["a", "b", "c", "d"]
    definition["entities"][0]["record_count"] = "5"
    with pytest.raises(DefinitionError, match="5 unique values are needed but Custom List"):
        synthdb.to_tables(definition)
