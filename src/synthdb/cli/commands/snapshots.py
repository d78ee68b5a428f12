"""`synthdb snapshots create|list|download|delete`: a server's snapshots of a database."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from synthdb.cli.app import app, err
from synthdb.cli.commands.remote import RemoteError, _answer, _variables, api_base

if TYPE_CHECKING:
    import httpx

snapshots_app = typer.Typer(no_args_is_help=True, help="Snapshots of a database on a synthdb server (the mock API).")
app.add_typer(snapshots_app, name="snapshots")

Url = Annotated[str, typer.Option(help="Server URL, e.g. http://localhost:8000.")]
Workspace = Annotated[str, typer.Option(help="Workspace name.")]
DatabaseName = Annotated[str, typer.Option(help="Database name.")]
ApiKey = Annotated[str | None, typer.Option("--api-key", help="API key [SYNTHDB_API_KEY].")]


def _client(url: str, key: str | None) -> httpx.Client:
    import httpx  # imported when a command runs: `synthdb --help` stays light

    key = key or os.environ.get("SYNTHDB_API_KEY")
    if not key:
        raise RemoteError("an API key is required: --api-key or SYNTHDB_API_KEY")
    return httpx.Client(base_url=api_base(url), headers={"Authorization": f"Bearer {key}"}, timeout=60)


def _path(workspace: str, database: str) -> str:
    return f"/workspaces/{workspace}/databases/{database}/snapshots"


def _run(action: Any) -> Any:
    import httpx

    try:
        return action()
    except (RemoteError, httpx.HTTPError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


@snapshots_app.command("create")
def create_command(
    url: Url, workspace: Workspace, database: DatabaseName, api_key: ApiKey = None,
    name: Annotated[str | None, typer.Option(help="Snapshot name (default v1, v2, ...).")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of this snapshot.")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    wait: Annotated[bool, typer.Option(help="Wait until the snapshot is ready.")] = True,
) -> None:
    """Generate a snapshot on the server; prints its name once ready."""

    def action() -> None:
        with _client(url, api_key) as client:
            body = {"name": name, "seed": seed, "overrides": {"variables": _variables(var)} if var else None}
            snapshot = _answer(client.post(_path(workspace, database), json=body))
            while wait and snapshot["status"] == "pending":
                time.sleep(0.5)
                snapshot = _answer(client.get(f"{_path(workspace, database)}/{snapshot['name']}"))
            if snapshot["status"] == "failed":
                raise RemoteError(f"snapshot '{snapshot['name']}' failed: {snapshot['error']}")
            typer.echo(f"{snapshot['name']}\t{snapshot['status']}\t{snapshot['rows']} rows")

    _run(action)


@snapshots_app.command("list")
def list_command(url: Url, workspace: Workspace, database: DatabaseName, api_key: ApiKey = None) -> None:
    """One line per snapshot: name, status, created, rows, size, active."""

    def action() -> None:
        with _client(url, api_key) as client:
            for s in _answer(client.get(_path(workspace, database))):
                active = "active" if s["active"] else ""
                typer.echo(f"{s['name']}\t{s['status']}\t{s['created']}\t{s['rows']}\t{s['size']}\t{active}")

    _run(action)


@snapshots_app.command("download")
def download_command(
    url: Url, workspace: Workspace, database: DatabaseName,
    name: Annotated[str, typer.Argument(help="Snapshot name.")],
    dest: Annotated[Path, typer.Option(help="Where to write the .sqlite file.")], api_key: ApiKey = None,
) -> None:
    """Download a snapshot's SQLite file (written whole, or not at all)."""

    def action() -> None:
        temporary = dest.with_name(dest.name + ".tmp")
        try:
            with _client(url, api_key) as client, client.stream(
                    "GET", f"{_path(workspace, database)}/{name}/download") as response:
                if not response.is_success:
                    response.read()
                    _answer(response)
                with temporary.open("wb") as handle:
                    for chunk in response.iter_bytes(1 << 16):
                        handle.write(chunk)
            os.replace(temporary, dest)
        finally:
            temporary.unlink(missing_ok=True)
        typer.echo(str(dest))

    _run(action)


@snapshots_app.command("delete")
def delete_command(
    url: Url, workspace: Workspace, database: DatabaseName,
    name: Annotated[str, typer.Argument(help="Snapshot name.")], api_key: ApiKey = None,
) -> None:
    """Delete a snapshot."""

    def action() -> None:
        with _client(url, api_key) as client:
            _answer(client.delete(f"{_path(workspace, database)}/{name}"))
        typer.echo(f"deleted {name}")

    _run(action)
