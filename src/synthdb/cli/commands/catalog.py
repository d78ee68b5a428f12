"""`synthdb generators` and `synthdb formats`: what the registries hold."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from synthdb.cli.app import app


@app.command("generators")
def generators_command(
    category: Annotated[str | None, typer.Option("--category", "-c", help="Only this category.")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Only those mentioning WORD.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    markdown: Annotated[bool, typer.Option("--markdown", help="The whole catalog as a Markdown page.")] = False,
) -> None:
    """List the generators: name, id, category, parameters (types, defaults) and example values."""
    from synthdb.service.catalog import catalog, describe, render_markdown

    if markdown:
        typer.echo(render_markdown(), nl=False)
        return
    if output_format not in ("table", "json"):
        typer.echo(f"error: --format must be table or json, got '{output_format}'", err=True)
        raise typer.Exit(2)
    described = [describe(cls) for cls in catalog(category, search)]
    if output_format == "json":
        typer.echo(json.dumps(described, indent=2, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("generator", "id", "category", "parameters", "examples", show_lines=False)
    for info in described:
        params = ", ".join(f"{p['name']}: {p['type']}" + ("" if p["required"] or p["default"] is None
                                                          else f" = {p['default']!r}") for p in info["parameters"])
        table.add_row(info["name"], info["id"], info["category"], params or "—",
                      " | ".join(str(v)[:30] for v in info["examples"]) or "—")
    Console().print(table)


@app.command("formats")
def formats_command() -> None:
    """List the output formats."""
    from synthdb.outputs.registry import FORMATS

    for name in FORMATS.names():
        typer.echo(f"{name}\t{FORMATS.get(name).description}")
