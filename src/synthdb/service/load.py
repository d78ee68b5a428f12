"""The load use-case: definition + options -> rows streamed into a live database, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.engine.sql_tables import SqlTablePhase
from synthdb.outputs.job import OutputJob
from synthdb.service.progress import ProgressReporter, SilentProgress
from synthdb.service.run import Definition, Run, RunOptions, build_job
from synthdb.targets.base import Target
from synthdb.targets.registry import target_for
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
    workers: int = 1
    threads: int | None = None  # threads making batches in this process (None: one per core)

    def run_options(self) -> RunOptions:
        """The options the Run owns (plan, selection, batches)."""
        return RunOptions(self.seed, self.variables, self.entity, self.workers, self.batch_size, self.threads)


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
    """The tables to load, parents first (SQL tables last), without progress (kept for callers of the parts)."""
    return build_job(plan, source, entity, SilentProgress(), phase)


def load(
    definition: Definition,
    url: str | ConnectionSpec,
    options: LoadOptions | None = None,
    progress: ProgressReporter | None = None,
) -> dict[str, int]:
    """Generate every table (or one entity) and load it into the database at `url`; rows per table.

    `url` is a database URL, a saved connection's name, or a ConnectionSpec (the service's, checked).
    All or nothing: on any failure the target is left as it was and a LoadError names the table (and
    the row where the database says). Rows are the same for any number of `workers` (processes
    computing batches ahead of the target).
    """
    options = options or LoadOptions()
    reporter = progress or SilentProgress()
    options.run_options().check()
    target = resolve_target(url)
    run = Run(definition, options.run_options())
    # Errors that only show while generating surface before the target is touched.
    run.probe()
    with run:
        # SQL tables are computed before connecting too: their errors leave the target untouched.
        sizes = run.row_counts()
        # Progress is reported by the target once each batch has reached the database, not where
        # batches are produced (a background thread computes them ahead).
        job = run.job()
        done = dict.fromkeys(sizes, 0)

        def report(table: str, rows: int) -> None:
            done[table] += rows
            reporter.advance(table, rows, done[table], sizes[table])

        reporter.start(sum(sizes.values()))
        counts = target.load(job, create=options.create, truncate=options.truncate, report=report)
    reporter.finish()
    return counts
