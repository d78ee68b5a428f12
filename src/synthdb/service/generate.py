"""The generate use-case: definition + options -> an output file, written atomically."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.identifiers import check_output_names
from synthdb.definition.loader import load_definition
from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan, TablePlan, build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE, Producer
from synthdb.engine.sql_tables import SqlTable, SqlTablePhase, plan_sql_tables
from synthdb.errors import UsageError
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS, OutputFormat
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
    # "table": SQL tables are computed and written as tables; "view": declared as CREATE VIEW
    # (sql, sqlite and postgres-optimized only).
    views: str = "table"
    # csv only: prefix values a spreadsheet would run as formulas with `'` (outputs/formulas.py).
    csv_escape_formulas: bool = False


def as_database(definition: Database | str | Path | Mapping[str, Any]) -> Database:
    """Accept a model, a path to a YAML/JSON file, or an already-parsed mapping."""
    if isinstance(definition, Database):
        return definition
    if isinstance(definition, Mapping):
        from synthdb.definition.loader import definition_from_data

        return definition_from_data(dict(definition))
    return load_definition(definition)


def _is_sql_table(plan: Plan, name: str) -> bool:
    entity = plan.database.entity(name)
    return entity is not None and entity.view


def selected_tables(plan: Plan, entity: str | None, sql_tables: bool = False) -> list[TablePlan]:
    """The generated tables to write: all, or only `entity` (whose parents are recomputed, not written).

    With `sql_tables`, `entity` may name a SQL table: no generated table is then written.
    """
    if entity is None:
        return list(plan.tables.values())
    if entity in plan.tables:
        return [plan.tables[entity]]
    if _is_sql_table(plan, entity):
        if sql_tables:
            return []
        raise UsageError(f"'{entity}' is a SQL table (view: true); only generated tables can be chosen here")
    known = ", ".join(e.name for e in plan.database.entities)
    raise UsageError(f"unknown entity '{entity}' (entities: {known})")


def selected_sql_tables(plan: Plan, entity: str | None) -> dict[str, SqlTable]:
    """The SQL tables a run needs, planned in the order they can be computed (checked over empty tables).

    All of them, or `entity` and the SQL tables it reads; none when `entity` is a generated table.
    """
    if entity is not None and not _is_sql_table(plan, entity):
        return {}
    return plan_sql_tables(plan, entity)


def written_sql_tables(sql_tables: dict[str, SqlTable], entity: str | None) -> list[str]:
    """The SQL tables to write (the others are only read by them)."""
    if entity is None:
        return list(sql_tables)
    return [entity] if entity in sql_tables else []


def sql_table_infos(sql_table: SqlTable) -> list[ColumnInfo]:
    """Writer-facing columns of a SQL table: DuckDB's result types, or the fields' declared data_type."""
    return [ColumnInfo(name=f.name, arrow_type=f.type, data_type=sql_table.declared.get(f.name))
            for f in sql_table.schema]


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
                deferred=column.deferred,
            )
        )
    return infos


def unique_together(table: TablePlan) -> list[list[str]]:
    """The table's multi-column `unique` constraints, for writers that declare them."""
    raw = (table.entity.model_extra or {}).get("constraints") or []
    return [list(c["fields"]) for c in raw if isinstance(c, dict)
            and str(c.get("constraint_type", c.get("type", ""))) == "unique" and len(c.get("fields") or []) > 1]


def build_job(
    plan: Plan,
    source: BatchSource,
    entity: str | None,
    progress: ProgressReporter,
    phase: SqlTablePhase | None = None,
) -> OutputJob:
    """Describe the tables to write, SQL tables last; batches stream from `source` (or DuckDB) with progress.

    SQL tables to write must have been materialised by `phase` (their row counts are then known).
    """
    tables = selected_tables(plan, entity, sql_tables=phase is not None)
    written = {t.name for t in tables}

    def report(name: str, batches: Iterator[pa.RecordBatch], total: int) -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in batches:
            done += batch.num_rows
            progress.advance(name, batch.num_rows, done, total)
            yield batch

    outputs = [
        TableOutput(t.name, column_infos(plan, t, written), t.size,
                    lambda t=t: report(t.name, source.batches(t.name), t.size),  # type: ignore[misc]
                    unique_together=unique_together(t))
        for t in tables
    ]
    if phase is not None:
        for name in written_sql_tables(phase.sql_tables, entity):
            rows = phase.row_counts[name]
            # A SQL table's columns are named by its query: the same rules as the definition's names.
            check_output_names(name, [f.name for f in phase.sql_tables[name].schema], plan.database.platform)
            stream = lambda n=name, r=rows: report(n, phase.batches(n, source.batch_size), r)  # noqa: E731
            outputs.append(TableOutput(name, sql_table_infos(phase.sql_tables[name]), rows, stream))
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
    if options.views not in ("table", "view"):
        raise UsageError(f"--views must be 'table' or 'view', got '{options.views}'")
    as_views = options.views == "view"
    if options.csv_escape_formulas and options.format != "csv":
        raise UsageError(f"--csv-escape-formulas applies to the csv format only, not '{options.format}'")
    if as_views and (not writer.supports_views or options.entity is not None):
        raise UsageError("--views view needs the whole database in the sql, sqlite or postgres-optimized format")
    database = as_database(definition)
    plan = build_plan(database, options.seed, options.variables)
    if as_views:
        return _generate_with_views(plan, writer, output, options, progress)
    tables = selected_tables(plan, options.entity, sql_tables=True)
    sql_tables = selected_sql_tables(plan, options.entity)
    probe(plan, tables)
    destination = output_path(output, database, writer.suffix_for(options.entity is not None), options.entity)
    with BatchSource(plan, options.batch_size, options.workers) as source, \
            SqlTablePhase(plan, sql_tables, source) as phase:
        # SQL tables are computed before the output is opened: their errors leave nothing behind.
        views = written_sql_tables(sql_tables, options.entity)
        phase.materialise(views)
        progress.start(sum(t.size for t in tables) + sum(phase.row_counts[v] for v in views))
        with atomic_path(destination) as temporary:
            job = build_job(plan, source, options.entity, progress, phase)
            # The flag, or the definition's own setting (which the REST API's tasks carry).
            job.options["csv_escape_formulas"] = options.csv_escape_formulas or database.csv_escape_formulas
            writer.write(job, temporary)
    progress.finish()
    return destination


def _generate_with_views(plan: Plan, writer: OutputFormat, output: Path | str | None, options: GenerateOptions,
                         progress: ProgressReporter) -> Path:
    """The generated tables as rows, the SQL tables as CREATE VIEW over them (in dependency order)."""
    sql_tables = selected_sql_tables(plan, None)
    tables = selected_tables(plan, None)
    probe(plan, tables)
    destination = output_path(output, plan.database, writer.suffix_for(False), None)
    with BatchSource(plan, options.batch_size, options.workers) as source:
        progress.start(sum(t.size for t in tables))
        job = build_job(plan, source, None, progress)
        job.views = [(name, table.entity.sql or "") for name, table in sql_tables.items()]
        with atomic_path(destination) as temporary:
            writer.write(job, temporary)
    progress.finish()
    return destination
