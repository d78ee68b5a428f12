"""Column data types: map a definition's `data_type` text to an Arrow type, and Arrow types back to SQL."""

from __future__ import annotations

import re

import pyarrow as pa

_INTEGER = {"int", "integer", "int4", "int8", "int2", "bigint", "smallint", "tinyint", "mediumint",
            "serial", "bigserial", "smallserial", "long"}
_STRING = {"varchar", "character varying", "text", "char", "character", "string", "nvarchar", "nchar",
           "uuid", "json", "jsonb", "citext", "enum", "clob", "tinytext", "mediumtext", "longtext", "xml"}
_FLOAT = {"float", "double", "real", "double precision", "float4", "float8", "number"}
_DECIMAL = {"numeric", "decimal", "money"}
_BOOL = {"bool", "boolean", "bit"}
_DATE = {"date"}
_TIMESTAMP = {"datetime", "timestamp", "timestamp without time zone", "datetime2", "smalldatetime"}
_TIMESTAMPTZ = {"timestamptz", "timestamp with time zone", "datetimeoffset"}
_TIME = {"time", "time without time zone"}

_PARSE = re.compile(r"^\s*([a-zA-Z_][a-zA-Z0-9_ ]*?)\s*(?:\(\s*([^)]*)\))?\s*(\[\])?\s*$")


def arrow_type_for(data_type: str | None) -> pa.DataType | None:
    """The Arrow type that holds values of a SQL-ish `data_type`; None when unknown or not given."""
    if not data_type:
        return None
    match = _PARSE.match(data_type)
    if not match:
        return None
    base = " ".join(match.group(1).lower().split())
    args = [a.strip() for a in (match.group(2) or "").split(",") if a.strip()]
    if match.group(3):
        return None
    if base in _INTEGER:
        return pa.int64()
    if base in _STRING:
        return pa.string()
    if base in _FLOAT:
        return pa.float64()
    if base in _DECIMAL:
        if len(args) == 2 and all(a.isdigit() for a in args):
            precision, scale = int(args[0]), int(args[1])
            if 0 < precision <= 38 and 0 <= scale <= precision:
                return pa.decimal128(precision, scale)
        if base == "money":
            return pa.decimal128(18, 2)
        return pa.float64()
    if base in _BOOL:
        return pa.bool_()
    if base in _DATE:
        return pa.date32()
    if base in _TIMESTAMP:
        return pa.timestamp("s")
    if base in _TIMESTAMPTZ:
        return pa.timestamp("s", tz="UTC")
    if base in _TIME:
        return pa.time32("s")
    return None


def sql_type_for(arrow_type: pa.DataType) -> str:
    """A portable SQL type name (sqlglot-parsable) for an Arrow type, used when no data_type is given."""
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE"
    if pa.types.is_decimal(arrow_type):
        return f"DECIMAL({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_date(arrow_type):
        return "DATE"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMPTZ" if arrow_type.tz else "TIMESTAMP"
    if pa.types.is_time(arrow_type):
        return "TIME"
    if pa.types.is_binary(arrow_type):
        return "BLOB"
    return "TEXT"
