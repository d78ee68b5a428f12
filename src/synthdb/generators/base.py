"""The Generator base class and the context a generator receives for one batch of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np
import pyarrow as pa
from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict

from synthdb.definition.model import Database, Entity, Field
from synthdb.definition.suggest import did_you_mean
from synthdb.generators.siblings import Siblings
from synthdb.randomness import Stream, derive_key

Lookup = Callable[[str, str, np.ndarray], pa.Array]
P = TypeVar("P", bound=BaseModel)


class ParamError(ValueError):
    """A generator parameter is invalid; `param` names it so the error can point at it."""

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(message)


class ParamsModel(BaseModel):
    """Base of the catalog's parameter models: each is built on first use (pydantic's defer_build), so
    importing a catalog module does not build the validators of the generators a definition does not use
    (about 0.15 s for the whole catalog)."""

    model_config = ConfigDict(defer_build=True)


class NoParams(ParamsModel):
    """Parameters of a generator that takes none (unknown keys are refused before, by engine/strict.py)."""

    model_config = ConfigDict(extra="ignore")


def validated_params(model: type[P], values: Mapping[str, Any]) -> P:
    """`model.model_validate(values)`; with no values and nothing to check, the defaults without building
    the model's validator (a deferred build costs 1-3 ms per parameter class on a start)."""
    if not values and _defaults_need_no_checks(model):
        return model.model_construct()
    return model.model_validate(values)


@cache
def _defaults_need_no_checks(model: type[BaseModel]) -> bool:
    """True when validating `{}` can only give the defaults: every field has one, none is validated
    (`validate_default`), and the model has no model validator (which pydantic runs on `{}` too)."""
    if model.__pydantic_decorators__.model_validators or not getattr(model, "__pydantic_fields_complete__", True):
        return False
    if model.model_config.get("validate_default"):
        return False
    return all(not info.is_required() and not info.validate_default for info in model.model_fields.values())


