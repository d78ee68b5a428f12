"""The `synthdb` command line; each module in `cli.commands` adds its commands to the one Typer app."""

from __future__ import annotations

import importlib
import pkgutil

from synthdb.cli.app import app


def _load_commands() -> None:
    from synthdb.cli import commands

    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def main() -> None:
    """Console-script entry point."""
    _load_commands()
    app()


__all__ = ["app", "main"]
