"""The `synthdb` command line; each module in `cli.commands` adds its commands to the one Typer app."""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import pkgutil
import signal
import sys
import threading
import warnings
from types import FrameType
from typing import NoReturn

from synthdb.cli import lean_start
from synthdb.cli.pydantic_plugins import skip_pydantic_plugin_scan

skip_pydantic_plugin_scan()  # before the imports below build pydantic's models

from synthdb.cli.app import app  # noqa: E402
from synthdb.defaults import COLLECTOR_THRESHOLDS  # noqa: E402
from synthdb.registry import PluginWarning  # noqa: E402

_python_format = warnings.formatwarning


def _format_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                    line: str | None = None) -> str:
    """A broken plugin as one line, like errors (the file and line of synthdb's loader would only mislead)."""
    if issubclass(category, PluginWarning):
        return f"warning: {message}\n"
    return _python_format(message, category, filename, lineno, line)


def _load_commands() -> None:
    from synthdb.cli import commands

    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}")


def _keep_only_the_invoked(first: list[str]) -> None:
    """When the first argument names a command (or a command group), Typer builds only that one: building
    every command's Click parameters from its signature costs about 20 ms of each start. Anything else
    (no argument, --help, a typo needing "did you mean") keeps them all."""
    from typer.main import get_command_name

    if not first:
        return
    commands = [c for c in app.registered_commands
                if (c.name or get_command_name(c.callback.__name__ if c.callback else "")) == first[0]]
    groups = [g for g in app.registered_groups if g.name == first[0]]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _terminate(signum: int, frame: FrameType | None, pid: int = os.getpid()) -> None:
    """SIGTERM: remove the partial output and exit at once (128 + 15), whatever the process was doing.

    Raising an exception here instead (as Ctrl-C does) was tried: when it lands while the writer's queue
    holds its lock, the unwinding that closes the zip waits on that lock forever.
    """
    if os.getpid() != pid:  # a forked child: die as the default action would
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    import multiprocessing

    from synthdb.service.atomic import remove_partial_files

    # Worker processes (--workers, or the default for large runs) share our stdout and stderr: left
    # running, they would keep writing batches nobody reads and hold the caller's pipes open.
    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    if children:
        from multiprocessing import util

        # The pool's named semaphores: unlinked now (their finalizers), else the resource tracker
        # reports them as leaked on our stderr after we exit.
        util._run_finalizers(0)  # type: ignore[attr-defined]
    remove_partial_files()
    os.write(2, b"error: terminated (SIGTERM); the partial output was removed\n")
    os._exit(128 + signum)

def main() -> None:
    """Console-script entry point."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)  # synthdb.defaults explains
    # `serve` replaces this with uvicorn's own graceful shutdown when it starts.
    signal.signal(signal.SIGTERM, _terminate)
    warnings.formatwarning = _format_warning
    lean_start.want()
    _load_commands()
    _keep_only_the_invoked(sys.argv[1:2])
    try:
        app()
    except SystemExit as done:
        _leave(done)
    finally:
        # The process ends here: Python's last act would be a full cyclic collection over every object
        # start-up made (modules, pydantic schemas; 60-100 ms), which frees nothing the exit does not.
        gc.freeze()


def _leave(done: SystemExit) -> NoReturn:
    """End the process without tearing the interpreter down (30-40 ms of a 0.5 s `validate`: every module
    and object freed one by one, which the exit does at once). Python's own exit is kept where it does
    more: a thread still running that Python would wait for, an exit code that is a message, or output that
    cannot be flushed (its "broken pipe" report). Exit handlers (temporary files, worker pools, logging)
    still run; daemon threads end with the process, as they would."""
    code = done.code
    if code is None:
        code = 0
    others = [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    if not isinstance(code, int) or others:
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code & 0xFF)


__all__ = ["app", "main"]
