"""The Python API: `generate(...)` to a file and `iter_batches(...)` for Arrow record batches per table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.service.generate import GenerateOptions, as_database, selected_tables
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
) -> Path:
    """Generate a definition (model, file path or mapping) to `output` in `format`; returns the path."""
    options = GenerateOptions(format, seed, dict(variables or {}), entity, workers, batch_size)
    return _generate(definition, output, options)


def iter_batches(
    definition: Definition,
    *,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    entity: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[tuple[str, pa.RecordBatch]]:
    """Yield (table name, Arrow record batch) for every table in foreign-key order (or one entity)."""
    plan = build_plan(as_database(definition), seed, variables)
    with BatchSource(plan, batch_size, workers) as source:
        for table in selected_tables(plan, entity):
            for batch in source.batches(table.name):
                yield table.name, batch


def to_tables(definition: Definition, **kwargs: Any) -> dict[str, pa.Table]:
    """Every table as an in-memory Arrow table (convenient for small data and tests)."""
    batches: dict[str, list[pa.RecordBatch]] = {}
    plan = build_plan(as_database(definition), kwargs.get("seed"), kwargs.get("variables"))
    schemas = {}
    from synthdb.engine.produce import table_schema

    for table in selected_tables(plan, kwargs.get("entity")):
        schemas[table.name] = table_schema(table)
        batches[table.name] = []
    for name, batch in iter_batches(definition, **kwargs):
        batches[name].append(batch)
    return {name: pa.Table.from_batches(batches[name], schema=schemas[name]) for name in batches}
