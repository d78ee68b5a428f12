"""`synthdb keys create|list|revoke`: API keys of the service (the first key also bootstraps a workspace)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from synthdb.cli.app import app, err, fail
from synthdb.errors import SynthdbError

if TYPE_CHECKING:
    from synthdb.store.db import Store

keys_app = typer.Typer(no_args_is_help=True, help="Manage the REST service's API keys.")
app.add_typer(keys_app, name="keys")

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="The service's data directory [SYNTHDB_DATA_DIR].")]


def _store(data_dir: Path | None) -> Store:
    from synthdb.api.settings import Settings
    from synthdb.store.db import open_store

    return open_store(Settings.from_env(data_dir=data_dir).store_url)


def parse_grants(workspaces: list[str], role: str) -> list[tuple[str, str]]:
    """`A`, `B:admin` -> [(A, role), (B, admin)]: a workspace name, optionally with its own role."""
    from synthdb.api.names import name_problem
    from synthdb.errors import UsageError

    grants = []
    for given in workspaces:
        name, _, own = given.partition(":")
        problem = name_problem(name)
        if problem:
            raise UsageError(f"--workspace '{given}': {problem}")
        grants.append((name, own or role))
    return grants


@keys_app.command("create")
def create_command(
    workspace: Annotated[list[str], typer.Option(
        help="Workspace of the key (created if missing); repeat it for a key of several workspaces, the first "
             "being its default. NAME:ROLE gives that workspace its own role.")],
    role: Annotated[str, typer.Option(
        help="mock (the mock API only), viewer, editor, admin, or operator (also creates workspaces); the role "
             "in each --workspace given without one.")] = "editor",
    expires: Annotated[str | None, typer.Option(help="Lifetime such as 30d, 12h or 2w (default: none).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a key and print it once: only its hash is stored."""
    from synthdb.store.keys import create_api_key, parse_duration

    try:
        grants = parse_grants(workspace, role)
        created = create_api_key(_store(data_dir), grants, expires_in=parse_duration(expires) if expires else None)
    except SynthdbError as exc:
        fail(exc)
    typer.echo(created.key)
    until = f", expires {created.expires_at:%Y-%m-%d %H:%M} UTC" if created.expires_at else ""
    if len(created.grants) > 1:
        roles = ", ".join(f"{role} in '{name}'" for name, role in created.grants)
        err.print(f"key {created.prefix}… with {roles} (default '{created.workspace}'){until}; "
                  "store it now, it is not shown again", highlight=False)
        return
    err.print(f"{created.role} key {created.prefix}… for workspace '{created.workspace}'{until}; "
              "store it now, it is not shown again", highlight=False)


@keys_app.command("list")
def list_command(
    workspace: Annotated[str | None, typer.Option(help="Only the keys holding a role in this workspace.")] = None,
    data_dir: DataDir = None,
) -> None:
    """List keys by prefix (the secrets themselves are not stored); further workspaces follow as NAME:ROLE."""
    from synthdb.store.keys import list_keys, other_grants

    store = _store(data_dir)
    keys = list_keys(store, workspace)
    others = other_grants(store, [key.id for key, _ in keys])
    for key, name in keys:
        state = "revoked" if key.revoked else (f"expires {key.expires_at:%Y-%m-%d}" if key.expires_at else "active")
        extra = "".join(f"\t{other}:{role}" for other, role in others.get(key.id, []))
        typer.echo(f"{key.prefix}\t{name}\t{key.role}\t{state}{extra}")


@keys_app.command("revoke")
def revoke_command(
    prefix: Annotated[str, typer.Argument(help="The key's prefix, as `synthdb keys list` shows it.")],
    data_dir: DataDir = None,
) -> None:
    """Revoke a key: it gets 401 from then on."""
    from synthdb.store.keys import revoke_key

    count = revoke_key(_store(data_dir), prefix)
    if not count:
        err.print(f"[red]error:[/red] no key with prefix '{prefix}'", highlight=False)
        raise typer.Exit(1)
    typer.echo(f"revoked {count} key(s)")
