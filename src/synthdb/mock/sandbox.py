"""Read-only SQLite for user SQL (the query endpoint, custom routes): a static check, a read-only file,
an authorizer that allows only reading, a time budget and a row cap.

DuckDB's sqlite extension is not bundled (DuckDB would download it, which the SQL sandbox forbids), so
snapshot SQL runs on Python's sqlite3, locked down by SQLite's own mechanisms.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot.errors import SqlglotError

from synthdb.sql_sandbox import ForbiddenSql, check_sql

# What a query may do: read tables and columns, call functions, recurse in a CTE. Nothing else.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
            getattr(sqlite3, "SQLITE_RECURSIVE", 33)}
# Functions of SQLite builds (or its shell) that reach files or extensions.
_FORBIDDEN_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "lsdir"})
DEFAULT_ROW_CAP = 1000
DEFAULT_BUDGET = 2.0


class SqlRefused(ValueError):
    """User SQL that is not one read-only SELECT, or that broke a limit."""


def check_select(sql: str) -> None:
    """The static check: one SELECT over plain table names (the SQL sandbox's rules)."""
    try:
        trees = sqlglot.parse(sql, read="sqlite")
    except SqlglotError as exc:
        raise SqlRefused(f"cannot be parsed: {str(exc).splitlines()[0]}") from None
    found = [tree for tree in trees if tree is not None]
    if len(found) != 1:
        raise SqlRefused("must be one statement; ';' separates several, which are not allowed")
    if not isinstance(found[0], sqlglot.exp.Query):
        raise SqlRefused(f"must be one SELECT query, not {found[0].key.upper()}")
    try:
        check_sql(found[0])
    except ForbiddenSql as exc:
        raise SqlRefused(str(exc)) from None


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action not in _ALLOWED:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _FORBIDDEN_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def open_readonly(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write the file, whatever SQL runs on it."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    con = sqlite3.connect(f"file:{path}?{flags}", uri=True, check_same_thread=False, timeout=10)
    con.execute("PRAGMA query_only = ON")
    return con


@dataclass
class SelectResult:
    """Rows of a user query: column names, at most the cap of rows, and whether more were cut."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool


def run_select(
    path: Path, sql: str, params: Mapping[str, Any] | None = None, row_cap: int = DEFAULT_ROW_CAP,
    budget: float = DEFAULT_BUDGET, immutable: bool = False,
) -> SelectResult:
    """Check and run one read-only SELECT on the SQLite file at `path`, `params` bound by name."""
    check_select(sql)
    con = open_readonly(path, immutable)
    deadline = time.monotonic() + budget
    try:
        con.set_authorizer(_authorizer)
        # Checked every 10,000 virtual machine steps: a runaway query is interrupted at the budget.
        con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cursor = con.execute(sql, dict(params or {}))
            rows = cursor.fetchmany(row_cap + 1)
        except sqlite3.DatabaseError as exc:
            if "interrupted" in str(exc).lower():
                raise SqlRefused(f"ran longer than the {budget:g}-second budget and was stopped") from None
            if "not authorized" in str(exc).lower() or "prohibited" in str(exc).lower():
                raise SqlRefused("may only read the snapshot's tables") from None
            raise SqlRefused(str(exc)) from None
        columns = [d[0] for d in cursor.description or []]
        return SelectResult(columns, rows[:row_cap], len(rows) > row_cap)
    finally:
        con.close()
