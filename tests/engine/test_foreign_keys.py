"""Foreign keys beyond the basics: filters, weights, caps, 1:1, composite keys, hierarchies, cycles."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest

import synthdb
from synthdb import DefinitionError


def _db(child_fk: dict[str, Any], child_rows: int = 3000, parent_rows: int = 500,
        extra_child: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"entities": [
        {"name": "parents", "record_count": str(parent_rows), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "status", "generator": "Custom List", "values": ["active", "closed"]},
            {"name": "popularity", "generator": "Number", "min": 0, "max": 9, "virtual": True},
        ]},
        {"name": "children", "record_count": str(child_rows), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "parent_id", "generator": "Foreign Key", "primary_key_entity": "parents",
             "primary_key_field": "id", **child_fk},
            *(extra_child or []),
        ]},
    ]}


def test_parent_filter_only_uses_matching_parents() -> None:
    tables = synthdb.to_tables(_db({"parent_filter": [{"field": "status", "operator": "is_one_of",
                                                       "value": ["active"]}]}))
    active = {i for i, s in zip(tables["parents"]["id"].to_pylist(), tables["parents"]["status"].to_pylist(),
                                strict=True) if s == "active"}
    used = set(tables["children"]["parent_id"].to_pylist())
    assert used <= active and len(used) > 0.8 * len(active)


def test_filter_with_children_per_parent_gives_other_parents_none() -> None:
    definition = _db({"distribution": "uniform", "min": 1, "max": 2,
                      "parent_filter": [{"subset_field": "status", "operator": "is_not_one_of",
                                         "subset_value": ["closed"]}]})
    tables = synthdb.to_tables(definition)
    statuses = dict(zip(tables["parents"]["id"].to_pylist(), tables["parents"]["status"].to_pylist(), strict=True))
    assert {statuses[p] for p in tables["children"]["parent_id"].to_pylist()} == {"active"}


def test_relative_prevalence_weights_parents() -> None:
    tables = synthdb.to_tables(_db({"relative_prevalence_field": "popularity"}, child_rows=50_000))
    counts = Counter(tables["children"]["parent_id"].to_pylist())
    # The weights are virtual: read them through a copy of the definition that exports them
    # (exporting a column does not change its values).
    exported = _db({"relative_prevalence_field": "popularity"}, child_rows=50_000)
    exported["entities"][0]["fields"][2]["virtual"] = False
    parents = synthdb.to_tables(exported)["parents"]
    popularity = dict(zip(parents["id"].to_pylist(), parents["popularity"].to_pylist(), strict=True))
    assert all(counts.get(p, 0) == 0 for p, w in popularity.items() if w == 0)
    heavy = np.mean([counts.get(p, 0) for p, w in popularity.items() if w == 9])
    light = np.mean([counts.get(p, 0) for p, w in popularity.items() if w == 1])
    assert 7 < heavy / light < 11


def test_cap_each_parent_used_at_most_n_times() -> None:
    tables = synthdb.to_tables(_db({"max_per_parent": 3}, child_rows=1400))
    counts = Counter(tables["children"]["parent_id"].to_pylist())
    assert max(counts.values()) <= 3 and sum(counts.values()) == 1400


def test_unique_foreign_key_is_one_to_one() -> None:
    definition = _db({}, child_rows=400)
    definition["entities"][1]["fields"][1]["unique"] = True
    fks = synthdb.to_tables(definition)["children"]["parent_id"].to_pylist()
    assert len(set(fks)) == 400


def test_primary_key_that_is_a_foreign_key() -> None:
    definition = _db({}, child_rows=500)
    definition["entities"][1]["fields"] = [definition["entities"][1]["fields"][1]]
    definition["entities"][1]["fields"][0]["primary_key"] = True
    fks = synthdb.to_tables(definition)["children"]["parent_id"].to_pylist()
    assert sorted(fks) == list(range(1, 501))


def test_composite_foreign_key_points_at_one_parent_row() -> None:
    definition = {"entities": [
        {"name": "stock", "record_count": "300", "fields": [
            {"name": "warehouse", "generator": "Number", "primary_key": True, "min": 1},
            {"name": "sku", "generator": "Character Sequence", "format": "SKU-####", "primary_key": True},
        ]},
        {"name": "moves", "record_count": "2000", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "warehouse", "generator": "Foreign Key", "primary_key_entity": "stock",
             "primary_key_field": "warehouse", "group_key": "stock"},
            {"name": "sku", "generator": "Foreign Key", "primary_key_entity": "stock",
             "primary_key_field": "sku", "group_key": "stock"},
        ]},
    ]}
    tables = synthdb.to_tables(definition)
    pairs = set(zip(tables["stock"]["warehouse"].to_pylist(), tables["stock"]["sku"].to_pylist(), strict=True))
    moves = set(zip(tables["moves"]["warehouse"].to_pylist(), tables["moves"]["sku"].to_pylist(), strict=True))
    assert moves <= pairs and len(moves) > 250


def test_several_foreign_keys_to_one_parent_are_independent() -> None:
    definition = _db({}, extra_child=[{"name": "other_id", "generator": "Foreign Key",
                                       "primary_key_entity": "parents", "primary_key_field": "id"}])
    tables = synthdb.to_tables(definition)["children"]
    same = np.mean(np.array(tables["parent_id"].to_pylist()) == np.array(tables["other_id"].to_pylist()))
    assert same < 0.02


def _hierarchy(rows: int, depth: int) -> dict[str, Any]:
    return {"entities": [{"name": "staff", "record_count": str(rows), "fields": [
        {"name": "id", "generator": "Number", "primary_key": True},
        {"name": "manager_id", "generator": "Foreign Key", "primary_key_entity": "staff",
         "primary_key_field": "id", "max_depth": depth},
    ]}]}


@pytest.mark.parametrize(("rows", "depth"), [(1, 3), (10, 2), (5000, 4), (20_000, 6)])
def test_self_reference_is_a_bounded_hierarchy(rows: int, depth: int) -> None:
    table = synthdb.to_tables(_hierarchy(rows, depth))["staff"]
    manager = dict(zip(table["id"].to_pylist(), table["manager_id"].to_pylist(), strict=True))
    assert manager[1] is None  # the first row is a root
    deepest = 0
    for node in manager:
        level, current = 1, manager[node]
        while current is not None:
            assert current < node  # managers come earlier: acyclic, insertable in order
            level += 1
            current = manager[current]
        deepest = max(deepest, level)
    assert deepest <= depth
    if rows >= 5000:
        assert deepest == depth


def test_cycle_through_a_nullable_key_is_resolved() -> None:
    definition = {"entities": [
        {"name": "departments", "record_count": "20", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "head_id", "generator": "Foreign Key", "primary_key_entity": "employees",
             "primary_key_field": "id", "percent_null": 10},
        ]},
        {"name": "employees", "record_count": "200", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "department_id", "generator": "Foreign Key", "primary_key_entity": "departments",
             "primary_key_field": "id"},
        ]},
    ]}
    names = [name for name, _ in synthdb.iter_batches(definition)]
    assert names == ["departments", "employees"]
    tables = synthdb.to_tables(definition)
    heads = [h for h in tables["departments"]["head_id"].to_pylist() if h is not None]
    assert heads and set(heads) <= set(tables["employees"]["id"].to_pylist())


BAD = {
    "cap too small": (_db({"max_per_parent": 2}, child_rows=1001),
                      "entities[1].fields[1].max_per_parent",
                      "1,001 rows need a parent each, but 'parents' offers 500 parents x at most 2 = 1,000"),
    "one-to-one with too few parents": (
        {**_db({}, child_rows=501)}, "entities[1].fields[1].unique", "offers 500 parents x at most 1"),
    "filter matches nothing": (
        _db({"parent_filter": [{"field": "status", "operator": "is_one_of", "value": ["gone"]}]}),
        "entities[1].fields[1].primary_key_entity", "no row of 'parents' matches the parent_filter"),
    "filter on a missing field": (
        _db({"parent_filter": [{"field": "state", "operator": "is_null"}]}),
        "entities[1].fields[1].parent_filter", "entity 'parents' has no field 'state'; did you mean 'status'?"),
    "prevalence with a distribution": (
        _db({"relative_prevalence_field": "popularity", "distribution": "poisson", "mean": 2}),
        "entities[1].fields[1].relative_prevalence_field", "cannot combine with a children-per-parent"),
    "self-reference with children per parent": (
        {"entities": [{"name": "t", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "up", "generator": "Foreign Key", "primary_key_entity": "t", "primary_key_field": "id",
             "distribution": "uniform", "min": 1, "max": 2}]}]},
        "entities[0].fields[1].distribution", "a self-reference forms a hierarchy"),
    "cycle without a nullable key": (
        {"entities": [
            {"name": "a", "fields": [{"name": "id", "generator": "Number", "primary_key": True},
                                     {"name": "b_id", "generator": "Foreign Key", "primary_key_entity": "b",
                                      "primary_key_field": "id"}]},
            {"name": "b", "fields": [{"name": "id", "generator": "Number", "primary_key": True},
                                     {"name": "a_id", "generator": "Foreign Key", "primary_key_entity": "a",
                                      "primary_key_field": "id"}]}]},
        "entities", "refer to each other in a cycle through"),
}
BAD["one-to-one with too few parents"][0]["entities"][1]["fields"][1]["unique"] = True


@pytest.mark.parametrize("case", sorted(BAD))
def test_unsatisfiable_definitions_are_rejected_up_front(case: str, tmp_path: Any) -> None:
    definition, path, message = BAD[case]
    with pytest.raises(DefinitionError) as err:
        synthdb.generate(definition, "csv", tmp_path / "out.zip")
    assert err.value.path == path
    assert message in err.value.message
    assert list(tmp_path.iterdir()) == []
