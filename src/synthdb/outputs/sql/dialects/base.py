"""The base SQL dialect: every fact a writer or target needs about a database, with the common answers.

A platform's module (postgres.py, mysql.py, ...) subclasses `SqlDialect` and lists only where its
database differs, in the style of sqlglot's dialects. Nothing outside `dialects/` compares dialect
names: DDL, types, literals, scripts and targets read these attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import pyarrow as pa
from sqlglot import exp

from synthdb.definition.identifiers import IdentifierRules, rules_for

T = exp.DataType.Type
STRINGS = exp.DataType.TEXT_TYPES
UNBOUNDED_STRINGS = {T.TEXT, T.MEDIUMTEXT, T.LONGTEXT, T.TINYTEXT}
JSON_TYPES = {T.JSON, T.JSONB}
ZONED = {T.TIMESTAMPTZ, T.TIMESTAMPLTZ}
# Unsigned integer -> the signed type that holds all its values. BIGINT UNSIGNED stays BIGINT: the
# engine holds integers as int64 (column_types.py), so its values never exceed BIGINT.
WIDENED: dict[Any, Any] = {
    T.UTINYINT: T.SMALLINT, T.USMALLINT: T.INT, T.UMEDIUMINT: T.INT, T.UINT: T.BIGINT, T.UBIGINT: T.BIGINT,
}
INTEGERS = {T.TINYINT, T.SMALLINT, T.MEDIUMINT, T.INT, T.BIGINT, *WIDENED}


def param(value: int | str) -> exp.DataTypeParam:
    literal = exp.Literal.number(value) if isinstance(value, int) else exp.var(value)
    return exp.DataTypeParam(this=literal)


def build_type(kind: Any, *params: int | str) -> exp.DataType:  # kind: a DataType.Type member
    """A sqlglot DataType with literal parameters (`build_type(T.VARCHAR, 255)`)."""
    return exp.DataType(this=kind, expressions=[param(p) for p in params], nested=False)


class SqlDialect:
    """How to write SQL for one database. Subclasses override only the attributes that differ."""

    name: str = ""  # canonical platform name (a value of definition/platforms.PLATFORMS)
    sqlglot: str = ""  # sqlglot dialect used for identifiers, types and statements

    # -- literals (outputs/sql/literals.py) --
    # MySQL/MariaDB read backslash as an escape character inside string literals.
    backslash_escapes: bool = False
    true: str = "TRUE"
    false: str = "FALSE"
    # SQL Server needs N'...' for text outside the code page (emoji, CJK, ...).
    national_strings: bool = False
    # Separator between date and time in timestamp literals.
    datetime_separator: str = " "
    # Suffix of time-zone-aware timestamps (rendered in UTC).
    utc_suffix: str = "+00:00"
    # Float specials; None means the database has none and the value is written as NULL.
    nan: str | None = None
    infinity: str | None = None
    negative_infinity: str | None = None
    # Binary literal: (prefix, suffix) around the hex digits.
    binary: tuple[str, str] = ("X'", "'")

    # -- scripts (outputs/formats/sql_format.py, ddl.py) --
    # Session settings each script starts with, so literals mean what we wrote whatever the server's defaults.
    preamble: tuple[str, ...] = ()
    # Whether CREATE INDEX takes IF NOT EXISTS.
    index_if_not_exists: bool = True

    # -- the sql format's load.sql (outputs/sql/load_script.py): Fabricate's delete-then-insert shape --
    # Statements a load.sql runs before its transaction to switch foreign-key checks off, and after it
    # to switch them on again (Fabricate's MySQL script: SET FOREIGN_KEY_CHECKS = 0 / 1). None where
    # the platform has no such switch for an ordinary user: the rows' order then keeps keys valid.
    script_key_checks: tuple[str, str] | None = None
    # Session settings a load.sql starts with (None: the `preamble` of every script).
    load_preamble: tuple[str, ...] | None = None
    # Whether the load's transaction starts by deferring every deferrable constraint to COMMIT.
    script_defers_constraints: bool = False
    # Whether the DELETEs share the INSERTs' transaction (all or nothing); DuckDB cannot delete a
    # parent row whose children were deleted earlier in the same transaction.
    deletes_in_transaction: bool = True

    def key_checks_off(self, tables: Sequence[str]) -> list[str]:
        """Statements before the load's transaction that switch foreign-key checks off (`tables`: quoted names)."""
        return [self.script_key_checks[0]] if self.script_key_checks else []

    def key_checks_on(self, tables: Sequence[str]) -> list[str]:
        """Statements after the load's transaction that switch foreign-key checks on again."""
        return [self.script_key_checks[1]] if self.script_key_checks else []

    # -- foreign keys (ddl.py) --
    # Whether constraints can be checked at COMMIT (DEFERRABLE INITIALLY DEFERRED).
    deferred_constraints: bool = False
    # A self-reference (employees.manager_id -> employees.id): "deferred" inline, "after" the rows by
    # ALTER TABLE, or "skip" (not declared).
    self_references: Literal["deferred", "after", "skip"] = "after"
    # A key to a table created later (a cycle): "deferred" inline (names resolved lazily), "alter"
    # (ALTER TABLE once all tables exist) or "skip" (the database cannot add one to an existing table).
    forward_references: Literal["deferred", "alter", "skip"] = "alter"

    # Statement that defers every constraint to COMMIT for the rest of the transaction (targets).
    defer_constraints: str | None = None
    # Statements turning foreign-key checks off and back on for the session (targets: cycles, drops).
    foreign_key_checks: tuple[str, str] | None = None

    # -- types (types.py) --
    # The column type of nested values, which are written as JSON text.
    json_column: str = "JSON"
    # Types written as declared; elsewhere XML and ENUM/SET become TEXT and MONEY a DECIMAL.
    native_types: frozenset[Any] = frozenset()
    # `VARCHAR(MAX)` is this database's spelling of an unbounded string (elsewhere it is `VARCHAR`).
    varchar_max: bool = False
    # BIT holding booleans becomes BOOLEAN.
    bit_as_boolean: bool = False
    # UNSIGNED integers exist (elsewhere `int unsigned` widens to the next signed type that holds it).
    unsigned_integers: bool = False
    # Integer display widths (`int(11)`, `tinyint(1)`) are accepted (elsewhere they are dropped).
    integer_display_width: bool = False

    # -- SQL schemas (ddl.py: `table_of`, `create_schema`) --
    # Whether the database has schemas; SQLite has none, and names a table of schema `s` by its key `s.t`.
    schemas: bool = True
    # Whether a foreign key may reference a table of another schema (elsewhere it is not declared).
    cross_schema_keys: bool = True

    def create_schema(self, schema: str) -> str | None:
        """The statement that creates `schema` unless it exists (None where there are no schemas)."""
        if not self.schemas:
            return None
        return exp.Create(kind="SCHEMA", exists=True, this=exp.Table(db=exp.to_identifier(schema, quoted=True))).sql(
            self.sqlglot) + ";\n"

    # -- bulk loading (targets) --
    # "copy" (PostgreSQL COPY, outputs/sql/copy.py), "load data" (MySQL LOAD DATA, outputs/sql/loaddata.py)
    # or None (INSERT batches).
    bulk_load: Literal["copy", "load data"] | None = None

    @property
    def identifiers(self) -> IdentifierRules:
        """Identifier length and character rules (held in definition/identifiers.py, checked at validation)."""
        return rules_for(self.name)

    def table_properties(self) -> exp.Properties | None:
        """Properties after CREATE TABLE (...), e.g. MySQL's engine and character set."""
        return None

    def adapt_type(self, kind: exp.DataType, arrow: pa.DataType, keyed: bool) -> exp.DataType:
        """The last, dialect-specific step of a column's type; `keyed` columns need indexable types."""
        return kind

    def __repr__(self) -> str:
        return f"<SqlDialect {self.name}>"
