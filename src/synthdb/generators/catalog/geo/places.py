"""City, State, County, Postal Code, Latitude/Longitude and Time Zone: columns of one real place per row.

Columns of one coherence group (same `group_key`, or none) share one draw of a place from the locale's
place table (see generators/helpers/geodata.py), so a row's city, state, ZIP code and coordinates agree.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.helpers.common import GEOGRAPHY, is_unique, locale_of
from synthdb.generators.helpers.geodata import (
    Places,
    group_fields,
    group_stream,
    jittered,
    locale_country,
    place_rows,
    places_for,
    postal_pattern,
    postal_suffix,
)
from synthdb.generators.helpers.reference import Choices, LocaleParams
from synthdb.generators.helpers.regex_sampler import RegexSampler
from synthdb.generators.presets import preset
from synthdb.generators.registry import register
from synthdb.randomness import derive_key


class PlaceColumn(Generator[LocaleParams]):
    """A column read from the row's place; the group's columns share the place draw."""

    category = GEOGRAPHY
    Params = LocaleParams
    # Which attribute of the place table the column shows (subclasses override `values`).
    attribute: ClassVar[str] = "city"
    _unique_group = False

    def table(self) -> Places:
        return places_for(locale_of(self))

    def setup(self) -> None:
        self._unique_group = group_is_unique(self)

    def indices(self, ctx: ColumnContext) -> np.ndarray:
        """The place index of each row (shared by the group)."""
        return place_rows(ctx, self.table(), self._unique_group)

    def values(self, table: Places) -> pa.Array:
        return getattr(table, self.attribute)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.values(self.table()).take(pa.array(self.indices(ctx)))


def group_is_unique(generator: Generator) -> bool:
    """True when the group holds a unique US Postal Code: every column then follows its permutation."""
    names = {generator.field.name, *group_fields(generator, PlaceColumn)}
    for fld in generator.entity.fields:
        if fld.name not in names or not (fld.unique or fld.primary_key):
            continue
        cls = generator.siblings.generator_of(fld)
        locale = fld.params.get("locale") or locale_of(generator)
        if cls is not None and issubclass(cls, PostalCode) and locale_country(locale) == "US":
            return True
    return False


@register
class City(PlaceColumn):
    """A real city of the locale's country (en_US: the city of a real ZIP code)."""

    display_name = "City"
    key = "city"
    aliases = ("town", "city_name")
    description = "A real city of the locale's country; agrees with the row's State, Postal Code, coordinates."


class StateParams(LocaleParams):
    """Parameters of State: `abbreviation` gives "CA" instead of "California"."""

    abbreviation: bool = False


@register
class State(PlaceColumn):
    """The state / province / region of the row's place, as a name or an abbreviation."""

    display_name = "State"
    key = "state"
    unique_values = True
    aliases = ("province", "state_name", "region", "state_province")
    description = ("The state or province of the row's place (en_US: 50 states and DC); abbreviation: true "
                   "gives the postal/ISO code.")
    Params = StateParams
    params: StateParams

    def setup(self) -> None:
        super().setup()
        if is_unique(self) and group_fields(self, PlaceColumn):
            raise ParamError("unique", f"a unique {self.display_name} cannot also agree with the City / Postal "
                             "Code of its group; give it its own group_key")

    def values(self, table: Places) -> pa.Array:
        return table.state_abbr if self.params.abbreviation else table.state

    def _distinct(self) -> pa.Array:
        return pc.unique(self.values(self.table())).sort()

    def capacity(self) -> int | None:
        return len(self._distinct()) if is_unique(self) else None

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):
            return Choices(self._distinct()).pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return super().generate(ctx)


class StateAbbreviationParams(StateParams):
    """Parameters of State Abbreviation (abbreviation defaults to true)."""

    abbreviation: bool = True


