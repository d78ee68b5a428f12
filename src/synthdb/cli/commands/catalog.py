"""`synthdb generators` and `synthdb formats`: what the registries hold."""

from __future__ import annotations

from typing import Annotated

import typer

from synthdb.cli.app import app


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
