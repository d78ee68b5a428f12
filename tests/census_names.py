"""The US Census name lists synthdb ships for en_US, read straight from the files (the tests' oracle)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parents[1] / "src" / "synthdb" / "data" / "people"


@cache
def census(name: str) -> dict[str, float]:
    """name → percent of the population, for `surnames`, `male_first` or `female_first`."""
    with gzip.open(_DATA / f"us_census_1990_{name}.tsv.gz", "rt", encoding="utf-8") as handle:
        rows = (line.rstrip("\n").split("\t") for line in handle if not line.startswith("#"))
        return {row[0]: float(row[1]) for row in rows}


def last_names() -> dict[str, float]:
    return census("surnames")


def male_first() -> dict[str, float]:
    return census("male_first")


def female_first() -> dict[str, float]:
    return census("female_first")
