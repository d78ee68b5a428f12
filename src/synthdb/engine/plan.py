"""Turn a validated definition into a plan: generators bound to fields, column and table order, sizes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import ValidationError

from synthdb.datatypes import arrow_type_for
from synthdb.definition.expressions import ExpressionError, evaluate
from synthdb.definition.loader import format_path
from synthdb.definition.model import Database, Entity, Field
from synthdb.engine.ordering import CycleError, dependency_order
from synthdb.errors import DefinitionError
from synthdb.generators.base import Generator, ParamError
from synthdb.generators.registry import REGISTRY, UnknownGenerator
from synthdb.randomness import Stream, derive_key

MAX_ROWS = 10**12
_COUNT_CHUNK = 1 << 20


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
    size: int = 0
    driver: ColumnPlan | None = None
    # offsets[p] is the first child row of parent row p; offsets[-1] is the table size.
    offsets: np.ndarray | None = None

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def exported_columns(self) -> list[ColumnPlan]:
        """Columns written to outputs, in the definition's order (generation order may differ)."""
        return [self.columns[f.name] for f in self.entity.fields if not f.virtual]

    def references(self) -> list[tuple[str, str, str]]:
        """(column, parent table, parent column) for every exported foreign-key-like column."""
        out = []
        for column in self.exported_columns:
            for table, parent_column in column.generator.references():
                if column.generator.declares_foreign_key:
                    out.append((column.name, table, parent_column))
        return out


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
    run_seed = resolve_seed(database, seed)
    values = resolve_variables(database, variables)
    tables: dict[str, TablePlan] = {}
    for e_index, entity in enumerate(database.entities):
        tables[entity.name] = _plan_table(database, entity, f"entities[{e_index}]", run_seed)
    ordered = _order_tables(tables)
    _link_types(ordered)
    plan = Plan(database, run_seed, values, ordered)
    for table in ordered.values():
        _size_table(plan, table)
    return plan


def _plan_table(database: Database, entity: Entity, path: str, seed: int) -> TablePlan:
    columns: dict[str, ColumnPlan] = {}
    for f_index, fld in enumerate(entity.fields):
        fpath = f"{path}.fields[{f_index}]"
        generator = _make_generator(database, entity, fld, fpath)
        key_seed = fld.seed if fld.seed is not None else entity.seed if entity.seed is not None else seed
        stream = Stream(derive_key(key_seed, entity.name, fld.name))
        group_seed = derive_key(key_seed, entity.name)
        columns[fld.name] = ColumnPlan(fld, fpath, generator, stream, stream.child("null"), group_seed)
        if fld.primary_key and fld.percent_null:
            raise DefinitionError(f"{fpath}.percent_null", "a primary key cannot be null")
        if (fld.unique or fld.primary_key) and not generator.unique_values:
            flag = "unique" if fld.unique else "primary_key"
            raise DefinitionError(
                f"{fpath}.{flag}",
                f"{generator.display_name} cannot guarantee distinct values, which '{flag}' requires; "
                "use a generator that can (Number, UUID, Character Sequence, Email Address, ...)",
            )
    depends = {name: c.generator.dependencies() for name, c in columns.items()}
    for name, deps in depends.items():
        for dep in deps:
            if dep not in columns:
                message = f"refers to field '{dep}', which entity '{entity.name}' lacks"
                raise DefinitionError(columns[name].path, message)
    try:
        order = dependency_order(list(columns), depends)
    except CycleError as exc:
        raise DefinitionError(f"{path}.fields", f"fields depend on each other in a cycle: {exc}") from exc
    table = TablePlan(entity, path, {name: columns[name] for name in order})
    drivers = [c for c in table.columns.values() if c.generator.drives_row_count()]
    if len(drivers) > 1:
        names = ", ".join(c.name for c in drivers)
        raise DefinitionError(path, f"only one foreign key may set children per parent, but {names} all do")
    table.driver = drivers[0] if drivers else None
    return table


def _make_generator(database: Database, entity: Entity, fld: Field, path: str) -> Generator:
    try:
        cls = REGISTRY.resolve(fld.generator)
    except UnknownGenerator as exc:
        raise DefinitionError(f"{path}.generator", str(exc)) from exc
    try:
        params = cls.Params.model_validate(fld.params)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = format_path(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = f"{cls.display_name} needs '{where}'"
        raise DefinitionError(f"{path}.{where}" if where else path, message) from exc
    generator = cls(params, fld, entity, database)
    try:
        generator.setup()
    except ParamError as exc:
        raise DefinitionError(f"{path}.{exc.param}", str(exc)) from exc
    return generator


def _order_tables(tables: dict[str, TablePlan]) -> dict[str, TablePlan]:
    depends: dict[str, list[str]] = {}
    for name, table in tables.items():
        parents = {t for c in table.columns.values() for t, _ in c.generator.references()}
        depends[name] = sorted(parents - {name})
    try:
        order = dependency_order(list(tables), depends)
    except CycleError as exc:
        raise DefinitionError("entities", f"tables refer to each other in a cycle: {exc}") from exc
    return {name: tables[name] for name in order}


def _link_types(tables: dict[str, TablePlan]) -> None:
    """Settle each column's Arrow type; references take their parent column's type."""
    settled: dict[tuple[str, str], pa.DataType] = {}

    def column_type(table: str, column: str) -> pa.DataType:
        return settled[(table, column)]

    for table in tables.values():
        for column in table.columns.values():
            column.generator.link(column_type)
            declared = arrow_type_for(column.field.data_type)
            column.arrow_type = declared if declared is not None else column.generator.arrow_type()
            settled[(table.name, column.name)] = column.arrow_type


def _size_table(plan: Plan, table: TablePlan) -> None:
    if table.driver is not None:
        parent = plan.tables[table.driver.generator.driving_parent() or ""]
        table.offsets = _child_offsets(table.driver, parent.size)
        table.size = int(table.offsets[-1])
        _check_capacity(table)
        return
    path = f"{table.path}.record_count"
    try:
        count = evaluate(table.entity.record_count, plan.variables)
    except ExpressionError as exc:
        raise DefinitionError(path, str(exc)) from exc
    if count != count or count < 0:
        raise DefinitionError(path, f"must be a non-negative number of rows, got {count:g}")
    if count > MAX_ROWS:
        raise DefinitionError(path, f"{count:g} rows is more than the limit of {MAX_ROWS:,}")
    table.size = round(count)
    _check_capacity(table)


def _check_capacity(table: TablePlan) -> None:
    for column in table.columns.values():
        if not (column.field.unique or column.field.primary_key):
            continue
        capacity = column.generator.capacity()
        if capacity is not None and capacity < table.size:
            raise DefinitionError(
                column.path,
                f"{table.size:,} unique values are needed but {column.generator.display_name} "
                f"with these parameters has only {capacity:,}",
            )


def _child_offsets(driver: ColumnPlan, parent_size: int) -> np.ndarray:
    """Prefix sums of children per parent; held in memory (8 bytes per parent row)."""
    offsets = np.zeros(parent_size + 1, dtype=np.int64)
    stream = driver.stream.child("children")
    for start in range(0, parent_size, _COUNT_CHUNK):
        rows = np.arange(start, min(parent_size, start + _COUNT_CHUNK), dtype=np.int64)
        offsets[start + 1 : start + 1 + len(rows)] = driver.generator.children_per_parent(rows, stream)
    np.cumsum(offsets, out=offsets)
    return offsets
