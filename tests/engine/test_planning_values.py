"""Planning by value: table sizes from record_count, children per parent, offsets and limits, exactly.

Each expected size is computed here again in plain Python (an expression's arithmetic, a sum of
per-parent counts drawn from the driver's documented "children" stream, a running total), and each
refusal is pinned by its JSON path and its whole message, so that a changed comparison, rounding,
stream name or message in engine/planner.py or engine/sizes.py fails a test (docs/testing.md,
"Mutation testing").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import synthdb.engine.sizes as sizes
from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import Plan, RowLimits
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer
from synthdb.errors import DefinitionError

ID = {"name": "id", "generator": "Number", "primary_key": True}


def entity(name: str, count: Any, *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "record_count": count, "fields": list(fields) or [dict(ID)], **extra}


def fk(parent: str = "a", **params: Any) -> dict[str, Any]:
    return {"name": "pid", "generator": "Foreign Key", "primary_key_entity": parent, "primary_key_field": "id",
            **params}


def plan(*entities: dict[str, Any], limits: RowLimits | None = None, seed: int | None = 7,
         variables: dict[str, Any] | None = None, given: dict[str, Any] | None = None) -> Plan:
    data = {"entities": list(entities), "variables": variables or {}}
    return build_plan(definition_from_data(data), seed=seed, variables=given, limits=limits)


def refusal(*entities: dict[str, Any], **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(DefinitionError) as caught:
        plan(*entities, **kwargs)
    return caught.value.path, caught.value.message


# --- record_count -------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "size"), [
    ("0", 0), ("1", 1), ("17", 17), (17, 17), ("2.5", 2), ("3.5", 4), ("2.6", 3), (2.4, 2), ("7 - 7", 0),
])
def test_record_count_gives_the_size_rounded_half_to_even(count: Any, size: int) -> None:
    assert plan(entity("a", count)).tables["a"].size == size


def test_record_count_reads_variables_and_run_values_override_them() -> None:
    assert plan(entity("a", "n * 2 + 1"), variables={"n": 5}).tables["a"].size == 11
    assert plan(entity("a", "n * 2 + 1"), variables={"n": 5}, given={"n": 20}).tables["a"].size == 41
    assert plan(entity("a", "n * 2 + 1"), variables={"n": 5}, given={"n": 20}).variables == {"n": 20}


@pytest.mark.parametrize(("count", "path", "message"), [
    ("-1", "entities[0].record_count", "must be a non-negative number of rows, got -1"),
    ("0.5 - 1", "entities[0].record_count", "must be a non-negative number of rows, got -0.5"),
    ("0/0", "entities[0].record_count", "division by zero in '0/0'"),
    ("n +", "entities[0].record_count", "not an arithmetic expression: 'n +'"),
])
def test_bad_record_counts_are_refused_with_path_and_message(count: str, path: str, message: str) -> None:
    assert refusal(entity("a", count), variables={"n": 1}) == (path, message)


def test_the_per_table_limit_is_inclusive() -> None:
    limits = RowLimits(per_table=10, total=100)
    assert plan(entity("a", "10"), limits=limits).tables["a"].size == 10
    assert refusal(entity("x", "1"), entity("a", "11"), limits=limits) == (
        "entities[1].record_count", "11 rows is more than the limit of 10 per table")
    assert refusal(entity("a", "1e4 + 0.5"), limits=RowLimits(per_table=1000, total=10**6)) == (
        "entities[0].record_count", "10000.5 rows is more than the limit of 1,000 per table")


def test_the_total_limit_is_inclusive_and_names_the_largest_table() -> None:
    tables = (entity("a", "4"), entity("b", "9"), entity("c", "6"))
    assert sum(t.size for t in plan(*tables, limits=RowLimits(per_table=10, total=19)).tables.values()) == 19
    assert refusal(*tables, limits=RowLimits(per_table=10, total=18)) == (
        "entities[1].record_count",
        "the tables hold 19 rows together, more than the limit of 18 (the largest, 'b', has 9)")
    assert refusal(entity("a", "2000"), entity("b", "1500"), limits=RowLimits(per_table=5000, total=3000)) == (
        "entities[0].record_count",
        "the tables hold 3,500 rows together, more than the limit of 3,000 (the largest, 'a', has 2,000)")


def test_default_limits_and_given_seed_are_kept() -> None:
    built = plan(entity("a", "3"), seed=1234)
    assert built.limits == RowLimits() and built.seed == 1234
    assert plan(entity("a", "3"), limits=RowLimits(per_table=5, total=6)).limits == RowLimits(5, 6)


# --- static tables and records: unique ------------------------------------------------------------

STATIC = {"data": "x,y\n1,2\n3,4\n5,6\n"}


def test_static_tables_have_one_row_per_csv_record_within_the_limit() -> None:
    static = entity("s", "1", is_static=True, source=STATIC)
    static["fields"] = []
    assert plan(entity("a", "2"), static).tables["s"].size == 3
    assert plan(static, limits=RowLimits(per_table=3, total=10)).tables["s"].size == 3
    assert refusal(entity("a", "2"), static, limits=RowLimits(per_table=2, total=100)) == (
        "entities[1]", "3 rows is more than the limit of 2 per table")


def test_records_unique_gives_one_row_per_distinct_value_within_the_limit() -> None:
    unique = {"name": "u", "records": "unique", "unique_records_for": "code", "record_count": 1,
              "fields": [{"name": "code", "generator": "Custom List", "values": list(range(1200))}]}
    assert plan(unique, limits=RowLimits(per_table=1200, total=10**6)).tables["u"].size == 1200
    assert refusal(entity("a", "1"), unique, limits=RowLimits(per_table=1199, total=10**6)) == (
        "entities[1].unique_records_for", "1,200 rows is more than the limit of 1,199 per table")


# --- children per parent ------------------------------------------------------------------------

def child(**params: Any) -> dict[str, Any]:
    return entity("c", "999", {"name": "id", "generator": "Number"}, fk(**params))


def expected_counts(built: Plan, parents: int, low: int, high: int) -> list[int]:
    """Children per parent from the documented stream: uniform integers of the driver's 'children' child."""
    stream = built.tables["c"].columns["pid"].stream.child("children")
    return stream.integers(np.arange(parents, dtype=np.int64), low, high).tolist()


