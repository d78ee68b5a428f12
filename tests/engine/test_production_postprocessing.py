"""Production by value where postprocessing_sql runs: its result, then the declared length, then nulls.

Kept apart from tests/engine/test_production_values.py on purpose: postprocessing runs on DuckDB, and
mutmut runs each mutant in a process forked from one that has already run the selected tests; a DuckDB
connection opened in such a child waits forever on a lock held by the parent's DuckDB threads, so these
tests would turn every mutant they reach into a false "timeout". They are therefore left out of the
mutmut selection in pyproject.toml (docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import Plan
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer

ID = {"name": "id", "generator": "Number", "primary_key": True}


def plan(*entities: dict[str, Any]) -> Plan:
    return build_plan(definition_from_data({"entities": list(entities)}), seed=11)


def every_row(producer: Producer, name: str) -> dict[str, list[Any]]:
    table = producer.plan.tables[name]
    return {k: v.to_pylist() for k, v in producer.columns(table, np.arange(table.size, dtype=np.int64)).items()}


def test_postprocessing_sees_the_generated_row_and_nulls_come_after_it() -> None:
    built = plan({"name": "a", "record_count": "50", "fields": [
        dict(ID), {"name": "n", "generator": "Custom List", "values": [7], "postprocessing_sql": "id * 10 + n",
                   "percent_null": 40}]})
    column = built.tables["a"].columns["n"]
    # percent_null's nulls: the column's null stream below percent_null / 100, after postprocessing.
    nulls = (column.null_stream.uniform(np.arange(50, dtype=np.int64)) * 100 < 40).tolist()
    assert 0 < sum(nulls) < 50
    assert every_row(Producer(built), "a")["n"] == [None if null else (r + 1) * 10 + 7 for r, null in
                                                    enumerate(nulls)]


def test_postprocessed_text_is_cut_to_the_declared_length() -> None:
    built = plan({"name": "a", "record_count": "20", "fields": [
        dict(ID),
        {"name": "cut", "generator": "Custom List", "values": ["ab"], "data_type": "varchar(3)",
         "postprocessing_sql": "cut || 'zzzz'"},
        {"name": "hidden", "generator": "Number", "virtual": True},
        {"name": "label", "generator": "Custom List", "values": ["x"], "postprocessing_sql": "label || hidden"},
    ]})
    got = every_row(Producer(built), "a")
    assert got["cut"] == ["abz"] * 20
    assert got["label"] == [f"x{h}" for h in got["hidden"]]
