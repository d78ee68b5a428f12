"""The load use-case: definition + options -> rows streamed into a live database, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan, build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.engine.sql_tables import SqlTablePhase
from synthdb.errors import UsageError
from synthdb.outputs.job import OutputJob
from synthdb.service.generate import (
    as_database,
    build_job,
    probe,
    selected_sql_tables,
    selected_tables,
    written_sql_tables,
)
from synthdb.service.progress import ProgressReporter, SilentProgress
from synthdb.targets.registry import Target, target_for
from synthdb.targets.spec import ConnectionSpec
from synthdb.targets.urls import parse_url

__all__ = ["DEFAULT_BATCH_SIZE", "LoadOptions", "load", "resolve_target"]


@dataclass
class LoadOptions:
    """Options of one load (the CLI flags and the API arguments)."""

    seed: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    create: bool = False
    truncate: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    entity: str | None = None


def resolve_target(url: str | ConnectionSpec) -> Target:
    """The target for a connection spec, a database URL, or the name of a saved connection."""
    if isinstance(url, ConnectionSpec):
        return target_for(url)
    if "://" in url or url.startswith(("sqlite:", "duckdb:")):
        return target_for(parse_url(url))
    from synthdb.service.connections import ConnectionStore

    return target_for(ConnectionStore().resolve(url))


def load_job(plan: Plan, source: BatchSource, entity: str | None = None,
             phase: SqlTablePhase | None = None) -> OutputJob:
    """The tables to load, parents first (SQL tables last); batches stream as the target asks for them.

    Progress is not reported here, where batches are produced (a background thread computes them
    ahead), but by the target once each batch has reached the database.
    """
    return build_job(plan, source, entity, SilentProgress(), phase)


def load(
    definition: Database | str | Path | Mapping[str, Any],
    url: str | ConnectionSpec,
    options: LoadOptions | None = None,
    progress: ProgressReporter | None = None,
) -> dict[str, int]:
    """Generate every table (or one entity) and load it into the database at `url`; rows per table.

    `url` is a database URL, a saved connection's name, or a ConnectionSpec (the service's, checked).
    All or nothing: on any failure the target is left as it was and a LoadError names the table (and
    the row where the database says).
    """
    options = options or LoadOptions()
    reporter = progress or SilentProgress()
    if options.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {options.batch_size}")
    target = resolve_target(url)
    database = as_database(definition)
    plan = build_plan(database, options.seed, options.variables)
    tables = selected_tables(plan, options.entity, sql_tables=True)
    sql_tables = selected_sql_tables(plan, options.entity)
    # Errors that only show while generating surface before the target is touched.
    probe(plan, tables)
    with BatchSource(plan, options.batch_size) as source, SqlTablePhase(plan, sql_tables, source) as phase:
        # SQL tables are computed before connecting too: their errors leave the target untouched.
        phase.materialise(written_sql_tables(sql_tables, options.entity))
        job = load_job(plan, source, options.entity, phase)
        sizes = {t.name: t.row_count for t in job.tables}
        done = dict.fromkeys(sizes, 0)

        def report(table: str, rows: int) -> None:
            done[table] += rows
            reporter.advance(table, rows, done[table], sizes[table])

        reporter.start(sum(sizes.values()))
        counts = target.load(job, create=options.create, truncate=options.truncate, report=report)
    reporter.finish()
    return counts
