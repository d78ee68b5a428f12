"""The SQL memo: off unless the command line turns it on; then checked SQL and parsed types are stored, never errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from synthdb import datatypes, sql_memo
from synthdb.engine import fit_length
from synthdb.generators.helpers import sql_eval, sql_rows


@pytest.fixture
def memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(folder))
    monkeypatch.setattr(sql_memo, "_enabled", True)
    yield folder


def test_off_by_default_computes_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    for _ in range(2):
        assert sql_memo.remembered("t", ("x",), lambda: calls.append(1) or "v") == "v"
    assert len(calls) == 2 and not (tmp_path / "cache").exists()


def test_on_stores_results_but_never_errors(memo: Path) -> None:
    calls: list[int] = []
    assert sql_memo.remembered("t", ("x",), lambda: calls.append(1) or "v") == "v"
    assert sql_memo.remembered("t", ("x",), lambda: calls.append(1) or "other") == "v"
    assert len(calls) == 1
    for _ in range(2):  # a failing check is found afresh each time
        with pytest.raises(sql_rows.SqlError, match="invalid SQL"):
            sql_rows.expression_columns("quantity *")
    with pytest.raises(sql_rows.SqlError):
        sql_rows.expression_columns("(SELECT * FROM read_csv('/etc/passwd'))")
    assert len(list(memo.glob("sql-t-*.json"))) == 1 and not list(memo.glob("sql-columns-*.json"))


@pytest.mark.parametrize("text", ["quantity * unit_price", "UPPER(first_name) || ' ' || last_name",
                                  "CASE WHEN status IN ('pending') THEN NULL ELSE shipped_at END"])
def test_remembered_translations_equal_fresh_ones(memo: Path, text: str) -> None:
    types = {"quantity": pa.int64(), "unit_price": pa.decimal128(10, 2), "first_name": pa.string(),
             "last_name": pa.string(), "status": pa.string(), "shipped_at": pa.timestamp("us")}
    used = {name: types[name] for name in sql_rows.expression_columns(text)}
    assert sql_rows.expression_columns(text) == sql_eval.expression_columns(text)
    fresh = sql_eval.row_sql(text, used)
    assert sql_rows._row_sql(text, used) == fresh  # stored
    assert sql_rows._row_sql(text, used) == fresh  # read back
    assert sql_rows.RowExpression(text, used).sql == fresh


@pytest.mark.parametrize("data_type", ["integer", "varchar(20)", "numeric(10,2)", "timestamp", "timestamptz",
                                       "date", "boolean", "uuid", "text[]", "double precision", "citext",
                                       "no_such_type"])
def test_remembered_types_equal_parsed_ones(memo: Path, data_type: str) -> None:
    fresh = datatypes._parsed_arrow_type(data_type)
    assert datatypes.arrow_type_for(data_type) == fresh
    assert datatypes.arrow_type_for(data_type) == fresh  # read back from the stored schema bytes
    assert fit_length._parsed_length(data_type) == (20 if data_type == "varchar(20)" else None)


@pytest.mark.parametrize("text", ["quantity * unit_price", "UPPER(first_name) || ' ' || last_name",
                                  "CASE WHEN status IN ('pending') THEN NULL ELSE shipped_at END",
                                  "quantity % 3 = 0", "ROUND(unit_price * 2, 1)", "quantity / 0",
                                  "CAST(shipped_at AS DATE)"])
def test_remembered_result_types_equal_fresh_ones(memo: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    types = {"quantity": pa.int64(), "unit_price": pa.decimal128(10, 2), "first_name": pa.string(),
             "last_name": pa.string(), "status": pa.string(), "shipped_at": pa.timestamp("us")}
    used = {name: types[name] for name in sql_rows.expression_columns(text)}
    fresh = sql_rows.RowExpression(text, used).arrow_type  # found by DuckDB, stored
    assert list(memo.glob("sql-type-*.json"))

    def no_duckdb() -> None:
        raise AssertionError("the remembered type needed DuckDB")

    monkeypatch.setattr(sql_rows, "connection", no_duckdb)
    assert sql_rows.RowExpression(text, used).arrow_type == fresh  # read back without a connection


def test_a_type_duckdb_refuses_is_an_error_every_time_and_never_stored(memo: Path) -> None:
    for _ in range(2):
        with pytest.raises(sql_rows.SqlError):
            sql_rows.RowExpression("status + 1", {"status": pa.string()})
    assert not list(memo.glob("sql-type-*.json"))
