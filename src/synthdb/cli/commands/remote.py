"""`synthdb remote generate`: drive a synthdb (or Fabricate) server the way the official clients do."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from synthdb.cli.app import app, err
from synthdb.cli.progress import interactive

if TYPE_CHECKING:  # httpx is imported by the commands that talk to a server: every other command starts faster
    import httpx

remote_app = typer.Typer(no_args_is_help=True, help="Use a remote synthdb or Fabricate server.")
app.add_typer(remote_app, name="remote")


class RemoteError(Exception):
    """The server refused the request or the task failed."""


def api_base(url: str) -> str:
    """`http://host:8000` or `http://host:8000/api/v1` -> the API base."""
    url = url.rstrip("/")
    return url if url.endswith("/api/v1") else f"{url}/api/v1"


def _answer(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json()
    try:
        message = response.json().get("error")
    except ValueError:
        message = None
    raise RemoteError(f"{response.status_code}: {message or response.reason_phrase}")


def _variables(pairs: list[str] | None) -> dict[str, str]:
    # Sent as text, as the official clients send them; the server reads numbers out of them.
    out: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise RemoteError(f"--var expects NAME=VALUE, got '{pair}'")
        out[name.strip()] = value.strip()
    return out


def _download(url: str, destination: Path, unzip: bool, content_type: str | None) -> None:
    import httpx

    temporary = destination.with_name(destination.name + ".tmp")
    try:
        # No Authorization header: the signed link is the credential, as with Fabricate.
        with httpx.stream("GET", url, timeout=60, follow_redirects=True) as response:
            if not response.is_success:
                response.read()
                _answer(response)
            with temporary.open("wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
        if unzip and content_type == "application/zip":
            destination.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(temporary) as archive:
                archive.extractall(destination)  # zipfile drops absolute paths and '..' parts
        else:
            os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def run_remote(
    api: str, key: str, payload: dict[str, Any], dest: Path | None, unzip: bool, show: bool, poll: float = 1.0
) -> dict[str, Any]:
    """Create the task, poll it every `poll` seconds, download its data; returns the final task."""
    import httpx
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(timeout=30) as client:
        task = _answer(client.post(f"{api}/generate_tasks", json=payload, headers=headers))
        progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                            TimeElapsedColumn(), console=err, disable=not show)
        with progress:
            bar = progress.add_task("queued", total=1.0)
            while not task.get("completed"):
                if task.get("error"):
                    raise RemoteError(task["error"])
                progress.update(bar, completed=task.get("progress") or 0, description=task.get("context") or "")
                time.sleep(poll)
                task = _answer(client.get(f"{api}/generate_tasks/{task['id']}", headers=headers))
            progress.update(bar, completed=1.0, description=task.get("context") or "done")
    if dest is not None and task.get("data_url"):
        _download(task["data_url"], dest, unzip, task.get("content_type"))
    return task


@remote_app.command("generate")
def generate_command(
    url: Annotated[str, typer.Option(help="Server URL, e.g. http://localhost:8000.")],
    workspace: Annotated[str, typer.Option(help="Workspace name.")],
    database: Annotated[str, typer.Option(help="Database name.")],
    format: Annotated[str | None, typer.Option("--format", "-f", help="Output format (with --dest).")] = None,
    dest: Annotated[Path | None, typer.Option(help="Where to write: a file, or a directory for zips.")] = None,
    connection: Annotated[str | None, typer.Option(help="Push into this saved connection instead.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only this table, as a plain file.")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="Override a variable: NAME=VALUE.")] = None,
    api_key: Annotated[str | None, typer.Option("--api-key", help="API key [SYNTHDB_API_KEY].")] = None,
    no_unzip: Annotated[bool, typer.Option("--no-unzip", help="Keep a zip as it is.")] = False,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --dest.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Generate on a server: poll every second, download data_url without credentials, unzip zips."""
    import httpx

    key = api_key or os.environ.get("SYNTHDB_API_KEY")
    try:
        if not key:
            raise RemoteError("an API key is required: --api-key or SYNTHDB_API_KEY")
        if (format is None) == (connection is None):
            raise RemoteError("give exactly one of --format (with --dest) and --connection")
        if format is not None and dest is None:
            raise RemoteError("--dest is required with --format")
        if dest is not None and dest.exists():
            if not overwrite:
                raise RemoteError(f"{dest} already exists (use --overwrite)")
            shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
        payload = {"workspace": workspace, "database": database, "format": format, "connection": connection,
                   "entity": entity, "overrides": {"variables": _variables(var)} if var else None}
        task = run_remote(api_base(url), key, payload, dest, not no_unzip, interactive(quiet))
    except (RemoteError, httpx.HTTPError, OSError, zipfile.BadZipFile) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if interactive(quiet):
        err.print(f"wrote {dest}" if dest is not None else f"loaded into '{connection}': {task.get('context')}")
