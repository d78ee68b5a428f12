"""Local mode: the MCP server over stdio, on the definition files of one folder (no service, no key)."""

from __future__ import annotations

from pathlib import Path

from synthdb.errors import UsageError
from synthdb.mcp.local import LocalBackend
from synthdb.mcp.server import build_server


def run_stdio(root: Path) -> None:
    """Serve on stdin/stdout until the client closes them."""
    if not root.is_dir():
        raise UsageError(f"--root: '{root}' is not a folder")
    backend = LocalBackend(root)
    build_server(lambda _ctx: backend).run("stdio")
