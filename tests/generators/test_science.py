"""Natural science: grouped columns are one record; names have the shape their domain requires."""

from __future__ import annotations

import csv
import itertools
import re
from importlib import resources
from typing import Any

import pyarrow as pa

import synthdb

BINOMIAL = re.compile(r"^[A-Z][a-z]+ (\u00d7 )?[a-z]+(-[a-z]+)?$")  # Genus species; hybrids carry a times sign
# Facts from the periodic table, typed here independently of the data file.
KNOWN_ELEMENTS = {1: ("H", "Hydrogen"), 6: ("C", "Carbon"), 8: ("O", "Oxygen"), 11: ("Na", "Sodium"),
                  19: ("K", "Potassium"), 26: ("Fe", "Iron"), 29: ("Cu", "Copper"), 47: ("Ag", "Silver"),
                  50: ("Sn", "Tin"), 74: ("W", "Tungsten"), 79: ("Au", "Gold"), 80: ("Hg", "Mercury"),
                  82: ("Pb", "Lead"), 92: ("U", "Uranium"), 118: ("Og", "Oganesson")}


def table(fields: list[dict[str, Any]], rows: int = 10_000, **options: Any) -> pa.Table:
    definition = {"name": "sci", "seed": 51, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["t"]


def data(name: str) -> list[dict[str, str]]:
    with resources.files("synthdb").joinpath("data", "science", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_animals_and_plants_are_coherent_binomials() -> None:
    animals = {(r["common_name"], r["scientific_name"], r["class"]) for r in data("animals.csv")}
    plants = {(r["common_name"], r["scientific_name"], r["family"]) for r in data("plants.csv")}
    rows = table([{"name": "a", "generator": "Animal Common Name"},
                  {"name": "s", "generator": "Animal Scientific Name"}, {"name": "c", "generator": "Animal Class"},
                  {"name": "p", "generator": "Plant Common Name"},
                  {"name": "ps", "generator": "Plant Scientific Name"}, {"name": "f", "generator": "Plant Family"},
                  ]).to_pylist()
    for row in rows:
        assert (row["a"], row["s"], row["c"]) in animals and (row["p"], row["ps"], row["f"]) in plants, row
        assert BINOMIAL.match(row["s"]) and BINOMIAL.match(row["ps"]), row
        assert row["f"].endswith("aceae"), row  # botanical family names end in -aceae
    assert len({r["a"] for r in rows}) == len(animals)
    assert {r["c"] for r in rows} >= {"Mammalia", "Aves", "Reptilia", "Amphibia", "Insecta", "Actinopterygii"}


def test_elements_are_coherent() -> None:
    rows = table([{"name": "name", "generator": "Chemical Element"}, {"name": "sym", "generator": "Element Symbol"},
                  {"name": "z", "generator": "Atomic Number"}, {"name": "mass", "generator": "Atomic Mass"},
                  {"name": "cat", "generator": "Element Category"}]).to_pylist()
    by_number: dict[int, tuple[str, str, float]] = {}
    for row in rows:
        assert re.fullmatch(r"[A-Z][a-z]?", row["sym"]) and 1 <= row["z"] <= 118, row
        assert by_number.setdefault(row["z"], (row["sym"], row["name"], row["mass"])) == (
            row["sym"], row["name"], row["mass"]), row
        if row["z"] in KNOWN_ELEMENTS:
            assert KNOWN_ELEMENTS[row["z"]] == (row["sym"], row["name"]), row
    assert len(by_number) == 118
    symbols = [by_number[z][0] for z in sorted(by_number)]
    assert len(set(symbols)) == 118
    masses = [by_number[z][2] for z in sorted(by_number)]
    # Mass grows with the atomic number except for the few famous inversions (Ar/K, Co/Ni, Te/I, ...).
    assert sum(b < a for a, b in itertools.pairwise(masses)) <= 8


def test_unique_groups_walk_the_list_together() -> None:
    rows = table([{"name": "e", "generator": "Chemical Element", "unique": True},
                  {"name": "z", "generator": "Atomic Number"}], rows=118).to_pylist()
    assert sorted(r["z"] for r in rows) == list(range(1, 119))
    dinos = table([{"name": "d", "generator": "Dinosaur", "unique": True}], rows=80)["d"].to_pylist()
    assert len(set(dinos)) == 80 and all(re.fullmatch(r"[A-Z][a-z]+", d) for d in dinos)


def test_determinism_across_batches() -> None:
    fields = [{"name": "a", "generator": "Animal Common Name"}, {"name": "e", "generator": "Chemical Element"}]
    assert table(fields, rows=2_000, batch_size=9) == table(fields, rows=2_000)