@register
class StateAbbreviation(State):
    """The postal / ISO 3166-2 abbreviation of the row's state ("CA", "BY", "IDF")."""

    display_name = "State Abbreviation"
    key = "state_abbreviation"
    aliases = ("State (abbrev)", "state_abbr", "state_code", "province_code")
    description = "The abbreviation of the row's state: USPS code in en_US, ISO 3166-2 subdivision code elsewhere."
    Params = StateAbbreviationParams
    params: StateAbbreviationParams


@register
class County(PlaceColumn):
    """The county of the row's place (en_US: the ZIP's county; en_GB: the local authority)."""

    display_name = "County"
    key = "county"
    aliases = ("county_name", "district")
    attribute = "county"
    description = "The county of the row's place (US, GB); other locales give the region (no county data)."


class PostalCodeParams(LocaleParams):
    """Parameters of Postal Code: `zip_plus_4` adds the "-1234" extension to US ZIP codes."""

    zip_plus_4: bool = False


@register
class PostalCode(PlaceColumn):
    """A real postal code of the row's city (en_US ZIP codes; 16 other countries' city codes), else one in the
    country's format."""

    display_name = "Postal Code"
    key = "postal_code"
    unique_values = True
    aliases = ("zip_code", "zip", "zipcode", "postcode", "zip_postal_code")
    description = ("A real postal code of the row's city: en_US ZIP codes; de_DE, fr_FR, en_GB, it_IT, es_ES, "
                   "nl_NL, pt_BR, ja_JP, en_IN/hi_IN, en_CA, en_AU, pl_PL, sv_SE, ko_KR, zh_CN, es_MX city codes "
                   "(Köln 50667, Paris 75008, M1 4BT); elsewhere a code in the country's format. zip_plus_4 adds "
                   "-1234.")
    Params = PostalCodeParams
    params: PostalCodeParams

    def setup(self) -> None:
        super().setup()
        if is_unique(self) and self.table().postal_code is None:
            raise ParamError("unique", "unique postal codes need real postal code records, which only en_US has")

    def capacity(self) -> int | None:
        return len(self.table()) if self.table().postal_code is not None else None

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return postal_codes(ctx, self.table(), self.indices(ctx), self.params.zip_plus_4)


def postal_codes(ctx: ColumnContext, table: Places, index: np.ndarray, zip_plus_4: bool = False) -> pa.Array:
    """The postal code of each row's place (US), one of its city's codes, or one in the country's format."""
    if table.postal_code is not None:
        codes = table.postal_code.take(pa.array(index))
    elif table.postal_lists is not None:
        codes = _city_code(ctx, table.postal_lists, index)
        suffix = postal_suffix(table.country)
        if suffix is not None:  # GB outward codes, CA areas, NL 4-digit areas: the rest in the official format
            tail = _sampler(suffix).sample(group_stream(ctx, "postal-tail"), ctx.rows)
            codes = pc.binary_join_element_wise(codes, tail, "")
    else:
        codes = _sampler(postal_pattern(table.country)).sample(group_stream(ctx, "postal"), ctx.rows)
    if zip_plus_4 and table.country == "US":
        plus = group_stream(ctx, "zip4").integers(ctx.rows, 1, 9999)
        text = pc.utf8_lpad(pa.array(plus).cast(pa.string()), width=4, padding="0")
        codes = pc.binary_join_element_wise(codes, text, "-")
    return codes


def _city_code(ctx: ColumnContext, lists: pa.Array, index: np.ndarray) -> pa.Array:
    """One of each row's city's codes, drawn uniformly by the group (so Full Address agrees)."""
    offsets = lists.offsets.to_numpy()
    counts = (offsets[1:] - offsets[:-1])[index]
    pick = np.minimum((group_stream(ctx, "postal").uniform(ctx.rows) * counts).astype(np.int64), counts - 1)
    return lists.values.take(pa.array(offsets[index] + pick))


@cache
def _sampler(pattern: str) -> RegexSampler:
    return RegexSampler(pattern)


class CoordinateParams(LocaleParams):
    """Parameters of Latitude / Longitude: `decimals` places (6 ≈ 10 cm)."""

    decimals: int = 6

    @field_validator("decimals")
    @classmethod
    def _decimals(cls, value: int) -> int:
        if not 0 <= value <= 10:
            raise ValueError("must be between 0 and 10")
        return value


