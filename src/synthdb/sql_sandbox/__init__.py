"""The one sandbox for user SQL: a static check at definition time and a locked-down DuckDB at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from synthdb.sql_sandbox.connection import SECURITY_SETTINGS, connect

if TYPE_CHECKING:
    from synthdb.sql_sandbox.guard import ForbiddenSql, check_sql


def __getattr__(name: str) -> Any:
    # The static check needs sqlglot (0.1-0.2 s to import): loaded when first asked for, so a run that only
    # executes already-checked SQL (sql_memo) does not pay for it.
    if name in ("ForbiddenSql", "check_sql"):
        from synthdb.sql_sandbox import guard

        return getattr(guard, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SECURITY_SETTINGS", "ForbiddenSql", "check_sql", "connect"]
