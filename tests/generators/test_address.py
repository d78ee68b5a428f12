"""Street addresses and Company Name against Faker's reference data (real places: test_geography.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from faker.providers.address.en_US import Provider as Places
from faker.providers.company import Provider as Companies

import census_names
import synthdb
from synthdb import DefinitionError

DATA = Path(synthdb.__file__).parent / "data"

STATES = list(Places.states)
ABBRS = [a for a in Places.states_abbr if a != "DC"]
ZIP_RANGE = {name: Places.states_postcode[abbr] for name, abbr in zip(STATES, ABBRS, strict=True)}
NAMES = set(census_names.male_first()) | set(census_names.female_first()) | set(census_names.last_names())
LASTS = set(census_names.last_names())


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
    common = set(json.loads((DATA / "geography" / "streets.json").read_text())["en_US"]["lists"]["common"])
    named = 0
    for text in values["a"].to_pylist():
        match = pattern.match(text)
        assert match and match.group(4) is None, text
        assert match.group(2) in NAMES | common
        named += match.group(2) not in common
    assert all(re.search(r" (Apt\.|Suite) \d{3}$", t) for t in values["apt"].to_pylist())
    widths = [len(t.split(" ")[0]) for t in values["a"].to_pylist()]
    assert set(widths) == {1, 2, 3, 4, 5}
    # 1 house number in 20 has five digits, 5 streets in 7 a common street name: 5,000 rows put each share
    # within 5 standard deviations (0.3% and 0.6%).
    assert abs(widths.count(5) / len(widths) - 0.05) < 0.016
    assert abs(named / len(widths) - 2 / 7) < 0.033


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

