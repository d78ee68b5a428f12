"""Helpers generators share: the locale in force, uniqueness, sibling columns (found or required), category names."""

from __future__ import annotations

import pyarrow as pa

from synthdb.definition.model import Entity, Field
from synthdb.definition.suggest import did_you_mean
from synthdb.generators.base import Generator, ParamError

# Fabricate's category names (reference/fabricate.md), so every module spells them the same way.
CALCULATED = "Calculated or related values"
DATA_TYPES = "Data type and specific values"
PEOPLE = "Names and other identifying information"
CONTACT = "Telephone numbers and email addresses"
GEOGRAPHY = "Geographic locations"
AIR_TRAVEL = "Air travel"
SCIENCE = "Natural science"
NETWORKS = "Networks and files"
FINANCE = "Banking and finance"
DATES = "Dates and times"
VEHICLES = "Vehicles"
COMPANIES = "Companies and products"
HEALTHCARE = "Healthcare and health insurance"
LANGUAGES = "Languages"
MOVIES = "Movies"
EDUCATION = "Education"
UNSTRUCTURED = "Unstructured data"


def locale_of(generator: Generator) -> str:
    """The generator's `locale` parameter, else the database's locale."""
    return getattr(generator.params, "locale", None) or generator.siblings.locale


def is_unique(generator: Generator) -> bool:
    """True when the field must hold distinct values."""
    return bool(generator.field.unique or generator.field.primary_key)


def find_sibling(generator: Generator, cls: type[Generator]) -> str | None:
    """The first other field of the same entity whose generator is `cls` (or a subclass), if any."""
    for fld in generator.entity.fields:
        if fld.name == generator.field.name:
            continue
        other = generator.siblings.generator_of(fld)  # None: the planner reports that field itself
        if other is not None and issubclass(other, cls):
            return fld.name
    return None


def require_field(entity: Entity, name: str, param: str, *, other_than: str | None = None) -> Field:
    """The field `name` of `entity`, or a ParamError on `param` naming it with the closest field name.

    `other_than` excludes the generator's own field (a column cannot be computed from itself)."""
    fld = entity.field(name) if name != other_than else None
    if fld is None:
        names = [f.name for f in entity.fields if f.name != other_than]
        other = "other " if other_than is not None else ""
        raise ParamError(param, f"entity '{entity.name}' has no {other}field '{name}'{did_you_mean(name, names)}")
    return fld


def as_strings(values: pa.Array) -> pa.Array:
    """A sibling column as plain strings (its data_type may have made it something else)."""
    return values if values.type == pa.string() else values.cast(pa.string())
