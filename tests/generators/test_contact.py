"""Email Address and Phone: validity, agreement with the row's names, uniqueness, determinism."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import synthdb
from synthdb import DefinitionError
from synthdb.generators.helpers.identities import unique_numbers
from synthdb.generators.helpers.reference import ascii_fold

SAFE_DOMAINS = {"example.com", "example.org", "example.net"}
# Dot-atom local part of lowercase ASCII letters and digits, single separators, at an example domain.
EMAIL = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*@example\.(?:com|org|net)$")
NXX = r"(?!\d11)[2-9]\d\d"  # NANP: area code and exchange start with 2-9 and are never N11
NATIONAL = re.compile(rf"^\(({NXX})\) ({NXX})-(\d{{4}})$")
E164 = re.compile(rf"^\+1({NXX})({NXX})(\d{{4}})$")


def table(fields: list[dict[str, Any]], rows: int = 500, **options: Any) -> pa.Table:
    definition = {"name": "t", "seed": 5, "locale": options.pop("locale", "en_US"),
                  "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["p"]


def fold(name: str) -> str:
    """An independent ASCII folding (stdlib unicodedata) to check the generator's."""
    text = unicodedata.normalize("NFKD", name.lower().replace("ß", "ss"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def test_emails_contain_the_rows_first_and_last_name() -> None:
    rows = table([
        {"name": "first", "generator": "First Name"},
        {"name": "email", "generator": "Email"},
        {"name": "last", "generator": "Last Name"},
    ], rows=3000).to_pylist()
    for row in rows:
        assert EMAIL.match(row["email"]), row["email"]
        local, domain = row["email"].split("@")
        assert domain in SAFE_DOMAINS
        assert fold(row["first"]) in local and fold(row["last"]) in local, row
    # Variety: several separators, with and without numbers, all three domains.
    locals_ = [r["email"].split("@")[0] for r in rows]
    assert {sep for sep in "._-" if any(sep in x for x in locals_)} == set("._-")
    assert any(x[-1].isdigit() for x in locals_) and any(not x[-1].isdigit() for x in locals_)
    assert {r["email"].split("@")[1] for r in rows} == SAFE_DOMAINS


def test_emails_follow_a_full_name_column() -> None:
    rows = table([{"name": "full", "generator": "Full Name"}, {"name": "email", "generator": "Email Address"}])
    for row in rows.to_pylist():
        first, last = row["full"].split(" ")
        assert EMAIL.match(row["email"])
        assert row["email"].startswith(fold(first)) and fold(last) in row["email"]


def test_emails_without_name_columns_and_with_accented_names() -> None:
    alone = table([{"name": "email", "generator": "email"}], rows=2000)["email"].to_pylist()
    assert all(EMAIL.match(e) for e in alone)
    german = table([{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
                    {"name": "email", "generator": "Email"}], rows=3000, locale="de_DE").to_pylist()
    assert any(not row["last"].isascii() for row in german)  # the test does exercise folding
    for row in german:
        assert EMAIL.match(row["email"]), row
        assert fold(row["first"]) in row["email"] and fold(row["last"]) in row["email"]


def test_ascii_fold() -> None:
    folded = ascii_fold(pa.array(["Zoë Ångström", "Straße", "O'Neil-Smith", "Łukasz Ørsted", None]))
    assert folded.to_pylist() == ["zoeangstrom", "strasse", "oneilsmith", "lukaszorsted", None]


def test_unique_emails_over_200k_rows() -> None:
    emails = table([{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
                    {"name": "email", "generator": "Email", "unique": True}], rows=200_000)["email"]
    assert pa.compute.count_distinct(emails).as_py() == 200_000
    assert all(EMAIL.match(e) for e in emails.to_pylist()[:20_000])


def test_unique_numbers_are_a_bijection_onto_short_numbers() -> None:
    rows = np.arange(0, 120_000)
    numbers = unique_numbers(rows, key=42)
    assert len(np.unique(numbers)) == len(rows) and numbers.min() >= 10
    assert numbers[:90].max() < 100 and numbers[90:990].min() >= 100  # short numbers first
    # The same row gets the same number wherever it sits in a batch.
    assert (unique_numbers(rows[5000:5007], key=42) == numbers[5000:5007]).all()


def test_custom_domains_and_bad_domains() -> None:
    emails = table([{"name": "e", "generator": "Email", "domains": "Corp.Example, @mail.test"}])["e"]
    assert {e.split("@")[1] for e in emails.to_pylist()} == {"corp.example", "mail.test"}
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.domains"):
        table([{"name": "e", "generator": "Email", "domains": ["not a domain"]}])


def test_phones_follow_nanp_rules_in_each_format() -> None:
    phones = table([
        {"name": "national", "generator": "Phone"},
        {"name": "e164", "generator": "Phone Number", "format": "e164"},
        {"name": "custom", "generator": "phone", "format": "+# ###.###.####"},
    ], rows=20_000)
    assert all(NATIONAL.match(p) for p in phones["national"].to_pylist())
    assert all(E164.match(p) for p in phones["e164"].to_pylist())
    assert all(re.match(rf"^\+1 {NXX}\.{NXX}\.\d{{4}}$", p) for p in phones["custom"].to_pylist())
    areas = {NATIONAL.match(p).group(1)[0] for p in phones["national"].to_pylist()}  # type: ignore[union-attr]
    assert areas == set("23456789")


def test_unique_phones_and_bad_format() -> None:
    phones = table([{"name": "p", "generator": "Phone", "format": "e164", "unique": True}], rows=100_000)["p"]
    assert pa.compute.count_distinct(phones).as_py() == 100_000
    assert all(E164.match(p) for p in phones.to_pylist())
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.format"):
        table([{"name": "p", "generator": "Phone", "format": "###-####"}])


def test_determinism_batches_and_seed() -> None:
    fields = [{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
              {"name": "email", "generator": "Email"}, {"name": "unique", "generator": "Email", "unique": True},
              {"name": "phone", "generator": "Phone"}]
    base = table(fields, rows=3000, batch_size=1000)
    assert table(fields, rows=3000, batch_size=1000) == base
    assert table(fields, rows=3000, batch_size=7) == base
    other = table(fields, rows=3000, seed=6)
    for name in ("email", "unique", "phone"):
        assert other[name] != base[name]
