"""Identity generators: national ids valid per python-stdnum (10,000 each), gender coherence, accounts."""

from __future__ import annotations

import hashlib
import importlib
import re
from typing import Any

import pytest

import census_names
import synthdb

N = 10_000


def table(fields: list[dict[str, Any]], rows: int = N, **database: Any) -> list[dict[str, Any]]:
    definition = {"name": "t", "seed": 7, **database,
                  "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition)["p"].to_pylist()


def column(generator: str, rows: int = N, **params: Any) -> list[Any]:
    return [r["v"] for r in table([{"name": "v", "generator": generator, **params}], rows)]


# generator id → stdnum module validating it; "unique" ones are also drawn as a unique column.
VALIDATED = {
    "ssn": ("us.ssn", True), "itin": ("us.itin", True), "canadian_sin": ("ca.sin", True),
    "cpf": ("br.cpf", True), "bsn": ("nl.bsn", True), "dni": ("es.dni", True), "nie": ("es.nie", True),
    "my_number": ("jp.in_", True), "aadhaar_number": ("in_.aadhaar", True), "australian_tfn": ("au.tfn", True),
    "swiss_ahv": ("ch.ssn", True), "portuguese_nif": ("pt.nif", True), "tc_kimlik": ("tr.tckimlik", True),
    "israeli_id": ("il.idnr", True), "chilean_rut": ("cl.rut", True),
    "nir": ("fr.nir", False), "codice_fiscale": ("it.codicefiscale", False),
    "chinese_resident_id": ("cn.ric", False), "pesel": ("pl.pesel", False),
    "personnummer": ("se.personnummer", False), "steuer_id": ("de.idnr", False),
    "finnish_hetu": ("fi.hetu", False), "korean_rrn": ("kr.rrn", False),
}


@pytest.mark.parametrize("key", sorted(VALIDATED))
def test_national_ids_are_valid(key: str) -> None:
    module, can_be_unique = VALIDATED[key]
    validator = importlib.import_module(f"stdnum.{module}")
    for params in ({}, {"formatted": False}, *([{"unique": True}] if can_be_unique else [])):
        values = column(key, **params)
        invalid = [v for v in values if not validator.is_valid(v)]
        assert not invalid, f"{key} {params}: {invalid[:5]}"
        if params.get("unique"):
            assert len(set(values)) == N


_SSN = re.compile(r"^(\d{3})-(\d{2})-(\d{4})$")


def test_ssn_follows_the_ssa_rules() -> None:
    for value in column("SSN", unique=True):
        area, group, serial = _SSN.match(value).groups()  # type: ignore[union-attr]
        assert area not in ("000", "666") and area[0] != "9"
        assert group != "00" and serial != "0000"


# HMRC: no D, F, I, Q, U, V; no O second; seven prefixes never allocated; suffix A-D.
_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] \d{2} \d{2} \d{2} [A-D]$")


def test_uk_national_insurance_numbers_follow_hmrc_rules() -> None:
    values = column("National Insurance Number", unique=True)
    assert all(_NINO.match(v) for v in values), [v for v in values if not _NINO.match(v)][:5]
    assert len(set(values)) == N


def test_unique_ids_refuse_more_rows_than_exist() -> None:
    with pytest.raises(synthdb.DefinitionError, match="unique"):
        table([{"name": "v", "generator": "NIR", "unique": True}], rows=10)


def test_national_id_follows_the_locale() -> None:
    checks = {"en_US": "us.ssn", "en_GB": None, "de_DE": "de.idnr", "fr_FR": "fr.nir", "es_ES": "es.dni",
              "it_IT": "it.codicefiscale", "pt_BR": "br.cpf", "nl_NL": "nl.bsn", "ja_JP": "jp.in_", "zh_CN": "cn.ric",
              "ko_KR": "kr.rrn", "fi_FI": "fi.hetu", "tr_TR": "tr.tckimlik", "he_IL": "il.idnr", "es_CL": "cl.rut",
              "pt_PT": "pt.nif", "de_CH": "ch.ssn", "en_AU": "au.tfn"}
    for locale, module in checks.items():
        values = [r["v"] for r in table([{"name": "v", "generator": "National ID Number"}], 500, locale=locale)]
        if module:
            assert all(importlib.import_module(f"stdnum.{module}").is_valid(v) for v in values), locale
        else:
            assert all(_NINO.match(v) for v in values)


FEMALE = set(census_names.female_first()) - set(census_names.male_first())
MALE = set(census_names.male_first()) - set(census_names.female_first())
FEMALE_TITLES = {"Ms.", "Mrs.", "Miss"}
MALE_TITLES = {"Mr."}


