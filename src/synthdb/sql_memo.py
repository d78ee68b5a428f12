"""Checked and compiled user SQL, remembered between runs of the command line.

Checking and translating a definition's SQL needs sqlglot: 0.15-0.3 s of every start for the import and
its dialects, more than the rest of `synthdb validate`. The command line turns this memo on (not its
servers `serve`, `mock` and `mcp`, nor the Python API: cli/lean_start); each result is then one small
JSON file in the reference cache (refcache), named by a digest of the SQL text, the versions of synthdb,
sqlglot and DuckDB and the bytes of the modules that check and translate SQL, so a changed checker never
reads an old answer. SQL that fails is never stored: its error is found afresh each time. The servers
check every text themselves; the locked-down DuckDB connection (sql_sandbox.connection) bounds what any
SQL can do either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

_enabled = False
# The modules whose code decides a check's or a translation's result.
_DECIDING_MODULES = ("synthdb.generators.helpers.sql_eval", "synthdb.generators.helpers.sql_rows",
                     "synthdb.generators.helpers.sql_math", "synthdb.sql_sandbox.guard", "synthdb.sql_memo")


def remember_between_runs() -> None:
    """Keep results in the reference cache from now on (this process)."""
    global _enabled
    _enabled = True


def remembering() -> bool:
    """Whether results are kept between runs in this process (the command line's, except its servers)."""
    return _enabled


@cache
def _code_digest() -> str:
    from synthdb.generators.helpers.bundled import source_of

    digest = hashlib.sha256()
    for module in _DECIDING_MODULES:
        # Found by path, not by importing the module: importing synthdb.sql_sandbox imports DuckDB (0.1 s),
        # which a run whose SQL is all remembered never uses.
        digest.update(source_of(module).read_bytes())
    return digest.hexdigest()


def remembered(kind: str, parts: Sequence[str], compute: Callable[[], Any]) -> Any:
    """`compute()` (JSON data), or its stored result for the same `kind` and `parts` when remembering."""
    if not _enabled:
        return compute()
    from synthdb.generators.helpers.refcache import cached_json

    return cached_json(f"sql-{kind}", ("sqlglot", "duckdb"), (*parts, _code_digest()), compute)
