"""`synthdb connections add|list|remove`: named database URLs whose passwords never reach the config file."""

from __future__ import annotations

from typing import Annotated

import typer

from synthdb.cli.app import app, err, fail
from synthdb.errors import SynthdbError

# ConnectionStore and mask_url are imported in the commands: SQLAlchemy is slow to import, and every
# command module is loaded when `synthdb` starts.

connections_app = typer.Typer(no_args_is_help=True, help="Saved database connections (usable as --to NAME).")
app.add_typer(connections_app, name="connections")


@connections_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="A name for the connection.")],
    url: Annotated[str, typer.Argument(help="Database URL; a password in it goes to the keyring, not the file.")],
    password_env: Annotated[str | None, typer.Option(
        "--password-env", help="Read the password from this environment variable instead.")] = None,
    ask_password: Annotated[bool, typer.Option("--ask-password", help="Prompt for the password.")] = False,
    no_keyring: Annotated[bool, typer.Option("--no-keyring", help="Never use the system keyring.")] = False,
) -> None:
    """Save URL under NAME (replacing a connection of that name)."""
    from synthdb.service.connections import ConnectionStore
    from synthdb.targets.urls import mask_url

    password = typer.prompt("password", hide_input=True, err=True) if ask_password else None
    store = ConnectionStore()
    try:
        saved = store.add(name, url, password=password, password_env=password_env, use_keyring=not no_keyring)
    except SynthdbError as exc:
        fail(exc)
    typer.echo(f"saved connection '{saved.name}': {mask_url(saved.url)} ({saved.where})")
    if saved.password == "env":
        err.print(f"the password is not stored: set ${saved.password_env} in the environment that runs synthdb",
                  highlight=False)


@connections_app.command("list")
def list_command() -> None:
    """List saved connections (passwords are never shown)."""
    from synthdb.service.connections import ConnectionStore

    store = ConnectionStore()
    try:
        saved = store.list()
    except SynthdbError as exc:
        fail(exc)
    for connection in saved:
        typer.echo(store.describe(connection))
    if not saved:
        err.print(f"no saved connections (in {store.path})", highlight=False)


@connections_app.command("remove")
def remove_command(name: Annotated[str, typer.Argument(help="The connection to forget.")]) -> None:
    """Forget connection NAME (and its password in the keyring)."""
    from synthdb.service.connections import ConnectionStore

    try:
        ConnectionStore().remove(name)
    except SynthdbError as exc:
        fail(exc)
    typer.echo(f"removed connection '{name}'")
