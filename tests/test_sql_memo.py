"""The SQL memo: off unless the command line turns it on; then checked SQL and parsed types are stored, never errors."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
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


def _no_duckdb(*_args: object) -> pa.Array:
    raise AssertionError("evaluated again instead of read back")


@pytest.mark.parametrize(("text", "inputs", "wanted"), [
    ("quantity * unit_price", {"quantity": pa.array([2, None, 3]),
                               "unit_price": pa.array([Decimal("1.50"), 2, None], pa.decimal128(10, 2))}, None),
    ("CASE WHEN status IN ('pending') THEN NULL ELSE shipped_at END",
     {"status": pa.array(["pending", "sent", None]),
      "shipped_at": pa.array([1, 2, 3], pa.timestamp("us"))}, [None, 2, 3]),
    ("ln(x) || '/' || upper(s)", {"x": pa.array([1.0, 2.5, -1.0]), "s": pa.array(["a", "é", "c"])}, None),
])
def test_a_probe_remembers_its_rows_and_reads_back_the_same_values(
        memo: Path, monkeypatch: pytest.MonkeyPatch, text: str, inputs: dict[str, pa.Array],
        wanted: list[object] | None) -> None:
    expression = sql_rows.RowExpression(text, {name: a.type for name, a in inputs.items()})
    fresh = expression.evaluate(inputs, 3)  # outside a probe: evaluated, not stored
    assert not list(memo.glob("sql-rows-*.json"))
    with sql_rows.remembering_probe():
        assert expression.evaluate(inputs, 3).equals(fresh)  # evaluated and stored
        monkeypatch.setattr(sql_rows.RowExpression, "_run", _no_duckdb)
        again = expression.evaluate(inputs, 3)  # read back
    assert again.equals(fresh) and again.type == fresh.type == expression.arrow_type
    if wanted is not None:
        assert again.cast(pa.int64()).to_pylist() == wanted
    assert len(list(memo.glob("sql-rows-*.json"))) == 1


def test_other_rows_more_rows_and_failures_are_evaluated(memo: Path) -> None:
    expression = sql_rows.RowExpression("a + 1", {"a": pa.int64()})
    with sql_rows.remembering_probe():
        assert expression.evaluate({"a": pa.array([1, 2])}, 2).to_pylist() == [2, 3]
        assert expression.evaluate({"a": pa.array([1, 5])}, 2).to_pylist() == [2, 6]  # other inputs: own entry
        big = sql_rows.PROBE_ROWS + 1
        assert len(expression.evaluate({"a": pa.array(range(big))}, big)) == big  # a batch: not stored
    assert len(list(memo.glob("sql-rows-*.json"))) == 2
    failing = sql_rows.RowExpression("CAST(s AS INTEGER)", {"s": pa.string()})
    with sql_rows.remembering_probe():
        for _ in range(2):  # a failure is found afresh each time, and never stored
            with pytest.raises(sql_rows.SqlError, match="Conversion"):
                failing.evaluate({"s": pa.array(["x"])}, 1)
    assert len(list(memo.glob("sql-rows-*.json"))) == 2
