"""The Python API: `generate(...)` to a file and `iter_batches(...)` for Arrow record batches per table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE, table_schema
from synthdb.engine.sql_tables import SqlTablePhase
from synthdb.service.generate import (
    GenerateOptions,
    as_database,
    selected_sql_tables,
    selected_tables,
    written_sql_tables,
)
from synthdb.service.generate import generate as _generate

Definition = Database | str | Path | Mapping[str, Any]


def generate(
    definition: Definition,
    format: str = "csv",
    output: str | Path | None = None,
    *,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    entity: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    views: str = "table",
    csv_escape_formulas: bool = False,
) -> Path:
    """Generate a definition (model, file path or mapping) to `output` in `format`; returns the path.

    `views="view"` declares SQL tables as real views (sql, sqlite and postgres-optimized formats);
    `csv_escape_formulas` prefixes CSV values a spreadsheet would run as formulas with `'`.
    """
    options = GenerateOptions(format, seed, dict(variables or {}), entity, workers, batch_size, views,
                              csv_escape_formulas)
    return _generate(definition, output, options)


def iter_tables(
    definition: Definition,
    *,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    entity: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[tuple[str, pa.Schema, Iterator[pa.RecordBatch]]]:
    """Yield (table name, schema, its batches) per table in foreign-key order (or just `entity`).

    SQL tables (view: true) come last; they are computed on DuckDB when their batches are first read.
    """
    plan = build_plan(as_database(definition), seed, variables)
    tables = selected_tables(plan, entity, sql_tables=True)
    sql_tables = selected_sql_tables(plan, entity)
    with BatchSource(plan, batch_size, workers) as source, SqlTablePhase(plan, sql_tables, source) as phase:
        for table in tables:
            yield table.name, table_schema(table), source.batches(table.name)
        for name in written_sql_tables(sql_tables, entity):
            yield name, sql_tables[name].schema, phase.batches(name, batch_size)


def iter_batches(definition: Definition, **options: Any) -> Iterator[tuple[str, pa.RecordBatch]]:
    """Yield (table name, Arrow record batch) for every table in foreign-key order (or one entity).

    Accepts the keyword options of `iter_tables` (seed, variables, entity, workers, batch_size).
    """
    for name, _schema, batches in iter_tables(definition, **options):
        for batch in batches:
            yield name, batch


def to_tables(definition: Definition, **options: Any) -> dict[str, pa.Table]:
    """Every table as an in-memory Arrow table (convenient for small data and tests)."""
    return {
        name: pa.Table.from_batches(list(batches), schema=schema)
        for name, schema, batches in iter_tables(definition, **options)
    }
