"""SQL Server: N'...' strings, NVARCHAR, 'T' in datetimes, 0x binaries, NOCHECK around a load."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
from sqlglot import exp

from synthdb.outputs.sql.dialects.base import (
    JSON_TYPES,
    STRINGS,
    UNBOUNDED_STRINGS,
    SqlDialect,
    T,
    build_type,
)


class SqlServer(SqlDialect):
    name = "sqlserver"
    sqlglot = "tsql"
    true = "1"
    false = "0"
    national_strings = True
    # DATETIME only reads 'YYYY-MM-DDThh:mm:ss' unambiguously whatever the session's DATEFORMAT.
    datetime_separator = "T"
    binary = ("0x", "")
    preamble = ("SET NOCOUNT ON;", "SET XACT_ABORT ON;")
    json_column = "NVARCHAR(MAX)"
    # TINYINT is unsigned (0-255) here, and read as such from a definition for SQL Server.
    native_types = frozenset({T.XML, T.MONEY, T.SMALLMONEY, T.UTINYINT})
    varchar_max = True

    def create_schema(self, schema: str) -> str | None:
        # CREATE SCHEMA must be alone in its batch, hence EXEC; sqlglot's IF NOT EXISTS form compares the
        # bracketed name as a string, so it is written here with both quotings done by hand.
        statement = f"CREATE SCHEMA {exp.to_identifier(schema, quoted=True).sql('tsql')}".replace("'", "''")
        name = schema.replace("'", "''")
        return f"IF SCHEMA_ID(N'{name}') IS NULL EXEC(N'{statement}');\n"

    def adapt_type(self, kind: exp.DataType, arrow: pa.DataType, keyed: bool) -> exp.DataType:
        this = kind.this
        if this in JSON_TYPES:
            return build_type(T.NVARCHAR, "MAX")
        if this in STRINGS:
            # NVARCHAR keeps every Unicode character whatever the database's collation; an index key
            # is limited to 900 bytes, hence NVARCHAR(450) for keys.
            fixed = this in {T.CHAR, T.NCHAR} and kind.expressions
            params = kind.expressions if this not in UNBOUNDED_STRINGS else []
            unbounded = not params or params[0].name.upper() == "MAX"
            if unbounded:
                return build_type(T.NVARCHAR, 450 if keyed else "MAX")
            return exp.DataType(this=T.NCHAR if fixed else T.NVARCHAR, expressions=params, nested=False)
        return kind

    def key_checks_off(self, tables: Sequence[str]) -> list[str]:
        # No session switch: each table's constraints are disabled (NOCHECK) for the load ...
        return [f"ALTER TABLE {table} NOCHECK CONSTRAINT ALL;" for table in tables]

    def key_checks_on(self, tables: Sequence[str]) -> list[str]:
        # ... and enabled WITH CHECK afterwards, which re-validates the rows and keeps the keys trusted.
        return [f"ALTER TABLE {table} WITH CHECK CHECK CONSTRAINT ALL;" for table in tables]
