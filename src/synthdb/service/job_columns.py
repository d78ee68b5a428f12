"""Writer-facing descriptions of a run's tables: column types, keys and references, for formats and targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from synthdb.definition.constraints import CheckConstraint, UniqueConstraint
from synthdb.engine.plan import Plan, TablePlan
from synthdb.outputs.job import ColumnInfo

if TYPE_CHECKING:  # sql_tables imports duckdb and sqlglot: only definitions with SQL tables load them
    from synthdb.engine.sql_tables import SqlTable


def sql_table_infos(sql_table: SqlTable) -> list[ColumnInfo]:
    """Writer-facing columns of a SQL table: DuckDB's result types, or the fields' declared data_type."""
    return [ColumnInfo(name=f.name, arrow_type=f.type, data_type=sql_table.declared.get(f.name))
            for f in sql_table.schema]


def column_infos(plan: Plan, table: TablePlan, written: set[str]) -> list[ColumnInfo]:
    """Writer-facing column descriptions; references only to tables that are written too."""
    infos = []
    composite = set(composite_primary_key(table))
    for column in table.exported_columns:
        reference = None
        declared = column.field.data_type
        if column.generator.declares_foreign_key:
            parent, parent_column = column.generator.references()[0]
            if declared is None:
                # A foreign key column takes its parent column's declared type.
                declared = plan.tables[parent].columns[parent_column].field.data_type
            if parent in written:
                reference = (parent, parent_column)
        infos.append(
            ColumnInfo(
                name=column.name,
                arrow_type=column.arrow_type,
                data_type=declared,
                primary_key=column.field.primary_key,
                nullable=not (column.field.primary_key or column.name in composite or column.field.nullable is False),
                unique=column.field.unique,
                references=reference,
                deferred=column.deferred,
                index=bool(column.field.index),
            )
        )
    return infos


def unique_together(table: TablePlan) -> list[list[str]]:
    """The table's multi-column `unique` constraints, for writers that declare them (the primary key apart)."""
    return [list(c.fields) for c in table.entity.constraints
            if isinstance(c, UniqueConstraint) and len(c.fields) > 1 and not c.primary_key]


def composite_primary_key(table: TablePlan) -> list[str]:
    """The fields of the unique constraint marked primary_key, or []."""
    return next((list(c.fields) for c in table.entity.constraints
                 if isinstance(c, UniqueConstraint) and c.primary_key), [])


def table_checks(table: TablePlan) -> list[tuple[str | None, str]]:
    """The table's CHECK constraints as (name, SQL in SQLite's dialect), for writers that declare them."""
    return [(c.name, c.sql) for c in table.entity.constraints if isinstance(c, CheckConstraint)]
