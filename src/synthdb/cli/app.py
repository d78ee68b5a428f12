"""The Typer application and the helpers every command shares (errors, --var parsing)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

from synthdb.errors import DefinitionError, SynthdbError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from synthdb.definition.model import Database

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Generate realistic synthetic databases.")


class _StderrConsole:
    """rich's Console on stderr, made on first use: most runs print nothing to it, and importing rich costs
    about 20 ms of every start."""

    _console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(stderr_console(), name)


def stderr_console() -> Console:
    """The one rich Console on stderr (for rich objects that need the Console itself, such as Progress)."""
    if _StderrConsole._console is None:
        from rich.console import Console

        _StderrConsole._console = Console(stderr=True)
    return _StderrConsole._console


err = cast("Console", _StderrConsole())


def escape(text: str) -> str:
    """`text` with rich markup escaped (rich imported on first use)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _print_version(value: bool) -> None:
    if value:
        from synthdb import __version__

        typer.echo(f"synthdb {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print synthdb's version and exit.")] = False,
) -> None:
    """Generate realistic synthetic databases."""
    from synthdb.cli import lean_start

    lean_start.apply(ctx.invoked_subcommand)


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


def fail(exc: SynthdbError, definition: Path | None = None, code: int | None = None) -> NoReturn:
    """Print a one-line error (naming the definition file) and exit with the error's code (or `code`)."""
    if isinstance(exc, DefinitionError) and exc.source is None and definition is not None:
        exc = exc.with_source(str(definition))
    # One line whatever the message holds (a path or a value with a line break in it).
    text = " ".join(str(exc).splitlines()).encode("utf-8", "backslashreplace").decode("utf-8")
    err.print(f"[red]error:[/red] {escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code if code is None else code)


@contextlib.contextmanager
def one_line_errors(definition: Path | None = None) -> Iterator[None]:
    """Every failure of the block as one line and exit code 2: ours, and the file system's or the
    text's that escaped them (a full disk, a read-only folder, a lone surrogate), never a traceback."""
    try:
        yield
    except SynthdbError as exc:
        fail(exc, definition, code=2)
    except OSError as exc:
        where = f"'{exc.filename}': " if exc.filename else ""
        fail(UsageError(f"{where}{exc.strerror or exc}"), definition, code=2)
    except (UnicodeError, MemoryError, RecursionError) as exc:
        fail(UsageError(f"{type(exc).__name__}: {exc}"), definition, code=2)


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
