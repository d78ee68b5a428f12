"""Checked sizes: every row count is a bounded Python integer, children per parent are counted lazily."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from synthdb.definition.fabricate import from_fabricate
from synthdb.engine.plan import RowLimits, build_plan
from synthdb.errors import DefinitionError
from synthdb.generators.base import ParamError
from synthdb.generators.limits import MAX_LIST_VALUES, MAX_TABLE_ROWS, check_parameter_sizes


def _fanout(parents: int | str, **fk: Any) -> Any:
    return from_fabricate({"name": "x", "entities": [
        {"name": "p", "record_count": parents,
         "fields": [{"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"}]},
        {"name": "c", "record_count": 1,
         "fields": [{"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                    {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "p",
                     "primary_key_field": "id", **fk}]}]})


def test_fixed_count_that_would_wrap_int64_is_refused() -> None:
    with pytest.raises(DefinitionError, match=r"entities\[1\]\.fields\[1\]\.exact_value"):
        build_plan(_fanout(3, distribution="fixed", exact_value=4611686018427387904))


@pytest.mark.parametrize(("fk", "param"), [
    ({"distribution": "fixed", "exact_value": 40}, "exact_value"),
    ({"distribution": "uniform", "min": 30, "max": 40}, "distribution"),
    ({"distribution": "poisson", "mean": 35}, "distribution"),
])
def test_children_summing_past_the_table_cap_are_refused(fk: dict[str, Any], param: str) -> None:
    with pytest.raises(DefinitionError, match=rf"fields\[1\]\.{param}: .*limit of 100 rows per table"):
        build_plan(_fanout(3, **fk), limits=RowLimits(per_table=100, total=1000))


def test_one_parent_over_the_cap_is_refused_before_summing() -> None:
    with pytest.raises(DefinitionError, match="gives 200 children to one parent"):
        build_plan(_fanout(1, distribution="fixed", exact_value=200), limits=RowLimits(per_table=100, total=1000))


def test_total_of_all_tables_is_capped() -> None:
    with pytest.raises(DefinitionError, match="hold 120 rows together, more than the limit of 100"):
        build_plan(_fanout(60, distribution="fixed", exact_value=1), limits=RowLimits(per_table=100, total=100))


@pytest.mark.parametrize("count", ["10**11", -1, "2**100"])
def test_record_count_over_the_cap_or_negative(count: str | int) -> None:
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.record_count"):
        build_plan(_fanout(count))


def test_foreign_key_count_parameters_are_bounded() -> None:
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.max_per_parent"):
        build_plan(_fanout(3, max_per_parent=MAX_TABLE_ROWS + 1))
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.mean"):
        build_plan(_fanout(3, distribution="poisson", mean=float("inf")))
    # A zipf CDF holds one float per possible count: 10**10 of them would be 80 GB.
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.max: a zipf distribution spans at most"):
        build_plan(_fanout(3, distribution="zipf", min=1, max=10**10))


def test_offsets_are_built_only_when_used() -> None:
    plan = build_plan(_fanout(1000, distribution="uniform", min=0, max=7))
    child = plan.tables["c"]
    assert child._offsets is None  # planning counted; it kept nothing per parent row
    offsets = child.offsets
    assert offsets is not None and len(offsets) == 1001
    assert int(offsets[-1]) == child.size
    assert int(np.diff(offsets).max()) == child.most_children
    assert child.offsets is offsets  # built once


def test_unique_records_capacity_is_capped() -> None:
    database = from_fabricate({"name": "x", "entities": [
        {"name": "t", "records": "unique", "unique_records_for": "code", "record_count": 1,
         "fields": [{"name": "code", "generator": "Custom List", "values": list(range(2000))}]}]})
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.unique_records_for: 2,000 rows"):
        build_plan(database, limits=RowLimits(per_table=1000, total=10**7))


def test_parameter_sizes_are_checked_at_any_depth() -> None:
    check_parameter_sizes({"values": list(range(MAX_LIST_VALUES))})
    with pytest.raises(ParamError) as error:
        check_parameter_sizes({"values": list(range(MAX_LIST_VALUES + 1))})
    assert error.value.param == "values"
    with pytest.raises(ParamError) as error:
        check_parameter_sizes({"items": {"fields": [{"name": "a", "values": ["x" * 10_001]}]}})
    assert error.value.param == "items"
    with pytest.raises(ParamError, match="nested values"):
        check_parameter_sizes({"fields": [list(range(60_000)) for _ in range(4)]})
    deep: Any = 1
    for _ in range(100_000):  # iterative: a deep structure does not exhaust the stack
        deep = [deep]
    check_parameter_sizes({"deep": deep})


def test_nested_arrays_multiply_out() -> None:
    inner = {"generator": "Array", "min": 1, "max": 1000, "items": {"generator": "Number"}}
    database = from_fabricate({"name": "x", "entities": [{"name": "t", "record_count": 1, "fields": [
        {"name": "v", "generator": "Array", "min": 1, "max": 11, "items": inner}]}]})
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.items: nested arrays hold up to 11,000 items"):
        build_plan(database)