@pytest.mark.parametrize("chunk", [1 << 20, 4, 1])
def test_uniform_children_sum_to_the_size_and_offsets_are_their_prefix_sums(
        chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sizes, "_COUNT_CHUNK", chunk)
    built = plan(entity("a", "11"), child(distribution="uniform", min=0, max=5))
    table = built.tables["c"]
    counts = expected_counts(built, 11, 0, 5)
    assert len(set(counts)) > 2  # the stream's values matter, not only their number
    assert table.size == sum(counts) and table.most_children == max(counts)
    assert table.offsets is not None and table.offsets.dtype == np.int64
    assert table.offsets.tolist() == [sum(counts[:i]) for i in range(12)]


def test_fixed_children_give_exactly_that_many_per_parent() -> None:
    table = plan(entity("a", "6"), child(distribution="fixed", exact_value=3)).tables["c"]
    assert (table.size, table.most_children) == (18, 3)
    assert table.offsets is not None and table.offsets.tolist() == [0, 3, 6, 9, 12, 15, 18]


def test_no_parents_give_no_children() -> None:
    table = plan(entity("a", "0"), child(distribution="fixed", exact_value=3)).tables["c"]
    assert (table.size, table.most_children) == (0, 0)
    assert table.offsets is not None and table.offsets.tolist() == [0]


def test_child_limits_are_inclusive_and_name_the_count_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = RowLimits(per_table=12, total=100)
    assert plan(entity("a", "1"), child(distribution="fixed", exact_value=12), limits=limits).tables["c"].size == 12
    assert plan(entity("a", "4"), child(distribution="fixed", exact_value=3), limits=limits).tables["c"].size == 12
    assert refusal(entity("a", "1"), child(distribution="fixed", exact_value=13), limits=limits) == (
        "entities[1].fields[1].exact_value",
        "gives 13 children to one parent, more than the limit of 12 rows per table")
    many = RowLimits(per_table=2500, total=10**6)
    assert refusal(entity("a", "5"), child(distribution="uniform", min=1000, max=1000), limits=many) == (
        "entities[1].fields[1].distribution",
        "children per parent add up to more than the limit of 2,500 rows per table (over 5 parent rows)")
    assert refusal(entity("a", "5"), child(distribution="uniform", min=3000, max=3000), limits=many) == (
        "entities[1].fields[1].distribution",
        "gives 3,000 children to one parent, more than the limit of 2,500 rows per table")
    # Counted in chunks: the message names the parent rows counted when the total went over.
    monkeypatch.setattr(sizes, "_COUNT_CHUNK", 2)
    assert refusal(entity("a", "9"), child(distribution="fixed", exact_value=5), limits=limits) == (
        "entities[1].fields[1].exact_value",
        "children per parent add up to more than the limit of 12 rows per table (over 4 parent rows)")


# --- capacity checks after sizing ---------------------------------------------------------------

def test_unique_columns_need_enough_distinct_values() -> None:
    def table(count: str, **field: Any) -> dict[str, Any]:
        return entity("a", count, {"name": "b", "generator": "Custom List", "values": ["x", "y", "z"], **field})

    assert plan(table("3", unique=True)).tables["a"].size == 3
    assert plan(table("4")).tables["a"].size == 4  # not unique: repeats are fine
    assert refusal(table("4", unique=True)) == (
        "entities[0].fields[0]", "4 unique values are needed but Custom List with these parameters has only 3")
    assert refusal(table("4", primary_key=True)) == (
        "entities[0].fields[0]", "4 unique values are needed but Custom List with these parameters has only 3")
    assert refusal(entity("a", "1200", {"name": "b", "generator": "Number", "unique": True, "min": 1,
                                        "max": 1100})) == (
        "entities[0].fields[0]", "1,200 unique values are needed but Number with these parameters has only 1,100")


