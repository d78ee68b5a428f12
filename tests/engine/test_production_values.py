"""Production by value: each cell of engine/produce.py's output pinned against a plain re-computation.

The expected values are rebuilt here from the documented pieces: a Custom List cell is the value at the
column stream's choice for the row, a null sits exactly where the column's "null" stream draws below
percent_null, a driven child row belongs to the parent whose offsets bracket it, a looked-up parent value
is the parent's value at that row. A changed comparison, index or order in the producer changes a
value here (docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import ColumnPlan, Plan
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer, table_schema
from synthdb.errors import DefinitionError
from synthdb.randomness import Stream, derive_key

ID = {"name": "id", "generator": "Number", "primary_key": True}
LETTERS = ["p", "q", "r", "s", "t"]


def plan(*entities: dict[str, Any], seed: int = 11) -> Plan:
    return build_plan(definition_from_data({"entities": list(entities)}), seed=seed)


def every_row(producer: Producer, name: str) -> dict[str, list[Any]]:
    table = producer.plan.tables[name]
    return {k: v.to_pylist() for k, v in producer.columns(table, np.arange(table.size, dtype=np.int64)).items()}


def choices(column: ColumnPlan, rows: np.ndarray, values: list[Any]) -> list[Any]:
    """A uniform Custom List: the value at the column stream's choice for each row."""
    return [values[i] for i in column.stream.choice(rows, len(values)).tolist()]


def null_rows(column: ColumnPlan, rows: np.ndarray) -> list[bool]:
    """Where percent_null puts nulls: the column's null stream below percent_null / 100."""
    return (column.null_stream.uniform(rows) * 100 < column.field.percent_null).tolist()


# --- plain columns, nulls, types ----------------------------------------------------------------

def letters_plan(percent_null: float = 0, count: int = 60) -> Plan:
    return plan({"name": "a", "record_count": str(count), "fields": [
        ID, {"name": "nm", "generator": "Custom List", "values": LETTERS, "percent_null": percent_null}]})


@pytest.mark.parametrize("percent_null", [0, 35, 100])
def test_values_and_nulls_sit_where_the_streams_put_them(percent_null: float) -> None:
    built = letters_plan(percent_null)
    column = built.tables["a"].columns["nm"]
    rows = np.arange(60, dtype=np.int64)
    got = every_row(Producer(built), "a")
    assert got["id"] == list(range(1, 61))
    nulls = null_rows(column, rows) if percent_null else [False] * 60
    expected = [None if null else value for null, value in zip(nulls, choices(column, rows, LETTERS), strict=True)]
    assert got["nm"] == expected
    if percent_null == 35:
        assert 0 < sum(nulls) < 60  # the mask is neither empty nor full, so its positions matter
    else:
        assert sum(nulls) == {0: 0, 100: 60}[percent_null]


def test_any_rows_in_any_order_give_the_same_cells() -> None:
    built = letters_plan(35)
    producer = Producer(built)
    whole = every_row(producer, "a")
    rows = np.array([59, 3, 0, 3, 17], dtype=np.int64)
    some = producer.columns(built.tables["a"], rows)
    assert some["nm"].to_pylist() == [whole["nm"][r] for r in rows.tolist()]
    assert some["id"].to_pylist() == [r + 1 for r in rows.tolist()]


def test_lookup_gives_null_for_row_minus_one_and_the_value_elsewhere() -> None:
    built = letters_plan(35)
    producer = Producer(built)
    whole = every_row(producer, "a")["nm"]
    rows = np.array([4, -1, 0, -1, 59, 4], dtype=np.int64)
    assert producer.lookup("a", "nm", rows).to_pylist() == [whole[4], None, whole[0], None, whole[59], whole[4]]
    assert producer.lookup("a", "id", np.array([-1, -1], dtype=np.int64)).to_pylist() == [None, None]
    assert producer.lookup("a", "id", np.array([2, 0], dtype=np.int64)).to_pylist() == [3, 1]


def test_lookup_computes_each_distinct_parent_row_once() -> None:
    built = letters_plan(35)
    producer = Producer(built)
    asked: list[list[int]] = []
    compute = producer.columns

    def spy(table, rows, only=None):  # type: ignore[no-untyped-def]
        asked.append(rows.tolist())
        return compute(table, rows, only)

    producer.columns = spy  # type: ignore[method-assign]
    whole = every_row(Producer(built), "a")["nm"]
    rows = np.array([9, 4, -1, 9, 9, 0, 4], dtype=np.int64)
    assert producer.lookup("a", "nm", rows).to_pylist() == [None if r < 0 else whole[r] for r in rows.tolist()]
    assert asked == [[0, 4, 9]]


