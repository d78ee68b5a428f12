"""SQL dialects, one module per platform; `dialect_for` finds one by any accepted platform name.

To add a platform: a module here with a `SqlDialect` subclass listing its differences from base.py,
an entry in `_BY_NAME`, its names in definition/platforms.py, its identifier rules in
definition/identifiers.py and its sqlglot name in column_types.READERS (docs/sql-outputs.md, "Dialects").
"""

from __future__ import annotations

from synthdb.definition.platforms import PLATFORMS, platform_key
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import UsageError
from synthdb.outputs.sql.dialects.base import SqlDialect
from synthdb.outputs.sql.dialects.duckdb import DuckDb
from synthdb.outputs.sql.dialects.mysql import MySql
from synthdb.outputs.sql.dialects.postgres import Postgres
from synthdb.outputs.sql.dialects.sqlite import Sqlite
from synthdb.outputs.sql.dialects.sqlserver import SqlServer

# One instance per canonical platform name.
_BY_NAME: dict[str, SqlDialect] = {d.name: d for d in (Postgres(), MySql(), Sqlite(), SqlServer(), DuckDb())}
# Every accepted spelling (definition/platforms.py is the one map of names) -> its dialect.
DIALECTS: dict[str, SqlDialect] = {alias: _BY_NAME[canonical] for alias, canonical in PLATFORMS.items()}


def dialect_for(platform: str | None) -> SqlDialect:
    """The dialect of a definition's `platform` (case-insensitive); PostgreSQL when none is given."""
    key = platform_key(platform)
    dialect = DIALECTS.get(key)
    if dialect is None:
        hint = did_you_mean(key, DIALECTS)
        raise UsageError(f"unsupported SQL platform '{platform}'{hint} (platforms: {', '.join(DIALECTS)})")
    return dialect


def source_dialect(platform: str | None) -> str | None:
    """The sqlglot dialect that declared data types are written in; None (sqlglot's default) if unknown."""
    dialect = DIALECTS.get(platform_key(platform)) if platform else None
    return dialect.sqlglot if dialect else None


def sqlglot_dialects() -> list[str]:
    """Every sqlglot dialect we write, sorted (readers to try on a type written for no known platform)."""
    return sorted({d.sqlglot for d in _BY_NAME.values()})


__all__ = ["DIALECTS", "SqlDialect", "dialect_for", "source_dialect", "sqlglot_dialects"]
