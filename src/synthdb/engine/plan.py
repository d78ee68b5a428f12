"""The plan's data: tables, columns and their sizes as the planner (engine/planner.py) fixed them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.definition.model import Database, Entity, Field
from synthdb.errors import DefinitionError
from synthdb.generators.base import Generator, ReferenceGenerator
from synthdb.generators.limits import MAX_TABLE_ROWS, MAX_TOTAL_ROWS
from synthdb.randomness import Stream


@dataclass(frozen=True)
class Related:
    """A dotted dependency such as `customer_id.created_at`: a parent column reached through a foreign key."""

    name: str
    via: str  # the foreign-key column of this table
    table: str  # the parent table
    column: str  # the parent column


@dataclass
class ColumnPlan:
    """One column: its generator, its random streams and its final Arrow type."""

    field: Field
    path: str
    generator: Generator
    stream: Stream
    null_stream: Stream
    group_seed: int
    arrow_type: pa.DataType = dataclass_field(default_factory=pa.string)
    # n of the declared VARCHAR(n)/CHAR(n) when values must be made to fit it (see fit_length.py).
    max_chars: int | None = None
    # CHECKs this column is redrawn for, as (sql, columns read): it is the last of their columns to be built
    # (engine/checks.py).
    row_checks: list[tuple[str, tuple[str, ...]]] = dataclass_field(default_factory=list)
    # Declared as an SQL array (`text[]`): values are written as array literal text (array_literals.py).
    sql_array: bool = False
    # A foreign key that closes a cycle between tables: written as NULL first and filled in a
    # second pass, or checked only once every table is loaded.
    deferred: bool = False

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def exported(self) -> bool:
        return not self.field.virtual


@dataclass
class TablePlan:
    """One table: its columns in generation order, its size, and the parent driving its row count."""

    entity: Entity
    path: str
    columns: dict[str, ColumnPlan]
    related: dict[str, Related] = dataclass_field(default_factory=dict)
    size: int = 0
    driver: ColumnPlan | None = None
    # Constraints the engine fulfils by choosing value numbers together (engine/constraints.py).
    combinations: list[Any] = dataclass_field(default_factory=list)
    # CHECK constraints every produced batch must meet (engine/checks.py).
    checks: list[Any] = dataclass_field(default_factory=list)
    # With a driver: the most children any parent row has, and the builder of `offsets`. Planning only
    # counts (in bounded chunks); the 8 bytes per parent row are allocated when rows are produced, so
    # planning in the API process stays small whatever the parent's size.
    most_children: int = 0
    offsets_builder: Callable[[], np.ndarray] | None = dataclass_field(default=None, repr=False)
    _offsets: np.ndarray | None = dataclass_field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def offsets(self) -> np.ndarray | None:
        """offsets[p] is the first child row of parent row p; offsets[-1] is the table size (None: no driver)."""
        if self._offsets is None and self.offsets_builder is not None:
            self._offsets = self.offsets_builder()
        return self._offsets

    @property
    def exported_columns(self) -> list[ColumnPlan]:
        """Columns written to outputs, in the definition's order (generation order may differ)."""
        return [self.columns[f.name] for f in self.entity.fields if not f.virtual]

    def foreign_keys(self) -> list[ColumnPlan]:
        """Columns that declare a FOREIGN KEY (exported or not)."""
        return [c for c in self.columns.values() if isinstance(c.generator, ReferenceGenerator)]


@dataclass(frozen=True)
class RowLimits:
    """Caps on sizes: rows of any one table, and rows of all tables together (the service lowers both)."""

    per_table: int = MAX_TABLE_ROWS
    total: int = MAX_TOTAL_ROWS


@dataclass
class Plan:
    """The whole run: tables in foreign-key order, each with sizes known."""

    database: Database
    seed: int
    variables: dict[str, Any]
    tables: dict[str, TablePlan]
    limits: RowLimits = dataclass_field(default_factory=RowLimits)
    # The definition as written, when `database` is its engine view (definition/schemas.py): entities
    # with a schema are named `schema.name` in `database`; `schemas` maps those keys to (schema, table).
    source: Database | None = None
    schemas: dict[str, tuple[str, str]] = dataclass_field(default_factory=dict)

    def table(self, name: str) -> TablePlan:
        return self.tables[name]

    @property
    def definition(self) -> Database:
        """The definition as written (what worker processes plan again)."""
        return self.source if self.source is not None else self.database


def resolve_seed(database: Database, seed: int | None) -> int:
    """The run's seed: the one given, else the definition's, else 0."""
    if seed is not None:
        return int(seed)
    return int(database.seed) if database.seed is not None else 0


def resolve_variables(database: Database, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """The definition's variables with overrides applied; an override must name a known variable."""
    values = dict(database.variables)
    for name, value in (overrides or {}).items():
        if name not in values:
            known = ", ".join(sorted(values)) or "none defined"
            raise DefinitionError(f"variables.{name}", f"unknown variable (variables: {known})")
        values[name] = value
    return values


def __getattr__(name: str) -> Any:
    # `build_plan` lived here; it moved to engine/planner.py, which imports the modules that import this one.
    if name == "build_plan":
        from synthdb.engine.planner import build_plan

        return build_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
