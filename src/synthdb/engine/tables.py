"""Order tables by their foreign keys (breaking cycles at a nullable key) and settle column types."""

from __future__ import annotations

import itertools

import pyarrow as pa

from synthdb.datatypes import arrow_type_for
from synthdb.engine.array_literals import is_array_type
from synthdb.engine.fit_length import declared_length
from synthdb.engine.ordering import CycleError, dependency_order
from synthdb.engine.plan import ColumnPlan, TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.base import ReferenceGenerator, drives_row_count


def _nullable(column: ColumnPlan) -> bool:
    return bool(column.field.percent_null > 0 or column.field.nullable is True)


def order_tables(tables: dict[str, TablePlan]) -> dict[str, TablePlan]:
    """Tables after the tables they reference; a cycle is broken at a nullable foreign key (deferred)."""
    edges: dict[str, list[tuple[str, ColumnPlan]]] = {name: [] for name in tables}
    for name, table in tables.items():
        for column in table.foreign_keys():
            parent = column.generator.references()[0][0]
            if parent != name:
                edges[name].append((parent, column))
    while True:
        depends = {name: [p for p, c in pairs if not c.deferred] for name, pairs in edges.items()}
        try:
            order = dependency_order(list(tables), depends)
            return {name: tables[name] for name in order}
        except CycleError as exc:
            _defer_one(exc.cycle, edges, tables)


def _defer_one(cycle: list[str], edges: dict[str, list[tuple[str, ColumnPlan]]], tables: dict[str, TablePlan]) -> None:
    # graphlib lists a cycle so that each table is a dependency of the next one.
    along = [c for before, after in itertools.pairwise(cycle)
             for parent, c in edges[after] if parent == before and not c.deferred]
    names = ", ".join(f"{_owner(c, tables)}.{c.name}" for c in along)
    breakable = [c for c in along if _nullable(c) and not drives_row_count(c.generator)]
    if not breakable:
        raise DefinitionError(
            "entities",
            f"tables {' -> '.join(cycle)} refer to each other in a cycle through {names}; make one of these "
            "foreign keys nullable (percent_null > 0 or nullable: true) so it can be filled in a second pass",
        )
    breakable[0].deferred = True


def _owner(column: ColumnPlan, tables: dict[str, TablePlan]) -> str:
    return next(t.name for t in tables.values() if column in t.columns.values())


def check_column_cycles(tables: dict[str, TablePlan]) -> None:
    """Reject columns that depend on themselves through other tables (e.g. a total summing itself)."""
    nodes: list[str] = []
    depends: dict[str, list[str]] = {}
    for table in tables.values():
        for column in table.columns.values():
            node = f"{table.name}.{column.name}"
            nodes.append(node)
            deps = []
            for dep in column.generator.dependencies():
                link = table.related.get(dep)
                deps += [f"{table.name}.{link.via}", f"{link.table}.{link.column}"] if link else [f"{table.name}.{dep}"]
            deps += [f"{parent}.{parent_column}" for parent, parent_column in column.generator.references()
                     if f"{parent}.{parent_column}" != node]
            depends[node] = deps
    try:
        dependency_order(nodes, depends)
    except CycleError as exc:
        raise DefinitionError("entities", f"columns depend on each other in a cycle: {exc}") from exc


def link_types(tables: dict[str, TablePlan]) -> None:
    """Settle each column's Arrow type; references take their parent column's type."""
    settled: dict[tuple[str, str], pa.DataType] = {}

    def column_type(table: str, column: str) -> pa.DataType:
        if (table, column) not in settled:  # a deferred (cycle) or self reference: settle the parent first
            settle(tables[table].columns[column], table)
        return settled[(table, column)]

    def settle(column: ColumnPlan, table: str) -> None:
        column.generator.link(column_type)
        declared = arrow_type_for(column.field.data_type)
        column.arrow_type = declared if declared is not None else column.generator.arrow_type()
        settled[(table, column.name)] = column.arrow_type
        column.sql_array = is_array_type(column.field.data_type)
        # Keys keep their values: a redrawn or cut key could repeat or lose its parent.
        text = pa.types.is_string(column.arrow_type) or pa.types.is_large_string(column.arrow_type)
        keyed = column.field.unique or column.field.primary_key or isinstance(column.generator, ReferenceGenerator)
        if text and not keyed and not column.sql_array:  # an array literal's length is not an element's
            column.max_chars = declared_length(column.field)

    for table in tables.values():
        for column in table.columns.values():
            if (table.name, column.name) not in settled:
                settle(column, table.name)