@pytest.mark.parametrize(("size", "batch_size", "lengths"), [(10, 4, [4, 4, 2]), (8, 4, [4, 4]), (3, 10, [3]),
                                                            (0, 4, [])])
def test_batches_cover_the_rows_in_order(size: int, batch_size: int, lengths: list[int]) -> None:
    built = letters_plan(35, count=size)
    producer = Producer(built)
    batches = list(producer.batches(built.tables["a"], batch_size))
    assert [b.num_rows for b in batches] == lengths
    ids = [i for b in batches for i in b.column("id").to_pylist()]
    assert ids == list(range(1, size + 1))
    names = [v for b in batches for v in b.column("nm").to_pylist()]
    assert names == (every_row(producer, "a")["nm"] if size else [])
    if size >= 3:
        assert producer.batch(built.tables["a"], 2, 3).to_pylist() == [{"id": 3, "nm": names[2]}]


def test_schema_and_batches_keep_exported_columns_in_definition_order() -> None:
    built = plan({"name": "a", "record_count": "5", "fields": [
        {"name": "z", "generator": "Number", "min": 1, "max": 3, "data_type": "varchar"},
        {"name": "hidden", "generator": "Number", "virtual": True},
        {"name": "label", "generator": "Custom List", "values": ["x"]},
        dict(ID),
    ]})
    table = built.tables["a"]
    schema = table_schema(table)
    assert [(f.name, f.type, f.nullable) for f in schema] == [
        ("z", pa.string(), True), ("label", pa.string(), True), ("id", pa.int64(), False)]
    batch = Producer(built).batch(table, 0, 5)
    assert batch.schema == schema
    assert batch.column("label").to_pylist() == ["x"] * 5
    assert len(set(every_row(Producer(built), "a")["hidden"])) > 1  # computed, only not exported
    assert all(z in {"1", "2", "3"} for z in batch.column("z").to_pylist())


def test_a_type_that_cannot_hold_the_values_is_named_with_its_path() -> None:
    built = plan({"name": "a", "record_count": "3", "fields": [
        dict(ID), {"name": "b", "generator": "Boolean", "data_type": "date"}]})
    with pytest.raises(DefinitionError) as caught:
        every_row(Producer(built), "a")
    assert caught.value.path == "entities[0].fields[1].data_type"
    assert caught.value.message.startswith("Boolean values cannot be stored as 'date': ")


def test_a_value_too_long_for_the_declared_length_is_drawn_again() -> None:
    built = plan({"name": "a", "record_count": "20", "fields": [
        dict(ID),
        {"name": "short", "generator": "Custom List", "values": ["abcdefgh", "xy"], "data_type": "varchar(3)"},
    ]})
    assert every_row(Producer(built), "a")["short"] == ["xy"] * 20  # redrawn, not cut


# --- foreign keys, driven tables, constraints ---------------------------------------------------

def shop(child_fields: list[dict[str, Any]], parents: int = 30, **driver: Any) -> Plan:
    driver = driver or {"distribution": "uniform", "min": 0, "max": 4}
    return plan(
        {"name": "a", "record_count": str(parents), "fields": [
            dict(ID), {"name": "nm", "generator": "Custom List", "values": LETTERS}]},
        {"name": "c", "record_count": "1", "fields": [
            {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "id",
             **driver},
            *child_fields]},
    )


def owners(offsets: list[int]) -> list[int]:
    """The parent row of each child row: parent p owns rows offsets[p] .. offsets[p+1] - 1."""
    return [p for p in range(len(offsets) - 1) for _ in range(offsets[p], offsets[p + 1])]


def test_driven_children_belong_to_the_parent_whose_offsets_bracket_them() -> None:
    built = shop([{"name": "rk", "generator": "Rank", "partition": True},
                  {"name": "copy", "generator": "Column From Another Table", "foreign_key_field": "pid",
                   "value_field": "nm"}])
    table = built.tables["c"]
    assert table.offsets is not None
    offsets = table.offsets.tolist()
    parent_rows = owners(offsets)
    assert len(parent_rows) == table.size and len(set(np.diff(offsets).tolist())) > 2
    producer = Producer(built)
    got = every_row(producer, "c")
    parent_names = every_row(producer, "a")["nm"]
    assert got["pid"] == [p + 1 for p in parent_rows]
    assert got["copy"] == [parent_names[p] for p in parent_rows]
    assert got["rk"] == [r - offsets[p] + 1 for r, p in enumerate(parent_rows)]
    _, parents = producer.columns_and_parents(table, np.arange(table.size, dtype=np.int64))
    assert parents["pid"].tolist() == parent_rows


