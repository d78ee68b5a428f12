"""The `synthdb` command line; each module in `cli.commands` adds its commands to the one Typer app."""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
from types import FrameType

from synthdb.cli.app import app


def _load_commands() -> None:
    from synthdb.cli import commands

    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def _terminate(signum: int, frame: FrameType | None, pid: int = os.getpid()) -> None:
    """SIGTERM behaves as Ctrl-C: the same unwinding removes temporary files (service/atomic.py)."""
    if os.getpid() != pid:  # a forked child: die as the default action would
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    # `serve` replaces this with uvicorn's own graceful shutdown when it starts.
    signal.signal(signal.SIGTERM, _terminate)
    _load_commands()
    app()


__all__ = ["app", "main"]
