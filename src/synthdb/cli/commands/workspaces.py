"""`synthdb workspaces create|list`: the operator's tenants (keys for them come from `synthdb keys create`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import app, fail
from synthdb.errors import SynthdbError

workspaces_app = typer.Typer(no_args_is_help=True, help="Manage the REST service's workspaces (tenants).")
app.add_typer(workspaces_app, name="workspaces")

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="The service's data directory [SYNTHDB_DATA_DIR].")]


@workspaces_app.command("create")
def create_command(
    name: Annotated[str, typer.Argument(help="The new workspace's name.")],
    data_dir: DataDir = None,
) -> None:
    """Create an empty workspace; give it keys with `synthdb keys create --workspace NAME`."""
    from synthdb.api.names import name_problem
    from synthdb.cli.commands.keys import _store
    from synthdb.errors import UsageError
    from synthdb.store.keys import create_workspace

    try:
        problem = name_problem(name)
        if problem:
            raise UsageError(f"NAME: {problem}")
        workspace = create_workspace(_store(data_dir), name)
    except SynthdbError as exc:
        fail(exc)
    typer.echo(f"created workspace '{workspace.name}' ({workspace.id})")


@workspaces_app.command("list")
def list_command(data_dir: DataDir = None) -> None:
    """List every workspace: name, creation date, number of usable keys."""
    from synthdb.cli.commands.keys import _store
    from synthdb.store.keys import list_workspaces

    for workspace, keys in list_workspaces(_store(data_dir)):
        typer.echo(f"{workspace.name}\t{workspace.created_at:%Y-%m-%d}\t{keys} key(s)")
