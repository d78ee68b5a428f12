"""`synthdb load`: generate a definition straight into a live database (URL or saved connection)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import Lenient, app, err, fail, parse_vars, read_definition
from synthdb.cli.progress import RichProgress, interactive
from synthdb.defaults import DEFAULT_BATCH_SIZE
from synthdb.errors import SynthdbError

INTERRUPTED = 130


class LoadProgress(RichProgress):
    """The generate progress bar, counting rows the database has received; stopped cleanly on failure."""

    def __init__(self) -> None:
        super().__init__("loading")


def describe_target(to: str) -> str:
    """The target as it may be printed: a URL with its password masked, or a connection's name."""
    from synthdb.targets.urls import mask_url

    return mask_url(to) if "://" in to or to.startswith(("sqlite:", "duckdb:")) else f"connection '{to}'"


@app.command("load")
def load_command(
    definition: Annotated[Path, typer.Argument(help="Definition file (YAML or JSON).")],
    to: Annotated[str, typer.Option("--to", help="Database URL or saved connection name.")],
    create: Annotated[bool, typer.Option("--create", help="Create missing tables.")] = False,
    truncate: Annotated[bool, typer.Option("--truncate", help="Empty existing tables first.")] = False,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the definition's, else 0).")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    entity: Annotated[str | None, typer.Option(help="Load only this table.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per batch.")] = DEFAULT_BATCH_SIZE,
    workers: Annotated[int, typer.Option(help="Worker processes (rows are identical for any number).")] = 1,
    threads: Annotated[int | None, typer.Option(
        help="Threads making batches in this process (rows are identical for any number). Default: one per "
             "core.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")] = False,
    lenient: Lenient = False,
) -> None:
    """Generate DEFINITION into a live database, all or nothing.

    URLs: postgresql://user@host:5432/db, mysql://user@host/db (or mariadb://), sqlite:///path/file.db,
    duckdb:///path/file.duckdb; or the name of a connection saved with `synthdb connections add`.
    """
    # Imported here: every command module loads at start-up, and SQLAlchemy and the drivers are slow to import.
    from synthdb.service.load import LoadOptions, load

    progress = LoadProgress() if interactive(quiet) else None
    try:
        options = LoadOptions(seed, parse_vars(var), create, truncate, batch_size, entity, workers, threads)
        counts = load(read_definition(definition, lenient), to, options, progress)
    except SynthdbError as exc:
        if progress is not None:
            progress.abort()
        fail(exc, definition)
    except KeyboardInterrupt:
        if progress is not None:
            progress.abort()
        err.print("[red]interrupted:[/red] nothing was loaded; the target is as it was", highlight=False)
        raise typer.Exit(INTERRUPTED) from None
    if quiet:
        return
    for table, rows in counts.items():
        typer.echo(f"{table}: {rows:,} rows")
    typer.echo(f"loaded {sum(counts.values()):,} rows into {len(counts)} tables of {describe_target(to)}")