def test_a_looked_up_value_follows_a_nullable_foreign_key() -> None:
    built = plan(
        {"name": "b", "record_count": "9", "fields": [
            dict(ID), {"name": "tag", "generator": "Custom List", "values": LETTERS}]},
        {"name": "c", "record_count": "40", "fields": [
            {"name": "other", "generator": "Foreign Key", "primary_key_entity": "b", "primary_key_field": "id",
             "percent_null": 40},
            {"name": "copy", "generator": "Column From Another Table", "foreign_key_field": "other",
             "value_field": "tag"}]},
    )
    table = built.tables["c"]
    producer = Producer(built)
    rows = np.arange(table.size, dtype=np.int64)
    columns, parents = producer.columns_and_parents(table, rows)
    nulls = null_rows(table.columns["other"], rows)
    assert 0 < sum(nulls) < len(nulls)
    picked = parents["other"].tolist()
    assert [p == -1 for p in picked] == nulls
    tags = every_row(producer, "b")["tag"]
    assert columns["other"].to_pylist() == [None if p < 0 else p + 1 for p in picked]
    assert columns["copy"].to_pylist() == [None if p < 0 else tags[p] for p in picked]
    # Asking for one column computes it and what it reads, nothing else.
    assert set(producer.columns(table, rows[:3], only={"copy"})) == {"copy", "other", "other.tag"}
    assert set(producer.columns(table, rows[:3], only={"other"})) == {"other"}


def test_unique_pairs_are_enumerated_and_nulls_keep_their_places() -> None:
    built = plan({"name": "e", "record_count": "12", "constraints": [
        {"constraint_type": "unique", "fields": ["s", "t"]}], "fields": [
        {"name": "s", "generator": "Custom List", "values": [1, 2, 3, 4]},
        {"name": "t", "generator": "Custom List", "values": ["x", "y", "z"]},
    ]})
    got = every_row(Producer(built), "e")
    pairs = list(zip(got["s"], got["t"], strict=True))
    assert sorted(pairs) == sorted((s, t) for s in [1, 2, 3, 4] for t in "xyz")


def test_not_equal_columns_differ_on_every_row_and_keep_the_first_columns_draws() -> None:
    built = plan({"name": "e", "record_count": "80", "constraints": [
        {"constraint_type": "not-equal", "fields": ["s", "t"]}], "fields": [
        {"name": "s", "generator": "Custom List", "values": [1, 2, 3]},
        {"name": "t", "generator": "Custom List", "values": [1, 2, 3], "percent_null": 30},
    ]})
    table = built.tables["e"]
    rows = np.arange(80, dtype=np.int64)
    got = every_row(Producer(built), "e")
    # The first column's value numbers are the column stream's integers over its 3 values.
    assert got["s"] == [[1, 2, 3][i] for i in table.columns["s"].stream.integers(rows, 0, 2).tolist()]
    assert len(set(got["s"])) == 3
    nulls = null_rows(table.columns["t"], rows)
    assert [t is None for t in got["t"]] == nulls and 0 < sum(nulls) < 80
    assert all(s != t for s, t in zip(got["s"], got["t"], strict=True) if t is not None)
    assert len({t for t in got["t"] if t is not None}) == 3


def test_not_equal_foreign_keys_point_at_different_parents() -> None:
    built = shop([{"name": "mentor", "generator": "Foreign Key", "primary_key_entity": "a",
                   "primary_key_field": "id", "percent_null": 20}], parents=6, distribution="none")
    data = {"entities": [e.model_dump(exclude_unset=True) for e in built.database.entities]}
    data["entities"][1]["record_count"] = "60"
    data["entities"][1]["constraints"] = [{"constraint_type": "not-equal", "fields": ["pid", "mentor"]}]
    built = build_plan(definition_from_data(data), seed=11)
    table = built.tables["c"]
    rows = np.arange(60, dtype=np.int64)
    columns, parents = Producer(built).columns_and_parents(table, rows)
    nulls = null_rows(table.columns["mentor"], rows)
    assert [m == -1 for m in parents["mentor"].tolist()] == nulls and 0 < sum(nulls) < 60
    assert columns["pid"].to_pylist() == [p + 1 for p in parents["pid"].tolist()]
    assert columns["mentor"].to_pylist() == [None if m < 0 else m + 1 for m in parents["mentor"].tolist()]
    assert all(m != p for m, p in zip(parents["mentor"].tolist(), parents["pid"].tolist(), strict=True))


