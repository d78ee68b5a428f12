"""Platform names (postgres, mysql, sqlserver, ...) and what each SQL dialect needs from a writer."""

from __future__ import annotations

from dataclasses import dataclass

from synthdb.definition.platforms import platform_key
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import UsageError


@dataclass(frozen=True)
class SqlDialect:
    """How to write SQL for one database: the sqlglot dialect plus the literal rules sqlglot leaves to us."""

    name: str  # canonical platform name
    sqlglot: str  # sqlglot dialect used for identifiers, types and statements
    # MySQL/MariaDB read backslash as an escape character inside string literals.
    backslash_escapes: bool = False
    true: str = "TRUE"
    false: str = "FALSE"
    # SQL Server needs N'...' for text outside the code page (emoji, CJK, ...).
    national_strings: bool = False
    # Separator between date and time in timestamp literals; SQL Server's DATETIME only reads
    # 'YYYY-MM-DDThh:mm:ss' unambiguously whatever the session's DATEFORMAT.
    datetime_separator: str = " "
    # Suffix of time-zone-aware timestamps (rendered in UTC); MySQL has no offset syntax that
    # MariaDB reads, so there the UTC wall time is written bare (columns are DATETIME).
    utc_suffix: str = "+00:00"
    # Float specials; None means the database has none and the value is written as NULL.
    nan: str | None = None
    infinity: str | None = None
    negative_infinity: str | None = None
    # Binary literal: (prefix, suffix) around the hex digits.
    binary: tuple[str, str] = ("X'", "'")


_POSTGRES = SqlDialect(
    "postgres", "postgres", nan="'NaN'", infinity="'Infinity'", negative_infinity="'-Infinity'",
    binary=("'\\x", "'"),
)
_MYSQL = SqlDialect("mysql", "mysql", backslash_escapes=True, utc_suffix="")
_SQLITE = SqlDialect("sqlite", "sqlite", true="1", false="0", infinity="9e999", negative_infinity="-9e999")
_SQLSERVER = SqlDialect(
    "sqlserver", "tsql", true="1", false="0", national_strings=True, datetime_separator="T", binary=("0x", "")
)
_DUCKDB = SqlDialect(
    "duckdb", "duckdb", nan="'NaN'", infinity="'Infinity'", negative_infinity="'-Infinity'",
    binary=("unhex('", "')"),
)

DIALECTS: dict[str, SqlDialect] = {
    "postgres": _POSTGRES,
    "postgresql": _POSTGRES,
    "mysql": _MYSQL,
    "mariadb": _MYSQL,
    "sqlite": _SQLITE,
    "sqlite3": _SQLITE,
    "sqlserver": _SQLSERVER,
    "mssql": _SQLSERVER,
    "tsql": _SQLSERVER,
    "duckdb": _DUCKDB,
}


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
