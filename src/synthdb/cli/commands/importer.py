"""`synthdb import`: a definition from a DDL file or a live database, with the generators it guessed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from synthdb.cli.app import app, err, escape, fail
from synthdb.errors import SynthdbError

if TYPE_CHECKING:  # the importers (sqlglot, SQLAlchemy) load only when `import` runs
    from synthdb.importers.build import ImportResult


def print_guesses(result: ImportResult) -> None:
    """What was picked for each column and how sure the importer is, as a table on stderr."""
    from rich.table import Table

    table = Table(title="generators picked", title_justify="left")
    for heading in ("table", "column", "type", "generator", "confidence", "why"):
        table.add_column(heading, overflow="fold")
    for row in result.guesses:
        colour = "green" if row.confidence >= 0.8 else "yellow" if row.confidence >= 0.5 else "red"
        table.add_row(row.table, row.column, row.data_type, row.generator,
                      f"[{colour}]{row.confidence:.0%}[/{colour}]", row.reason)
    err.print(table)
    for note in result.notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)


@app.command("import")
def import_command(
    source: Annotated[str, typer.Argument(help="A DDL file, a SQLite/DuckDB file, or a database URL.")],
    dialect: Annotated[str | None, typer.Option(
        help="Dialect of a DDL file: postgres, mysql, sqlite, tsql (guessed when not given).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the definition here (.json for JSON, else YAML); default: stdout.")] = None,
    sample: Annotated[bool, typer.Option(
        "--sample", help="Read aggregates (row counts, null shares, ranges, frequent values) from the database.")
    ] = False,
    schema: Annotated[list[str] | None, typer.Option(
        "--schema", help="Import only this SQL schema (repeatable); default: every non-system schema.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print the table of guesses.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print why each generator was chosen (even with -q) and keep each column's generator, "
                          "confidence and reason as comments in the YAML.")] = False,
) -> None:
    """Create a definition from an existing schema, guessing a generator for every column."""
    from synthdb.importers import import_definition, render

    try:
        result = import_definition(source, dialect, sample, schema or None)
    except SynthdbError as exc:
        fail(exc)
    fmt = "json" if output is not None and output.suffix.lower() == ".json" else "yaml"
    text = render(result, source, fmt, explain=explain)
    if explain or not quiet:
        print_guesses(result)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    if not quiet:
        err.print(f"wrote {output}", highlight=False)