# --- more cells the context carries: aggregates, ranks per parent, groups, hierarchies, casts ------

def test_sums_and_counts_over_children_match_a_plain_group_by() -> None:
    built = plan(
        {"name": "a", "record_count": "6", "fields": [
            dict(ID),
            {"name": "total", "generator": "Sum From Another Table", "child_entity": "c",
             "foreign_key_field": "pid", "value_field": "amt"},
            {"name": "n", "generator": "Sum From Another Table", "child_entity": "c", "foreign_key_field": "pid",
             "aggregate": "count"}]},
        {"name": "c", "record_count": "40", "fields": [
            dict(ID), {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "id"},
            {"name": "amt", "generator": "Number", "min": 1, "max": 9},
            {"name": "label", "generator": "Template", "template": "{amt}-{id}"}]},
    )
    producer = Producer(built)
    parents, children = every_row(producer, "a"), every_row(producer, "c")
    pairs = list(zip(children["pid"], children["amt"], strict=True))
    assert parents["total"] == [sum(a for p, a in pairs if p == i) for i in parents["id"]]
    assert parents["n"] == [sum(1 for p, _ in pairs if p == i) for i in parents["id"]]
    # A column read by another of its own table (no foreign key in between).
    assert children["label"] == [f"{a}-{i}" for a, i in zip(children["amt"], children["id"], strict=True)]
    assert set(producer.columns(built.tables["c"], np.arange(3, dtype=np.int64), only={"label"})) == {
        "label", "amt", "id"}


def test_ranks_by_a_field_restart_at_each_parent_of_a_driven_table() -> None:
    built = shop([{"name": "amt", "generator": "Number", "min": 1, "max": 6},
                  {"name": "rk", "generator": "Rank", "field": "amt", "partition": True}], parents=12,
                 distribution="uniform", min=1, max=5)
    table = built.tables["c"]
    assert table.offsets is not None
    parent_rows = owners(table.offsets.tolist())
    got = every_row(Producer(built), "c")
    amt = got["amt"]
    expected = [1 + sum(1 for q, p2 in enumerate(parent_rows) if p2 == p and amt[q] < amt[r])
                for r, p in enumerate(parent_rows)]
    assert got["rk"] == expected and max(expected) > 1
    # A batch without the first parents: each row's partition still ends where its parent's children end.
    later = np.arange(int(table.offsets[6]), table.size, dtype=np.int64)
    assert Producer(built).columns(table, later)["rk"].to_pylist() == expected[int(table.offsets[6]):]


def test_driven_unique_pairs_are_distinct_within_each_parent() -> None:
    built = plan(
        {"name": "a", "record_count": "10", "fields": [dict(ID)]},
        {"name": "k", "record_count": "4", "fields": [dict(ID)]},
        {"name": "c", "record_count": "1", "constraints": [{"constraint_type": "unique", "fields": ["pid", "kid"]}],
         "fields": [
             {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "id",
              "distribution": "fixed", "exact_value": 4},
             {"name": "kid", "generator": "Foreign Key", "primary_key_entity": "k", "primary_key_field": "id"}]},
    )
    got = every_row(Producer(built), "c")
    assert got["pid"] == [p for p in range(1, 11) for _ in range(4)]
    # Each parent gets the 4 values of k once each: distinct pairs, every combination used.
    assert all(sorted(got["kid"][4 * i: 4 * i + 4]) == [1, 2, 3, 4] for i in range(10))
    assert len({tuple(got["kid"][4 * i: 4 * i + 4]) for i in range(10)}) > 1  # not one order for all