def unknown_params(generator: type[Generator[Any]], keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, message) for each of `keys` that `generator` does not read: `unknown parameter of Number;
    did you mean 'max'?` (suggestions among its parameters and the field attributes)."""
    params: type[BaseModel] = generator.Params
    accepted = param_names(params)
    candidates = [*sorted(accepted), *Field.model_fields]
    return [(key, f"unknown parameter of {generator.display_name}{did_you_mean(key, candidates)}")
            for key in keys if key not in accepted]


@cache
def param_names(params: type[BaseModel]) -> frozenset[str]:
    """Every key a parameter class reads: its field names and their aliases (AliasChoices included).

    Parameter classes ignore unknown keys themselves; the strictness check (engine/strict.py) compares a
    field's keys with these names, so one check covers every generator.
    """
    names: set[str] = set()
    for name, info in params.model_fields.items():
        names.add(name)
        for alias in (info.alias, info.validation_alias):
            if isinstance(alias, str):
                names.add(alias)
            elif isinstance(alias, AliasChoices):
                names.update(c if isinstance(c, str) else str(c.path[0]) for c in alias.choices)
            elif isinstance(alias, AliasPath):
                names.add(str(alias.path[0]))
    return frozenset(names)


@dataclass
class ColumnContext:
    """Everything a generator may read while producing one batch of one column."""

    rows: np.ndarray
    stream: Stream
    columns: Mapping[str, pa.Array]
    table_size: int
    # Computes column values of any table at given row indices (pure, so parents need not be stored).
    lookup: Lookup
    table_size_of: Callable[[str], int]
    # Parent row index per row, when this table's row count is driven by a foreign key distribution,
    # and (parent entity, group_key) of the foreign key that drives it.
    driving_parent_rows: np.ndarray | None = None
    driving_key: tuple[str, str | None] | None = None
    # Parent row index per row (-1 where null) of the foreign-key columns built so far in this batch.
    parent_rows: dict[str, np.ndarray] = field(default_factory=dict)
    # Rows that percent_null makes null in this column (None: no nulls asked for).
    null_mask: np.ndarray | None = None
    # First row of each row's partition (its driving parent's children), when a foreign key drives the table.
    partition_start: np.ndarray | None = None
    partition_stop: np.ndarray | None = None
    # Aggregates a child table's column per parent row: (child table, foreign key, value column or None,
    # parent rows, "sum" | "count" | "avg") -> one value per parent row.
    aggregate: Callable[[str, str, str | None, np.ndarray, str], pa.Array] | None = None
    # Key shared by the columns of one table that draw "the same thing" (see `group`).
    group_seed: int = 0
    group_key: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    # The run's seed: for draws that several tables share (a parent table's best-sellers).
    seed: int = 0

    def __len__(self) -> int:
        return len(self.rows)

    def group(self, default: str) -> Stream:
        """A stream shared by the table's columns in one coherence group.

        Columns with the same `group_key` (or, without one, the same `default`, e.g. "address") get the
        same draws per row, so a city, its state and its postal code can pick one real place together.
        """
        return Stream(derive_key(self.group_seed, "group", self.group_key or default))


class Generator(Generic[P]):
    """A vectorized value generator for one column, generic over its parameter class.

    Subclasses set `display_name` (Fabricate's name), `key` (snake_case id), `category`, a pydantic
    `Params` model for their parameters, and implement `generate`: `class Number(Generator[NumberParams])`
    with `Params = NumberParams` types `self.params` as NumberParams (mypy checks the two agree).
    """

    display_name: ClassVar[str]
    key: ClassVar[str]
    category: ClassVar[str] = "Data type and specific values"
    aliases: ClassVar[tuple[str, ...]] = ()
    # Generators without parameters are Generator[NoParams] and inherit this default; a ClassVar cannot
    # hold a type variable, hence a plain attribute and the ignore.
    Params: type[P] = NoParams  # type: ignore[assignment]
    arrow: ClassVar[pa.DataType] = pa.string()
    description: ClassVar[str] = ""
    # True when the generator yields distinct values for a `unique` or `primary_key` field (by
    # construction, e.g. a keyed bijection of the row index); the planner rejects the others.
    unique_values: ClassVar[bool] = False
    # True when outputs should declare a FOREIGN KEY constraint from this column to `references()`: only
    # ReferenceGenerator sets it. The engine asks isinstance(g, ReferenceGenerator); the attribute stays for
    # the writer-facing columns (service/job_columns.py), outside the generators' scope.
    declares_foreign_key: ClassVar[bool] = False

    params: P

    def __init__(self, params: P, field: Field, entity: Entity, database: Database) -> None:
        self.params = params
        self.field = field
        self.entity = entity
        # What a generator reads of the rest of the definition: its entity's fields and the locale.
        self.siblings = Siblings(entity, database.locale)
        # The whole definition: only for generators that read other tables (catalog/relational/: Foreign
        # Key, Column/Sum From Another Table, SQL), for building nested generators in the same context
        # (Array/Object, National ID) and for the engine's postprocessing names.
        self.database = database

    def setup(self) -> None:
        """Check parameters against the rest of the definition; raise ParamError when wrong."""

    def dependencies(self) -> list[str]:
        """Names of columns of the same table this generator reads."""
        return []

    def references(self) -> list[tuple[str, str]]:
        """(table, column) pairs of other tables this generator reads; they are generated first."""
        return []

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        """Learn the types of referenced columns, once every column of the database is planned."""

    def arrow_type(self) -> pa.DataType:
        """The Arrow type of the values this generator returns."""
        return self.arrow

    def capacity(self) -> int | None:
        """How many distinct values it can produce (None: effectively unbounded)."""
        return None

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> pa.Array | None:
        """Value number `indices` (0 <= i < capacity()) of the distinct values this generator can yield;
        None when it cannot enumerate them. Table constraints build unique combinations from these."""
        return None

    def guarantees_unique(self) -> bool:
        """True when this generator yields distinct values for a unique / primary key field."""
        return self.unique_values

    def distinct_within_parent(self) -> bool:
        """True when no two children of one driving parent get the same value (a per-parent 1, 2, 3, ...)."""
        return False

    def check_sizes(self, table_size: int, size_of: Callable[[str], int], lookup: Lookup) -> None:
        """Once every table's size is known: reject impossible requests (raise ParamError)."""

    def generate(self, ctx: ColumnContext) -> pa.Array | np.ndarray:
        """Return one value per row of `ctx.rows`."""
        raise NotImplementedError


class ReferenceGenerator(Generator[P]):
    """A generator whose values are rows of another table (Foreign Key and its kin): it declares a
    FOREIGN KEY to `references()[0]`, picks a parent row per row, and may drive its table's row count
    (children per parent). The engine checks `isinstance(generator, ReferenceGenerator)` before using
    these hooks, so plain generators carry none of them."""

    declares_foreign_key: ClassVar[bool] = True

    def drives_row_count(self) -> bool:
        """True when the table's row count comes from this generator (children per parent)."""
        return False

    def children_per_parent(self, parent_rows: np.ndarray, stream: Stream, lookup: Lookup) -> np.ndarray:
        """Number of child rows for each parent row (only when `drives_row_count`)."""
        raise NotImplementedError

    def pick_parents(self, ctx: ColumnContext) -> np.ndarray:
        """The parent row index per row (pure: a function of the row, the stream and the context)."""
        raise NotImplementedError

    def driving_parent(self) -> str | None:
        """The parent table whose rows drive this table's count, if any."""
        return None

    def check_group_sizes(self, most_children: int) -> None:
        """After `check_sizes`, in a table whose rows a foreign key drives: reject what its largest group
        (`most_children` rows of one parent) makes impossible (raise ParamError)."""


def drives_row_count(generator: Generator[Any]) -> bool:
    """True when `generator` is a reference generator that sets its table's row count."""
    return isinstance(generator, ReferenceGenerator) and generator.drives_row_count()


def as_reference(generator: Generator[Any]) -> ReferenceGenerator[Any]:
    """`generator` as a ReferenceGenerator: the driver of a table's row count always is one."""
    if not isinstance(generator, ReferenceGenerator):
        raise TypeError(f"{generator.display_name} does not refer to another table")
    return generator
