"""The Python API: `generate(...)` to a file and `iter_batches(...)` for Arrow record batches per table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.service.generate import GenerateOptions
from synthdb.service.generate import generate as _generate
from synthdb.service.run import Definition, Run, RunOptions

__all__ = ["Definition", "generate", "iter_batches", "iter_tables", "to_tables"]


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
) -> Path:
    """Generate a definition (model, file path or mapping) to `output` in `format`; returns the path.

    `views="view"` declares SQL tables as real views (sql, sqlite and postgres-optimized formats).
    """
    options = GenerateOptions(format, seed, dict(variables or {}), entity, workers, batch_size, views)
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
    options = RunOptions(seed, dict(variables or {}), entity, workers, batch_size)
    with Run(definition, options) as run:
        yield from run.iter_tables()


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
