"""Start-up trims for the command line: imports a command never uses are kept out of its process."""

from __future__ import annotations

import gc

from synthdb.compute_docs import trim_compute_docs
from synthdb.pandas_probe import skip_pandas_probe

_wanted = False


def want() -> None:
    """Ask for the trims; only the `synthdb` command does, never a test driving the Typer app in-process."""
    global _wanted
    _wanted = True


# Commands that serve other people's requests: they check every SQL text afresh (sql_memo's promise).
SERVERS = frozenset({"serve", "mock", "mcp"})


def apply(command: str | None) -> None:
    """The trims for `command`, when the command line asked for them: no pandas probe, pyarrow.compute's
    long docstrings unwritten, start-up objects kept out of the collector's passes, and (except in the
    servers) SQL checks remembered between runs."""
    if not _wanted:
        return
    skip_pandas_probe()
    trim_compute_docs()
    # What start-up made so far (Typer, pydantic's definition models, NumPy, Arrow) lives as long as the
    # process: frozen, the cyclic collector stops walking it again in every older-generation pass
    # (a full pass over it costs 50-100 ms of a 1 s `validate`).
    gc.freeze()
    if command not in SERVERS:
        from synthdb.sql_memo import remember_between_runs

        remember_between_runs()
