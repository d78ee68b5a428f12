"""The Typer application and the helpers every command shares (errors, --var parsing)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from synthdb.errors import DefinitionError, SynthdbError, UsageError

if TYPE_CHECKING:
    from synthdb.definition.model import Database

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Generate realistic synthetic databases.")
err = Console(stderr=True)


def coerce_value(text: str) -> Any:
    """A --var value: an int or a float when it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def parse_vars(pairs: list[str] | None) -> dict[str, Any]:
    """`NAME=VALUE` pairs into a mapping; numbers become numbers."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--var expects NAME=VALUE, got '{pair}'")
        out[name.strip()] = coerce_value(value.strip())
    return out


def fail(exc: SynthdbError, definition: Path | None = None) -> NoReturn:
    """Print a one-line error (naming the definition file) and exit with the error's code."""
    if isinstance(exc, DefinitionError) and exc.source is None and definition is not None:
        exc = exc.with_source(str(definition))
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


Lenient = Annotated[bool, typer.Option(
    "--lenient", help="Unknown keys in the definition are warnings (on stderr) instead of errors.")]


def read_definition(path: Path, lenient: bool = False) -> Database:
    """Load a definition file; with `lenient`, drop its unknown keys and print one warning per key."""
    from synthdb.definition.loader import load_definition
    from synthdb.engine.strict import relax

    database = load_definition(path)
    if not lenient:
        return database
    database, warnings = relax(database)
    for warning in warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(f'{path}: {warning}')}", highlight=False, soft_wrap=True)
    return database
