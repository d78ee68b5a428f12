"""SQL schemas in outputs: CREATE SCHEMA per dialect, qualified names in DDL/INSERT/COPY/keys, member names."""

from __future__ import annotations

import copy
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import psycopg
import pytest

import synthdb
from conftest import fresh_postgres


def _entity(name: str, schema: str | None, rows: int, **fields: Any) -> dict[str, Any]:
    entity: dict[str, Any] = {"name": name, "record_count": rows,
                              "fields": [{"name": "id", "generator": "Row Number", "primary_key": True}]}
    entity["fields"] += [{"name": k, **v} for k, v in fields.items()]
    if schema:
        entity["schema"] = schema
    return entity


FK = {"generator": "Foreign Key", "primary_key_field": "id"}
BASE: dict[str, Any] = {"name": "two", "seed": 1, "entities": [
    _entity("person", "hr", 4, boss={**FK, "primary_key_entity": "hr.person", "percent_null": 50}),
    _entity("person", "sales", 6, amount={"generator": "Number", "min": 1, "max": 9}),
    _entity("orders", "sales", 9, buyer={**FK, "primary_key_entity": "sales.person"},
            rep={**FK, "primary_key_entity": "hr.person"}),
    _entity("audit", None, 3, order_id={**FK, "primary_key_entity": "orders"}),
]}
BASE["entities"][1]["constraints"] = [{"constraint_type": "check", "sql": "amount > 0", "name": "positive"}]


def _definition(platform: str) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["platform"] = platform
    return data


def _member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def test_postgres_schema_sql(tmp_path: Path) -> None:
    out = synthdb.generate(_definition("postgres"), "sql", tmp_path / "pg.zip")
    schema = _member(out, "schema.sql")
    assert schema.index('CREATE SCHEMA IF NOT EXISTS "hr";') < schema.index('CREATE TABLE "hr"."person"')
    assert 'CREATE SCHEMA IF NOT EXISTS "sales";' in schema
    assert 'CREATE TABLE "sales"."person"' in schema and 'CREATE TABLE "audit"' in schema
    assert 'REFERENCES "hr"."person"("id")' in schema and 'REFERENCES "sales"."orders"("id")' in schema
    assert 'CONSTRAINT "positive" CHECK ("amount" > 0)' in schema
    load = _member(out, "load.sql")
    assert 'INSERT INTO "sales"."orders" ("id", "buyer", "rep") VALUES' in load
    assert 'DELETE FROM "hr"."person";' in load


def test_mysql_schema_is_a_database(tmp_path: Path) -> None:
    schema = _member(synthdb.generate(_definition("mysql"), "sql", tmp_path / "my.zip"), "schema.sql")
    assert "CREATE DATABASE IF NOT EXISTS `hr`;" in schema and "CREATE SCHEMA" not in schema
    assert "CREATE TABLE `sales`.`orders`" in schema
    # MySQL cannot defer the self-reference: added after the tables, on the qualified table.
    assert "ALTER TABLE `hr`.`person` ADD FOREIGN KEY (`boss`) REFERENCES `hr`.`person`(`id`)" in schema


def test_sqlserver_and_duckdb_create_schemas(tmp_path: Path) -> None:
    tsql = _member(synthdb.generate(_definition("sqlserver"), "sql", tmp_path / "ms.zip"), "schema.sql")
    assert "IF SCHEMA_ID(N'hr') IS NULL EXEC(N'CREATE SCHEMA [hr]');" in tsql
    assert "CREATE TABLE [sales].[orders]" in tsql
    duck = _member(synthdb.generate(_definition("duckdb"), "sql", tmp_path / "duck.zip"), "schema.sql")
    assert 'CREATE SCHEMA IF NOT EXISTS "sales";' in duck and 'CREATE TABLE "sales"."orders"' in duck
    # DuckDB refuses keys across schemas: sales.orders.rep -> hr.person is left out, buyer -> sales.person kept.
    assert 'REFERENCES "sales"."person"("id")' in duck and 'REFERENCES "hr"."person"' not in duck


def test_sqlite_names_a_table_by_its_key(tmp_path: Path) -> None:
    out = synthdb.generate(_definition("sqlite"), "sql", tmp_path / "lite.zip")
    schema = _member(out, "schema.sql")
    assert "CREATE SCHEMA" not in schema and 'CREATE TABLE "sales.orders"' in schema
    assert 'REFERENCES "hr.person"("id")' in schema
    path = synthdb.generate(_definition("postgres"), "sqlite", tmp_path / "db.sqlite")
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names == {"hr.person", "sales.person", "sales.orders", "audit"}
        assert conn.execute('SELECT count(*) FROM "sales.orders"').fetchone() == (9,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("fmt,ext", [("csv", "csv"), ("jsonl", "jsonl"), ("parquet", "parquet"), ("xml", "xml")])
def test_file_members_are_schema_dot_table(tmp_path: Path, fmt: str, ext: str) -> None:
    out = synthdb.generate(_definition("postgres"), fmt, tmp_path / f"out.{fmt}.zip")
    with zipfile.ZipFile(out) as archive:
        members = {n for n in archive.namelist() if n.endswith(f".{ext}")}
    assert members == {f"hr.person.{ext}", f"sales.person.{ext}", f"sales.orders.{ext}", f"audit.{ext}"}


def test_single_entity_by_plain_name(tmp_path: Path) -> None:
    out = synthdb.generate(_definition("postgres"), "csv", tmp_path / "orders.csv", entity="orders")
    assert out.read_text().splitlines()[0] == "id,buyer,rep"
    assert len(out.read_text().splitlines()) == 10


@pytest.mark.postgres
def test_postgres_optimized_loads_with_psql(tmp_path: Path) -> None:
    out = synthdb.generate(_definition("postgres"), "postgres-optimized", tmp_path / "pg.zip")
    load = _member(out, "load.sql")
    assert "\\copy \"sales\".\"orders\" (\"id\", \"buyer\", \"rep\") FROM 'data/sales.orders.csv'" in load
    assert 'ANALYZE "hr"."person";' in load
    assert 'CREATE SCHEMA IF NOT EXISTS "hr";' in _member(out, "schema.sql")
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    with fresh_postgres("schemas_psql") as url:
        subprocess.run(["psql", "-q", "-d", url, "-f", "load.sql"], cwd=folder, check=True, capture_output=True)
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM sales.orders o JOIN hr.person p ON p.id = o.rep").fetchone() \
                == (9,)
            assert conn.execute("SELECT count(*) FROM hr.person").fetchone() == (4,)
