"""Every registered generator's values pass independent oracles, and those oracles reject garbage.

The oracle tables live in tests/generators/oracles/ (one module per catalog category); docs/testing.md
says how to add one. tests/generators/oracle_report.md lists them and is checked for staleness here.
"""

from __future__ import annotations

import datetime
import decimal
import functools
from typing import Any

import pyarrow as pa
import pytest

from generators.oracles import Sample, all_entries, sample
from generators.oracles.base import Oracle
from generators.oracles.report import REPORT, render
from synthdb.generators.base import ColumnContext
from synthdb.generators.registry import REGISTRY

ENTRIES = all_entries()
KEYS = sorted(cls.key for cls in REGISTRY.all() if not cls.key.startswith("test_"))


@functools.cache
def _sample(key: str) -> Sample:
    return sample(key, ENTRIES[key])


def garbage(kind: pa.DataType, n: int, constant: bool = False) -> pa.Array:
    """Values of the right Arrow type that no honest generator of that column would produce: all distinct
    ("garbage-N"), or with `constant` one repeated value (which frequency oracles must reject)."""
    step = 0 if constant else 1
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pa.array(["garbage" if constant else f"garbage-{i}" for i in range(n)], kind)
    if pa.types.is_boolean(kind):
        return pa.array([True] * n)
    if pa.types.is_integer(kind):
        return pa.array([987_654_321_000 + 7 * i * step for i in range(n)], kind)
    if pa.types.is_floating(kind):
        return pa.array([9.5e11 + i * step for i in range(n)], kind)
    if pa.types.is_decimal(kind):
        return pa.array([decimal.Decimal("-1234567.89")] * n, kind)
    if pa.types.is_date(kind):
        return pa.array([datetime.date(1901, 1, 1)] * n, kind)
    if pa.types.is_timestamp(kind):
        return pa.array([datetime.datetime(1901, 1, 1, 0, 0, i * step % 60) for i in range(n)], kind)
    if pa.types.is_time(kind):
        return pa.array([datetime.time(0, 0, 0)] * n, kind)
    if pa.types.is_list(kind):
        return pa.array([[987_654_321] * 9] * n, kind)
    if pa.types.is_binary(kind):
        return pa.array([b"garbage"] * n, kind)
    raise AssertionError(f"no garbage for {kind}")


def _with_value(base: Sample, values: pa.Array) -> Sample:
    table = base.table.set_column(base.table.schema.get_field_index("value"), "value", values)
    return Sample(base.key, base.params, {**base.tables, "t": table})


@pytest.mark.parametrize("key", KEYS)
def test_values_pass_their_oracles(key: str) -> None:
    assert key in ENTRIES, f"{key} has no oracle: add one to tests/generators/oracles/<category>.py"
    s = _sample(key)
    failures = []
    for oracle in ENTRIES[key].oracles:
        try:
            oracle.check(s)
        except AssertionError as err:
            failures.append(f"[{oracle.kind}] {oracle.source}: {err}")
    assert not failures, "\n".join(failures)


def _rejects(oracle: Oracle, sample: Sample) -> bool:
    try:
        oracle.check(sample)
    except (AssertionError, ValueError, KeyError, TypeError, IndexError):  # a crash on garbage rejects it too
        return True
    return False


@pytest.mark.parametrize("key", KEYS)
def test_every_oracle_rejects_garbage(key: str) -> None:
    """No oracle is vacuous: each fails when the column is replaced by 'garbage-N' (distinct) or by one
    repeated 'garbage' (what a frequency property must catch), or the numeric/date equivalents."""
    s = _sample(key)
    distinct = _with_value(s, garbage(s.array.type, len(s.array)))
    constant = _with_value(s, garbage(s.array.type, len(s.array), constant=True))
    lenient = [o.source for o in ENTRIES[key].oracles if not _rejects(o, distinct) and not _rejects(o, constant)]
    assert not lenient, f"these oracles of {key} accept garbage: {lenient}"


# A few generators rewritten (through the real engine) to return garbage, or a subtly wrong distribution.
def _text_garbage(self: Any, ctx: ColumnContext) -> pa.Array:
    return pa.array([f"garbage-{int(r)}" for r in ctx.rows])


