"""Names per locale: first, middle, last and full names come from that locale's Faker data, in its order."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

import census_names
import synthdb
from generators.oracles.variants import mimesis_given_names
from synthdb.generators.helpers.reference import data_locale

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "ja_JP", "zh_CN"]


def _faker(locale: str) -> Any:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _names(provider: Any, *attrs: str) -> set[str]:
    return {name for attr in attrs if hasattr(provider, attr) for name in getattr(provider, attr)}


def _rows(locale: str, rows: int = 3000) -> list[dict[str, Any]]:
    definition = {"name": "t", "seed": 9, "locale": locale, "entities": [{"name": "p", "record_count": str(rows),
        "fields": [
            {"name": "gender", "generator": "Gender"},
            {"name": "first", "generator": "First Name"},
            {"name": "middle", "generator": "Middle Name"},
            {"name": "last", "generator": "Last Name"},
            {"name": "full", "generator": "Full Name"},
            {"name": "alone", "generator": "Full Name", "group_key": "other"},
            {"name": "title", "generator": "Title"},
        ]}]}
    return synthdb.to_tables(definition)["p"].to_pylist()


def _gimei(sex: str) -> set[str]:
    import gzip
    from pathlib import Path

    path = Path(synthdb.__file__).parent / "data" / "people" / "ja_first_names.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {cols[1] for cols in (line.split("\t") for line in handle if not line.startswith("#")) if cols[0] == sex}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_locale_has_its_own_name_data(locale: str) -> None:
    for attr in ("first_names", "first_names_male", "first_names_female", "last_names"):
        assert data_locale("person", attr, locale) == locale, attr


@pytest.mark.parametrize("locale", LOCALES)
def test_names_come_from_the_locale(locale: str) -> None:
    people = _faker(locale)
    female = _names(people, "first_names_female")
    male = _names(people, "first_names_male")
    lasts = _names(people, "last_names")
    if locale == "en_US":  # en_US names come from the US Census lists rather than Faker's
        female, male = set(census_names.female_first()), set(census_names.male_first())
        lasts = set(census_names.last_names())
    if locale == "ja_JP":  # Faker's 51 given names are joined by the gimei lists shipped in data/people
        female |= _gimei("female")
        male |= _gimei("male")
    if locale in ("fr_FR", "zh_CN"):  # and these by mimesis' (data/people/first_names.json)
        female |= mimesis_given_names(locale.split("_")[0], ("female",))
        male |= mimesis_given_names(locale.split("_")[0], ("male",))
    rows = _rows(locale)
    family_first = locale in ("ja_JP", "zh_CN")
    separator = "" if locale == "zh_CN" else " "
    for row in rows:
        assert row["first"] in (female if row["gender"] == "Female" else male), row
        assert row["middle"] in (female if row["gender"] == "Female" else male), row
        assert row["last"] in lasts, row
        expected = (row["last"], row["first"]) if family_first else (row["first"], row["last"])
        assert row["full"] == separator.join(expected)
        # A Full Name with no name columns in its group draws its own parts from the same lists.
        alone = row["alone"]
        if family_first:
            assert any(alone.startswith(last) and alone[len(last):].strip() in female | male for last in lasts)
        else:  # names may hold spaces themselves (Ana Julia, von Bauer): some split must fit
            words = alone.split(" ")
            splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
            assert any(f in female | male and la in lasts for f, la in splits), alone
    if locale != "en_US":  # genuinely the locale's lists, not the English fallback
        english = _names(_faker("en_US"), "first_names", "last_names")
        assert {r["last"] for r in rows} - english


TITLES = {"en_US": {"Mr.", "Ms.", "Mrs."}, "en_GB": {"Mr", "Mrs"}, "de_DE": {"Herr", "Frau"}, "fr_FR": {"M.", "Mme"},
          "es_ES": {"Sr.", "Sra."}, "it_IT": {"Sig.", "Sig.ra"}, "pt_BR": {"Sr.", "Sra."}, "nl_NL": {"dhr.", "mevr."},
          "zh_CN": {"先生", "女士"}, "ja_JP": {"様", "氏"}}


@pytest.mark.parametrize("locale", LOCALES)
def test_titles_speak_the_locale(locale: str) -> None:
    assert TITLES[locale] <= {r["title"] for r in _rows(locale, 2000)}


def test_unknown_and_bare_locales_fall_back() -> None:
    assert data_locale("person", "last_names", "xx_YY") == "en_US"
    assert data_locale("person", "last_names", "de") == "de_DE"
    assert data_locale("person", "last_names", "de-AT") == "de_AT"
    assert data_locale("person", "first_names", "ja") == "ja_JP"
    rows = _rows("xx_YY", 200)
    english = set(census_names.last_names())  # the en_US data: US Census surnames
    assert all(r["last"] in english for r in rows)


@pytest.mark.parametrize("locale", ["ja_JP", "zh_CN", "ko_KR", "hi_IN", "ru_RU", "el_GR"])
def test_emails_in_non_latin_locales_romanise_the_row_names(locale: str) -> None:
    from anyascii import anyascii

    from synthdb.generators.helpers.romanize import _readings

    definition = {"name": "t", "seed": 4, "locale": locale, "entities": [{"name": "p", "record_count": "400",
        "fields": [{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
                   {"name": "email", "generator": "Email Address"}]}]}
    rows = synthdb.to_tables(definition)["p"].to_pylist()
    readings = _readings(locale)
    for row in rows:
        local, _, domain = row["email"].partition("@")
        assert local.isascii() and domain.isascii(), row
        # The local part spells the row's own first name: the locale's reading (佐藤 → sato) or a transliteration.
        spelled = (readings.get(row["first"]) or anyascii(row["first"])).lower()
        expected = "".join(ch for ch in spelled if ch.isalnum())
        assert expected and expected in local, (row, expected)


def test_email_birth_years_come_from_the_rows_birth_date() -> None:
    definition = {"name": "t", "seed": 6, "entities": [{"name": "p", "record_count": "3000", "fields": [
        {"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
        {"name": "born", "generator": "Birth Date", "min_age": 20, "max_age": 60},
        {"name": "email", "generator": "Email Address"}]}]}
    rows = synthdb.to_tables(definition)["p"].to_pylist()
    with_year = 0
    for row in rows:
        local = row["email"].split("@")[0]
        digits = local[len(local.rstrip("0123456789")):]
        if len(digits) == 4 and digits.startswith(("19", "20")):
            with_year += 1
            assert int(digits) == row["born"].year, row
        elif len(digits) == 2 and int(digits) > 31:  # no small number (1-99) is that high... unless it is
            assert int(digits) in (row["born"].year % 100, *range(1, 100)), row
    assert with_year > len(rows) * 0.08  # 20% carry a year, 60% of those all four digits


def test_signup_no_earlier_than_the_sixteenth_birthday() -> None:
    definition = {"name": "t", "seed": 6, "entities": [{"name": "p", "record_count": "2000", "fields": [
        {"name": "born", "generator": "Birth Date"},
        {"name": "signed_up", "generator": "Date", "date_relative_to_field": "born", "date_unit": "years",
         "min": 16, "max": 40, "as_of": "2025-12-31"}]}]}
    for row in synthdb.to_tables(definition)["p"].to_pylist():
        born, signed = row["born"], row["signed_up"]
        assert (signed.year - born.year - ((signed.month, signed.day) < (born.month, born.day))) >= 16, row
        assert str(signed) <= "2025-12-31"
