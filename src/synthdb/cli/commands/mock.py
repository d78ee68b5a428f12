"""`synthdb mock DEFINITION`: serve the definition's mock REST API locally, with no server setup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import app, err, escape, fail, parse_vars, read_definition
from synthdb.errors import SynthdbError


@app.command("mock")
def mock_command(
    definition: Annotated[Path, typer.Argument(help="The definition file (YAML or JSON).")],
    port: Annotated[int, typer.Option(help="TCP port on 127.0.0.1.")] = 3000,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the definition's).")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="NAME=VALUE (repeatable).")] = None,
    watch: Annotated[bool, typer.Option(help="Regenerate when the definition file changes.")] = True,
    openapi: Annotated[Path | None, typer.Option(
        "--openapi", help="Your OpenAPI 3.0/3.1 file (YAML or JSON): serve its paths from the matching tables, "
                          "validating requests and responses against it.")] = None,
) -> None:
    """Generate the database into a temporary SQLite file and serve its mock API on 127.0.0.1 (no key)."""
    import uvicorn

    from synthdb.mock.local import LocalMock, local_app

    spec = None
    if openapi is not None:
        from synthdb.mock.userspec import load_spec

        try:
            spec = load_spec(openapi)
        except SynthdbError as exc:
            fail(exc)
    try:
        mock = LocalMock(definition, read_definition, seed, parse_vars(var), spec)
    except SynthdbError as exc:
        fail(exc, definition)
    base = f"http://127.0.0.1:{port}/api"
    typer.echo(f"mock API of {definition} on {base}")
    for table in mock.service.schema.tables:
        typer.echo(f"  {base}/{table}")
    for route in mock.service.api.routes:
        typer.echo(f"  {route.method} {base}{route.path}")
    typer.echo(f"  {base}/openapi.json")
    if mock.reverse is not None:
        from synthdb.mock.specmap import base_path, report, warnings

        typer.echo(f"{openapi} on http://127.0.0.1:{port}{base_path(mock.reverse.spec)}")
        for line in report(mock.reverse.bindings):
            typer.echo(line)
        for warning in warnings(mock.reverse.bindings):
            err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False, soft_wrap=True)
    stop = mock.watch() if watch else None
    try:
        uvicorn.run(local_app(mock), host="127.0.0.1", port=port, log_level="warning")
    finally:
        if stop is not None:
            stop.set()
        mock.close()
        err.print("mock API stopped")
