"""The load use-case: definition + options -> rows streamed into a live database, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.definition.model import Database
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan, TablePlan, build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.errors import UsageError
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.service.generate import as_database, column_infos, probe, selected_tables
from synthdb.service.progress import ProgressReporter, SilentProgress
from synthdb.targets.registry import Target, target_for
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


def resolve_target(url: str) -> Target:
    """The target for a database URL, or for the name of a saved connection (`synthdb connections add`)."""
    if "://" in url or url.startswith(("sqlite:", "duckdb:")):
        return target_for(parse_url(url))
    from synthdb.service.connections import ConnectionStore

    return target_for(ConnectionStore().resolve(url))


def load_job(plan: Plan, source: BatchSource, tables: list[TablePlan]) -> OutputJob:
    """The tables to load, parents first; batches stream from `source` as the target asks for them."""
    written = {t.name for t in tables}

    def stream(table: TablePlan) -> Iterator[pa.RecordBatch]:
        return source.batches(table.name)

    outputs = [
        TableOutput(t.name, column_infos(plan, t, written), t.size, lambda t=t: stream(t))  # type: ignore[misc]
        for t in tables
    ]
    # Foreign keys that close a cycle point at rows loaded later: targets defer or re-check them.
    deferred = {(t.name, c.name) for t in tables for c in t.exported_columns if getattr(c, "deferred", False)}
    return OutputJob(plan.database.name, plan.database.platform, outputs, options={"deferred": deferred})


def load(
    definition: Database | str | Path | Mapping[str, Any],
    url: str,
    options: LoadOptions | None = None,
    progress: ProgressReporter | None = None,
) -> dict[str, int]:
    """Generate every table (or one entity) and load it into the database at `url`; rows per table.

    `url` is a database URL or a saved connection's name. All or nothing: on any failure the target
    is left as it was and a LoadError names the table (and the row where the database says).
    """
    options = options or LoadOptions()
    reporter = progress or SilentProgress()
    if options.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {options.batch_size}")
    target = resolve_target(url)
    database = as_database(definition)
    plan = build_plan(database, options.seed, options.variables)
    tables = selected_tables(plan, options.entity)
    # Errors that only show while generating surface before the target is touched.
    probe(plan, tables)
    sizes = {t.name: t.size for t in tables}
    done = dict.fromkeys(sizes, 0)

    def report(table: str, rows: int) -> None:
        done[table] += rows
        reporter.advance(table, rows, done[table], sizes[table])

    reporter.start(sum(sizes.values()))
    with BatchSource(plan, options.batch_size) as source:
        counts = target.load(
            load_job(plan, source, tables), create=options.create, truncate=options.truncate, report=report
        )
    reporter.finish()
    return counts