def _person(prefix: str, group: str | None) -> list[dict[str, Any]]:
    fields = [{"name": f"{prefix}gender", "generator": "Gender"},
              {"name": f"{prefix}first", "generator": "First Name"},
              {"name": f"{prefix}title", "generator": "Title"},
              {"name": f"{prefix}abbr", "generator": "Gender Abbreviation"},
              {"name": f"{prefix}pronouns", "generator": "Pronouns"},
              {"name": f"{prefix}nir", "generator": "NIR"}]
    for f in fields:
        if group:
            f["group_key"] = group
    return fields


def _check_person(row: dict[str, Any], prefix: str = "") -> None:
    gender, first, title = row[f"{prefix}gender"], row[f"{prefix}first"], row[f"{prefix}title"]
    female = gender == "Female"
    assert row[f"{prefix}abbr"] == ("F" if female else "M")
    assert row[f"{prefix}pronouns"] == ("she/her" if female else "he/him")
    assert row[f"{prefix}nir"][0] == ("2" if female else "1")
    assert first not in (MALE if female else FEMALE), row
    assert title not in (MALE_TITLES if female else FEMALE_TITLES), row


@pytest.mark.parametrize("group", [None, "person"])
def test_gender_first_name_and_title_agree(group: str | None) -> None:
    rows = table(_person("", group), rows=5000)
    for row in rows:
        _check_person(row)
    assert {r["gender"] for r in rows} == {"Male", "Female"}
    assert {r["title"] for r in rows} & FEMALE_TITLES and {r["title"] for r in rows} & MALE_TITLES


def test_two_people_in_one_row_each_agree_with_their_own_gender() -> None:
    rows = table(_person("a_", "a") + _person("b_", "b"), rows=3000)
    for row in rows:
        _check_person(row, "a_")
        _check_person(row, "b_")
    assert any(r["a_gender"] != r["b_gender"] for r in rows)


def test_without_a_gender_column_first_name_and_title_share_one_draw() -> None:
    rows = table([{"name": "first", "generator": "First Name"}, {"name": "title", "generator": "Title"},
                  {"name": "suffix", "generator": "Suffix"}], rows=5000)
    for row in rows:
        if row["title"] in FEMALE_TITLES:
            assert row["first"] not in MALE
            assert row["suffix"] not in {"Jr.", "II", "III", "IV", "V"}
        if row["title"] in MALE_TITLES:
            assert row["first"] not in FEMALE


def test_a_gender_stated_on_the_first_name_is_followed() -> None:
    rows = table([{"name": "first", "generator": "First Name", "gender": "female"},
                  {"name": "title", "generator": "Title"}, {"name": "g", "generator": "Gender"}], rows=2000)
    assert all(r["title"] not in MALE_TITLES and r["g"] == "Female" for r in rows)


def test_nonbinary_share_and_its_titles() -> None:
    rows = table([{"name": "g", "generator": "Gender", "nonbinary_percent": 20},
                  {"name": "t", "generator": "Title"}, {"name": "f", "generator": "First Name"}], rows=5000)
    share = sum(r["g"] == "Non-binary" for r in rows) / len(rows)
    assert 0.17 < share < 0.23
    assert {r["t"] for r in rows if r["g"] == "Non-binary"} <= {"Mx.", "Dr.", "Prof."}


def test_usernames_follow_names_and_are_unique_on_request() -> None:
    rows = table([{"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
                  {"name": "user", "generator": "Username", "unique": True}], rows=N)
    assert len({r["user"] for r in rows}) == N
    for row in rows[:2000]:
        assert re.fullmatch(r"[a-z][a-z0-9._]*\d+", row["user"]), row
        assert row["first"].lower()[:1] == row["user"][:1] or row["last"].lower()[:1] == row["user"][:1]


def test_password_hash_is_the_sha256_of_the_rows_password() -> None:
    rows = table([{"name": "pw", "generator": "Password"}, {"name": "hash", "generator": "Password Hash"},
                  {"name": "b", "generator": "Password Hash", "algorithm": "bcrypt"}], rows=N)
    for row in rows:
        pw = row["pw"]
        assert 10 <= len(pw) <= 16
        assert re.search("[a-z]", pw) and re.search("[A-Z]", pw) and re.search("[0-9]", pw)
        assert re.search(r"[^A-Za-z0-9]", pw)
        assert row["hash"] == hashlib.sha256(pw.encode()).hexdigest()
        assert re.fullmatch(r"\$2b\$12\$[./A-Za-z0-9]{53}", row["b"])


def test_avatars_use_a_reserved_domain_and_lists_their_data() -> None:
    avatars = column("Avatar", unique=True)
    assert len(set(avatars)) == N
    assert all(re.fullmatch(r"https://example\.com/avatars/[0-9a-f]{16}\.png\?size=128x128", a) for a in avatars)
    assert set(column("Shirt Size", 2000)) == {"XS", "S", "M", "L", "XL", "2XL", "3XL"}
    statuses = column("Marital Status", 5000)
    assert 0.42 < statuses.count("Married") / 5000 < 0.53
    assert set(column("Race", 2000)) >= {"White", "Asian", "Black or African American"}
