"""Column types per dialect: the declared `data_type` transpiled by sqlglot, else one derived from the Arrow type."""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from synthdb.column_types import parse_column_type
from synthdb.datatypes import sql_type_for
from synthdb.outputs.job import ColumnInfo
from synthdb.outputs.sql.dialects import SqlDialect
from synthdb.outputs.sql.dialects.base import INTEGERS, STRINGS, WIDENED, T, build_type

_SERIALS = {T.SERIAL: T.INT, T.BIGSERIAL: T.BIGINT, T.SMALLSERIAL: T.SMALLINT}
_BINARIES = {T.VARBINARY, T.BINARY}
_SQLSERVER_TEXTS = {"hierarchyid", "[hierarchyid]"}


def parse_declared(data_type: str, source: str | None) -> exp.DataType | None:
    """The declared type as a sqlglot DataType, read in the definition's dialect first, then any we know."""
    parsed = parse_column_type(data_type, source)
    return parsed.sql.copy() if parsed is not None else None


def _adapt(kind: exp.DataType, arrow: pa.DataType, dialect: SqlDialect) -> exp.DataType:
    """The steps every dialect shares, steered by its attributes (native types, VARCHAR(MAX), BIT)."""
    this = kind.this
    if this in _SERIALS:
        # Values are inserted explicitly; a serial's sequence would be left behind them.
        return build_type(_SERIALS[this])
    native = dialect.native_types
    unbounded = any(p.name.upper() == "MAX" for p in kind.expressions)
    if this in STRINGS | _BINARIES and not dialect.varchar_max and unbounded:
        kind = build_type(this)  # VARCHAR(MAX) is SQL Server's spelling of an unbounded string
    if this == T.IMAGE and this not in native:
        kind = build_type(T.VARBINARY)  # SQL Server's old name for unbounded binary
    if (this in {T.GEOGRAPHY, T.GEOMETRY} or (this == T.USERDEFINED and kind.sql().lower() in _SQLSERVER_TEXTS)) \
            and dialect.name != "sqlserver":
        # hierarchyid paths and spatial values travel as their text (`/1/3/`, `POINT (...)`) where the type is
        # SQL Server's alone (PostGIS is not assumed either).
        kind = build_type(T.TEXT)
    if this == T.XML and this not in native:
        kind = build_type(T.TEXT)
    if this in {T.ENUM, T.SET} and this not in native:
        kind = build_type(T.TEXT)
    if this in {T.MONEY, T.SMALLMONEY} and this not in native:
        scale = arrow.scale if pa.types.is_decimal(arrow) else 4
        precision = arrow.precision if pa.types.is_decimal(arrow) else 19
        kind = build_type(T.DECIMAL, precision, scale)
    if this == T.BIT and pa.types.is_boolean(arrow) and dialect.bit_as_boolean:
        kind = build_type(T.BOOLEAN)
    if this in WIDENED and not dialect.unsigned_integers and this not in native:
        return build_type(WIDENED[this])
    if this in INTEGERS and kind.expressions and not dialect.integer_display_width:
        return build_type(this)  # `int(11)`: a MySQL display width, not a size
    return kind


def column_kind(column: ColumnInfo, dialect: SqlDialect, source: str | None, keyed: bool = False) -> exp.DataType:
    """The column's type in `dialect`; `keyed` columns (keys, unique, references) get indexable types."""
    arrow = column.arrow_type
    if pa.types.is_dictionary(arrow):
        arrow = arrow.value_type
    if pa.types.is_nested(arrow):
        return exp.DataType.build(dialect.json_column, dialect=dialect.sqlglot)
    parsed = parse_declared(column.data_type, source) if column.data_type else None
    kind = parsed if parsed is not None else exp.DataType.build(sql_type_for(arrow))
    return dialect.adapt_type(_adapt(kind, arrow, dialect), arrow, keyed)


def column_type(column: ColumnInfo, dialect: SqlDialect, source: str | None, keyed: bool = False) -> str:
    """The column's type in `dialect` as SQL text."""
    return column_kind(column, dialect, source, keyed).sql(dialect.sqlglot)
