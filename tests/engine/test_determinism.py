"""Determinism: every cell is a pure function of (seed, table, column, row)."""

from __future__ import annotations

import copy
from typing import Any

import pyarrow as pa
import pytest

import synthdb


def _definition() -> dict[str, Any]:
    return {
        "name": "det",
        "entities": [
            {
                "name": "a",
                "record_count": "500",
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True},
                    {"name": "x", "generator": "Number", "min": 0, "max": 1000},
                    {"name": "y", "generator": "Number", "distribution": "normal", "mean": 5, "stddev": 2,
                     "decimals": 2},
                    {"name": "tier", "generator": "Custom List", "values": ["a", "b", "c"]},
                    {"name": "flag", "generator": "Boolean", "percent_null": 25},
                ],
            },
            {
                "name": "b",
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True},
                    {"name": "a_id", "generator": "Foreign Key", "primary_key_entity": "a",
                     "primary_key_field": "id", "distribution": "poisson", "mean": 2},
                    {"name": "amount", "generator": "Money", "min": 1, "max": 10},
                ],
            },
        ],
    }


def test_same_seed_same_values_across_batch_sizes() -> None:
    base = synthdb.to_tables(_definition(), seed=7, batch_size=65_536)
    for batch_size in (1, 13, 1000):
        assert synthdb.to_tables(_definition(), seed=7, batch_size=batch_size) == base


def test_other_seed_other_values() -> None:
    one = synthdb.to_tables(_definition(), seed=1)
    two = synthdb.to_tables(_definition(), seed=2)
    assert one["a"]["x"] != two["a"]["x"]
    assert one["b"].num_rows != two["b"].num_rows or one["b"]["amount"] != two["b"]["amount"]


def test_definition_seed_is_the_default() -> None:
    definition = _definition()
    definition["seed"] = 99
    assert synthdb.to_tables(definition) == synthdb.to_tables(_definition(), seed=99)


def test_changing_one_column_leaves_the_others_unchanged() -> None:
    changed = _definition()
    changed["entities"][0]["fields"][1]["max"] = 5  # x
    changed["entities"][0]["fields"][3]["values"] = ["z"]  # tier
    before = synthdb.to_tables(_definition(), seed=3)
    after = synthdb.to_tables(changed, seed=3)
    for column in ("id", "y", "flag"):
        assert before["a"][column] == after["a"][column], column
    assert before["a"]["x"] != after["a"]["x"]
    assert before["b"] == after["b"]


def test_reordering_and_adding_columns_leaves_values_unchanged() -> None:
    changed = _definition()
    fields = changed["entities"][0]["fields"]
    fields.reverse()
    fields.append({"name": "extra", "generator": "Number", "min": 1, "max": 3})
    before = synthdb.to_tables(_definition(), seed=3)["a"]
    after = synthdb.to_tables(changed, seed=3)["a"]
    for column in before.column_names:
        assert before[column] == after[column], column


def test_field_seed_freezes_a_column() -> None:
    frozen = _definition()
    frozen["entities"][0]["fields"][1]["seed"] = 1234
    one = synthdb.to_tables(frozen, seed=1)["a"]
    two = synthdb.to_tables(frozen, seed=2)["a"]
    assert one["x"] == two["x"]
    assert one["tier"] != two["tier"]


def test_workers_give_the_same_rows(pool_ran: None) -> None:
    definition = _definition()
    definition["entities"][0]["record_count"] = "3000"
    single = synthdb.to_tables(definition, seed=5, batch_size=500)
    pooled = synthdb.to_tables(definition, seed=5, batch_size=500, workers=2)
    assert single == pooled


@pytest.mark.parametrize("fmt", ["csv"])
def test_output_bytes_identical_for_batch_sizes_and_workers(pool_ran: None, tmp_path: Any, fmt: str) -> None:
    definition = _definition()
    definition["entities"][0]["record_count"] = "2500"
    paths = []
    for i, (batch_size, workers) in enumerate([(1000, 1), (65_536, 1), (1000, 2)]):
        paths.append(synthdb.generate(definition, fmt, tmp_path / f"{i}.zip", seed=11,
                                      batch_size=batch_size, workers=workers))
    contents = [p.read_bytes() for p in paths]
    assert contents[0] == contents[1] == contents[2]
    other = synthdb.generate(definition, fmt, tmp_path / "other.zip", seed=12)
    assert other.read_bytes() != contents[0]


def test_iter_batches_follow_foreign_key_order() -> None:
    definition = copy.deepcopy(_definition())
    definition["entities"].reverse()  # children listed first
    names = [name for name, _ in synthdb.iter_batches(definition, batch_size=10_000)]
    assert names.index("a") < names.index("b")
    assert all(isinstance(b, pa.RecordBatch) for _, b in synthdb.iter_batches(definition))
