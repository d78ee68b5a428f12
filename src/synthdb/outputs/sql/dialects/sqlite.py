"""SQLite: 1/0 booleans, foreign keys switched on per connection, lazily resolved (so cycles are inline)."""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from synthdb.outputs.sql.dialects.base import SqlDialect, T, build_type


def _affinity(type_sql: str) -> str:
    # https://www.sqlite.org/datatype3.html#determination_of_column_affinity, in its order.
    upper = type_sql.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


class Sqlite(SqlDialect):
    name = "sqlite"
    sqlglot = "sqlite"
    true = "1"
    false = "0"
    infinity = "9e999"
    negative_infinity = "-9e999"
    preamble = ("PRAGMA foreign_keys = ON;",)
    deferred_constraints = True
    self_references = "deferred"
    forward_references = "deferred"
    defer_constraints: str = "PRAGMA defer_foreign_keys = ON"
    # A no-op inside a transaction, so it comes before BEGIN and after COMMIT; per connection.
    script_key_checks = ("PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;")
    load_preamble = ()  # the preamble's only setting is the key switch, which load.sql turns off and on itself
    json_column = "TEXT"
    # No schemas in one file: a table of schema `sales` is the table "sales.orders" (its key, one identifier).
    schemas = False

    def adapt_type(self, kind: exp.DataType, arrow: pa.DataType, keyed: bool) -> exp.DataType:
        textual = pa.types.is_string(arrow) or pa.types.is_large_string(arrow)
        if textual and _affinity(kind.sql("sqlite")) != "TEXT":
            # SQLite converts values by the affinity the type name implies: make sure text stays text
            # (a UUID or JSON column would have NUMERIC affinity and turn '00123' into 123).
            return build_type(T.TEXT)
        return kind
