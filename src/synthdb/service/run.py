"""One run of a definition: plan, table selection, row counts, probing, batch source, SQL-table phase, output job.

Every entry point (generate, load, the Python API's iterators, validate, the REST tasks and their quota)
builds a `Run` and asks it for what it needs, so an option handled here works everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from synthdb.defaults import default_threads
from synthdb.definition.identifiers import check_output_names
from synthdb.definition.loader import definition_from_data, load_definition
from synthdb.definition.model import Database
from synthdb.definition.schemas import Ambiguous, resolve
from synthdb.definition.suggest import did_you_mean
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan, TablePlan
from synthdb.engine.planner import build_plan
from synthdb.engine.postprocess import postprocessing_sql
from synthdb.engine.produce import DEFAULT_BATCH_SIZE, Producer, table_schema
from synthdb.errors import UsageError
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.service.job_columns import (
    column_infos,
    composite_primary_key,
    sql_table_infos,
    table_checks,
    unique_together,
)
from synthdb.service.progress import ProgressReporter, SilentProgress

if TYPE_CHECKING:  # sql_tables imports duckdb and sqlglot (0.3 s): imported below only when a definition has SQL tables
    from synthdb.engine.sql_tables import SqlTable, SqlTablePhase
    from synthdb.outputs.batch_encoding import EncodedStream

Definition = Database | str | Path | Mapping[str, Any]


@dataclass
class RunOptions:
    """The options every entry point shares: what is planned, what is selected, how batches are made."""

    seed: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    entity: str | None = None
    # Worker processes (None or 1: none, batches are made in this process); the bytes are the same for any number.
    workers: int | None = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    # Threads making batches in this process (None: one per core, synthdb.defaults.default_threads).
    threads: int | None = None

    def check(self) -> None:
        """Bad numbers are usage errors naming the flag."""
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1, got {self.workers}")
        if self.threads is not None and self.threads < 1:
            raise UsageError(f"--threads must be at least 1, got {self.threads}")
        if self.batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, got {self.batch_size}")


def evaluates_row_sql(database: Database) -> bool:
    """Whether planning and generating will run SQL per row (an SQL column, a postprocessing_sql or a
    CHECK constraint), which needs a DuckDB connection; SQL tables have their own (engine/sql_tables.py)."""
    for entity in database.entities:
        if any(getattr(c, "sql", None) for c in entity.constraints):
            return True
        for column in entity.fields:
            sql = (column.model_extra or {}).get("sql")
            if postprocessing_sql(column) or (isinstance(sql, str) and sql.strip()):
                return True
    return False


class UnknownEntity(UsageError):
    """`entity` names no table of the definition (the message suggests the closest name)."""


def as_database(definition: Definition) -> Database:
    """Accept a model, a path to a YAML/JSON file, or an already-parsed mapping."""
    if isinstance(definition, Database):
        return definition
    if isinstance(definition, Mapping):
        return definition_from_data(dict(definition))
    return load_definition(definition)


def entity_key(plan: Plan, entity: str | None) -> str | None:
    """The table key `entity` (`--entity`) names: a plain name stands for the one entity that has it."""
    if entity is None or not plan.schemas:
        return entity
    try:
        return resolve(plan.tables.keys() | {e.name for e in plan.database.entities}, plan.schemas, entity) or entity
    except Ambiguous as exc:
        raise UsageError(f"--entity {exc}") from None


def _is_sql_table(plan: Plan, name: str) -> bool:
    entity = plan.database.entity(name)
    return entity is not None and entity.view


def selected_tables(plan: Plan, entity: str | None, sql_tables: bool = False) -> list[TablePlan]:
    """The generated tables to write: all, or only `entity` (whose parents are recomputed, not written).

    With `sql_tables` (the Run), `entity` may name a SQL table: no generated table is then written;
    without, that is an error.
    """
    if entity is None:
        return list(plan.tables.values())
    if entity in plan.tables:
        return [plan.tables[entity]]
    if _is_sql_table(plan, entity):
        if sql_tables:
            return []
        raise UsageError(f"'{entity}' is a SQL table (view: true); only generated tables can be chosen here")
    names = [e.name for e in plan.database.entities]
    raise UnknownEntity(f"unknown entity '{entity}'{did_you_mean(entity, names)} (entities: {', '.join(names)})")


def selected_sql_tables(plan: Plan, entity: str | None) -> dict[str, SqlTable]:
    """The SQL tables a run needs, planned in the order they can be computed (checked over empty tables).

    All of them, or `entity` and the SQL tables it reads; none when `entity` is a generated table.
    """
    if entity is not None and not _is_sql_table(plan, entity):
        return {}
    if not any(e.view for e in plan.database.entities):
        return {}
    from synthdb.engine.sql_tables import plan_sql_tables

    return plan_sql_tables(plan, entity)


def written_sql_tables(sql_tables: dict[str, SqlTable], entity: str | None) -> list[str]:
    """The SQL tables to write (the others are only read by them)."""
    if entity is None:
        return list(sql_tables)
    return [entity] if entity in sql_tables else []


def probe(plan: Plan, tables: list[TablePlan] | None = None, rows: int = 8) -> None:
    """Produce the first rows of each table so runtime errors surface before any file is opened.

    Row SQL over these few rows is remembered between runs of the command line (sql_rows'
    `remembering_probe`): probing a definition whose SQL ran before over the same rows needs no DuckDB."""
    from synthdb.generators.helpers.sql_rows import remembering_probe

    producer = Producer(plan)
    with remembering_probe():
        for table in tables if tables is not None else plan.tables.values():
            if table.size:
                producer.batch(table, 0, min(rows, table.size))


def _counted(name: str, batches: Iterator[pa.RecordBatch], total: int,
             progress: ProgressReporter) -> Iterator[pa.RecordBatch]:
    done = 0
    for batch in batches:
        done += batch.num_rows
        progress.advance(name, batch.num_rows, done, total)
        yield batch


def _counted_encoded(name: str, stream: EncodedStream, total: int, progress: ProgressReporter) -> EncodedStream:
    done = 0
    for rows, payload in stream:
        done += rows
        progress.advance(name, rows, done, total)
        yield rows, payload


def _schema_of(plan: Plan, key: str) -> str | None:
    return plan.schemas[key][0] if key in plan.schemas else None


def build_job(plan: Plan, source: BatchSource, entity: str | None, progress: ProgressReporter,
              phase: SqlTablePhase | None = None) -> OutputJob:
    """Describe the tables to write, SQL tables last; batches stream from `source` (or DuckDB) with progress.

    SQL tables to write must have been materialised by `phase` (their row counts are then known).
    """
    tables = selected_tables(plan, entity, sql_tables=phase is not None)
    written = {t.name for t in tables}
    outputs = [
        TableOutput(t.name, column_infos(plan, t, written), t.size,
                    lambda t=t: _counted(t.name, source.batches(t.name), t.size, progress),  # type: ignore[misc]
                    unique_together=unique_together(t), composite_primary_key=composite_primary_key(t),
                    checks=table_checks(t), sql_schema=_schema_of(plan, t.name),
                    encoded=lambda encoding, t=t: _counted_encoded(  # type: ignore[misc]
                        t.name, source.encoded(t.name, encoding), t.size, progress))
        for t in tables
    ]
    if phase is not None:
        for name in written_sql_tables(phase.sql_tables, entity):
            # A SQL table's columns are named by its query: the same rules as the definition's names.
            check_output_names(name, [f.name for f in phase.sql_tables[name].schema], plan.database.platform)
            rows = phase.row_counts[name]
            stream = lambda n=name, r=rows: _counted(n, phase.batches(n, source.batch_size), r, progress)  # noqa: E731
            outputs.append(TableOutput(name, sql_table_infos(phase.sql_tables[name]), rows, stream,
                                       sql_schema=_schema_of(plan, name)))
    return OutputJob(plan.database.name, plan.database.platform, outputs, single_entity=entity is not None)


class Run:
    """A planned run: the plan, the tables it writes (SQL tables included), and, once entered, its batches.

    Building one checks everything that needs no rows (the definition, the options, the entity, every
    SQL table's query over empty tables). `with run:` opens the batch source (in `workers` processes)
    and the SQL-table phase; `materialise()` computes the SQL tables to write, after which `row_counts()`
    is exact and `job()` describes the output for a format or a target. `writes=False` says the run will
    only be probed (validate), so no DuckDB connection is opened ahead for its batches.
    """

    def __init__(self, definition: Definition, options: RunOptions | None = None, *,
                 plan: Plan | None = None, as_views: bool = False, writes: bool = True) -> None:
        self.options = options or RunOptions()
        self.options.check()
        self.entity = self.options.entity
        if as_views and self.entity is not None:
            raise UsageError("SQL tables as views need the whole database (no --entity)")
        self.as_views = as_views
        self.database = plan.database if plan is not None else as_database(definition)
        # `writes=False` (validate: plan and probe only): the probe's SQL may all be remembered, and
        # opening DuckDB ahead would import it (60-90 ms) for nothing.
        if plan is None and writes and evaluates_row_sql(self.database):
            from synthdb.generators.helpers.sql_rows import open_in_background

            open_in_background()  # DuckDB starts on another core while the run plans
        self.plan = plan or build_plan(self.database, self.options.seed, self.options.variables)
        self.entity = entity_key(self.plan, self.entity)
        if as_views and self.plan.schemas:
            # A view's query names tables by key ("sales.orders"), which is no table of the target.
            raise UsageError("SQL tables as views are not supported yet with schemas; write them as tables")
        self.tables = selected_tables(self.plan, self.entity, sql_tables=True)
        self.sql_tables = selected_sql_tables(self.plan, self.entity)
        # As views, SQL tables are declared (CREATE VIEW), not computed.
        self.written_sql = [] if as_views else written_sql_tables(self.sql_tables, self.entity)
        self._source: BatchSource | None = None
        self._phase: SqlTablePhase | None = None

    # --- what is written, and how many rows -------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """The tables written, in order: generated ones parents first, then SQL tables."""
        return [t.name for t in self.tables] + self.written_sql

    def generated_rows(self) -> int:
        """Rows the engine produces: generated tables written, and those only read by a SQL table written."""
        produced = {t.name: t.size for t in self.tables}
        for name in self.written_sql:
            produced.update(self._generated_reads(name))
        return sum(produced.values())

    def _generated_reads(self, name: str) -> dict[str, int]:
        reads: dict[str, int] = {}
        for read in self.sql_tables[name].reads:
            if read in self.sql_tables:
                reads.update(self._generated_reads(read))
            else:
                reads[read] = self.plan.tables[read].size
        return reads

    def row_counts(self) -> dict[str, int]:
        """Rows per table written; SQL tables' are known once materialised (computed now if needed)."""
        counts = {t.name: t.size for t in self.tables}
        if self.written_sql:
            self.materialise()
            counts.update({name: self.phase.row_counts[name] for name in self.written_sql})
        return counts

    def rows_produced(self, within: int | None = None) -> int:
        """Every row the run produces: its generated rows, plus the rows of the SQL tables it writes.

        SQL tables are counted exactly, by computing them over the generated tables they read. `within`
        bounds that work: when the generated rows alone exceed it, they are returned uncounted (a caller
        checking a limit of `within` refuses the run anyway).
        """
        generated = self.generated_rows()
        if not self.written_sql or (within is not None and generated > within):
            return generated
        counts = self.row_counts()
        return generated + sum(counts[name] for name in self.written_sql)

    # --- producing rows ---------------------------------------------------------------------------
    def probe(self, rows: int = 8) -> None:
        """Produce the first rows of each generated table written, so runtime errors surface before any IO."""
        probe(self.plan, self.tables, rows)

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes and drop the SQL tables' DuckDB database."""
        if self._phase is not None:
            self._phase.close()
            self._phase = None
        if self._source is not None:
            self._source.close()
            self._source = None

    @property
    def workers(self) -> int:
        """The worker processes: as asked, else 1 (this process; its threads use every core)."""
        return self.options.workers or 1

    @property
    def threads(self) -> int:
        """The threads making batches in this process: as asked, else one per core."""
        return self.options.threads or default_threads()

    @property
    def source(self) -> BatchSource:
        """Batches of generated tables, from this process's threads or `workers` processes (same bytes)."""
        if self._source is None:
            self._source = BatchSource(self.plan, self.options.batch_size, self.workers, self.threads)
        return self._source

    @property
    def phase(self) -> SqlTablePhase:
        """The SQL tables' DuckDB phase, fed from `source`."""
        if self._phase is None:
            from synthdb.engine.sql_tables import SqlTablePhase

            self._phase = SqlTablePhase(self.plan, self.sql_tables, self.source)
        return self._phase

    def materialise(self) -> None:
        """Compute the SQL tables to write (and those they read): their errors surface before any output."""
        if self.written_sql:
            self.phase.materialise(self.written_sql)

    def job(self, progress: ProgressReporter | None = None) -> OutputJob:
        """The output job: generated tables parents first, SQL tables last (as rows, or as views)."""
        progress = progress or SilentProgress()
        if self.as_views:
            job = build_job(self.plan, self.source, None, progress)
            job.views = [(name, table.entity.sql or "") for name, table in self.sql_tables.items()]
            return job
        self.materialise()
        return build_job(self.plan, self.source, self.entity, progress, self.phase)

    def iter_tables(self) -> Iterator[tuple[str, pa.Schema, Iterator[pa.RecordBatch]]]:
        """(name, schema, batches) per table written; SQL tables are computed when their batches are first read."""
        for table in self.tables:
            yield table.name, table_schema(table), self.source.batches(table.name)
        for name in self.written_sql:
            yield name, self.sql_tables[name].schema, self.phase.batches(name, self.options.batch_size)
