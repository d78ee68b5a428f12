"""The generate use-case: definition + options -> an output file, written atomically."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthdb.definition.model import Database
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.errors import UsageError
from synthdb.outputs.csv_quoting import quoting_style
from synthdb.outputs.registry import FORMATS
from synthdb.service.atomic import atomic_path
from synthdb.service.job_columns import column_infos, sql_table_infos, unique_together
from synthdb.service.progress import ProgressReporter, SilentProgress
from synthdb.service.run import (
    Definition,
    Run,
    RunOptions,
    as_database,
    build_job,
    probe,
    selected_sql_tables,
    selected_tables,
    written_sql_tables,
)

# Re-exported: these lived here before the Run object (service/run.py) gathered them.
__all__ = [
    "GenerateOptions", "as_database", "build_job", "column_infos", "generate", "output_path", "probe",
    "selected_sql_tables", "selected_tables", "sql_table_infos", "unique_together", "written_sql_tables",
]


@dataclass
class GenerateOptions:
    """Options of one generation run (the CLI flags and the API arguments)."""

    format: str = "csv"
    seed: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    entity: str | None = None
    workers: int | None = 1  # worker processes (None or 1: none)
    batch_size: int = DEFAULT_BATCH_SIZE
    # "table": SQL tables are computed and written as tables; "view": declared as CREATE VIEW
    # (sql, sqlite and postgres-optimized only).
    views: str = "table"
    # csv only: prefix values a spreadsheet would run as formulas with `'` (outputs/formulas.py).
    csv_escape_formulas: bool = False
    # csv only: a style of outputs/csv_quoting.QUOTING_STYLES; None: the definition's, else "minimal".
    csv_quoting: str | None = None
    threads: int | None = None  # threads making batches in this process (None: one per core)

    def run_options(self) -> RunOptions:
        """The options the Run owns (plan, selection, batches)."""
        return RunOptions(self.seed, self.variables, self.entity, self.workers, self.batch_size, self.threads)


def output_path(destination: Path | str | None, database: Database, suffix: str, entity: str | None) -> Path:
    """Where the output goes: the path given, or `<name><suffix>` inside a directory / the cwd."""
    stem = entity or database.name
    if destination is None:
        return Path.cwd() / f"{stem}{suffix}"
    path = Path(destination)
    return path / f"{stem}{suffix}" if path.is_dir() else path


def generate(
    definition: Definition,
    output: Path | str | None = None,
    options: GenerateOptions | None = None,
    progress: ProgressReporter | None = None,
) -> Path:
    """Generate every table (or one entity) in a format and write it atomically; returns the path."""
    options = options or GenerateOptions()
    progress = progress or SilentProgress()
    writer = FORMATS.get(options.format)
    options.run_options().check()
    if options.views not in ("table", "view"):
        raise UsageError(f"--views must be 'table' or 'view', got '{options.views}'")
    as_views = options.views == "view"
    if as_views and (not writer.supports_views or options.entity is not None):
        raise UsageError("--views view needs the whole database in the sql, sqlite or postgres-optimized format")
    if options.csv_escape_formulas and options.format != "csv":
        raise UsageError(f"--csv-escape-formulas applies to the csv format only, not '{options.format}'")
    if options.csv_quoting is not None:
        if options.format != "csv":
            raise UsageError(f"--csv-quoting applies to the csv format only, not '{options.format}'")
        quoting_style(options.csv_quoting)  # an unknown style is refused before the run starts
    run = Run(definition, options.run_options(), as_views=as_views)
    destination = output_path(output, run.database, writer.suffix_for(options.entity is not None), options.entity)
    with run:
        run.source.start()  # worker processes start while the first rows are probed
        if not run.source.one_batch_each():
            # The first rows of every table, so that an error in a late table surfaces before the early
            # ones are made. When every table is one batch, making them is hardly longer, and an error
            # then leaves nothing either (atomic_path): the probe would only compute those rows twice.
            run.probe()
        # SQL tables are computed before the output is opened: their errors leave nothing behind.
        counts = run.row_counts()
        progress.start(sum(counts.values()))
        job = run.job(progress)
        # The flag, or the definition's own setting (which the REST API's tasks carry).
        job.options["csv_escape_formulas"] = options.csv_escape_formulas or run.database.csv_escape_formulas
        job.options["csv_quoting"] = options.csv_quoting or run.database.csv_quoting
        job.options["seed"] = run.plan.seed  # the CSV README names it
        with atomic_path(destination) as temporary:
            writer.write(job, temporary)
    progress.finish()
    return destination
