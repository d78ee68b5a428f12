"""Foreign keys in a cycle between tables (filled in a second pass) and SQL tables, in every target."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pymysql
import pytest

import synthdb
from synthdb.service.load import LoadOptions, load
from targets.shop_helpers import mysql_url

CYCLE: dict[str, Any] = {"name": "org", "entities": [
    {"name": "departments", "record_count": "20", "fields": [
        {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
        {"name": "head_id", "generator": "Foreign Key", "primary_key_entity": "employees",
         "primary_key_field": "id", "percent_null": 10},
    ]},
    {"name": "employees", "record_count": "200", "fields": [
        {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
        {"name": "department_id", "generator": "Foreign Key", "primary_key_entity": "departments",
         "primary_key_field": "id"},
        {"name": "salary", "generator": "Money", "min": 1000, "max": 9000},
    ]},
    {"name": "payroll", "view": True,
     "sql": "SELECT department_id, COUNT(*) AS people, SUM(salary) AS total FROM employees GROUP BY department_id"},
]}
# Tables created by hand, with keys the database checks immediately (not deferrable).
STRICT_DDL = [
    "CREATE TABLE departments (id INTEGER PRIMARY KEY, head_id INTEGER)",
    "CREATE TABLE employees (id INTEGER PRIMARY KEY, department_id INTEGER REFERENCES departments (id), "
    "salary DECIMAL(18, 2))",
    "ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees (id)",
    "CREATE TABLE payroll (department_id INTEGER, people BIGINT, total DECIMAL(38, 2))",
]


def _expected() -> tuple[list[Any], int]:
    tables = synthdb.to_tables(CYCLE)
    return tables["departments"]["head_id"].to_pylist(), tables["payroll"].num_rows


@pytest.mark.postgres
@pytest.mark.parametrize("created_by", ["synthdb", "hand"])
def test_postgres(postgres_url: str, created_by: str) -> None:
    if created_by == "hand":
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            for statement in STRICT_DDL:
                conn.execute(statement.encode())
    load(CYCLE, postgres_url, LoadOptions(create=created_by == "synthdb", batch_size=16))
    heads, views = _expected()
    with psycopg.connect(postgres_url) as conn:
        assert [r[0] for r in conn.execute("SELECT head_id FROM departments ORDER BY id")] == heads
        assert conn.execute("SELECT count(*) FROM payroll").fetchone() == (views,)
        keys = conn.execute("SELECT condeferrable FROM pg_constraint WHERE conrelid = 'departments'::regclass "
                            "AND contype = 'f'").fetchall()
        assert keys == [(created_by == "synthdb",)]


@pytest.mark.mariadb
@pytest.mark.parametrize("created_by", ["synthdb", "hand"])
def test_mariadb(mariadb_database: dict[str, Any], created_by: str) -> None:
    conn = pymysql.connect(**mariadb_database, autocommit=True)
    try:
        with conn.cursor() as cur:
            if created_by == "hand":
                for statement in STRICT_DDL:
                    cur.execute(statement)
            load(CYCLE, mysql_url(mariadb_database), LoadOptions(create=created_by == "synthdb", batch_size=16))
            heads, views = _expected()
            cur.execute("SELECT head_id FROM departments ORDER BY id")
            assert [r[0] for r in cur.fetchall()] == heads
            cur.execute("SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME = 'departments' AND REFERENCED_TABLE_NAME = 'employees'")
            assert cur.fetchone() == (1,)
            cur.execute("SELECT COUNT(*) FROM payroll")
            assert cur.fetchone() == (views,)
    finally:
        conn.close()


@pytest.mark.mariadb
def test_mariadb_checks_what_it_loaded_unchecked(mariadb_database: dict[str, Any]) -> None:
    """The cycle's table is loaded with foreign_key_checks off; its keys are verified before COMMIT."""
    conn = pymysql.connect(**mariadb_database, autocommit=True)
    try:
        with conn.cursor() as cur:
            for statement in STRICT_DDL[:2]:
                cur.execute(statement)
            # A key to a table the definition does not fill: the unchecked rows point nowhere.
            cur.execute("CREATE TABLE managers (id INTEGER PRIMARY KEY)")
            cur.execute("ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES managers (id)")
        with pytest.raises(synthdb.SynthdbError, match="refer to missing rows of 'managers'"):
            load(CYCLE, mysql_url(mariadb_database), LoadOptions(entity="departments"))
        with conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM departments")
            assert cur.fetchone() == (0,)
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_files(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"org.{kind}"
    load(CYCLE, f"{kind}:///{path}", LoadOptions(create=True, batch_size=16))
    heads, views = _expected()
    conn: Any = sqlite3.connect(path) if kind == "sqlite" else duckdb.connect(str(path))
    try:
        assert [r[0] for r in conn.execute("SELECT head_id FROM departments ORDER BY id").fetchall()] == heads
        assert conn.execute("SELECT COUNT(*) FROM payroll").fetchone() == (views,)
    finally:
        conn.close()


@pytest.mark.postgres
def test_sql_output_declares_the_cycle_deferred(postgres_url: str, tmp_path: Path) -> None:
    """The `sql` format shares the DDL: a key to a later table is added by ALTER TABLE once both tables exist,
    DEFERRABLE, so load.sql (which holds no DDL) can run again and again."""
    import subprocess
    import zipfile

    generated = {**CYCLE, "entities": CYCLE["entities"][:2], "platform": "postgres"}
    archive = synthdb.generate(generated, "sql", tmp_path / "org.zip")
    zipfile.ZipFile(archive).extractall(tmp_path)
    schema, rows = (tmp_path / "schema.sql").read_text(), (tmp_path / "load.sql").read_text()
    assert '"head_id"' not in schema.split("CREATE TABLE")[1].split("PRIMARY KEY")[1]  # not inline
    assert schema.rstrip().endswith('ALTER TABLE "departments" ADD FOREIGN KEY ("head_id") REFERENCES '
                                    '"employees"("id") DEFERRABLE INITIALLY DEFERRED;')
    assert "ALTER TABLE" not in rows and "SET CONSTRAINTS ALL DEFERRED;" in rows
    files = [str(tmp_path / name) for name in ("schema.sql", "load.sql", "load.sql")]
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", postgres_url, "-f", files[0], "-f", files[1],
                    "-f", files[2]], check=True, capture_output=True)
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").fetchone() == (2,)
