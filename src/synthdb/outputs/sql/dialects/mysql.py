"""MySQL and MariaDB: backslash escapes, DATETIME timestamps, bounded VARCHAR keys, LOAD DATA, DDL that commits."""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from synthdb.outputs.sql.dialects.base import (
    STRINGS,
    UNBOUNDED_STRINGS,
    ZONED,
    SqlDialect,
    T,
    build_type,
)


class MySql(SqlDialect):
    name = "mysql"
    sqlglot = "mysql"
    backslash_escapes = True
    # MySQL has no offset syntax that MariaDB reads, so the UTC wall time is written bare (columns are DATETIME).
    utc_suffix = ""
    preamble = ("SET NAMES utf8mb4;",)
    # MariaDB has CREATE INDEX IF NOT EXISTS, MySQL has not; scripts never ask for it.
    index_if_not_exists = False
    native_types = frozenset({T.ENUM, T.SET})
    foreign_key_checks: tuple[str, str] = ("SET SESSION foreign_key_checks = 0", "SET SESSION foreign_key_checks = 1")
    # Spelt as in Fabricate's own MySQL load.sql; session-scoped, so other connections keep checking.
    script_key_checks = ("SET FOREIGN_KEY_CHECKS = 0;", "SET FOREIGN_KEY_CHECKS = 1;")
    unsigned_integers = True
    integer_display_width = True
    bulk_load = "load data"

    def create_schema(self, schema: str) -> str | None:
        # In MySQL and MariaDB a schema is a database: `sales`.`orders` is table orders of database sales.
        name = exp.Table(this=exp.to_identifier(schema, quoted=True))
        return exp.Create(kind="DATABASE", exists=True, this=name).sql(self.sqlglot) + ";\n"

    def table_properties(self) -> exp.Properties | None:
        # utf8mb4 stores every Unicode character; a binary collation keeps 'a' and 'A' distinct keys.
        return exp.Properties(
            expressions=[
                exp.EngineProperty(this=exp.var("InnoDB")),
                exp.CharacterSetProperty(this=exp.var("utf8mb4"), default=True),
                exp.CollateProperty(this=exp.var("utf8mb4_bin"), default=True),
            ]
        )

    def adapt_type(self, kind: exp.DataType, arrow: pa.DataType, keyed: bool) -> exp.DataType:
        this = kind.this
        if this == T.UUID:
            return build_type(T.CHAR, 36)
        if this == T.JSONB:
            return build_type(T.JSON)
        if this in ZONED or this == T.TIMESTAMP:
            # DATETIME: no 1970-2038 range limit and no session time-zone shifting of the written UTC value.
            kind = exp.DataType(this=T.DATETIME, expressions=kind.expressions, nested=False)
            this = T.DATETIME
        if this in STRINGS and (this in UNBOUNDED_STRINGS or not kind.expressions):
            # Keys and indexes need a bounded VARCHAR; MySQL has no VARCHAR without a length.
            return build_type(T.VARCHAR, 255) if keyed else build_type(T.TEXT)
        if this == T.BLOB and keyed:
            return build_type(T.VARBINARY, 255)
        if this == T.DATETIME and not kind.expressions and pa.types.is_timestamp(arrow) and arrow.unit != "s":
            # Keep the fractional seconds the values carry (MySQL rounds them away by default).
            return build_type(T.DATETIME, 3 if arrow.unit == "ms" else 6)
        return kind
