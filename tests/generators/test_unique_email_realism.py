"""Unique emails that read like real ones: mostly no digits, the row's birth year when a number, distinct always."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import synthdb
from synthdb.generators.helpers.identities import first_pool, layout, suffix_numbers
from synthdb.generators.helpers.unique_email import KIND_SHARES

PERSON = [{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
          {"name": "gender", "generator": "Gender"}, {"name": "born", "generator": "Birth Date"},
          {"name": "email", "generator": "Email Address", "unique": True}]


def table(fields: list[dict[str, Any]], rows: int, locale: str = "en_US", **options: Any) -> pa.Table:
    definition = {"name": "t", "seed": 11, "locale": locale,
                  "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["p"]


def _number(email: str) -> str | None:
    found = re.search(r"\d+", email.split("@")[0])
    return found.group() if found else None


def test_most_unique_emails_have_no_digits_and_numbers_are_the_birth_year() -> None:
    n = 6000
    rows = table(PERSON, n).to_pylist()
    emails = [r["email"] for r in rows]
    assert len(set(emails)) == n
    numbers = [_number(e) for e in emails]
    with_digits = sum(x is not None for x in numbers) / n
    years = sum(x is not None and x in (str(r["born"].year), f"{r['born'].year % 100:02d}")
                for x, r in zip(numbers, rows, strict=True)) / n
    # Expected: the year and number styles' shares, plus about 1% of rows whose name the layout does
    # not own (a male row named Jean). Tolerance: 5 binomial standard deviations at n = 6000 (~0.03).
    expected_digits = KIND_SHARES[1] + KIND_SHARES[2] + 0.01
    assert abs(with_digits - expected_digits) < 5 * np.sqrt(expected_digits * (1 - expected_digits) / n)
    assert abs(years - KIND_SHARES[1]) < 5 * np.sqrt(KIND_SHARES[1] * (1 - KIND_SHARES[1]) / n)
    # Before this change every unique address ended in a de-duplicating number (100% with digits, ~1% years).
    assert with_digits < 0.4 and years / with_digits > 0.5


def test_unique_emails_follow_the_rows_names_in_the_usual_styles() -> None:
    rows = table(PERSON, 4000).to_pylist()
    fold = {r["first"]: r["first"].lower() for r in rows}
    starts = sum(r["email"].startswith(fold[r["first"]]) for r in rows) / len(rows)
    assert starts > 0.97  # all but the few rows that keep their own name with last.first
    locals_ = [re.sub(r"\d+$", "", r["email"].split("@")[0]) for r in rows]
    last = [re.sub(r"[^a-z]", "", r["last"].lower()) for r in rows]
    first = [re.sub(r"[^a-z]", "", r["first"].lower()) for r in rows]
    styles = {
        "first.last": sum(x == f"{f}.{la}" for x, f, la in zip(locals_, first, last, strict=True)),
        "first_last": sum(x == f"{f}_{la}" for x, f, la in zip(locals_, first, last, strict=True)),
        "firstl": sum(x == f"{f}{la[:1]}" for x, f, la in zip(locals_, first, last, strict=True)),
        "first": sum(x == f for x, f in zip(locals_, first, strict=True)),
    }
    # first.last dominates; every other style is present (shares 15%, 18% and 12% where available).
    assert styles["first.last"] > max(styles["first_last"], styles["firstl"], styles["first"])
    assert all(count > 100 for count in styles.values()), styles


@pytest.mark.parametrize("locale", ["zh_CN", "ja_JP", "de_DE"])
def test_unique_emails_stay_distinct_where_names_repeat(locale: str) -> None:
    # zh_CN: a few family names cover most people, so (first, last) pairs repeat and the later rows of a
    # pair write first.x.last or a number.
    fields = [{"name": "full", "generator": "Full Name"}, {"name": "email", "generator": "Email", "unique": True}]
    emails = table(fields, 30_000, locale)["email"]
    assert pa.compute.count_distinct(emails).as_py() == 30_000


def test_unique_emails_are_the_same_for_any_batch_size_and_worker_count() -> None:
    base = table(PERSON, 5000, batch_size=1000)
    assert base.equals(table(PERSON, 5000, batch_size=333))
    assert base.equals(table(PERSON, 5000, batch_size=700, workers=2))


def test_the_identity_layout_ranks_each_name_pair_once_and_keeps_frequencies() -> None:
    size = 50_000
    out = layout(np.arange(size), size, key=7, locale="en_US", gender="female")
    triples = np.stack([out.first, out.last, out.rank])
    assert np.unique(triples, axis=1).shape[1] == size  # (first, last, rank) distinct: ranks are real
    assert out.first_of_name.sum() == len(np.unique(out.first))  # one first row per first name
    # Quotas: each first name appears floor or ceil of size x its share times.
    pool = first_pool("en_US", "female")
    counts = np.bincount(out.first, minlength=len(pool.keys))
    assert np.all(np.abs(counts - size * np.diff(pool.cum)) < 1 + 1e-9)


def test_suffix_numbers_never_read_as_years() -> None:
    rows = np.arange(0, 200_000)
    numbers = suffix_numbers(rows, key=3)
    assert len(np.unique(numbers)) == len(rows)
    assert set(np.char.str_len(numbers.astype(str)).tolist()) <= {1, 3, 5, 6}
    assert np.array_equal(suffix_numbers(rows[5:50], key=3), numbers[5:50])
