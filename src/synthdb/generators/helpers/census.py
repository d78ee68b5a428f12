"""The US Census 1990 name lists (first names by sex, surnames) as weighted picks, compiled once into the cache.

Reading the 89,000 surnames from their gzipped TSV and building the alias table costs about 0.4 s, which
every `validate` of a definition with names used to pay; the compiled (value, threshold, alias) columns
are read back from an Arrow IPC file in the reference cache instead (refcache.py), bit for bit the same.
"""

from __future__ import annotations

import gzip
from functools import cache

import numpy as np
import pyarrow as pa

from synthdb.generators.helpers.alias import alias_table
from synthdb.generators.helpers.bundled import data_path, source_of
from synthdb.generators.helpers.refcache import cached_table, column_of

# A list name -> the shipped files it is built from ("any_first" merges both sexes' first names).
_SOURCES = {"male_first": ("male_first",), "female_first": ("female_first",),
            "any_first": ("male_first", "female_first"), "surnames": ("surnames",)}


def _census(name: str) -> dict[str, float]:
    """A US Census name list shipped in synthdb/data/people (name → percent of the population)."""
    with (data_path("people", f"us_census_1990_{name}.tsv.gz").open("rb") as raw,
          gzip.open(raw, "rt", encoding="utf-8") as handle):
        rows = (line.rstrip("\n").split("\t") for line in handle if not line.startswith("#"))
        return {row[0]: float(row[1]) for row in rows}


def _weights(list_name: str) -> dict[str, float]:
    parts = _SOURCES[list_name]
    if len(parts) == 1:
        return _census(parts[0])
    merged: dict[str, float] = {}
    for part in parts:
        for name, share in _census(part).items():
            merged[name] = merged.get(name, 0.0) + share / len(parts)  # half the people are of each sex
    return merged


def _compile(list_name: str) -> pa.Table:
    weights = _weights(list_name)
    threshold, alias = alias_table(list(weights.values()))
    return pa.table({"value": pa.array(list(weights), pa.string()), "threshold": threshold, "alias": alias})


@cache
def census_names(list_name: str) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(names, alias threshold, alias) of a census list: male_first, female_first, any_first or surnames."""
    if list_name not in _SOURCES:
        raise LookupError(f"no census list '{list_name}' (known: {', '.join(_SOURCES)})")
    inputs = [data_path("people", f"us_census_1990_{part}.tsv.gz") for part in _SOURCES[list_name]]
    table = cached_table(f"census-{list_name}", (), lambda: _compile(list_name),
                         [*inputs, source_of(__name__)])
    return (column_of(table, "value"), table.column("threshold").to_numpy(),
            table.column("alias").to_numpy())
