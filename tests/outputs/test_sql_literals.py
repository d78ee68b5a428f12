"""SQL literals per dialect, checked against sqlglot's rendering and against real engines (SQLite, DuckDB)."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from conftest import AWKWARD_STRINGS
from synthdb.errors import UsageError
from synthdb.outputs.sql.convert import hex_strings, json_strings
from synthdb.outputs.sql.dialects import DIALECTS, dialect_for
from synthdb.outputs.sql.literals import render_column, render_rows, render_value

PLATFORMS = ["postgres", "mysql", "sqlite", "sqlserver", "duckdb"]
# Control characters MySQL escapes, plus quotes and backslashes in every position.
EXTRA = ["\x00nul", "bell\x07", "back\x08space", "ctrl-z\x1a", "''", "\\'", "'\\", "\\\\", "\n", "\r", "\t"]
STRINGS = AWKWARD_STRINGS + EXTRA


def sqlglot_string(value: str, platform: str) -> str:
    """What sqlglot writes for a string (SQL Server: as a national string, which we always use)."""
    dialect = DIALECTS[platform]
    node = exp.National(this=value) if dialect.national_strings else exp.convert(value)
    return node.sql(dialect.sqlglot)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_strings_match_sqlglot_exactly(platform: str) -> None:
    dialect = DIALECTS[platform]
    ours = render_column(pa.array(STRINGS), dialect).to_pylist()
    assert ours == [sqlglot_string(s, platform) for s in STRINGS]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_strings_parse_back_to_the_same_value(platform: str) -> None:
    dialect = DIALECTS[platform]
    for value, literal in zip(STRINGS, render_column(pa.array(STRINGS), dialect).to_pylist(), strict=True):
        parsed = sqlglot.parse_one(f"SELECT {literal}", read=dialect.sqlglot).expressions[0]
        assert parsed.name == value, (platform, value, literal)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=20))
def test_any_text_matches_sqlglot(values: list[str | None]) -> None:
    array = pa.array(values, pa.string())
    for platform in ("postgres", "mysql", "sqlserver"):
        expected = [exp.null().sql() if v is None else sqlglot_string(v, platform) for v in values]
        assert render_column(array, DIALECTS[platform]).to_pylist() == expected


def test_backslash_is_escaped_only_where_it_is_an_escape_character() -> None:
    assert render_value("C:\\path\\", pa.string(), DIALECTS["mysql"]) == "'C:\\\\path\\\\'"
    assert render_value("C:\\path\\", pa.string(), DIALECTS["postgres"]) == "'C:\\path\\'"
    assert render_value("a\nb", pa.string(), DIALECTS["mysql"]) == "'a\\nb'"
    assert render_value("a\nb", pa.string(), DIALECTS["postgres"]) == "'a\nb'"
    assert render_value("😀", pa.string(), DIALECTS["sqlserver"]) == "N'😀'"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_null_booleans_and_integers(platform: str) -> None:
    dialect = DIALECTS[platform]
    assert render_column(pa.array([None, 1, -(2**63)], pa.int64()), dialect).to_pylist() == [
        exp.null().sql(dialect.sqlglot),
        exp.convert(1).sql(dialect.sqlglot),
        str(-(2**63)),
    ]
    booleans = render_column(pa.array([True, False, None]), dialect).to_pylist()
    if platform in ("sqlite", "sqlserver"):
        assert booleans == ["1", "0", "NULL"]
    else:
        assert booleans == [exp.convert(True).sql(dialect.sqlglot), exp.convert(False).sql(dialect.sqlglot), "NULL"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_decimals_are_exact(platform: str) -> None:
    values = [Decimal("-0.50"), Decimal("12.00"), Decimal("123456789012345678.90"), None]
    ours = render_column(pa.array(values, pa.decimal128(20, 2)), DIALECTS[platform]).to_pylist()
    assert ours == [exp.convert(v).sql(DIALECTS[platform].sqlglot) for v in values]


FLOATS = [0.1, 1e20, 1e16, 1.0, -0.0, 1e-5, 0.30000000000000004, 5e-324, 1.7976931348623157e308, -123.456]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_floats_read_back_exactly(platform: str) -> None:
    dialect = DIALECTS[platform]
    for value, literal in zip(FLOATS, render_column(pa.array(FLOATS), dialect).to_pylist(), strict=True):
        reference = exp.convert(value).sql(dialect.sqlglot)
        assert float(literal) == float(reference) == value
        parsed = sqlglot.parse_one(f"SELECT {literal}", read=dialect.sqlglot).expressions[0]
        assert float(parsed.sql()) == value


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=30))
def test_random_floats_round_trip(values: list[float]) -> None:
    rendered = render_column(pa.array(values, pa.float64()), DIALECTS["postgres"]).to_pylist()
    assert [float(r) for r in rendered] == values


def test_float_specials_per_dialect() -> None:
    values = pa.array([math.nan, math.inf, -math.inf])
    assert render_column(values, DIALECTS["postgres"]).to_pylist() == ["'NaN'", "'Infinity'", "'-Infinity'"]
    assert render_column(values, DIALECTS["mysql"]).to_pylist() == ["NULL", "NULL", "NULL"]
    assert render_column(values, DIALECTS["sqlite"]).to_pylist() == ["NULL", "9e999", "-9e999"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_dates_and_timestamps_are_quoted_iso_text(platform: str) -> None:
    dialect = DIALECTS[platform]
    when = dt.datetime(2024, 2, 29, 23, 59, 58)
    cases = [
        (dt.date(2024, 2, 29), pa.date32(), "2024-02-29"),
        (when, pa.timestamp("s"), "2024-02-29 23:59:58"),
        (dt.time(7, 8, 9), pa.time32("s"), "07:08:09"),
    ]
    for value, kind, text in cases:
        literal = render_value(value, kind, dialect)
        if platform == "sqlserver" and kind == pa.timestamp("s"):
            text = text.replace(" ", "T")
        assert sqlglot.parse_one(f"SELECT {literal}", read=dialect.sqlglot).expressions[0].name == text
        # sqlglot renders the same text, wrapped in a CAST for most dialects.
        if isinstance(value, dt.date) and platform != "sqlserver":
            reference = exp.convert(value).sql(dialect.sqlglot)
            assert f"'{text}'" in reference
    zoned = render_value(when.replace(tzinfo=dt.UTC), pa.timestamp("s", tz="Europe/Paris"), dialect)
    suffix = "" if platform == "mysql" else "+00:00"
    separator = "T" if platform == "sqlserver" else " "
    assert zoned.endswith(f"2024-02-29{separator}23:59:58{suffix}'")


def test_binary_and_nested_values() -> None:
    data = pa.array([b"\x00\x01\xff", b"", None])
    assert hex_strings(data).to_pylist() == ["0001ff", "", None]
    assert render_column(data, DIALECTS["postgres"]).to_pylist() == ["'\\x0001ff'", "'\\x'", "NULL"]
    assert render_column(data, DIALECTS["mysql"]).to_pylist() == ["X'0001ff'", "X''", "NULL"]
    assert render_column(data, DIALECTS["sqlserver"]).to_pylist() == ["0x0001ff", "0x", "NULL"]
    nested = pa.array([[1, 2], None, []], pa.list_(pa.int64()))
    assert json_strings(nested).to_pylist() == ["[1,2]", None, "[]"]
    assert render_column(nested, DIALECTS["postgres"]).to_pylist() == ["'[1,2]'", "NULL", "'[]'"]


def test_dictionary_and_large_strings_render_like_strings() -> None:
    dictionary = pa.array(["it's", None, "it's"]).dictionary_encode()
    large = pa.array(["it's", None, "it's"], pa.large_string())
    for array in (dictionary, large):
        assert render_column(array, DIALECTS["postgres"]).to_pylist() == ["'it''s'", "NULL", "'it''s'"]


def test_rows_are_row_constructors() -> None:
    batch = pa.RecordBatch.from_pydict({"a": [1, None], "b": ["x'y", None], "c": [True, False]})
    assert render_rows(batch, DIALECTS["sqlite"]).to_pylist() == ["(1, 'x''y', 1)", "(NULL, NULL, 0)"]


@pytest.mark.parametrize("platform", ["sqlite", "duckdb"])
def test_literals_select_back_in_real_engines(platform: str) -> None:
    """Each literal, evaluated by the engine itself, yields the original value."""
    dialect = DIALECTS[platform]
    values = [s for s in STRINGS if "\x00" not in s]  # neither engine keeps NUL inside text
    query = "SELECT " + ", ".join(render_column(pa.array(values), dialect).to_pylist())
    row = sqlite3.connect(":memory:").execute(query).fetchone() if platform == "sqlite" else (
        duckdb.connect().execute(query).fetchone()
    )
    assert list(row) == values
    floats = render_column(pa.array(FLOATS), dialect).to_pylist()
    engine_floats = (
        sqlite3.connect(":memory:").execute("SELECT " + ", ".join(floats)).fetchone()
        if platform == "sqlite"
        else duckdb.connect().execute("SELECT " + ", ".join(f"CAST({f} AS DOUBLE)" for f in floats)).fetchone()
    )
    assert list(engine_floats) == FLOATS


def test_platform_names() -> None:
    assert dialect_for("PostgreSQL").sqlglot == "postgres"
    assert dialect_for("mariadb") is dialect_for("mysql")
    assert dialect_for("mssql").sqlglot == dialect_for("sqlserver").sqlglot == "tsql"
    assert dialect_for(None).name == "postgres"
    with pytest.raises(UsageError, match="did you mean 'postgres'"):
        dialect_for("postgress")


@pytest.mark.parametrize("platform", ["mysql", "postgres"])
def test_sliced_arrays_render_like_whole_ones(platform: str) -> None:
    """Arrow slices share buffers with an offset; the byte scans and replacements must honour it."""
    dialect = DIALECTS[platform]
    whole = render_column(pa.array(STRINGS), dialect).to_pylist()
    for start in range(0, len(STRINGS), 3):
        assert render_column(pa.array(STRINGS).slice(start, 4), dialect).to_pylist() == whole[start : start + 4]
    plain_only = pa.array(["C:\\x", "plain", "text"]).slice(1)  # the backslash sits before the slice
    assert render_column(plain_only, dialect).to_pylist() == ["'plain'", "'text'"]


def test_null_typed_columns_render_null_per_row() -> None:
    for name in ("postgres", "mysql", "tsql"):
        rendered = render_column(pa.nulls(3), DIALECTS[name])
        assert rendered.type == pa.string() and rendered.to_pylist() == ["NULL"] * 3


def test_other_types_are_quoted_text_in_the_dialect_and_unwritable_ones_are_named() -> None:
    durations = pa.array([dt.timedelta(seconds=5), None], pa.duration("s"))
    assert render_column(durations, DIALECTS["postgres"]).to_pylist() == ["'5'", "NULL"]
    assert render_column(durations, DIALECTS["tsql"]).to_pylist() == ["N'5'", "NULL"]
    from synthdb.errors import OutputError

    intervals = pa.array([pa.MonthDayNano([1, 2, 3])], pa.month_day_nano_interval())
    with pytest.raises(OutputError) as error:
        render_column(intervals, DIALECTS["postgres"])
    assert str(error.value) == "values of Arrow type month_day_nano_interval cannot be written as SQL literals"
