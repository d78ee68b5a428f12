"""Loading into SQLite and DuckDB files: values, keys, truncate, and all or nothing (a new file is removed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import pytest

import synthdb
from conftest import awkward_definition
from synthdb.errors import UsageError
from synthdb.service.load import LoadOptions, load
from synthdb.targets import LoadError
from targets.shop_helpers import SHOP, SHOP_TABLES, SHOP_VARS, orphan_queries, shop_counts

KINDS = ["sqlite", "duckdb"]


def _rows(kind: str, path: Path, query: str) -> list[tuple[Any, ...]]:
    if kind == "sqlite":
        conn = sqlite3.connect(path)
        try:
            return conn.execute(query).fetchall()
        finally:
            conn.close()
    db = duckdb.connect(str(path))
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def _url(kind: str, path: Path) -> str:
    return f"{kind}:///{path}"


@pytest.mark.parametrize("kind", KINDS)
def test_shop_with_create_then_truncate(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"shop.{kind}"
    assert load(SHOP, _url(kind, path), LoadOptions(variables=SHOP_VARS, create=True)) == shop_counts()
    counts = load(SHOP, _url(kind, path), LoadOptions(variables=SHOP_VARS, truncate=True, seed=3))
    for table in SHOP_TABLES:
        assert _rows(kind, path, f'SELECT COUNT(*) FROM "{table}"')[0][0] == counts[table]
    for query in orphan_queries(lambda name: f'"{name}"'):
        assert _rows(kind, path, query)[0][0] == 0


@pytest.mark.parametrize("kind", KINDS)
def test_awkward_values_arrive_intact(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"awkward.{kind}"
    definition = awkward_definition(30)
    load(definition, _url(kind, path), LoadOptions(create=True, batch_size=7))
    expected = synthdb.to_tables(definition)
    for table, column in [("parents", "label"), ("parents", "note"), ("children", "text"), ("children", "flag")]:
        got = [r[0] for r in _rows(kind, path, f'SELECT "{column}" FROM "{table}" ORDER BY id')]
        want = expected[table][column].to_pylist()
        assert [bool(v) if v is not None and column == "flag" else v for v in got] == want


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_load_leaves_the_file_as_it_was(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"shop.{kind}"
    load(SHOP, _url(kind, path), LoadOptions(variables=SHOP_VARS, create=True))
    before = {t: sorted(_rows(kind, path, f'SELECT * FROM "{t}"'), key=repr) for t in SHOP_TABLES}
    with pytest.raises(LoadError) as error:
        load(SHOP, _url(kind, path), LoadOptions(variables=SHOP_VARS))  # the same keys again
    assert error.value.table == "customers"
    assert {t: sorted(_rows(kind, path, f'SELECT * FROM "{t}"'), key=repr) for t in SHOP_TABLES} == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_load_into_a_new_file_leaves_no_file(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"new.{kind}"

    class Interrupt:
        def start(self, total_rows: int) -> None: ...
        def finish(self) -> None: ...

        def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
            if table == "order_items":
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(SHOP, _url(kind, path), LoadOptions(variables=SHOP_VARS, create=True, batch_size=64), Interrupt())
    assert list(tmp_path.iterdir()) == []


def test_sqlite_checks_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "fk.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript('CREATE TABLE parents (id INTEGER PRIMARY KEY, label TEXT, note TEXT);'
                       'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(id), '
                       'text TEXT, amount REAL, flag INTEGER, ratio REAL);'
                       'INSERT INTO parents VALUES (1000, "kept", NULL);')
    conn.close()
    with pytest.raises(LoadError, match="missing row of 'parents'"):
        load(awkward_definition(10), _url("sqlite", path), LoadOptions(entity="children"))
    assert _rows("sqlite", path, "SELECT COUNT(*) FROM children") == [(0,)]


def test_a_file_url_needs_a_path() -> None:
    with pytest.raises(UsageError, match="needs a file path"):
        load(SHOP, "sqlite://", LoadOptions(variables=SHOP_VARS))
