"""A definition's `data_type` parsed once into a `ColumnType` that the engine, the DDL and the importers share.

sqlglot reads the text (in the definition's dialect first, then sqlglot's default, then each dialect we
write), so `int unsigned`, `character varying(50)`, `timestamp with time zone`, `text[]` and
`enum('a', 'b')` mean the same thing to the engine (the Arrow type of the values), to the DDL (the
column type per dialect, outputs/sql/types.py) and to the importers (the generator guessed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

T = exp.DataType.Type

_INTEGERS = {T.TINYINT, T.UTINYINT, T.SMALLINT, T.USMALLINT, T.MEDIUMINT, T.UMEDIUMINT, T.INT, T.UINT,
             T.BIGINT, T.UBIGINT, T.SERIAL, T.SMALLSERIAL, T.BIGSERIAL}
_DECIMALS = {T.DECIMAL, T.UDECIMAL, T.BIGDECIMAL, T.MONEY, T.SMALLMONEY}
_FLOATS = {T.FLOAT, T.DOUBLE, T.UDOUBLE}
_DATES = {T.DATE, T.DATE32}
_TIMESTAMPS = {T.DATETIME, T.DATETIME2, T.DATETIME64, T.SMALLDATETIME, T.TIMESTAMP, T.TIMESTAMPNTZ,
               T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIMESTAMP_NS}
_ZONED = {T.TIMESTAMPTZ, T.TIMESTAMPLTZ}
_TIMES = {T.TIME, T.TIMETZ}
_BINARY = {T.BINARY, T.VARBINARY, T.BLOB, T.LONGBLOB, T.MEDIUMBLOB, T.TINYBLOB, T.IMAGE}
_UNSIGNED = {T.UTINYINT, T.USMALLINT, T.UMEDIUMINT, T.UINT, T.UBIGINT, T.UDECIMAL, T.UDOUBLE}
# The sqlglot dialects of outputs/sql/dialects, tried in this order when the definition names none
# (a test checks the two agree; the engine cannot import outputs).
READERS = ("duckdb", "mysql", "postgres", "sqlite", "tsql")


@dataclass(frozen=True)
class ColumnType:
    """What a declared type means: its kind and shape, with sqlglot's parse for writing it in any dialect."""

    # integer, decimal, float, boolean, date, timestamp, timestamptz, time, string, uuid, json, binary,
    # enum, array or other
    kind: str
    sql: exp.DataType  # sqlglot's parse; copy it before changing it (parses are cached)
    length: int | None = None  # VARCHAR(n), CHAR(n), BIT(n)
    precision: int | None = None  # DECIMAL(p, s)
    scale: int | None = None
    unsigned: bool = False
    enum_values: tuple[str, ...] = ()
    element: ColumnType | None = None  # of an array
    # MySQL's TINYINT(1) (its BOOLEAN) and SQL Server's BIT: integers that hold booleans.
    holds_boolean: bool = False

    @property
    def array(self) -> bool:
        return self.element is not None


def _numbers(kind: exp.DataType) -> list[int]:
    return [int(p.name) for p in kind.expressions if isinstance(p, exp.DataTypeParam) and p.name.isdigit()]


def _kind(this: Any) -> str:  # a DataType.Type member
    checks = [
        (_INTEGERS, "integer"), (_DECIMALS, "decimal"), (_FLOATS, "float"), ({T.BOOLEAN, T.BIT}, "boolean"),
        (_DATES, "date"), (_TIMESTAMPS, "timestamp"), (_ZONED, "timestamptz"), (_TIMES, "time"),
        ({T.UUID}, "uuid"), ({T.JSON, T.JSONB}, "json"), (_BINARY, "binary"), ({T.ENUM, T.SET}, "enum"),
        (exp.DataType.TEXT_TYPES | {T.XML}, "string"),
    ]
    return next((name for types, name in checks if this in types), "other")


def from_sqlglot(kind: exp.DataType) -> ColumnType:
    """The ColumnType of a type sqlglot has already parsed (importers read whole CREATE TABLEs)."""
    this = kind.this
    numbers = _numbers(kind)
    if this == T.ARRAY:
        inner = kind.expressions[0] if kind.expressions and isinstance(kind.expressions[0], exp.DataType) else None
        return ColumnType("array", kind, element=from_sqlglot(inner) if inner is not None else None)
    name = _kind(this)
    if this == T.BIT and numbers not in ([], [1]):
        name = "other"  # a bit string, not a boolean
    if name == "enum":
        values = tuple(str(v.name) for v in kind.expressions)
        return ColumnType("enum", kind, enum_values=values)
    precision = scale = length = None
    if name == "decimal" and numbers:
        precision, scale = numbers[0], numbers[1] if len(numbers) > 1 else 0
    elif name in {"string", "binary", "boolean"} and numbers:
        length = numbers[0]
    holds_boolean = (this in {T.TINYINT, T.UTINYINT} and numbers == [1]) or (this == T.BIT)
    return ColumnType(name, kind, length=length, precision=precision, scale=scale,
                      unsigned=this in _UNSIGNED, holds_boolean=holds_boolean)


@lru_cache(maxsize=4096)
def parse_column_type(
    data_type: str, dialect: str | None = None, fallbacks: tuple[str, ...] = READERS
) -> ColumnType | None:
    """`data_type` read in `dialect`, then sqlglot's default, then each of `fallbacks`; None if none knows it."""
    for reader in dict.fromkeys([dialect, None, *fallbacks]):
        try:
            parsed = exp.DataType.build(data_type, dialect=reader)
        except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
            continue
        # T-SQL reads `timestamp` (even `timestamp with time zone`) as ROWVERSION, a counter the database
        # fills itself and no INSERT may set: the definition means a point in time, as other readers see it.
        if parsed.this not in {T.USERDEFINED, T.ROWVERSION}:
            return from_sqlglot(parsed)
    return None