def _uniform_instead(self: Any, ctx: ColumnContext) -> pa.Array:
    return pa.array(ctx.stream.uniform(ctx.rows) * 6 - 3)


def _upper_letter(self: Any, ctx: ColumnContext) -> pa.Array:
    return pa.array(["Q" for _ in ctx.rows])


BROKEN = {
    "passport_number": _text_garbage,
    "capital_city": _text_garbage,
    "cryptocurrency_code": _text_garbage,
    "iban": _text_garbage,
    "email_address": _text_garbage,
    "icd10_cm_diagnosis_code": _text_garbage,
    "middle_initial": _upper_letter,  # well-formed but one letter only: the frequency oracle catches it
    "normal_distribution": _uniform_instead,  # in range and centred, but not normal: KS catches it
}


@pytest.mark.parametrize("key", sorted(BROKEN))
def test_a_broken_generator_fails_its_oracles(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    genuine = _sample(key).values
    monkeypatch.setattr(REGISTRY.resolve(key), "generate", BROKEN[key])
    s = sample(key, ENTRIES[key])
    assert s.values and s.values != genuine, "the mutant must change the values"
    caught = []
    for oracle in ENTRIES[key].oracles:
        try:
            oracle.check(s)
        except AssertionError:
            caught.append(oracle.source)
    assert caught, f"no oracle of {key} noticed the broken generator"


def test_every_registered_generator_has_an_oracle() -> None:
    missing = [key for key in KEYS if key not in ENTRIES or not ENTRIES[key].oracles]
    assert not missing, f"generators without an oracle: {missing}"
    stale = sorted(set(ENTRIES) - set(KEYS))
    assert not stale, f"oracles for generators that are not registered: {stale}"


def test_report_is_current() -> None:
    assert REPORT.read_text(encoding="utf-8") == render(ENTRIES, KEYS), (
        "tests/generators/oracle_report.md is stale: run "
        "`PYTHONPATH=src:tests python -m generators.oracles.report`")


# Passport numbers per issuing country, as the issuing authorities document them (ICAO Doc 9303 leaves the
# layout to each state): GB HM Passport Office 9 digits; DE BMI 9 characters starting C/F/G/H/J/K from
# C F G H J K L M N P R T V W X Y Z and digits; NL 2 letters, 6 letters or digits, 1 digit, no letter O;
# FR 2 digits, 2 letters, 5 digits; ES 3 letters, 6 digits; IT and JP 2 letters, 7 digits; CA and BR
# 2 letters, 6 digits; AU 1-2 letters, 7 digits; IN 1 letter, 7 digits; CN E + 8 digits or EA + 7 digits;
# MX 1 letter, 8 digits; US 9 digits, or a letter and 8 digits (next-generation books).
PASSPORT_FORMATS = {
    "en_US": r"\d{9}|[A-Z]\d{8}",
    "en_GB": r"\d{9}",
    "de_DE": r"[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}",
    "nl_NL": r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d",
    "fr_FR": r"\d{2}[A-Z]{2}\d{5}",
    "es_ES": r"[A-Z]{3}\d{6}",
    "it_IT": r"[A-Z]{2}\d{7}",
    "ja_JP": r"[A-Z]{2}\d{7}",
    "en_CA": r"[A-Z]{2}\d{6}",
    "pt_BR": r"[A-Z]{2}\d{6}",
    "en_AU": r"[A-Z]{1,2}\d{7}",
    "en_IN": r"[A-Z]\d{7}",
    "zh_CN": r"E\d{8}|EA\d{7}",
    "es_MX": r"[A-Z]\d{8}",
}


@pytest.mark.parametrize("locale", sorted(PASSPORT_FORMATS))
def test_passport_numbers_follow_the_issuing_countrys_format(locale: str) -> None:
    import re

    import synthdb

    definition = {"entities": [{"name": "p", "record_count": "500", "fields": [
        {"name": "n", "generator": "passport_number", "locale": locale}]}]}
    numbers = synthdb.to_tables(definition, seed=2)["p"]["n"].to_pylist()
    bad = [n for n in numbers if not re.fullmatch(PASSPORT_FORMATS[locale], n)]
    assert not bad, f"{locale}: {bad[:5]}"
    assert len(set(numbers)) > 450, "passport numbers should hardly repeat"
