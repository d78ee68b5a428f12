"""The relational shop through the SQL outputs: cycles, composite unique keys and composite foreign keys
are declared, and the data satisfies them."""

from __future__ import annotations

import sqlite3
import subprocess
import zipfile
from pathlib import Path

import synthdb

DEFINITION = Path(__file__).resolve().parent.parent / "data" / "relations.yaml"
SMALL = {"n_customers": 3000, "n_products": 300}
EXPECTED = {
    ("departments", "FOREIGN KEY (head_id) REFERENCES employees(id)"),  # closes the cycle
    ("order_items", "UNIQUE (order_id, product_id)"),
    ("shipments", "FOREIGN KEY (order_id, product_id) REFERENCES order_items(order_id, product_id)"),
    ("employees", "FOREIGN KEY (manager_id) REFERENCES employees(id) DEFERRABLE INITIALLY DEFERRED"),
}


def test_postgres_optimized_declares_every_key(tmp_path: Path, postgres_url: str) -> None:
    archive = synthdb.generate(DEFINITION, "postgres-optimized", tmp_path / "rel.zip", variables=SMALL)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "rel")
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-d", postgres_url, "-f", "load.sql"],
                   cwd=tmp_path / "rel", check=True, capture_output=True)
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        found = set(conn.execute("SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                                 "WHERE contype IN ('f', 'u')").fetchall())
        assert found >= EXPECTED
        assert conn.execute("SELECT count(*) FROM order_items").fetchone()[0] > 10_000  # type: ignore[index]


def test_sqlite_file_satisfies_its_keys(tmp_path: Path) -> None:
    path = synthdb.generate(DEFINITION, "sqlite", tmp_path / "rel.sqlite", variables=SMALL)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'order_items'").fetchone()[0]
        assert 'UNIQUE("order_id","product_id")' in "".join(schema.split())
        departments = conn.execute("PRAGMA foreign_key_list(departments)").fetchall()
        assert any(row[2] == "employees" for row in departments)
