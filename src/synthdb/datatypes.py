"""Column data types: map a definition's `data_type` text to an Arrow type, and Arrow types back to SQL."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from synthdb.column_types import ColumnType

# column_types parses with sqlglot (about 50 ms to import): loaded when a definition declares a data_type,
# so definitions without one (and `synthdb --help`) don't pay for it.
# Decimals without a usable (precision, scale) are held as floats; MONEY and SMALLMONEY as decimals.
_MONEY = {"MONEY": pa.decimal128(18, 2), "SMALLMONEY": pa.decimal128(10, 4)}
# Type names sqlglot reads in no dialect (PostgreSQL extensions), by the values they hold.
_UNPARSED = {"citext": pa.string()}


def arrow_type_for(data_type: str | None) -> pa.DataType | None:
    """The Arrow type that holds values of a SQL-ish `data_type`; None when unknown or not given."""
    if not data_type:
        return None
    from synthdb.sql_memo import remembered

    # Parsing a type needs sqlglot; the command line remembers each answer (an Arrow schema's bytes).
    stored = remembered("arrow-type", (data_type,), lambda: _stored(_parsed_arrow_type(data_type)))
    return None if stored is None else pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored))).field(0).type


def _parsed_arrow_type(data_type: str) -> pa.DataType | None:
    from synthdb.column_types import parse_column_type

    parsed = parse_column_type(data_type)
    if parsed is None:
        return _UNPARSED.get(data_type.strip().lower())
    return arrow_type_of(parsed)


def _stored(kind: pa.DataType | None) -> str | None:
    """An Arrow type as text a JSON file can hold and give back exactly (a one-field schema's IPC bytes)."""
    if kind is None:
        return None
    return base64.b64encode(pa.schema([pa.field("t", kind)]).serialize().to_pybytes()).decode("ascii")


def arrow_type_of(column_type: ColumnType) -> pa.DataType | None:
    """The Arrow type of a parsed column type; None for kinds the engine leaves to the generator."""
    kind = column_type.kind
    if kind == "decimal":
        precision, scale = column_type.precision, column_type.scale
        if precision is not None and scale is not None and 0 < precision <= 38 and 0 <= scale <= precision \
                and len(column_type.sql.expressions) == 2:
            return pa.decimal128(precision, scale)
        return _MONEY.get(column_type.sql.this.name, pa.float64())
    if kind == "time" and column_type.sql.this.name != "TIME":
        return None  # TIME WITH TIME ZONE has no Arrow type
    return _ARROW.get(kind)


_ARROW: dict[str, pa.DataType] = {
    "integer": pa.int64(), "float": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(),
    "timestamp": pa.timestamp("s"), "timestamptz": pa.timestamp("s", tz="UTC"), "time": pa.time32("s"),
    "string": pa.string(), "uuid": pa.string(), "json": pa.string(), "enum": pa.string(),
    "array": pa.string(),  # array literal text, `{"a","b"}` (engine/array_literals.py)
}


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
