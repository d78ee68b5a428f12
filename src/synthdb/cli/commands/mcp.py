"""`synthdb mcp`: the MCP server over stdio, for a local agent, on the definition files under --root."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import app, fail
from synthdb.errors import SynthdbError


@app.command("mcp")
def mcp_command(
    root: Annotated[Path, typer.Option("--root", help="The folder of definition files the agent may read "
                                                      "and write (never anything outside it).")] = Path("."),
) -> None:
    """Serve the MCP tools over stdio (for Claude, Cursor, VS Code...; see docs/mcp.md)."""
    from synthdb.mcp.stdio import run_stdio

    try:
        run_stdio(root)
    except SynthdbError as exc:
        fail(exc)
