"""The `synthdb` command line: generate, validate and list generators/formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from synthdb.definition.loader import load_definition
from synthdb.engine.plan import build_plan
from synthdb.engine.produce import DEFAULT_BATCH_SIZE
from synthdb.errors import DefinitionError, SynthdbError, UsageError
from synthdb.service.generate import GenerateOptions, coerce_value, generate, probe

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Generate realistic synthetic databases.")
err = Console(stderr=True)


class RichProgress:
    """A progress bar over all rows, naming the table being produced."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=False,
        )
        self._task: Any = None

    def start(self, total_rows: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("generating", total=total_rows)

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        self._progress.update(self._task, advance=rows, description=table)

    def finish(self) -> None:
        self._progress.update(self._task, description="done")
        self._progress.stop()


def parse_vars(pairs: list[str] | None) -> dict[str, Any]:
    """`NAME=VALUE` pairs into a mapping; numbers become numbers."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--var expects NAME=VALUE, got '{pair}'")
        out[name.strip()] = coerce_value(value.strip())
    return out


def _fail(exc: SynthdbError, definition: Path | None = None) -> NoReturn:
    if isinstance(exc, DefinitionError) and exc.source is None and definition is not None:
        exc = exc.with_source(str(definition))
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.command("generate")
def generate_command(
    definition: Annotated[Path, typer.Argument(help="Definition file (YAML or JSON).")],
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file or directory.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the definition's, else 0).")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    entity: Annotated[str | None, typer.Option(help="Generate only this table, as a plain file.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (output is identical for any number).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per batch.")] = DEFAULT_BATCH_SIZE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Generate a database from DEFINITION into a file."""
    try:
        options = GenerateOptions(format, seed, parse_vars(var), entity, workers, batch_size)
        show = sys.stderr.isatty() and not quiet
        path = generate(load_definition(definition), output, options, RichProgress() if show else None)
    except SynthdbError as exc:
        _fail(exc, definition)
    else:
        if sys.stderr.isatty() and not quiet:
            err.print(f"wrote {path}")


@app.command("validate")
def validate_command(
    definition: Annotated[Path, typer.Argument(help="Definition file (YAML or JSON).")],
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
) -> None:
    """Check DEFINITION without generating; print each table's row count."""
    try:
        plan = build_plan(load_definition(definition), None, parse_vars(var))
        probe(plan)
    except SynthdbError as exc:
        _fail(exc, definition)
    else:
        for table in plan.tables.values():
            typer.echo(f"{table.name}: {table.size:,} rows, {len(table.exported_columns)} columns")
        typer.echo(f"{definition}: valid")


@app.command("generators")
def generators_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="The catalog as a Markdown page.")] = False,
) -> None:
    """List the generators: display name, id and category."""
    from synthdb.generators.docs import render_markdown
    from synthdb.generators.registry import REGISTRY

    if markdown:
        typer.echo(render_markdown(), nl=False)
        return
    for cls in REGISTRY.all():
        typer.echo(f"{cls.display_name}\t{cls.key}\t{cls.category}")


@app.command("formats")
def formats_command() -> None:
    """List the output formats."""
    from synthdb.outputs.registry import FORMATS

    for name in FORMATS.names():
        typer.echo(f"{name}\t{FORMATS.get(name).description}")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
