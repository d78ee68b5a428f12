"""Start-up trims for the command line: imports a command never uses are kept out of its process."""

from __future__ import annotations

import gc
import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType

_wanted = False


def want() -> None:
    """Ask for the trims; only the `synthdb` command does, never a test driving the Typer app in-process."""
    global _wanted
    _wanted = True


# Commands that serve other people's requests: they check every SQL text afresh (sql_memo's promise).
SERVERS = frozenset({"serve", "mock", "mcp"})


def apply(command: str | None) -> None:
    """The trims for `command`, when the command line asked for them: no pandas probe, start-up objects
    kept out of the collector's passes, and (except in the servers) SQL checks remembered between runs."""
    if not _wanted:
        return
    skip_pandas_probe()
    # What start-up made so far (Typer, pydantic's definition models, NumPy, Arrow) lives as long as the
    # process: frozen, the cyclic collector stops walking it again in every older-generation pass
    # (a full pass over it costs 50-100 ms of a 1 s `validate`).
    gc.freeze()
    if command not in SERVERS:
        from synthdb.sql_memo import remember_between_runs

        remember_between_runs()


def skip_pandas_probe() -> None:
    """Let pyarrow's one lazy look for pandas find none, so the command does not import it.

    pyarrow's first `pa.array()` of a Python list imports pandas twice over (its Cython shim, to ask
    whether the argument is a pandas object, and its C++ converter, for pandas' null markers): about 300
    modules, 0.26 s of CPU here, more than numpy and pyarrow together. The command line never hands pyarrow
    a pandas object. Both remember that first failed look; pyarrow retries whenever pandas is really asked
    for (`to_pandas`), and `import pandas` keeps working for any code that needs it (tests check both).
    Not done for the Python API, whose callers may pass pandas objects to pyarrow themselves.
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    blocker = _Refuse("pandas")
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([""])  # a list of strings reaches both looks
    finally:
        sys.meta_path.remove(blocker)


class _Refuse(importlib.abc.MetaPathFinder):
    """A finder that makes importing one top-level package fail (a None in sys.modules would not:
    pyarrow's compiled import returns it instead of raising)."""

    def __init__(self, package: str) -> None:
        self.package = package

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname == self.package or fullname.startswith(self.package + "."):
            raise ImportError(f"{fullname} is not imported by the command line", name=fullname)
        return None
