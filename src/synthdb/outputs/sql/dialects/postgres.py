"""PostgreSQL: deferrable constraints, COPY, NaN/Infinity, bytea as '\\x...'."""

from __future__ import annotations

from synthdb.outputs.sql.dialects.base import SqlDialect, T


class Postgres(SqlDialect):
    name = "postgres"
    sqlglot = "postgres"
    nan = "'NaN'"
    infinity = "'Infinity'"
    negative_infinity = "'-Infinity'"
    binary = ("'\\x", "'")
    preamble = ("SET client_encoding = 'UTF8';", "SET standard_conforming_strings = on;")
    deferred_constraints = True
    self_references = "deferred"
    defer_constraints: str = "SET CONSTRAINTS ALL DEFERRED"
    # Checks cannot be switched off without superuser (session_replication_role): rows go parents first,
    # deletes children first, and self-references and cycles are DEFERRABLE, checked at COMMIT.
    script_defers_constraints = True
    json_column = "JSONB"
    # Not MONEY: PostgreSQL's money compares with no number (a CHECK `price >= 0.00` is refused) and reads
    # back as locale-formatted text; NUMERIC holds the same values. SMALLMONEY is SQL Server's alone.
    native_types = frozenset({T.XML})
    bit_as_boolean = True
    bulk_load = "copy"
