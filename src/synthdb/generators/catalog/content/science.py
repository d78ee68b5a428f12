"""Natural science: animals, plants, chemical elements and dinosaurs from data files (src/synthdb/data/science/).

The columns of one group share one record: Animal Common Name "Snow leopard" comes with Animal
Scientific Name "Panthera uncia" and Animal Class "Mammalia"; Chemical Element "Iron" with Element Symbol
"Fe" and Atomic Number 26. A `unique` column makes the whole group walk a keyed permutation of the list.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import ClassVar

import numpy as np
import pyarrow as pa

from synthdb.definition.model import Field
from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.bundled import data_path
from synthdb.generators.helpers.common import SCIENCE, is_unique
from synthdb.generators.helpers.geodata import group_fields
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


@cache
def records(name: str) -> dict[str, pa.Array]:
    """A data file of data/science/ as string columns (a .txt file is one column, `name`)."""
    path = data_path("science", name)
    with path.open(encoding="utf-8") as handle:
        if name.endswith(".txt"):
            return {"name": pa.array([line.strip() for line in handle if line.strip()], pa.string())}
        rows = list(csv.DictReader(handle))
    return {key: pa.array([r[key] for r in rows], pa.string()) for key in rows[0]}


class RecordColumn(Generator[NoParams]):
    """One attribute of a record of `source`; columns of the same `group` share the record."""

    category = SCIENCE
    unique_values = True
    source: ClassVar[str] = ""
    group: ClassVar[str] = ""
    attribute: ClassVar[str] = "name"
    _unique_group = False

    def setup(self) -> None:
        family = _family(type(self))
        names = {self.field.name, *group_fields(self, family)}
        self._unique_group = any(
            (f.unique or f.primary_key) and _resolves_to(self, f, family)
            for f in self.entity.fields if f.name in names)

    def size(self) -> int:
        return len(records(self.source)[self.attribute])

    def capacity(self) -> int | None:
        return self.size()

    def index(self, ctx: ColumnContext) -> np.ndarray:
        stream = ctx.group(self.group).child(self.source)
        if self._unique_group or is_unique(self):
            return permute(ctx.rows, self.size(), derive_key(stream.key, "unique"))
        return stream.integers(ctx.rows, 0, self.size() - 1)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return records(self.source)[self.attribute].take(pa.array(self.index(ctx)))


def _family(cls: type[Generator]) -> type[Generator]:
    """The base class shared by the columns of one record kind (AnimalColumn, PlantColumn, ...)."""
    for klass in cls.__mro__:
        if RecordColumn in klass.__bases__:
            return klass
    return cls


def _resolves_to(generator: Generator, fld: Field, base: type[Generator]) -> bool:
    cls = generator.siblings.generator_of(fld)
    return cls is not None and issubclass(cls, base)


class AnimalColumn(RecordColumn):
    source = "animals.csv"
    group = "animal"


@register
class AnimalCommonName(AnimalColumn):
    """An animal's common English name ("Snow leopard")."""

    display_name = "Animal Common Name"
    key = "animal_common_name"
    aliases = ("animal", "animal_name")
    description = "An animal's common name, e.g. Snow leopard; agrees with the row's scientific name and class."
    attribute = "common_name"


@register
class AnimalScientificName(AnimalColumn):
    """An animal's binomial name ("Panthera uncia")."""

    display_name = "Animal Scientific Name"
    key = "animal_scientific_name"
    aliases = ("animal_species", "animal_binomial_name")
    description = "The binomial name of the row's animal, e.g. Panthera uncia."
    attribute = "scientific_name"


@register
class AnimalClass(AnimalColumn):
    """The taxonomic class of the row's animal ("Mammalia")."""

    display_name = "Animal Class"
    key = "animal_class"
    unique_values = False
    description = "The taxonomic class of the row's animal: Mammalia, Aves, Reptilia, Amphibia, Insecta, ..."
    attribute = "class"


class PlantColumn(RecordColumn):
    source = "plants.csv"
    group = "plant"


@register
class PlantCommonName(PlantColumn):
    """A plant's common English name ("Sugar maple")."""

    display_name = "Plant Common Name"
    key = "plant_common_name"
    aliases = ("plant", "plant_name")
    description = "A plant's common name, e.g. Sugar maple; agrees with the row's scientific name and family."
    attribute = "common_name"


@register
class PlantScientificName(PlantColumn):
    """A plant's binomial name ("Acer saccharum")."""

    display_name = "Plant Scientific Name"
    key = "plant_scientific_name"
    aliases = ("plant_species", "botanical_name")
    description = "The binomial name of the row's plant, e.g. Acer saccharum."
    attribute = "scientific_name"


@register
class PlantFamily(PlantColumn):
    """The botanical family of the row's plant ("Sapindaceae")."""

    display_name = "Plant Family"
    key = "plant_family"
    unique_values = False
    description = "The botanical family of the row's plant, e.g. Rosaceae."
    attribute = "family"


class ElementColumn(RecordColumn):
    source = "elements.csv"
    group = "element"


@register
class ChemicalElement(ElementColumn):
    """A chemical element's name ("Iron")."""

    display_name = "Chemical Element"
    key = "chemical_element"
    aliases = ("element", "element_name")
    description = "One of the 118 elements, e.g. Iron; agrees with the row's symbol and atomic number."


@register
class ElementSymbol(ElementColumn):
    """The symbol of the row's element ("Fe")."""

    display_name = "Element Symbol"
    key = "element_symbol"
    aliases = ("chemical_symbol",)
    description = "The chemical symbol of the row's element, e.g. Fe."
    attribute = "symbol"


@register
class AtomicNumber(ElementColumn):
    """The atomic number of the row's element (26)."""

    display_name = "Atomic Number"
    key = "atomic_number"
    description = "The atomic number (proton count) of the row's element, 1-118."
    attribute = "number"
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return super().generate(ctx).cast(pa.int64())


@register
class AtomicMass(ElementColumn):
    """The standard atomic weight of the row's element (mass number of the most stable isotope if none)."""

    display_name = "Atomic Mass"
    key = "atomic_mass"
    unique_values = False
    aliases = ("atomic_weight",)
    description = "The standard atomic weight of the row's element, e.g. 55.845 (most stable isotope if unstable)."
    attribute = "atomic_mass"
    arrow = pa.float64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return super().generate(ctx).cast(pa.float64())


@register
class ElementCategory(ElementColumn):
    """The category of the row's element ("Transition metal")."""

    display_name = "Element Category"
    key = "element_category"
    unique_values = False
    aliases = ("element_group",)
    description = "The category of the row's element: Alkali metal, Transition metal, Halogen, Noble gas, ..."
    attribute = "category"


@register
class Dinosaur(RecordColumn):
    """A dinosaur genus ("Triceratops")."""

    display_name = "Dinosaur"
    key = "dinosaur"
    aliases = ("dinosaur_name", "dinosaur_genus")
    description = "A dinosaur genus, e.g. Triceratops or Velociraptor."
    source = "dinosaurs.txt"
    group = "dinosaur"
