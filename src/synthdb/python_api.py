"""The Python API: `generate(...)` to a file and `iter_batches(...)` for Arrow record batches per table."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.model import Database
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.engine.strict import relax
from synthdb.errors import DefinitionWarning
from synthdb.service.generate import GenerateOptions
from synthdb.service.generate import generate as _generate
from synthdb.service.run import Definition, Run, RunOptions, as_database

__all__ = ["Definition", "generate", "iter_batches", "iter_tables", "to_tables", "validate"]


def _database(definition: Definition, lenient: bool) -> tuple[Database, list[str]]:
    """The model of `definition`; with `lenient`, without its unknown keys, each one warned about."""
    database = as_database(definition)
    if not lenient:
        return database, []
    database, messages = relax(database)
    for message in messages:
        warnings.warn(message, DefinitionWarning, stacklevel=3)
    return database, messages


def validate(
    definition: Definition, *, variables: Mapping[str, Any] | None = None, lenient: bool = False
) -> list[str]:
    """Check a definition without generating (as `synthdb validate`); raise DefinitionError, or return the
    warnings of a lenient read.

    Unknown keys (a misspelt parameter, a foreign tool's attribute) are errors, or with `lenient=True`
    warnings (also issued as DefinitionWarning) and ignored.
    """
    database, messages = _database(definition, lenient)
    Run(database, RunOptions(variables=dict(variables or {}))).probe()
    return messages


def generate(
    definition: Definition,
    format: str = "csv",
    output: str | Path | None = None,
    *,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    entity: str | None = None,
    workers: int | None = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    views: str = "table",
    lenient: bool = False,
    csv_escape_formulas: bool = False,
    csv_quoting: str | None = None,
    threads: int | None = None,
) -> Path:
    """Generate a definition (model, file path or mapping) to `output` in `format`; returns the path.

    `views="view"` declares SQL tables as real views (sql, sqlite and postgres-optimized formats);
    `lenient=True` ignores unknown keys with a DefinitionWarning instead of refusing them;
    `csv_escape_formulas` prefixes CSV values a spreadsheet would run as formulas with `'`;
    `csv_quoting` is "minimal" (the default: quote only when needed), "strings" or "all";
    batches are made on `threads` threads (None: one per core), or in `workers` processes when above 1;
    the bytes are the same for any numbers.
    """
    options = GenerateOptions(format, seed, dict(variables or {}), entity, workers, batch_size, views,
                              csv_escape_formulas, csv_quoting, threads)
    return _generate(_database(definition, lenient)[0], output, options)


def iter_tables(
    definition: Definition,
    *,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    entity: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lenient: bool = False,
    threads: int | None = None,
) -> Iterator[tuple[str, pa.Schema, Iterator[pa.RecordBatch]]]:
    """Yield (table name, schema, its batches) per table in foreign-key order (or just `entity`).

    SQL tables (view: true) come last; they are computed on DuckDB when their batches are first read.
    """
    options = RunOptions(seed, dict(variables or {}), entity, workers, batch_size, threads)
    with Run(_database(definition, lenient)[0], options) as run:
        yield from run.iter_tables()


def iter_batches(definition: Definition, **options: Any) -> Iterator[tuple[str, pa.RecordBatch]]:
    """Yield (table name, Arrow record batch) for every table in foreign-key order (or one entity).

    Accepts the keyword options of `iter_tables` (seed, variables, entity, workers, batch_size, lenient,
    threads).
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
