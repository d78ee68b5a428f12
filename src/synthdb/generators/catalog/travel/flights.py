"""Air travel around the flight: seats, cabin classes, booking references, gates, aircraft types and registrations."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.catalog.travel.air_travel import data_csv
from synthdb.generators.helpers.common import AIR_TRAVEL, is_unique, locale_of
from synthdb.generators.helpers.geodata import locale_country
from synthdb.generators.helpers.reference import LocaleParams, choices
from synthdb.generators.helpers.regex_sampler import RegexSampler, compact
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


class SeatParams(ParamsModel):
    """Parameters of Seat: `rows` in the cabin and `letters` across (ABCDEF narrow-body, ABCDEFGHJK wide)."""

    model_config = ConfigDict(extra="ignore")
    rows: int = 40
    letters: str = "ABCDEF"

    @field_validator("rows")
    @classmethod
    def _rows(cls, value: int) -> int:
        if not 1 <= value <= 99:
            raise ValueError("must be between 1 and 99")
        return value

    @field_validator("letters")
    @classmethod
    def _letters(cls, value: str) -> str:
        if not re.fullmatch("[A-Z]{1,12}", value or ""):
            raise ValueError("must be 1 to 12 capital letters, e.g. ABCDEF")
        return value


@register
class Seat(Generator[SeatParams]):
    """A seat: row number and letter ("23C")."""

    display_name = "Seat"
    key = "seat"
    unique_values = True
    aliases = ("seat_number", "airline_seat")
    category = AIR_TRAVEL
    description = "An aircraft seat such as 23C (rows 1-40, letters A-F by default)."
    Params = SeatParams

    def capacity(self) -> int | None:
        return self.params.rows * len(self.params.letters)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        letters = len(self.params.letters)
        if is_unique(self):
            index = permute(ctx.rows, self.params.rows * letters, derive_key(ctx.stream.key, "unique"))
        else:
            index = ctx.stream.integers(ctx.rows, 0, self.params.rows * letters - 1)
        row = pa.array(index // letters + 1).cast(pa.string())
        letter = pa.array(list(self.params.letters), pa.string()).take(pa.array(index % letters))
        return pc.binary_join_element_wise(row, letter, "")


class AircraftParams(ParamsModel):
    """Parameters of Aircraft Type: `format` name ("Airbus A320neo") or icao ("A20N")."""

    model_config = ConfigDict(extra="ignore")
    format: Literal["name", "icao"] = "name"


@register
class AircraftType(Generator[AircraftParams]):
    """A current airliner type, by name or ICAO type designator."""

    display_name = "Aircraft Type"
    key = "aircraft_type"
    aliases = ("aircraft", "aircraft_model", "airplane")
    category = AIR_TRAVEL
    description = "An airliner type, e.g. Boeing 787-9 Dreamliner, or its ICAO designator B789 (format: icao)."
    Params = AircraftParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = data_csv("aircraft.csv")
        index = pa.array(ctx.stream.integers(ctx.rows, 0, len(data["icao"]) - 1))
        if self.params.format == "icao":
            return data["icao"].take(index)
        return pc.binary_join_element_wise(data["manufacturer"].take(index), data["model"].take(index), " ")


_CABINS = {"Economy": 80, "Premium Economy": 8, "Business": 10, "First": 2}


@register
class CabinClass(Generator[NoParams]):
    """A travel class, weighted as seats are sold (mostly Economy)."""

    display_name = "Cabin Class"
    key = "cabin_class"
    aliases = ("travel_class", "fare_class", "cabin")
    category = AIR_TRAVEL
    description = "Economy, Premium Economy, Business or First, weighted like real bookings (80% Economy)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(_CABINS).pick(ctx.rows, ctx.stream)


# Booking references avoid letters and digits people confuse (0/O, 1/I/L).
_PNR_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@register
class BookingReference(Generator[NoParams]):
    """A 6-character airline booking reference (PNR record locator), e.g. "K7TQ2M"."""

    display_name = "Booking Reference"
    key = "booking_reference"
    unique_values = True
    aliases = ("pnr", "record_locator", "confirmation_code")
    category = AIR_TRAVEL
    description = "A 6-character booking reference (PNR) of letters and digits without 0/O/1/I/L."

    def capacity(self) -> int | None:
        return len(_PNR_ALPHABET) ** 6

    def generate(self, ctx: ColumnContext) -> pa.Array:
        base = len(_PNR_ALPHABET)
        space = base**6
        if is_unique(self):
            index = permute(ctx.rows, space, derive_key(ctx.stream.key, "unique"))
        else:
            index = ctx.stream.integers(ctx.rows, 0, space - 1)
        table = np.frombuffer(_PNR_ALPHABET.encode(), dtype=np.uint8)
        chars = np.stack([table[(index // base**k) % base] for k in range(5, -1, -1)], axis=1)
        return compact(chars, np.ones(chars.shape, dtype=bool))


@register
class Gate(Generator[NoParams]):
    """A departure gate: terminal letter and number ("B12")."""

    display_name = "Gate"
    key = "gate"
    aliases = ("departure_gate", "boarding_gate")
    category = AIR_TRAVEL
    description = "A departure gate such as B12 (concourse A-F, gate 1-60)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        # Concourse and gate drawn separately: a regex alternation would give gate 60 a third of all draws.
        concourse = np.array(list("ABCDEF"))[ctx.stream.integers(ctx.rows, 0, 5, draw=0)]
        number = pa.array(ctx.stream.integers(ctx.rows, 1, 60, draw=1))
        return pc.binary_join_element_wise(pa.array(concourse), pc.cast(number, pa.string()), "")


# Registration marks by country (ICAO nationality prefix and the usual pattern of the rest).
_REGISTRATIONS = {
    # FAA 14 CFR 47.15: at most five characters after the N, at most two of them trailing letters.
    "US": "N[1-9](?:[0-9]{1,3}[A-HJ-NP-Z]?|[0-9]{1,2}[A-HJ-NP-Z]{2}|[0-9]{4})",
    "GB": "G-[A-Z]{4}",
    "DE": "D-A[A-Z]{3}",
    "FR": "F-[GH][A-Z]{3}",
    "ES": "EC-[A-Z]{3}",
    "IT": "I-[A-Z]{4}",
    "BR": "P[PRST]-[A-Z]{3}",
    "NL": "PH-[A-Z]{3}",
    "JP": "JA[0-9]{3}[A-Z]",
    "CN": "B-[0-9]{4}",
}


@register
class AircraftRegistration(Generator[LocaleParams]):
    """An aircraft registration mark of the locale's country ("N512UA", "D-AIMC", "G-EUPT")."""

    display_name = "Aircraft Registration"
    key = "aircraft_registration"
    aliases = ("tail_number", "registration_mark")
    category = AIR_TRAVEL
    description = "A registration (tail number) in the locale's national format, e.g. N512UA, D-AIMC, JA801A."
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pattern = _REGISTRATIONS.get(locale_country(locale_of(self)), _REGISTRATIONS["US"])
        return _regex(pattern).sample(ctx.stream, ctx.rows)


@cache
def _regex(pattern: str) -> RegexSampler:
    return RegexSampler(pattern)
