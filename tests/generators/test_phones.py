"""Phones: 10,000 numbers per locale and type, every one valid for its region by phonenumbers, laid out
exactly as phonenumbers formats it; uniqueness, '#' patterns and determinism."""

from __future__ import annotations

from typing import Any

import phonenumbers
import pyarrow as pa
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

import synthdb
from synthdb import DefinitionError

REGIONS = {"en_US": "US", "en_GB": "GB", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES", "it_IT": "IT",
           "pt_BR": "BR", "nl_NL": "NL", "ja_JP": "JP", "zh_CN": "CN"}
MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
FIXED = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def table(fields: list[dict[str, Any]], rows: int = 10_000, locale: str = "en_US", **options: Any) -> pa.Table:
    definition = {"name": "phones", "seed": 21, "locale": locale,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["t"]


@pytest.mark.parametrize("locale", list(REGIONS))
def test_numbers_are_valid_for_the_locales_region(locale: str) -> None:
    region = REGIONS[locale]
    phones = table([{"name": "e164", "generator": "Phone", "format": "e164"}], locale=locale)["e164"].to_pylist()
    for text in phones:
        number = phonenumbers.parse(text)
        assert phonenumbers.is_valid_number_for_region(number, region), text
        assert phonenumbers.format_number(number, PhoneNumberFormat.E164) == text
    assert len(set(phones)) > 9_900
    # The other number types: 2,000 of each, of the right type.
    rows = table([
        {"name": "mobile", "generator": "Mobile Phone", "format": "e164"},
        {"name": "landline", "generator": "Landline Phone", "format": "e164"},
        {"name": "free", "generator": "Toll-Free Number", "format": "e164"},
        {"name": "code", "generator": "Phone Country Code"},
    ], rows=2_000, locale=locale).to_pylist()
    code = f"+{phonenumbers.country_code_for_region(region)}"
    for row in rows:
        for column, types in (("mobile", MOBILE), ("landline", FIXED), ("free", {PhoneNumberType.TOLL_FREE})):
            number = phonenumbers.parse(row[column])
            assert phonenumbers.is_valid_number_for_region(number, region), (column, row[column])
            assert phonenumbers.number_type(number) in types, (column, row[column])
        assert row["code"] == code


@pytest.mark.parametrize("locale", list(REGIONS))
def test_national_and_international_layouts_are_phonenumbers_own(locale: str) -> None:
    region = REGIONS[locale]
    rows = table([{"name": "national", "generator": "Phone"},
                  {"name": "intl", "generator": "Phone", "format": "international"},
                  {"name": "digits", "generator": "Mobile Phone", "format": "digits"}], rows=2_000,
                 locale=locale).to_pylist()
    for row in rows:
        number = phonenumbers.parse(row["national"], region)
        assert phonenumbers.is_valid_number_for_region(number, region), row
        assert phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) == row["national"], row
        intl = phonenumbers.parse(row["intl"])
        assert phonenumbers.is_valid_number_for_region(intl, region), row
        assert phonenumbers.format_number(intl, PhoneNumberFormat.INTERNATIONAL) == row["intl"], row
        assert row["digits"].isdigit()
        assert phonenumbers.is_valid_number_for_region(phonenumbers.parse(row["digits"], region), region), row


def test_mobile_numbers_look_like_mobiles() -> None:
    german = table([{"name": "m", "generator": "Mobile Phone"}], rows=2_000, locale="de_DE")["m"].to_pylist()
    assert all(m.startswith("01") for m in german)  # German mobiles: 015x, 016x, 017x
    british = table([{"name": "m", "generator": "Mobile Phone"}], rows=2_000, locale="en_GB")["m"].to_pylist()
    assert all(m.startswith("07") for m in british)


def test_nanp_numbers_skip_n11_exchanges() -> None:
    rows = table([{"name": "p", "generator": "Phone", "format": "digits"}], rows=20_000)["p"].to_pylist()
    assert not [p for p in rows if p[4:6] == "11"]


def test_unique_numbers_and_patterns() -> None:
    unique = table([{"name": "p", "generator": "Mobile Phone", "format": "e164", "unique": True}],
                   rows=50_000, locale="fr_FR")["p"]
    assert pa.compute.count_distinct(unique).as_py() == 50_000
    assert all(phonenumbers.is_valid_number_for_region(phonenumbers.parse(p), "FR") for p in unique.to_pylist())
    dotted = table([{"name": "p", "generator": "Phone", "format": "+## # ## ## ## ##"}], rows=2_000,
                   locale="fr_FR")["p"].to_pylist()
    assert all(p.startswith("+33 ") and phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in dotted)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.format"):
        table([{"name": "p", "generator": "Phone", "format": "##-##"}], rows=10, locale="de_DE")
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.format"):
        table([{"name": "p", "generator": "Phone", "format": "call me"}], rows=10)


def test_determinism_across_batches() -> None:
    fields = [{"name": "p", "generator": "Phone"}, {"name": "m", "generator": "Mobile Phone", "unique": True}]
    base = table(fields, rows=5_000, locale="ja_JP")
    assert table(fields, rows=5_000, locale="ja_JP", batch_size=333) == base
    assert table(fields, rows=5_000, locale="ja_JP", seed=22)["p"] != base["p"]


def test_calling_codes_follow_the_rows_country() -> None:
    rows = table([{"name": "country", "generator": "Country", "code": "alpha2", "group_key": "origin"},
                  {"name": "code", "generator": "Phone Country Code", "group_key": "origin"}],
                 rows=2_000).to_pylist()
    for row in rows:
        assert row["code"] == f"+{phonenumbers.country_code_for_region(row['country'])}", row
    assert len({r["code"] for r in rows}) > 100


def test_us_numbers_beside_an_address_use_its_area_code() -> None:
    import zipcodes

    records = {z["zip_code"]: z for z in zipcodes.list_all()}
    rows = table([{"name": "zip", "generator": "Postal Code"},
                  {"name": "phone", "generator": "Phone", "format": "e164"},
                  {"name": "other", "generator": "Phone", "format": "e164", "group_key": "elsewhere"}]).to_pylist()
    local = [r["phone"][2:5] in records[r["zip"]]["area_codes"] for r in rows]
    assert sum(local) / len(rows) > 0.99  # the rest: area codes phonenumbers does not list
    assert sum(r["other"][2:5] in records[r["zip"]]["area_codes"] for r in rows) / len(rows) < 0.05
    assert all(phonenumbers.is_valid_number_for_region(phonenumbers.parse(r["phone"]), "US") for r in rows)
