"""One parse of `data_type` shared by the engine, the DDL and the importers: a table of types that must agree."""

from __future__ import annotations

import pyarrow as pa
import pytest

from synthdb.column_types import READERS, parse_column_type
from synthdb.datatypes import arrow_type_for
from synthdb.definition.identifiers import RULES
from synthdb.definition.platforms import PLATFORMS
from synthdb.importers.infer import guess_for, type_class
from synthdb.outputs.job import ColumnInfo
from synthdb.outputs.sql.dialects import DIALECTS, dialect_for, sqlglot_dialects
from synthdb.outputs.sql.types import column_type

PLATFORM_ORDER = ("postgres", "mysql", "sqlite", "sqlserver", "duckdb")

# data_type -> (kind, Arrow type in the engine, importer's type class, DDL per platform in PLATFORM_ORDER)
TABLE: dict[str, tuple[str, pa.DataType | None, str, tuple[str, ...]]] = {
    "int unsigned": ("integer", pa.int64(), "int", ("BIGINT", "INT UNSIGNED", "INTEGER", "BIGINT", "UINTEGER")),
    "bigint unsigned": ("integer", pa.int64(), "int",
                        ("BIGINT", "BIGINT UNSIGNED", "INTEGER", "BIGINT", "UBIGINT")),
    "smallint": ("integer", pa.int64(), "int", ("SMALLINT", "SMALLINT", "INTEGER", "SMALLINT", "SMALLINT")),
    "tinyint(1)": ("integer", pa.int64(), "bool", ("SMALLINT", "TINYINT(1)", "INTEGER", "TINYINT", "TINYINT")),
    "int(11)": ("integer", pa.int64(), "int", ("INT", "INT(11)", "INTEGER", "INTEGER", "INT")),
    "numeric(10,2)": ("decimal", pa.decimal128(10, 2), "decimal",
                      ("DECIMAL(10, 2)", "DECIMAL(10, 2)", "REAL(10, 2)", "NUMERIC(10, 2)", "DECIMAL(10, 2)")),
    "varchar(120)": ("string", pa.string(), "text",
                     ("VARCHAR(120)", "VARCHAR(120)", "TEXT(120)", "NVARCHAR(120)", "TEXT")),
    "character varying(50)": ("string", pa.string(), "text",
                              ("VARCHAR(50)", "VARCHAR(50)", "TEXT(50)", "NVARCHAR(50)", "TEXT(50)")),
    "timestamp with time zone": ("timestamptz", pa.timestamp("s", tz="UTC"), "datetime",
                                 ("TIMESTAMPTZ", "DATETIME", "TIMESTAMPTZ", "DATETIMEOFFSET", "TIMESTAMPTZ")),
    # T-SQL alone reads `timestamp` as ROWVERSION (which no INSERT may set): a point in time everywhere.
    "timestamp": ("timestamp", pa.timestamp("s"), "datetime",
                  ("TIMESTAMP", "DATETIME", "TIMESTAMP", "DATETIME2", "TIMESTAMP")),
    "double precision": ("float", pa.float64(), "float", ("DOUBLE PRECISION", "DOUBLE", "REAL", "FLOAT", "DOUBLE")),
    "enum('a','b')": ("enum", pa.string(), "text",
                      ("TEXT", "ENUM('a', 'b')", "TEXT", "NVARCHAR(MAX)", "ENUM('a', 'b')")),
    "uuid": ("uuid", pa.string(), "uuid", ("UUID", "CHAR(36)", "TEXT", "UNIQUEIDENTIFIER", "UUID")),
    "date": ("date", pa.date32(), "date", ("DATE", "DATE", "DATE", "DATE", "DATE")),
    "boolean": ("boolean", pa.bool_(), "bool", ("BOOLEAN", "BOOLEAN", "INTEGER", "BIT", "BOOLEAN")),
}


@pytest.mark.parametrize("data_type", sorted(TABLE))
def test_engine_ddl_and_importer_agree(data_type: str) -> None:
    kind, arrow, type_cls, ddl = TABLE[data_type]
    parsed = parse_column_type(data_type)
    assert parsed is not None and parsed.kind == kind
    assert arrow_type_for(data_type) == arrow
    assert type_class(parsed.sql) == type_cls
    column = ColumnInfo("c", arrow or pa.string(), data_type)
    written = tuple(column_type(column, dialect_for(p), dialect_for(p).sqlglot) for p in PLATFORM_ORDER)
    assert written == ddl


def test_shape_of_parsed_types() -> None:
    unsigned = parse_column_type("int unsigned")
    assert unsigned is not None and unsigned.unsigned and unsigned.kind == "integer"
    money = parse_column_type("numeric(10,2)")
    assert money is not None and (money.precision, money.scale) == (10, 2)
    text = parse_column_type("character varying(50)")
    assert text is not None and text.length == 50
    array = parse_column_type("text[]")
    assert array is not None and array.array and array.element is not None and array.element.kind == "string"
    assert arrow_type_for("text[]") == pa.string()  # array literal text, `{"a","b"}` (engine/array_literals.py)
    enum = parse_column_type("enum('a','b')")
    assert enum is not None and enum.enum_values == ("a", "b")
    flag = parse_column_type("tinyint(1)")
    plain = parse_column_type("tinyint")
    assert flag is not None and flag.holds_boolean and plain is not None and not plain.holds_boolean
    assert parse_column_type("no_such_type") is None and arrow_type_for("no_such_type") is None


def test_importer_reads_unsigned_as_the_engine_does() -> None:
    # The importer picks an integer generator whose values the engine stores as int64.
    guess = guess_for("quantity", "int unsigned", dialect="mysql")
    assert guess.generator in {"Number", "Integer", "Sequence", "Row Number"} or "int" in guess.reason.lower()
    assert arrow_type_for("INT UNSIGNED") == pa.int64()


def test_one_map_of_platform_names() -> None:
    assert tuple(sqlglot_dialects()) == READERS
    assert set(DIALECTS) == set(PLATFORMS)
    for alias, canonical in PLATFORMS.items():
        dialect = dialect_for(alias)
        assert dialect.name == canonical
        assert dialect.identifiers is RULES[canonical]