def test_columns_of_one_group_key_point_at_the_same_parent_row() -> None:
    built = plan(
        {"name": "a", "record_count": "6", "fields": [
            dict(ID), {"name": "code", "generator": "Custom List", "values": list("uvwxyz"), "unique": True}]},
        {"name": "c", "record_count": "30", "fields": [
            dict(ID),
            {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "id",
             "group_key": "g"},
            {"name": "pcode", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "code",
             "group_key": "g"},
            {"name": "other", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "code"}]},
    )
    producer = Producer(built)
    codes = dict(zip(*every_row(producer, "a").values(), strict=True))
    got = every_row(producer, "c")
    assert got["pcode"] == [codes[p] for p in got["pid"]]
    # Their shared draws come from the table's group seed and the group's name.
    column = built.tables["c"].columns["pid"]
    shared = Stream(derive_key(column.group_seed, "group", "g"))
    assert got["pid"] == [p + 1 for p in shared.integers(np.arange(30, dtype=np.int64), 0, 5).tolist()]
    assert got["other"] != got["pcode"]  # without the group, its own draws


def test_a_self_reference_builds_a_hierarchy_of_earlier_rows() -> None:
    from synthdb.generators.helpers.parents import hierarchy_levels, hierarchy_parents

    built = plan({"name": "e", "record_count": "40", "fields": [
        dict(ID), {"name": "boss", "generator": "Foreign Key", "primary_key_entity": "e", "primary_key_field": "id",
                   "max_depth": 3, "fanout": 2}]})
    column = built.tables["e"].columns["boss"]
    rows = np.arange(40, dtype=np.int64)
    picked = hierarchy_parents(rows, column.stream.child("hierarchy"), hierarchy_levels(40, 3, 2.0)).tolist()
    got = every_row(Producer(built), "e")["boss"]
    assert got == [None if p < 0 else p + 1 for p in picked]
    assert got[0] is None and all(b is None or b < i + 1 for i, b in enumerate(got))


def test_float_values_stored_as_integers_are_truncated_not_refused() -> None:
    def column(data_type: str) -> list[Any]:
        return every_row(Producer(plan({"name": "a", "record_count": "30", "fields": [
            dict(ID), {"name": "x", "generator": "Number", "min": 0, "max": 10, "decimals": 2,
                       "data_type": data_type}]})), "a")["x"]

    floats, integers = column("float"), column("integer")
    assert any(f != int(f) for f in floats)
    assert integers == [int(f) for f in floats]


def test_a_lookup_computes_only_the_column_asked_for() -> None:
    # The parent's second column cannot be built (a Boolean stored as a date): a lookup of its id must
    # not try to.
    built = plan(
        {"name": "a", "record_count": "5", "fields": [dict(ID), {"name": "b", "generator": "Boolean",
                                                                 "data_type": "date"}]},
        {"name": "c", "record_count": "8", "fields": [
            dict(ID), {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a",
                       "primary_key_field": "id", "percent_null": 30}]},
    )
    producer = Producer(built)
    assert producer.lookup("a", "id", np.array([4, -1, 0], dtype=np.int64)).to_pylist() == [5, None, 1]
    assert producer.lookup("a", "id", np.array([1, 2], dtype=np.int64)).to_pylist() == [2, 3]
    pids = every_row(producer, "c")["pid"]
    assert all(p is None or 1 <= p <= 5 for p in pids) and None in pids


def test_asking_for_one_column_builds_everything_it_reads_even_when_read_twice() -> None:
    # label reads z, x and y, and y reads x again: x is reached twice before z is built.
    built = plan({"name": "a", "record_count": "4", "fields": [
        dict(ID),
        {"name": "z", "generator": "Custom List", "values": ["z"]},
        {"name": "x", "generator": "Custom List", "values": ["x"]},
        {"name": "y", "generator": "Template", "template": "<{x}>"},
        {"name": "label", "generator": "Template", "template": "{z}{x}{y}"}]})
    got = Producer(built).columns(built.tables["a"], np.arange(4, dtype=np.int64), only={"label"})
    assert set(got) == {"label", "z", "x", "y"}
    assert got["label"].to_pylist() == ["zx<x>"] * 4


def test_not_equal_holds_whatever_order_the_fields_are_declared_in() -> None:
    # Found through a surviving mutant: the second field of the pair, declared first, used to be built
    # first and compared with row numbers instead of the first field's parents.
    built = plan({"name": "a", "record_count": "6", "fields": [dict(ID)]},
                 {"name": "c", "record_count": "40",
                  "constraints": [{"constraint_type": "not-equal", "fields": ["pid", "mentor"]}],
                  "fields": [{"name": "mentor", "generator": "Foreign Key", "primary_key_entity": "a",
                              "primary_key_field": "id"},
                             {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "a",
                              "primary_key_field": "id"}]})
    got = every_row(Producer(built), "c")
    assert all(m != p for m, p in zip(got["mentor"], got["pid"], strict=True))