class _Coordinate(PlaceColumn):
    """Latitude or longitude near the row's place (scattered within a few km of its centre)."""

    Params = CoordinateParams
    params: CoordinateParams
    arrow = pa.float64()
    axis: ClassVar[int] = 0

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = self.table()
        pair = jittered(ctx, table, self.indices(ctx))
        return pa.array(np.round(pair[self.axis], self.params.decimals))


@register
class Latitude(_Coordinate):
    """Latitude in degrees of a point in the row's city (or ZIP area)."""

    display_name = "Latitude"
    key = "latitude"
    aliases = ("lat",)
    description = "Latitude (degrees) of a point within a few km of the row's city / ZIP centre."


@register
class Longitude(_Coordinate):
    """Longitude in degrees of a point in the row's city (or ZIP area)."""

    display_name = "Longitude"
    key = "longitude"
    aliases = ("lng", "lon", "long")
    description = "Longitude (degrees) of a point within a few km of the row's city / ZIP centre."
    axis = 1


class CoordinatesParams(CoordinateParams):
    """Parameters of Coordinates: `format` pair ("40.7128, -74.0060"), wkt ("POINT (-74.006 40.7128)")."""

    format: Literal["pair", "wkt", "geojson"] = "pair"

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        return "pair" if value is None else str(value).strip().lower()


@register
class Coordinates(_Coordinate):
    """Latitude and longitude of the row's place as one text value."""

    display_name = "Coordinates"
    key = "coordinates"
    aliases = ("geo_point", "lat_long", "location")
    description = "Latitude and longitude as text: '48.8566, 2.3522' (pair), WKT POINT or GeoJSON."
    Params = CoordinatesParams
    params: CoordinatesParams
    arrow = pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        lat, lon = jittered(ctx, self.table(), self.indices(ctx))
        digits = self.params.decimals
        lat_text = pa.array(np.round(lat, digits)).cast(pa.string())
        lon_text = pa.array(np.round(lon, digits)).cast(pa.string())
        if self.params.format == "wkt":
            return pc.binary_join_element_wise("POINT (", lon_text, " ", lat_text, ")", "")
        if self.params.format == "geojson":
            return pc.binary_join_element_wise(
                '{"type": "Point", "coordinates": [', lon_text, ", ", lat_text, "]}", "")
        return pc.binary_join_element_wise(lat_text, ", ", lon_text, "")


@register
class TimeZone(PlaceColumn):
    """The IANA time zone of the row's place ("America/Chicago")."""

    display_name = "Time Zone"
    key = "time_zone"
    aliases = ("timezone", "tz", "iana_time_zone")
    attribute = "timezone"
    description = "The IANA time zone of the row's place, e.g. America/Chicago or Europe/Berlin."


@register
class UtcOffset(PlaceColumn):
    """The standard (winter) UTC offset of the row's time zone ("-06:00")."""

    display_name = "UTC Offset"
    key = "utc_offset"
    aliases = ("time_zone_offset", "timezone_offset", "gmt_offset")
    description = "The standard UTC offset of the row's place, e.g. -06:00 (January, without daylight saving)."

    def values(self, table: Places) -> pa.Array:
        return _offsets(table)


def _offsets(table: Places) -> pa.Array:
    """The standard offset of every place of a place table, aligned with it."""
    zones = table.timezone
    distinct = pc.unique(zones)
    offsets = pa.array([_standard_offset(z) for z in distinct.to_pylist()], pa.string())
    return offsets.take(pc.index_in(zones, value_set=distinct))


@cache
def _standard_offset(zone: str) -> str:
    # A fixed January date: the offset must not depend on when the data is generated.
    delta = datetime(2025, 1, 15, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


preset(City, "City (US)", "city_us", "A real US city (of a real ZIP code), whatever the definition's locale.",
       locale="en_US")
