"""`synthdb generate` and `synthdb validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import Lenient, app, err, one_line_errors, parse_vars, read_definition
from synthdb.cli.progress import interactive, progress_for
from synthdb.defaults import DEFAULT_BATCH_SIZE
from synthdb.errors import UsageError

# The engine is imported inside the commands: every command module loads when `synthdb` starts, and
# `synthdb --help` should not wait for NumPy, Arrow and the planner.


@app.command("generate")
def generate_command(
    definition: Annotated[Path, typer.Argument(help="Definition file (YAML or JSON).")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.")] = "csv",
    # Text, not a Path: with --cluster it may be a URL (s3://bucket/run), which a Path would mangle.
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Output file or directory; with --cluster a folder or URL (s3://, gs://, "
                               "abfs://, file://).")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the definition's, else 0).")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    entity: Annotated[str | None, typer.Option(help="Generate only this table, as a plain file.")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes; output is identical for any number. Default 1: this process makes the "
             "batches on every core with --threads (threads start at once and were faster than processes "
             "here); workers suit generators whose work is Python-bound.", show_default=False)] = None,
    threads: Annotated[int | None, typer.Option(
        help="Threads making (and encoding, compressing) batches in this process; output is identical for "
             "any number. Default: one per core.", show_default=False)] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per batch.")] = DEFAULT_BATCH_SIZE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    views: Annotated[str, typer.Option(help="SQL tables as 'table' (rows) or 'view' (CREATE VIEW; sql, sqlite, "
                                            "postgres-optimized).")] = "table",
    lenient: Lenient = False,
    csv_escape_formulas: Annotated[bool, typer.Option(
        "--csv-escape-formulas", help="csv: prefix values starting with = + - @ (or tab, CR) with ' so "
                                      "spreadsheets show them as text instead of running them.")] = False,
    csv_quoting: Annotated[str | None, typer.Option(
        "--csv-quoting", help="csv: 'minimal' (quote only when needed, Fabricate's shape; the default), "
                              "'strings' (every header and string quoted) or 'all' (every non-null value).",
        show_default=False)] = None,
    cluster: Annotated[str | None, typer.Option(
        "--cluster", help="Generate on a Dask cluster, one file per part: a scheduler (tcp://HOST:8786) or "
                          "local[:N] (N worker processes here). Formats parquet, csv, jsonl; docs/scale-out.md.",
        show_default=False)] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="With --cluster: finish an interrupted run, redoing only parts missing or damaged.")] = False,
    rows_per_part: Annotated[int | None, typer.Option(
        "--rows-per-part", help="With --cluster: rows in each part file (default 1,048,576); fixes the files, "
                                "whatever the cluster.", show_default=False)] = None,
    part_compression: Annotated[str | None, typer.Option(
        "--part-compression", help="With --cluster, csv and jsonl: none (the default), gzip or zstd; each part "
                                   "one member/frame (part-00000.csv.gz, .csv.zst), so parts concatenated "
                                   "still decompress to the one-file output.", show_default=False)] = None,
) -> None:
    """Generate a database from DEFINITION into a file (or, with --cluster, into part files and a manifest)."""
    from synthdb.service.generate import GenerateOptions, generate

    if cluster is not None:
        _generate_on_cluster(definition, cluster, output, format, seed, var, entity, rows_per_part, resume,
                             quiet, lenient, csv_escape_formulas, csv_quoting, part_compression)
        return
    with one_line_errors(definition):
        unused = [flag for flag, given in (("--resume", resume), ("--rows-per-part", rows_per_part is not None),
                                           ("--part-compression", part_compression is not None))
                  if given]
        if unused:
            raise UsageError(f"{' and '.join(unused)} apply to partitioned runs only: add --cluster ADDRESS")
        options = GenerateOptions(format, seed, parse_vars(var), entity, workers, batch_size, views,
                                  csv_escape_formulas, csv_quoting, threads)
        progress = progress_for(quiet)
        try:
            path = generate(read_definition(definition, lenient), Path(output) if output else None, options,
                            progress)
        except BaseException:
            if progress is not None:
                progress.abort()
            raise
    if interactive(quiet):
        err.print(f"wrote {path}")


def _generate_on_cluster(definition: Path, cluster: str, output: str | None, format: str, seed: int | None,
                         var: list[str] | None, entity: str | None, rows_per_part: int | None, resume: bool,
                         quiet: bool, lenient: bool, csv_escape_formulas: bool, csv_quoting: str | None,
                         part_compression: str | None) -> None:
    from synthdb.engine.partition import DEFAULT_ROWS_PER_PART
    from synthdb.scaleout.generate import ClusterOptions, generate_on_cluster

    with one_line_errors(definition):
        if not output:
            raise UsageError("--cluster needs --output: the folder or URL (s3://bucket/run) the parts go to")
        per_part = DEFAULT_ROWS_PER_PART if rows_per_part is None else rows_per_part
        options = ClusterOptions(cluster, output, format, seed, parse_vars(var), entity, per_part, resume,
                                 csv_escape_formulas, csv_quoting, part_compression or "none")
        progress = progress_for(quiet)
        try:
            result = generate_on_cluster(read_definition(definition, lenient), options, progress)
        except BaseException:
            if progress is not None:
                progress.abort()
            raise
    if not quiet:
        kept = f", {result.kept} kept from the earlier run" if result.kept else ""
        err.print(f"wrote {result.written} of {result.parts} parts ({result.rows:,} rows){kept}; "
                  f"manifest {result.manifest_url}", highlight=False, soft_wrap=True)


@app.command("validate")
def validate_command(
    definition: Annotated[Path, typer.Argument(help="Definition file (YAML or JSON).")],
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    lenient: Lenient = False,
) -> None:
    """Check DEFINITION without generating; print each table's row count."""
    from synthdb.service.run import Run, RunOptions

    with one_line_errors(definition):
        run = Run(read_definition(definition, lenient), RunOptions(variables=parse_vars(var)), writes=False)
        run.probe()
    for table in run.tables:
        typer.echo(f"{table.name}: {table.size:,} rows, {len(table.exported_columns)} columns")
    for name in run.written_sql:
        # Their rows are known once the generated tables exist; the query was checked over empty ones.
        typer.echo(f"{name}: SQL table, {len(run.sql_tables[name].schema)} columns")
    typer.echo(f"{definition}: valid")
