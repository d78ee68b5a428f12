"""Turn a validated definition into a plan: generators bound to fields, column and table order, sizes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.definition.identifiers import check_identifiers
from synthdb.definition.model import Database, Entity, Field
from synthdb.errors import DefinitionError
from synthdb.generators.base import Generator
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
    # offsets[p] is the first child row of parent row p; offsets[-1] is the table size.
    offsets: np.ndarray | None = None
    # Constraints the engine fulfils by choosing value numbers together (engine/constraints.py).
    combinations: list[Any] = dataclass_field(default_factory=list)

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def exported_columns(self) -> list[ColumnPlan]:
        """Columns written to outputs, in the definition's order (generation order may differ)."""
        return [self.columns[f.name] for f in self.entity.fields if not f.virtual]

    def foreign_keys(self) -> list[ColumnPlan]:
        """Columns that declare a FOREIGN KEY (exported or not)."""
        return [c for c in self.columns.values() if c.generator.declares_foreign_key]


@dataclass
class Plan:
    """The whole run: tables in foreign-key order, each with sizes known."""

    database: Database
    seed: int
    variables: dict[str, Any]
    tables: dict[str, TablePlan]

    def table(self, name: str) -> TablePlan:
        return self.tables[name]


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


def build_plan(database: Database, seed: int | None = None, variables: Mapping[str, Any] | None = None) -> Plan:
    """Validate everything that can be checked before generating, and compute table sizes."""
    from synthdb.engine.columns import plan_table
    from synthdb.engine.constraints import plan_combinations
    from synthdb.engine.sizes import check_sizes, size_table
    from synthdb.engine.sql_tables import check_no_view_reads, check_sql_table
    from synthdb.engine.static import check_static
    from synthdb.engine.tables import check_column_cycles, link_types, order_tables

    # Names first: every later message quotes them, and they end up in scripts and file names.
    check_identifiers(database)
    run_seed = resolve_seed(database, seed)
    values = resolve_variables(database, variables)
    tables: dict[str, TablePlan] = {}
    for e_index, entity in enumerate(database.entities):
        path = f"entities[{e_index}]"
        if entity.view:  # SQL tables run after generation, on DuckDB (engine/sql_tables.py)
            check_sql_table(database, entity, path)
            continue
        check_static(entity, path)
        tables[entity.name] = plan_table(database, entity, path, run_seed)
        check_no_view_reads(database, tables[entity.name])
    ordered = order_tables(tables)
    link_types(ordered)
    check_column_cycles(ordered)
    plan = Plan(database, run_seed, values, ordered)
    for table in ordered.values():
        size_table(plan, table)
    check_sizes(plan)
    plan_combinations(plan)
    return plan
