"""SQL tables declared as real views in the sql, sqlite and postgres-optimized outputs."""

from __future__ import annotations

import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

import synthdb
from synthdb import UsageError

DEFINITION: dict[str, Any] = {"name": "viewed", "entities": [
    {"name": "orders", "record_count": "500", "fields": [
        {"name": "id", "generator": "Number", "primary_key": True},
        {"name": "status", "generator": "Custom List", "values": ["paid", "open", "void"]},
        {"name": "amount", "generator": "Number", "min": 1, "max": 100},
    ]},
    {"name": "totals_by_status", "view": True,
     "sql": "SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY status ORDER BY status"},
]}


def _expected() -> list[tuple[Any, ...]]:
    table = synthdb.to_tables(DEFINITION)["totals_by_status"]
    return [tuple(row.values()) for row in table.to_pylist()]


def test_sqlite_declares_a_view_with_the_same_rows(tmp_path: Path) -> None:
    path = synthdb.generate(DEFINITION, "sqlite", tmp_path / "v.sqlite", views="view")
    with sqlite3.connect(path) as conn:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master WHERE name IN "
                                  "('orders', 'totals_by_status')").fetchall())
        assert kinds == {"orders": "table", "totals_by_status": "view"}
        assert conn.execute("SELECT * FROM totals_by_status ORDER BY status").fetchall() == _expected()


def test_sql_and_postgres_optimized_declare_views(tmp_path: Path, postgres_url: str) -> None:
    archive = synthdb.generate(DEFINITION, "postgres-optimized", tmp_path / "v.zip", views="view")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "pg")
        assert "data/totals_by_status.csv" not in zipped.namelist()
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", postgres_url, "-f", "load.sql"],
                   cwd=tmp_path / "pg", check=True, capture_output=True)
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT status, n, total FROM totals_by_status ORDER BY status").fetchall()
        assert [(s, n, int(t)) for s, n, t in rows] == [(s, n, int(t)) for s, n, t in _expected()]
    script = synthdb.generate({**DEFINITION, "platform": "sqlite"}, "sql", tmp_path / "s.zip", views="view")
    with zipfile.ZipFile(script) as zipped, sqlite3.connect(":memory:") as conn:
        conn.executescript(zipped.read("schema.sql").decode() + zipped.read("load.sql").decode())
        assert conn.execute("SELECT * FROM totals_by_status ORDER BY status").fetchall() == _expected()


@pytest.mark.parametrize(("fmt", "entity"), [("csv", None), ("sqlite", "orders")])
def test_views_need_a_sql_format_and_the_whole_database(tmp_path: Path, fmt: str, entity: str | None) -> None:
    with pytest.raises(UsageError, match="--views view needs"):
        synthdb.generate(DEFINITION, fmt, tmp_path / "x", views="view", entity=entity)
    assert list(tmp_path.iterdir()) == []
