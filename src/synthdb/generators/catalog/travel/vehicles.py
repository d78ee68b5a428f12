"""Vehicles: make, model, year, fuel, body style and VIN of one real car per row; license plates per locale.

The columns of the "vehicle" group (or one `group_key`) share one draw of a real make/model pair from
src/synthdb/data/vehicles/models.csv and one model year inside the years it was sold (1990-2025), so
Car Make, Car Model, Car Model Year, Fuel Type and VIN agree: the VIN starts with a World Manufacturer
Identifier of the make (data/vehicles/makes.csv), encodes the model year at position 10 and carries a
valid check digit at position 9 (49 CFR 565).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.bundled import data_path
from synthdb.generators.helpers.common import VEHICLES, is_unique, locale_of
from synthdb.generators.helpers.geodata import locale_country
from synthdb.generators.helpers.reference import LocaleParams, choices
from synthdb.generators.helpers.regex_sampler import RegexSampler, compact
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

MIN_YEAR, MAX_YEAR = 1990, 2025  # fixed, so values never depend on the day they are generated
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
                   strict=True))
VIN_WEIGHTS = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2])
# Model-year codes cycle every 30 years (no I, O, Q, U, Z, 0): 1990 = L, 2001 = 1, 2010 = A.
YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"


@dataclass(frozen=True)
class Models:
    """The model list, column by column."""

    make: pa.Array
    model: pa.Array
    first: np.ndarray
    last: np.ndarray
    body: pa.Array
    fuels: list[list[str]]
    wmis: list[list[str]]


@cache
def models() -> Models:
    with data_path("vehicles", "makes.csv").open(encoding="utf-8") as handle:
        wmi = {r["make"]: r["wmi"].split("|") for r in csv.DictReader(handle)}
    with data_path("vehicles", "models.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return Models(
        make=pa.array([r["make"] for r in rows], pa.string()),
        model=pa.array([r["model"] for r in rows], pa.string()),
        first=np.array([max(int(r["first_year"]), MIN_YEAR) for r in rows]),
        last=np.array([min(int(r["last_year"] or MAX_YEAR), MAX_YEAR) for r in rows]),
        body=pa.array([r["body"] for r in rows], pa.string()),
        fuels=[r["fuel"].split("|") for r in rows],
        wmis=[wmi[r["make"]] for r in rows],
    )


def vehicle(ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray, Stream]:
    """(model index, model year, the group's stream) per row, shared by the vehicle group."""
    data = models()
    stream = ctx.group("vehicle").child("vehicle")
    index = stream.integers(ctx.rows, 0, len(data.first) - 1)
    span = data.last[index] - data.first[index] + 1
    year = data.first[index] + np.floor(stream.uniform(ctx.rows, draw=1) * span).astype(np.int64)
    return index, year, stream


@cache
def _flatten(lists: tuple[tuple[str, ...], ...]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    counts = np.array([len(x) for x in lists])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return pa.array([v for x in lists for v in x], pa.string()), starts, counts


class _VehicleColumn(Generator[Any]):  # subclasses differ in parameters
    category = VEHICLES


@register
class CarMake(_VehicleColumn):
    """A car manufacturer ("Toyota"), the make of the row's car."""

    display_name = "Car Make"
    key = "car_make"
    aliases = ("vehicle_make", "make", "car_brand")
    description = "A car make such as Toyota or Volkswagen; agrees with the row's Car Model, year and VIN."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return models().make.take(pa.array(vehicle(ctx)[0]))


@register
class CarModel(_VehicleColumn):
    """A real model of the row's make ("Corolla")."""

    display_name = "Car Model"
    key = "car_model"
    aliases = ("vehicle_model", "model")
    description = "A real model of the row's Car Make, e.g. Corolla for Toyota."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return models().model.take(pa.array(vehicle(ctx)[0]))


@register
class CarMakeAndModel(_VehicleColumn):
    """Make and model in one value ("Toyota Corolla")."""

    display_name = "Car Make and Model"
    key = "car_make_and_model"
    aliases = ("vehicle", "car")
    description = "Make and model together, e.g. Toyota Corolla."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        index = pa.array(vehicle(ctx)[0])
        return pc.binary_join_element_wise(models().make.take(index), models().model.take(index), " ")


@register
class CarModelYear(_VehicleColumn):
    """A model year in which the row's model was sold (1990-2025)."""

    display_name = "Car Model Year"
    key = "car_model_year"
    aliases = ("vehicle_year", "model_year", "car_year")
    description = "A model year in which the row's Car Model was sold, between 1990 and 2025."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(vehicle(ctx)[1])


@register
class FuelType(_VehicleColumn):
    """A fuel the row's model is sold with ("Gasoline", "Diesel", "Hybrid", "Electric", ...)."""

    display_name = "Fuel Type"
    key = "fuel_type"
    aliases = ("fuel", "powertrain")
    description = "A fuel the row's model is offered with: Gasoline, Diesel, Hybrid, Plug-in Hybrid, Electric, LPG."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        index, _, stream = vehicle(ctx)
        return _choose(models().fuels, index, stream.child("fuel"), ctx.rows)


def _choose_index(lists: list[list[str]], index: np.ndarray, stream: Stream, rows: np.ndarray) -> np.ndarray:
    """For each row, the position in the flattened lists of one entry of lists[index[row]]."""
    _, starts, counts = _flatten(tuple(tuple(x) for x in lists))
    offset = np.minimum((stream.uniform(rows) * counts[index]).astype(np.int64), counts[index] - 1)
    return np.asarray(starts[index] + offset)


def _choose(lists: list[list[str]], index: np.ndarray, stream: Stream, rows: np.ndarray) -> pa.Array:
    """For each row, one entry of lists[index[row]], drawn from (stream, row)."""
    flat = _flatten(tuple(tuple(x) for x in lists))[0]
    return flat.take(pa.array(_choose_index(lists, index, stream, rows)))


@register
class BodyStyle(_VehicleColumn):
    """The body style of the row's model ("Sedan", "SUV", "Pickup", ...)."""

    display_name = "Body Style"
    key = "body_style"
    aliases = ("vehicle_type", "body_type", "car_body")
    description = "The body style of the row's model: Sedan, SUV, Pickup, Hatchback, Coupe, Minivan, Wagon..."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return models().body.take(pa.array(vehicle(ctx)[0]))


@cache
def _check_values() -> np.ndarray:
    table = np.zeros(256, dtype=np.int64)
    for digit in range(10):
        table[ord(str(digit))] = digit
    for letter, value in _VALUES.items():
        table[ord(letter)] = value
    return table


def vin_check_digits(chars: np.ndarray) -> np.ndarray:
    """The check character (ASCII) of (rows, 17) VIN bytes: weighted sum mod 11, 10 written as X."""
    total = (_check_values()[chars] * VIN_WEIGHTS).sum(axis=1) % 11
    return np.where(total == 10, ord("X"), ord("0") + total).astype(np.uint8)


@register
class VIN(_VehicleColumn):
    """A 17-character VIN of the row's car: the make's WMI, the model year code and a valid check digit."""

    display_name = "VIN"
    key = "vin"
    unique_values = True
    aliases = ("Car VIN", "vehicle_identification_number", "vin_number")
    description = ("A 17-character vehicle identification number: a real WMI of the row's make, the model "
                   "year at position 10 and a valid check digit at position 9.")

    _FREE = 5 + 1  # positions 4-8 and the plant code at 11
    _SERIAL = 10**6

    def capacity(self) -> int | None:
        return len(VIN_ALPHABET) ** self._FREE * self._SERIAL

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = models()
        index, year, stream = vehicle(ctx)
        rows = ctx.rows
        n = len(rows)
        alphabet = np.frombuffer(VIN_ALPHABET.encode(), dtype=np.uint8)
        base = len(VIN_ALPHABET)
        if is_unique(self):
            code = permute(rows, base**self._FREE * self._SERIAL, derive_key(ctx.stream.key, "unique"))
        else:
            code = ctx.stream.integers(rows, 0, base**self._FREE * self._SERIAL - 1)
        serial, free = code % self._SERIAL, code // self._SERIAL
        chars = np.zeros((n, 17), dtype=np.uint8)
        chars[:, 0:3] = _wmi_bytes()[_choose_index(data.wmis, index, stream.child("wmi"), rows)]
        for k, position in enumerate((3, 4, 5, 6, 7, 10)):
            chars[:, position] = alphabet[(free // base**k) % base]
        chars[:, 9] = np.frombuffer(YEAR_CODES.encode(), dtype=np.uint8)[(year - 1980) % 30]
        for k in range(6):
            chars[:, 16 - k] = ord("0") + (serial // 10**k) % 10
        chars[:, 8] = ord("0")
        chars[:, 8] = vin_check_digits(chars)
        return compact(chars, np.ones(chars.shape, dtype=bool))


@cache
def _wmi_bytes() -> np.ndarray:
    """The flattened WMIs of `models().wmis` as a (count, 3) byte matrix."""
    flat = _flatten(tuple(tuple(x) for x in models().wmis))[0].to_pylist()
    return np.frombuffer("".join(flat).encode("ascii"), dtype=np.uint8).reshape(len(flat), 3)


# License plates by country: an optional list of prefixes (German districts, from Faker) and a pattern.
_PLATES: dict[str, tuple[str | None, str]] = {
    "US": (None, "[A-HJ-NPR-Z]{3}-[0-9]{4}|[1-9][A-HJ-NPR-Z]{3}[0-9]{3}|[A-HJ-NPR-Z]{3} [0-9]{3}"),
    "GB": (None, "[A-HJ-PR-Y]{2}(0[2-9]|1[0-9]|2[0-5]|5[1-9]|6[0-9]|7[0-4]) [A-HJ-PR-Z]{3}"),
    "DE": ("license_plate_prefix", "-[A-Z]{1,2} [1-9][0-9]{0,3}"),
    "FR": (None, "[A-HJ-NP-TV-Z]{2}-(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})-[A-HJ-NP-TV-Z]{2}"),
    "ES": (None, "[0-9]{4} [BCDFGHJKLMNPRSTVWXYZ]{3}"),
    "IT": (None, "[A-HJ-NPR-TV-Z]{2}[0-9]{3}[A-HJ-NPR-TV-Z]{2}"),
    "NL": (None, "[0-9]{2}-[BDFGHJKLNPRSTVXZ]{3}-[0-9]|[BDFGHJKLNPRSTVXZ]-[0-9]{3}-[BDFGHJKLNPRSTVXZ]{2}"),
    "BR": (None, "[A-Z]{3}[0-9][A-Z][0-9]{2}"),
    "JP": (None, "(品川|練馬|足立|横浜|名古屋|大阪|なにわ|神戸|札幌|福岡|京都|宮城) [3-5][0-9]{2} "
                 "[さすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろ] [1-9][0-9]-[0-9]{2}"),
    "CN": (None, "[京沪津渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂宁新藏][A-HJ-NP-Z]·[A-HJ-NP-Z0-9]{5}"),
}


@cache
def _regex(pattern: str) -> RegexSampler:
    return RegexSampler(pattern)


@register
class LicensePlate(Generator[LocaleParams]):
    """A license plate in the locale's national format ("ABC-1234", "AB12 CDE", "M-AB 1234", "AB-123-CD")."""

    display_name = "License Plate"
    key = "license_plate"
    aliases = ("number_plate", "registration_plate", "car_license_plate", "plate_number")
    category = VEHICLES
    description = ("A vehicle registration plate in the locale's format: ABC-1234 (US), AB12 CDE (GB), "
                   "M-AB 1234 (DE, real district codes), AB-123-CD (FR), 1234 BCD (ES), ...")
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        prefix_attr, pattern = _PLATES.get(locale_country(locale_of(self)), _PLATES["US"])
        plate = _regex(pattern).sample(ctx.stream, ctx.rows)
        if prefix_attr is None:
            return plate
        from faker.providers.automotive.de_DE import Provider

        # Upper case: Faker spells one district "Do" (Dortmund is DO).
        prefixes = choices(sorted({str(p).upper() for p in getattr(Provider, prefix_attr)}))
        return pc.binary_join_element_wise(prefixes.pick(ctx.rows, ctx.stream.child("district")), plate, "")


_COLORS = {"White": 25, "Black": 20, "Gray": 18, "Silver": 12, "Blue": 9, "Red": 9, "Brown": 2, "Green": 1,
           "Beige": 1, "Orange": 1, "Gold": 1, "Yellow": 1}


@register
class CarColor(_VehicleColumn):
    """A car paint color, weighted like the cars on the road (white, black and gray lead)."""

    display_name = "Car Color"
    key = "car_color"
    aliases = ("vehicle_color", "paint_color")
    description = "A car color weighted by popularity: White, Black, Gray, Silver, Blue, Red, ..."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(_COLORS).pick(ctx.rows, ctx.stream)


@register
class Transmission(_VehicleColumn):
    """The gearbox of the row's car: electric cars are always automatic."""

    display_name = "Transmission"
    key = "transmission"
    aliases = ("gearbox", "transmission_type")
    description = "Automatic, Manual or CVT; electric cars are Automatic."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        index, _, stream = vehicle(ctx)
        fuel = _choose(models().fuels, index, stream.child("fuel"), ctx.rows)
        gearbox = choices({"Automatic": 75, "Manual": 18, "CVT": 7}).pick(ctx.rows, ctx.stream)
        return pc.if_else(pc.equal(fuel, "Electric"), "Automatic", gearbox)


class OdometerParams(ParamsModel):
    """Parameters of Odometer: `unit` miles or km."""

    model_config = ConfigDict(extra="ignore")
    unit: Literal["miles", "km"] = "miles"


@register
class Odometer(_VehicleColumn):
    """The mileage of the row's car, growing with its age (about 12,000 miles a year)."""

    display_name = "Odometer"
    key = "odometer"
    aliases = ("mileage", "odometer_reading")
    description = "Distance driven: about 12,000 miles (19,000 km) per year of the car's age, log-normally spread."
    Params = OdometerParams
    params: OdometerParams
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        _, year, _ = vehicle(ctx)
        age = MAX_YEAR + 0.5 - year
        per_year = 12_000 * detmath.exp(ctx.stream.normal(ctx.rows, 0.0, 0.35))
        miles = age * per_year
        factor = 1.609344 if self.params.unit == "km" else 1.0
        return pa.array(np.round(miles * factor).astype(np.int64))


def describe() -> dict[str, Any]:
    """Counts of the shipped vehicle data, for documentation."""
    data = models()
    return {"models": len(data.first), "makes": len(set(data.make.to_pylist()))}
