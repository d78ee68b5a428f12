"""Street Address, City, State, Postal Code, Country and Company Name against Faker's reference data."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pytest
from faker.providers.address.en_US import Provider as Places
from faker.providers.company import Provider as Companies
from faker.providers.date_time import Provider as Calendar
from faker.providers.person.en_US import Provider as People

import synthdb
from synthdb import DefinitionError

STATES = list(Places.states)
ABBRS = [a for a in Places.states_abbr if a != "DC"]
ZIP_RANGE = {name: Places.states_postcode[abbr] for name, abbr in zip(STATES, ABBRS, strict=True)}
NAMES = set(People.first_names) | set(People.last_names)
LASTS = set(People.last_names)


def alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def table(fields: list[dict[str, Any]], rows: int = 1000, **options: Any) -> pa.Table:
    definition = {"name": "t", "seed": 9, "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["p"]


def test_alignment_of_faker_state_lists() -> None:
    # The generators drop DC from the abbreviations to pair them with the 50 names; check that holds.
    assert ZIP_RANGE["California"] == Places.states_postcode["CA"] and len(ZIP_RANGE) == 50


def test_street_addresses() -> None:
    suffix = alternation(Places.street_suffixes)
    pattern = re.compile(rf"^([1-9]\d{{0,4}}) ([A-Za-z]+) ({suffix})(?: (?:Apt\.|Suite) (\d{{3}}))?$")
    values = table([{"name": "a", "generator": "Street Address"},
                    {"name": "apt", "generator": "address", "secondary_percent": 100}], rows=5000)
    for text in values["a"].to_pylist():
        match = pattern.match(text)
        assert match and match.group(4) is None, text
        assert match.group(2) in NAMES
    assert all(re.search(r" (Apt\.|Suite) \d{3}$", t) for t in values["apt"].to_pylist())
    widths = {len(t.split(" ")[0]) for t in values["a"].to_pylist()}
    assert widths == {1, 2, 3, 4, 5}


def test_cities_are_rendered_from_faker_templates() -> None:
    prefix, suffix = alternation(Places.city_prefixes), alternation(Places.city_suffixes)
    pattern = re.compile(rf"^(?:(?:{prefix}) [A-Z][a-z]+(?:{suffix})?|[A-Z][a-z]+(?:{suffix}))$")
    cities = table([{"name": "c", "generator": "City"}], rows=5000)["c"].to_pylist()
    assert all(pattern.match(c) for c in cities), [c for c in cities if not pattern.match(c)][:5]
    assert len(set(cities)) > 2000


def test_states_names_and_abbreviations() -> None:
    values = table([{"name": "name", "generator": "State"},
                    {"name": "abbr", "generator": "State", "abbreviation": True}], rows=5000)
    assert set(values["name"].to_pylist()) == set(STATES)
    assert set(values["abbr"].to_pylist()) == set(ABBRS)
    unique = table([{"name": "s", "generator": "State", "unique": True}], rows=50)["s"].to_pylist()
    assert sorted(unique) == sorted(STATES)


def test_postal_codes_are_five_digits_inside_a_state_range() -> None:
    ranges = list(Places.states_postcode.values())
    values = table([{"name": "zip", "generator": "Zip Code"},
                    {"name": "plus4", "generator": "ZIP", "zip_plus_4": True}], rows=5000)
    for code in values["zip"].to_pylist():
        assert re.fullmatch(r"\d{5}", code)
        assert any(low <= int(code) <= high for low, high in ranges), code
    assert all(re.fullmatch(r"\d{5}-\d{4}", c) for c in values["plus4"].to_pylist())
    assert any(c.startswith("0") for c in values["zip"].to_pylist())  # New England keeps its leading 0


def test_postal_codes_follow_the_rows_state() -> None:
    rows = table([{"name": "zip", "generator": "Postal Code"}, {"name": "state", "generator": "State"},
                  ], rows=3000).to_pylist()
    for row in rows:
        low, high = ZIP_RANGE[row["state"]]
        assert low <= int(row["zip"]) <= high, row
    abbr_rows = table([{"name": "st", "generator": "State", "abbreviation": True},
                       {"name": "zip", "generator": "Postal Code"}], rows=1000).to_pylist()
    for row in abbr_rows:
        low, high = Places.states_postcode[row["st"]]
        assert low <= int(row["zip"]) <= high, row


def test_unique_postal_codes() -> None:
    codes = table([{"name": "z", "generator": "Postal Code", "unique": True}], rows=30_000)["z"]
    assert pa.compute.count_distinct(codes).as_py() == 30_000
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.unique"):
        table([{"name": "s", "generator": "State"}, {"name": "z", "generator": "Postal Code", "unique": True}])


def test_countries_names_and_codes() -> None:
    known = {c.name: (c.alpha_2_code, c.alpha_3_code) for c in Calendar.countries}
    values = table([{"name": "name", "generator": "Country"},
                    {"name": "a2", "generator": "Country", "code": "alpha2"},
                    {"name": "a3", "generator": "country", "code": "alpha-3"}], rows=3000)
    assert set(values["name"].to_pylist()) <= set(known)
    assert set(values["a2"].to_pylist()) <= {a for a, _ in known.values()}
    assert set(values["a3"].to_pylist()) <= {b for _, b in known.values()}
    assert len(set(values["name"].to_pylist())) > 150
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.code"):
        table([{"name": "c", "generator": "Country", "code": "numeric"}])


def test_company_names_use_faker_templates() -> None:
    last, suffix = alternation(LASTS), alternation(Companies.company_suffixes)
    pattern = re.compile(rf"^(?:({last}) (?:{suffix})|({last})-({last})|({last}), ({last}) and ({last}))$")
    names = table([{"name": "c", "generator": "Company Name"}], rows=3000)["c"].to_pylist()
    matched = [pattern.match(n) for n in names]
    assert all(matched), [n for n, m in zip(names, matched, strict=True) if not m][:5]
    shapes = {next(i for i, g in enumerate(m.groups()) if g) for m in matched if m}
    assert shapes == {0, 1, 3}  # all three templates occur


@pytest.mark.parametrize("generator", ["City", "Street Address", "Company Name"])
def test_template_values_reject_unique(generator: str) -> None:
    with pytest.raises(DefinitionError, match="cannot guarantee distinct values"):
        table([{"name": "x", "generator": generator, "unique": True}])


def test_other_locales_render_their_own_templates() -> None:
    values = table([{"name": "street", "generator": "Street Address", "locale": "de_DE"},
                    {"name": "city", "generator": "City", "locale": "de_DE"}], rows=500)
    from faker.providers.address.de_DE import Provider as GermanPlaces

    assert set(values["city"].to_pylist()) <= set(GermanPlaces.cities)
    assert all(re.search(r" [1-9]\d*$", s) for s in values["street"].to_pylist())  # number after the street


def test_determinism_batches_and_seed() -> None:
    fields = [{"name": "street", "generator": "Street Address", "secondary_percent": 30},
              {"name": "city", "generator": "City"}, {"name": "state", "generator": "State"},
              {"name": "zip", "generator": "Postal Code"}, {"name": "country", "generator": "Country"},
              {"name": "company", "generator": "Company Name"}]
    base = table(fields, rows=2000, batch_size=1000)
    assert table(fields, rows=2000, batch_size=1000) == base
    assert table(fields, rows=2000, batch_size=7) == base
    other = table(fields, rows=2000, seed=10)
    for name in ("street", "city", "state", "zip", "country", "company"):
        assert other[name] != base[name]
