"""The generate use-case: definition + options -> an output file, written atomically."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.loader import load_definition
from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan, TablePlan, build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE, Producer
from synthdb.errors import UsageError
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS
from synthdb.service.atomic import atomic_path
from synthdb.service.progress import ProgressReporter, SilentProgress


@dataclass
class GenerateOptions:
    """Options of one generation run (the CLI flags and the API arguments)."""

    format: str = "csv"
    seed: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    entity: str | None = None
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE


def as_database(definition: Database | str | Path | Mapping[str, Any]) -> Database:
    """Accept a model, a path to a YAML/JSON file, or an already-parsed mapping."""
    if isinstance(definition, Database):
        return definition
    if isinstance(definition, Mapping):
        from synthdb.definition.loader import definition_from_data

        return definition_from_data(dict(definition))
    return load_definition(definition)


def selected_tables(plan: Plan, entity: str | None) -> list[TablePlan]:
    """The tables to write: all, or only `entity` (whose parents are recomputed, not written)."""
    if entity is None:
        return list(plan.tables.values())
    if entity not in plan.tables:
        known = ", ".join(plan.tables)
        raise UsageError(f"unknown entity '{entity}' (entities: {known})")
    return [plan.tables[entity]]


def column_infos(plan: Plan, table: TablePlan, written: set[str]) -> list[ColumnInfo]:
    """Writer-facing column descriptions; references only to tables that are written too."""
    infos = []
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
                nullable=not column.field.primary_key,
                unique=column.field.unique,
                references=reference,
            )
        )
    return infos


def build_job(
    plan: Plan,
    source: BatchSource,
    entity: str | None,
    progress: ProgressReporter,
) -> OutputJob:
    """Describe the tables to write; batches stream from `source` and report progress."""
    tables = selected_tables(plan, entity)
    written = {t.name for t in tables}

    def stream(table: TablePlan) -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in source.batches(table.name):
            done += batch.num_rows
            progress.advance(table.name, batch.num_rows, done, table.size)
            yield batch

    outputs = [
        TableOutput(t.name, column_infos(plan, t, written), t.size, lambda t=t: stream(t))  # type: ignore[misc]
        for t in tables
    ]
    return OutputJob(plan.database.name, plan.database.platform, outputs, single_entity=entity is not None)


def probe(plan: Plan, tables: list[TablePlan] | None = None, rows: int = 8) -> None:
    """Produce the first rows of each table so runtime errors surface before any file is opened."""
    producer = Producer(plan)
    for table in tables if tables is not None else plan.tables.values():
        if table.size:
            producer.batch(table, 0, min(rows, table.size))


def output_path(destination: Path | str | None, database: Database, suffix: str, entity: str | None) -> Path:
    """Where the output goes: the path given, or `<name><suffix>` inside a directory / the cwd."""
    stem = entity or database.name
    if destination is None:
        return Path.cwd() / f"{stem}{suffix}"
    path = Path(destination)
    return path / f"{stem}{suffix}" if path.is_dir() else path


def generate(
    definition: Database | str | Path | Mapping[str, Any],
    output: Path | str | None = None,
    options: GenerateOptions | None = None,
    progress: ProgressReporter | None = None,
) -> Path:
    """Generate every table (or one entity) in a format and write it atomically; returns the path."""
    options = options or GenerateOptions()
    progress = progress or SilentProgress()
    writer = FORMATS.get(options.format)
    if options.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {options.workers}")
    if options.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {options.batch_size}")
    database = as_database(definition)
    plan = build_plan(database, options.seed, options.variables)
    tables = selected_tables(plan, options.entity)
    probe(plan, tables)
    destination = output_path(output, database, writer.suffix_for(options.entity is not None), options.entity)
    progress.start(sum(t.size for t in tables))
    with BatchSource(plan, options.batch_size, options.workers) as source, atomic_path(destination) as temporary:
        job = build_job(plan, source, options.entity, progress)
        writer.write(job, temporary)
    progress.finish()
    return destination
