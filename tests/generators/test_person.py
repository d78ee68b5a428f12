"""First Name, Last Name and Full Name: reference data, agreement between columns, uniqueness, locales."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from faker.providers.person.de_DE import Provider as GermanPeople
from tests.fit_checks import binomial_interval

import census_names
import synthdb
from synthdb import DefinitionError

MALE = set(census_names.male_first())
FEMALE = set(census_names.female_first())
LAST = set(census_names.last_names())


def people(fields: list[dict[str, Any]], rows: int = 500, **database: Any) -> dict[str, Any]:
    return {"name": "t", "seed": 11, **database,
            "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}


def column(definition: dict[str, Any], name: str, **options: Any) -> list[Any]:
    return synthdb.to_tables(definition, **options)["p"][name].to_pylist()


def test_names_come_from_faker_lists_and_respect_gender() -> None:
    definition = people([
        {"name": "any", "generator": "First Name"},
        {"name": "male", "generator": "first_name", "gender": "male"},
        {"name": "female", "generator": "First Name", "gender": "F"},
        {"name": "last", "generator": "Last Name"},
    ], rows=3000)
    table = synthdb.to_tables(definition)["p"]
    assert set(table["any"].to_pylist()) <= MALE | FEMALE
    assert set(table["male"].to_pylist()) <= MALE
    assert set(table["female"].to_pylist()) <= FEMALE
    assert set(table["last"].to_pylist()) <= LAST
    # Both genders show up when gender is any.
    anyone = set(table["any"].to_pylist())
    assert anyone & (MALE - FEMALE) and anyone & (FEMALE - MALE)


def test_names_follow_faker_frequencies() -> None:
    counts = Counter(column(people([{"name": "last", "generator": "Last Name"}], rows=50_000), "last"))
    surnames = census_names.last_names()
    top = max(surnames, key=surnames.__getitem__)
    assert counts.most_common(1)[0][0] == top == "Smith"
    # Smith is 1.006% of the people the census lists cover (90.5%); uniform picks would give 0.001%.
    low, high = binomial_interval(50_000, surnames["Smith"] / sum(surnames.values()))
    assert low <= counts["Smith"] <= high


def test_full_name_agrees_with_first_and_last_columns() -> None:
    definition = people([
        {"name": "full", "generator": "Full Name"},  # before its inputs: the planner orders them
        {"name": "first", "generator": "First Name", "gender": "female"},
        {"name": "last", "generator": "Last Name", "percent_null": 10},
    ])
    table = synthdb.to_tables(definition)["p"].to_pylist()
    for row in table:
        expected = row["first"] if row["last"] is None else f"{row['first']} {row['last']}"
        assert row["full"] == expected


def test_full_name_alone_draws_both_parts() -> None:
    names = column(people([{"name": "full", "generator": "name", "gender": "male"}]), "full")
    for name in names:
        first, last = name.split(" ")
        assert first in MALE and last in LAST


def test_full_name_with_only_a_last_name_column() -> None:
    table = synthdb.to_tables(people([
        {"name": "last", "generator": "surname"}, {"name": "full", "generator": "Full Name"}]))["p"]
    for row in table.to_pylist():
        first, last = row["full"].split(" ")
        assert last == row["last"] and first in MALE | FEMALE


def test_unique_names_are_distinct_within_capacity() -> None:
    firsts = column(people([{"name": "f", "generator": "First Name", "gender": "male", "unique": True}],
                           rows=len(MALE)), "f")
    assert set(firsts) == MALE and len(firsts) == len(MALE)
    fulls = column(people([{"name": "full", "generator": "Full Name", "unique": True}], rows=50_000), "full")
    assert len(set(fulls)) == 50_000


def test_too_many_unique_names_fail_up_front() -> None:
    # 88,799 census surnames: one more row than that cannot all be distinct.
    with pytest.raises(DefinitionError, match="unique values are needed"):
        synthdb.validate(people([{"name": "l", "generator": "Last Name", "unique": True}],
                                rows=len(census_names.last_names()) + 1))


def test_unique_full_name_cannot_also_follow_name_columns() -> None:
    definition = people([{"name": "first", "generator": "First Name"},
                         {"name": "full", "generator": "Full Name", "unique": True}])
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.unique"):
        synthdb.to_tables(definition)


def test_unknown_gender_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.gender"):
        synthdb.to_tables(people([{"name": "f", "generator": "First Name", "gender": "robot"}]))


def test_locale_from_database_or_field_with_en_us_fallback() -> None:
    definition = people([
        {"name": "german", "generator": "Last Name"},
        {"name": "english", "generator": "Last Name", "locale": "en-US"},
        {"name": "unknown", "generator": "Last Name", "locale": "xx_YY"},
    ], rows=400, locale="de_DE")
    table = synthdb.to_tables(definition)["p"]
    assert set(table["german"].to_pylist()) <= set(GermanPeople.last_names)
    assert not set(table["german"].to_pylist()) <= LAST
    assert set(table["english"].to_pylist()) <= LAST
    assert set(table["unknown"].to_pylist()) <= LAST


def test_determinism_batches_and_seed() -> None:
    definition = people([
        {"name": "first", "generator": "First Name"},
        {"name": "last", "generator": "Last Name"},
        {"name": "full", "generator": "Full Name"},
        {"name": "alone", "generator": "Full Name", "locale": "fr_FR"},
    ], rows=2000)
    base = synthdb.to_tables(definition, batch_size=1000)["p"]
    assert synthdb.to_tables(definition, batch_size=1000)["p"] == base
    assert synthdb.to_tables(definition, batch_size=7)["p"] == base
    other = synthdb.to_tables(definition, seed=12)["p"]
    for name in ("first", "last", "full", "alone"):
        assert other[name] != base[name]


def test_email_numbers_are_spelled_as_the_cast_spells_them() -> None:
    # _style_number looks its numbers up in a table of texts; Arrow's cast, which it replaced, is the
    # reference, birth years far outside 0-9999 included (those take the cast itself).
    import numpy as np
    import pyarrow as pa

    from synthdb.generators.catalog.people.person import _number_draws, _spelled_by_cast, _style_number
    from synthdb.randomness import Stream

    rows = np.arange(20_000, dtype=np.int64)
    for seed in range(3):
        stream, draws = Stream(seed), np.random.default_rng(seed)
        days = draws.integers(-30_000, 20_000, len(rows))
        births = [None, pa.array(days.astype("datetime64[D]"), mask=days % 7 == 0),
                  pa.array(draws.integers(-2_000_000, 2_900_000, len(rows)).astype("datetime64[D]"))]
        for birth in births:
            by_cast = _spelled_by_cast(*_number_draws(rows, stream, birth), birth is not None)
            assert _style_number(rows, stream, birth).equals(by_cast)
