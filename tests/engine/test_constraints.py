"""Table constraints by construction: unique over several fields, not-equal, records: unique."""

from __future__ import annotations

from typing import Any

import pytest

import synthdb
from synthdb import DefinitionError


def _school(constraints: list[dict[str, Any]], enrolments: int = 5000, driven: bool = False) -> dict[str, Any]:
    student: dict[str, Any] = {"name": "student_id", "generator": "Foreign Key", "primary_key_entity": "students",
                               "primary_key_field": "id"}
    if driven:
        student.update(distribution="uniform", min=1, max=6)
    return {"entities": [
        {"name": "students", "record_count": "400", "fields": [{"name": "id", "generator": "Number",
                                                                 "primary_key": True}]},
        {"name": "courses", "record_count": "30", "fields": [{"name": "id", "generator": "Number",
                                                               "primary_key": True, "min": 100}]},
        {"name": "enrolments", "record_count": str(enrolments), "constraints": constraints, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            student,
            {"name": "course_id", "generator": "Foreign Key", "primary_key_entity": "courses",
             "primary_key_field": "id"},
            {"name": "mentor_id", "generator": "Foreign Key", "primary_key_entity": "students",
             "primary_key_field": "id", "percent_null": 10},
            {"name": "term", "generator": "Custom List", "values": ["spring", "fall"]},
        ]},
    ]}


def test_unique_pair_of_foreign_keys() -> None:
    tables = synthdb.to_tables(_school([{"constraint_type": "unique", "fields": ["student_id", "course_id"]}]))
    pairs = list(zip(tables["enrolments"]["student_id"].to_pylist(), tables["enrolments"]["course_id"].to_pylist(),
                     strict=True))
    assert len(set(pairs)) == len(pairs) == 5000
    assert set(tables["enrolments"]["course_id"].to_pylist()) <= set(range(100, 130))


def test_unique_triple_with_a_list() -> None:
    tables = synthdb.to_tables(_school([{"constraint_type": "unique",
                                         "fields": ["student_id", "course_id", "term"]}], enrolments=20_000))
    rows = tables["enrolments"].to_pylist()
    assert len({(r["student_id"], r["course_id"], r["term"]) for r in rows}) == 20_000


def test_unique_with_the_driving_foreign_key() -> None:
    tables = synthdb.to_tables(_school([{"constraint_type": "unique", "fields": ["student_id", "course_id"]}],
                                       driven=True))
    rows = tables["enrolments"].to_pylist()
    assert len({(r["student_id"], r["course_id"]) for r in rows}) == len(rows)
    assert len({r["course_id"] for r in rows}) == 30


def test_not_equal_between_two_references_to_one_table() -> None:
    tables = synthdb.to_tables(_school([{"constraint_type": "not-equal", "fields": ["student_id", "mentor_id"]}]))
    rows = tables["enrolments"].to_pylist()
    assert all(r["student_id"] != r["mentor_id"] for r in rows)
    assert 0.07 < sum(r["mentor_id"] is None for r in rows) / len(rows) < 0.13
    assert len({r["mentor_id"] for r in rows}) > 300


def test_records_unique_gives_one_row_per_value() -> None:
    definition = {"entities": [
        {"name": "customers", "record_count": "250", "fields": [{"name": "id", "generator": "Number",
                                                                  "primary_key": True}]},
        {"name": "profiles", "records": "unique", "unique_records_for": "customer_id", "record_count": "5",
         "fields": [
             {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
              "primary_key_field": "id", "primary_key": True},
             {"name": "score", "generator": "Number", "min": 1, "max": 5},
         ]},
    ]}
    ids = synthdb.to_tables(definition)["profiles"]["customer_id"].to_pylist()
    assert ids == list(range(1, 251))


def test_constraints_are_batch_independent() -> None:
    definition = _school([{"constraint_type": "unique", "fields": ["student_id", "course_id"]},
                          {"constraint_type": "not-equal", "fields": ["student_id", "mentor_id"]}])
    assert synthdb.to_tables(definition, batch_size=7) == synthdb.to_tables(definition, batch_size=65_536)


@pytest.mark.parametrize(
    ("constraints", "enrolments", "message"),
    [
        ([{"constraint_type": "unique", "fields": ["student_id", "course_id"]}], 12_001,
         "12,001 rows need distinct (student_id, course_id) but only 12,000 combinations exist"),
        ([{"constraint_type": "unique", "fields": ["student_id", "nope"]}], 10, "has no field 'nope'"),
        ([{"constraint_type": "not-equal", "fields": ["student_id", "course_id"]}], 10,
         "must draw from the same set"),
        ([{"constraint_type": "bigger", "fields": ["id"]}], 10, "must be 'unique', 'not-equal' or 'check'"),
    ],
)
def test_impossible_constraints_are_rejected(constraints: list[dict[str, Any]], enrolments: int,
                                             message: str) -> None:
    with pytest.raises(DefinitionError) as err:
        synthdb.to_tables(_school(constraints, enrolments))
    assert err.value.path.startswith("entities[2].constraints[0]")
    assert message in err.value.message


def test_uniqueness_by_construction_at_ten_million_rows() -> None:
    """10,000,000 rows filling their value spaces exactly: any repeat would leave a value missing."""
    import numpy as np

    definition = {"entities": [
        {"name": "a", "record_count": "4000", "fields": [{"name": "id", "generator": "Number", "primary_key": True}]},
        {"name": "b", "record_count": "2500", "fields": [{"name": "id", "generator": "Number", "primary_key": True}]},
        {"name": "pairs", "record_count": "10000000",
         "constraints": [{"constraint_type": "unique", "fields": ["a_id", "b_id"]}], "fields": [
             {"name": "code", "generator": "Number", "min": 1, "max": 10_000_000, "unique": True},
             {"name": "a_id", "generator": "Foreign Key", "primary_key_entity": "a", "primary_key_field": "id"},
             {"name": "b_id", "generator": "Foreign Key", "primary_key_entity": "b", "primary_key_field": "id"},
         ]},
    ]}
    seen_codes = np.zeros(10_000_001, dtype=bool)
    seen_pairs = np.zeros(4001 * 2501, dtype=bool)
    for name, batch in synthdb.iter_batches(definition, batch_size=1 << 20):
        if name != "pairs":
            continue
        seen_codes[batch.column("code").to_numpy()] = True
        pair = batch.column("a_id").to_numpy() * 2501 + batch.column("b_id").to_numpy()
        seen_pairs[pair] = True
    assert seen_codes[1:].all()
    assert seen_pairs.sum() == 10_000_000
