"""Column types per dialect: the declared `data_type` transpiled by sqlglot, else one derived from the Arrow type."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import sqlglot
from sqlglot import exp

from synthdb.datatypes import sql_type_for
from synthdb.outputs.job import ColumnInfo
from synthdb.outputs.sql.dialects import DIALECTS, SqlDialect

T = exp.DataType.Type

_SERIALS = {T.SERIAL: T.INT, T.BIGSERIAL: T.BIGINT, T.SMALLSERIAL: T.SMALLINT}
_STRINGS = exp.DataType.TEXT_TYPES
_UNBOUNDED_STRINGS = {T.TEXT, T.MEDIUMTEXT, T.LONGTEXT, T.TINYTEXT}
_JSON = {T.JSON, T.JSONB}
_ZONED = {T.TIMESTAMPTZ, T.TIMESTAMPLTZ}
# Nested values are written as JSON text, so their column holds JSON whatever was declared.
_JSON_COLUMN = {"postgres": "JSONB", "mysql": "JSON", "duckdb": "JSON", "sqlite": "TEXT", "tsql": "NVARCHAR(MAX)"}


def _param(value: int | str) -> exp.DataTypeParam:
    literal = exp.Literal.number(value) if isinstance(value, int) else exp.var(value)
    return exp.DataTypeParam(this=literal)


def _build(kind: Any, *params: int | str) -> exp.DataType:  # kind: a DataType.Type member
    return exp.DataType(this=kind, expressions=[_param(p) for p in params], nested=False)


def parse_declared(data_type: str, source: str | None) -> exp.DataType | None:
    """The declared type as a sqlglot DataType, read in the definition's dialect first, then any we know."""
    readers: list[str | None] = [source, None, *sorted({d.sqlglot for d in DIALECTS.values()})]
    for reader in dict.fromkeys(readers):
        try:
            parsed = exp.DataType.build(data_type, dialect=reader)
        except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
            continue
        if parsed.this != T.USERDEFINED:
            return parsed
    return None


def _adapt_mysql(kind: exp.DataType, arrow: pa.DataType, keyed: bool) -> exp.DataType:
    this = kind.this
    if this == T.UUID:
        return _build(T.CHAR, 36)
    if this == T.JSONB:
        return _build(T.JSON)
    if this in _ZONED or this == T.TIMESTAMP:
        # DATETIME: no 1970-2038 range limit and no session time-zone shifting of the written UTC value.
        kind = exp.DataType(this=T.DATETIME, expressions=kind.expressions, nested=False)
        this = T.DATETIME
    if this in _STRINGS and (this in _UNBOUNDED_STRINGS or not kind.expressions):
        # Keys and indexes need a bounded VARCHAR; MySQL has no VARCHAR without a length.
        return _build(T.VARCHAR, 255) if keyed else _build(T.TEXT)
    if this == T.BLOB and keyed:
        return _build(T.VARBINARY, 255)
    if this == T.DATETIME and not kind.expressions and pa.types.is_timestamp(arrow) and arrow.unit != "s":
        # Keep the fractional seconds the values carry (MySQL rounds them away by default).
        return _build(T.DATETIME, 3 if arrow.unit == "ms" else 6)
    return kind


def _adapt_tsql(kind: exp.DataType, keyed: bool) -> exp.DataType:
    this = kind.this
    if this in _JSON:
        return _build(T.NVARCHAR, "MAX")
    if this in _STRINGS:
        # NVARCHAR keeps every Unicode character whatever the database's collation; an index key
        # is limited to 900 bytes, hence NVARCHAR(450) for keys.
        fixed = this in {T.CHAR, T.NCHAR} and kind.expressions
        params = kind.expressions if this not in _UNBOUNDED_STRINGS else []
        unbounded = not params or params[0].name.upper() == "MAX"
        if unbounded:
            return _build(T.NVARCHAR, 450 if keyed else "MAX")
        return exp.DataType(this=T.NCHAR if fixed else T.NVARCHAR, expressions=params, nested=False)
    return kind


def _sqlite_affinity(type_sql: str) -> str:
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


def _adapt(kind: exp.DataType, arrow: pa.DataType, dialect: SqlDialect, keyed: bool) -> exp.DataType:
    this = kind.this
    if this in _SERIALS:
        # Values are inserted explicitly; a serial's sequence would be left behind them.
        return _build(_SERIALS[this])
    if this in _STRINGS and dialect.sqlglot != "tsql" and any(p.name.upper() == "MAX" for p in kind.expressions):
        kind = _build(this)  # VARCHAR(MAX) is SQL Server's spelling of an unbounded string
    if this == T.XML and dialect.sqlglot not in {"postgres", "tsql"}:
        kind = _build(T.TEXT)
    if this in {T.ENUM, T.SET} and dialect.sqlglot != "mysql" and not (
        this == T.ENUM and dialect.sqlglot == "duckdb"
    ):
        kind = _build(T.TEXT)
    if this in {T.MONEY, T.SMALLMONEY} and dialect.sqlglot not in {"postgres", "tsql"}:
        scale = arrow.scale if pa.types.is_decimal(arrow) else 4
        precision = arrow.precision if pa.types.is_decimal(arrow) else 19
        kind = _build(T.DECIMAL, precision, scale)
    if this == T.BIT and pa.types.is_boolean(arrow) and dialect.sqlglot in {"postgres", "duckdb"}:
        kind = _build(T.BOOLEAN)
    if dialect.sqlglot == "mysql":
        return _adapt_mysql(kind, arrow, keyed)
    if dialect.sqlglot == "tsql":
        return _adapt_tsql(kind, keyed)
    return kind


def column_kind(column: ColumnInfo, dialect: SqlDialect, source: str | None, keyed: bool = False) -> exp.DataType:
    """The column's type in `dialect`; `keyed` columns (keys, unique, references) get indexable types."""
    arrow = column.arrow_type
    if pa.types.is_dictionary(arrow):
        arrow = arrow.value_type
    if pa.types.is_nested(arrow):
        return exp.DataType.build(_JSON_COLUMN[dialect.sqlglot], dialect=dialect.sqlglot)
    parsed = parse_declared(column.data_type, source) if column.data_type else None
    kind = parsed if parsed is not None else exp.DataType.build(sql_type_for(arrow))
    kind = _adapt(kind, arrow, dialect, keyed)
    textual = pa.types.is_string(arrow) or pa.types.is_large_string(arrow)
    if dialect.sqlglot == "sqlite" and textual and _sqlite_affinity(kind.sql("sqlite")) != "TEXT":
        # SQLite converts values by the affinity the type name implies: make sure text stays text
        # (a UUID or JSON column would have NUMERIC affinity and turn '00123' into 123).
        kind = _build(T.TEXT)
    return kind


def column_type(column: ColumnInfo, dialect: SqlDialect, source: str | None, keyed: bool = False) -> str:
    """The column's type in `dialect` as SQL text."""
    return column_kind(column, dialect, source, keyed).sql(dialect.sqlglot)
