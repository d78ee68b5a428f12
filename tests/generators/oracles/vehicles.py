"""Oracles for "Vehicles": the VIN check digit and model-year code (49 CFR 565), mimesis' car list."""

from __future__ import annotations

import re
import statistics
from collections import Counter

from faker.providers.color import Provider as FakerColors
from mimesis.datasets import AUTO_MANUFACTURERS, CARS

from generators.oracles.base import Sample, cached, companion, custom, each, entry, member_of, per_row, within
from generators.oracles.checks import vin_valid, vin_year_code
from generators.oracles.stats import spread

YEAR = companion("year", "car_model_year")


@cached
def _makes() -> set[str]:
    # mimesis' list, plus makes of NHTSA's vPIC register that it lacks.
    extra = {"SEAT", "Acura", "Lincoln", "Cupra", "Genesis", "Rivian", "Lucid", "Polestar", "Ram", "Buick", "GMC",
             "Cadillac", "Chrysler", "Dodge", "Jeep", "Infiniti", "Lexus", "Mini", "MINI", "Tesla", "Maserati",
             "Land Rover", "Alfa Romeo", "Mercedes-Benz", "Škoda", "Skoda", "Dacia", "Opel", "Vauxhall"}
    return set(AUTO_MANUFACTURERS) | {c.split()[0] for c in CARS} | extra


def _make_prefix(text: str) -> bool:
    return any(text == m or text.startswith(m + " ") for m in _makes())


@custom("statistical", "White is the most popular car color (Axalta / PPG global popularity reports)")
def _white_first(sample: Sample) -> None:
    top = Counter(sample.values).most_common(1)[0][0]
    assert top == "White", Counter(sample.values).most_common(3)


@custom("statistical", "odometer: median miles per year of age near 12,000 (documented, log-normal spread)")
def _miles_per_year(sample: Sample) -> None:
    rates = [float(v) / max(2025.5 - int(y), 0.5) for v, y in sample.pairs("year")]
    median = statistics.median(rates)
    assert 8_000 <= median <= 18_000, f"median {median:.0f} miles per year"


@custom("validator", "at least 40% of (make, model) pairs are in mimesis' car list (it lacks recent models)")
def _models_known(sample: Sample) -> None:
    cars = set(CARS)
    hits = sum(1 for v, m in sample.pairs("make") if f"{m} {v}" in cars)
    assert hits >= 0.4 * len(sample.values), f"only {hits} of {len(sample.values)} known pairs"


ENTRIES = {
    "body_style": entry(member_of(lambda: {"Sedan", "SUV", "Pickup", "Hatchback", "Coupe", "Minivan", "Wagon",
                                           "Convertible", "Van", "Crossover", "Roadster"},
                                  "NHTSA vPIC body classes (short names)", kind="spec"),
                        spread(5, 0.6, "styles spread", kind="statistical")),
    "car_color": entry(member_of(lambda: {n.lower() for n in FakerColors.all_colors}, "CSS color names",
                                 transform=lambda v: v.replace(" ", "").lower()), _white_first),
    "car_make": entry(member_of(_makes, "mimesis + NHTSA vPIC car manufacturers")),
    "car_make_and_model": entry(each(_make_prefix, "starts with a mimesis car manufacturer"),
                                per_row("model", lambda v, m: v.endswith(" " + m), "ends with the row's model"),
                                companions=[companion("model", "car_model")]),
    "car_model": entry(_models_known,
                       spread(50, 0.05, "models spread", kind="statistical"),
                       companions=[companion("make", "car_make")]),
    "car_model_year": entry(within(1990, 2025, "documented years")),
    "fuel_type": entry(member_of(lambda: {"Gasoline", "Diesel", "Hybrid", "Plug-in Hybrid", "Electric", "LPG"},
                                 "documented fuels (EPA fuel categories)", kind="spec"),
                       spread(4, 0.8, "fuels spread", kind="statistical")),
    "license_plate": entry(each(lambda v: re.fullmatch(r"[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4}", v) is not None
                                and 5 <= len(v.replace(" ", "").replace("-", "")) <= 7,
                                "US plate: 5-7 letters and digits (AAMVA)")),
    "odometer": entry(each(lambda v: 0 <= int(v) < 1_000_000, "0-999,999 miles"), _miles_per_year,
                      companions=[YEAR]),
    "transmission": entry(member_of(lambda: {"Automatic", "Manual", "CVT"}, "documented transmissions", kind="spec"),
                          per_row("fuel", lambda v, f: f != "Electric" or v == "Automatic", "electric cars: Automatic"),
                          companions=[companion("fuel", "fuel_type")]),
    "vin": entry(each(vin_valid, "ISO 3779 / 49 CFR 565.15 check digit"),
                 per_row("year", lambda v, y: v[9] == vin_year_code(int(y)), "position 10 codes the row's model year"),
                 companions=[YEAR]),
}
