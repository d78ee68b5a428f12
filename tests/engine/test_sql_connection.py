"""The row-expression DuckDB connection opened ahead on a thread is the one the run then uses, once."""

from __future__ import annotations

import threading

import pytest

from synthdb.definition.loader import definition_from_data
from synthdb.generators.helpers import sql_rows
from synthdb.service.run import evaluates_row_sql
from synthdb.sql_sandbox import connection as sandbox_connection


def _fresh_thread_connection() -> object:
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(sql_rows.connection()))
    worker.start()
    worker.join()
    return got[0]


def test_the_connection_opened_ahead_is_handed_to_the_first_thread_that_asks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sql_rows.open_in_background()
    opening = sql_rows._opening
    assert opening is not None
    opening.thread.join()
    prepared = opening.con
    assert prepared is not None
    first = _fresh_thread_connection()
    assert first is prepared
    second = _fresh_thread_connection()  # the next thread opens its own
    assert second is not prepared
    assert first.execute("SELECT 6 * 7").fetchone() == (42,)  # type: ignore[attr-defined]


def test_a_failure_to_open_ahead_falls_back_to_the_thread_opening_its_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    real = sandbox_connection.connect

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("no database today")
        return real(*args, **kwargs)

    monkeypatch.setattr(sandbox_connection, "connect", flaky)  # sql_rows imports it when it connects
    sql_rows.open_in_background()
    con = _fresh_thread_connection()
    assert len(calls) == 2 and con.execute("SELECT 1").fetchone() == (1,)  # type: ignore[attr-defined]


def _with(**field: object) -> dict[str, object]:
    return {"entities": [{"name": "t", "fields": [{"name": "id", "generator": "Number"},
                                                  {"name": "x", "generator": "Number", **field}]}]}


@pytest.mark.parametrize(("data", "expected"), [
    (_with(), False),
    (_with(generator="SQL", sql="id * 2"), True),
    (_with(postprocessing_sql="x + 1"), True),
    ({"entities": [{"name": "t", "fields": [{"name": "id", "generator": "Number"}],
                    "constraints": [{"type": "check", "sql": "id > 0"}]}]}, True),
    ({"entities": [{"name": "t", "fields": [{"name": "id", "generator": "Number"}]},
                   {"name": "v", "view": True, "sql": "SELECT id FROM t"}]}, False),
])
def test_a_run_knows_whether_it_evaluates_sql_per_row(data: dict[str, object], expected: bool) -> None:
    assert evaluates_row_sql(definition_from_data(data)) is expected