def test_generators_check_their_sizes_with_the_parameter_in_the_path() -> None:
    capped = entity("c", "5", {"name": "id", "generator": "Number"}, fk(max_per_parent=1))
    assert refusal(entity("a", "3"), capped) == (
        "entities[1].fields[1].max_per_parent",
        "c.pid: 5 rows need a parent each, but 'a' offers 3 parents x at most 1 = 3")
    # The parent's size comes from the plan: 5 parents are enough.
    assert plan(entity("a", "5"), capped).tables["c"].size == 5


# --- planner ------------------------------------------------------------------------------------

def test_tables_are_planned_parents_first_and_sql_tables_left_out() -> None:
    view = entity("v", "1", view=True, sql="select id as x from a")
    view["fields"] = []
    built = plan(entity("c", "2", fk()), entity("a", "3"), view, entity("z", "1"))
    assert sorted(built.tables) == ["a", "c", "z"]
    assert list(built.tables).index("a") < list(built.tables).index("c")
    assert {name: t.size for name, t in built.tables.items()} == {"a": 3, "c": 2, "z": 1}
    assert built.tables["c"].path == "entities[0]" and built.tables["a"].path == "entities[1]"


@pytest.mark.parametrize("view_first", [True, False])
def test_a_generated_column_may_not_read_an_sql_table(view_first: bool) -> None:
    view = entity("v", "1", {"name": "x", "generator": "Number"}, view=True, sql="select id as x from a")
    reader = entity("c", "2", {"name": "x", "generator": "Foreign Key", "primary_key_entity": "v",
                               "primary_key_field": "x"})
    order = [entity("a", "2"), view, reader] if view_first else [entity("a", "2"), reader, view]
    assert refusal(*order) == (
        f"entities[{2 if view_first else 1}].fields[0]",
        "reads SQL table 'v', which is computed after the generated tables; point it at a generated or static table")


def test_constraints_are_planned() -> None:
    pair = entity("e", "6", {"name": "s", "generator": "Custom List", "values": [1, 2, 3]},
                  {"name": "t", "generator": "Custom List", "values": [1, 2]},
                  constraints=[{"constraint_type": "unique", "fields": ["s", "t"]}])
    combos = plan(pair).tables["e"].combinations
    assert [(c.kind, c.columns, c.sizes) for c in combos] == [("unique", ["s", "t"], [3, 2])]


def test_a_parent_filter_gives_children_only_to_matching_parents() -> None:
    parents = entity("a", "12", dict(ID), {"name": "status", "generator": "Custom List", "values": ["on", "off"]})
    only_on = [{"field": "status", "operator": "is_one_of", "value": ["on"]}]
    built = plan(parents, child(distribution="fixed", exact_value=2, parent_filter=only_on))
    statuses = Producer(built).lookup("a", "status", np.arange(12, dtype=np.int64)).to_pylist()
    counts = [2 if s == "on" else 0 for s in statuses]
    assert 0 < sum(counts) < 24
    table = built.tables["c"]
    assert (table.size, table.most_children) == (sum(counts), 2)
    assert table.offsets is not None and table.offsets.dtype == np.int64
    assert table.offsets.tolist() == [sum(counts[:i]) for i in range(13)]
    # A filter nothing matches leaves a non-driving reference without parents: refused by the generator.
    none = [{"field": "status", "operator": "is_one_of", "value": ["gone"]}]
    assert refusal(parents, entity("c", "3", {"name": "id", "generator": "Number"}, fk(parent_filter=none))) == (
        "entities[1].fields[1].primary_key_entity", "c.pid needs parents but no row of 'a' matches the parent_filter")


def test_records_unique_over_a_foreign_key_has_one_row_per_parent() -> None:
    profiles = {"name": "u", "records": "unique", "unique_records_for": "cid", "record_count": "5",
                "fields": [{"name": "cid", "generator": "Foreign Key", "primary_key_entity": "a",
                            "primary_key_field": "id", "primary_key": True}]}
    assert plan(entity("a", "7"), profiles).tables["u"].size == 7
    assert plan(entity("a", "0"), profiles).tables["u"].size == 0


def test_the_seed_is_the_given_one_else_the_definitions_and_keys_every_stream() -> None:
    data = {"seed": 99, "entities": [entity("a", "3")]}
    database = definition_from_data(data)
    assert build_plan(database).seed == 99 and build_plan(database, seed=5).seed == 5
    assert build_plan(database).database is database
    key = build_plan(database, seed=5).tables["a"].columns["id"].stream.key
    assert key != build_plan(database, seed=6).tables["a"].columns["id"].stream.key
    assert key == build_plan(database, seed=5).tables["a"].columns["id"].stream.key


def test_static_and_sql_table_problems_carry_their_entity_path() -> None:
    static = entity("s", "1", is_static=True, source={"data": "x\n"})
    static["fields"] = []
    assert refusal(entity("a", "1"), static) == (
        "entities[1].source.data", "the CSV has a header but no rows: a static table needs at least one record")
    view = entity("v", "1", view=True, sql="select nope from zz")
    view["fields"] = []
    assert refusal(entity("a", "1"), view) == ("entities[1].sql", "reads table 'zz', which the definition lacks")
