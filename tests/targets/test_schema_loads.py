"""SQL schemas end to end: a two-schema DDL imported, generated and loaded into PostgreSQL and MariaDB."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pymysql
import pytest

from conftest import fresh_mariadb, fresh_postgres
from synthdb.errors import UsageError
from synthdb.importers import import_definition
from synthdb.service.load import LoadOptions, load
from synthdb.targets import LoadError
from targets.shop_helpers import mysql_url

# Two `person` tables (hr and sales), foreign keys inside a schema, across schemas, and from the default one.
DDL = """
CREATE SCHEMA hr
  CREATE TABLE person (id int PRIMARY KEY, first_name varchar(40) NOT NULL)
  CREATE TABLE badge (id int PRIMARY KEY, person_id int NOT NULL REFERENCES person (id));
CREATE SCHEMA sales;
CREATE TABLE sales.person (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE sales.orders (id int PRIMARY KEY, buyer int NOT NULL REFERENCES sales.person (id),
  rep int NOT NULL REFERENCES hr.person (id), placed date);
CREATE TABLE public.audit (id int PRIMARY KEY, badge_id int NOT NULL REFERENCES hr.badge (id));
"""
TABLES = {("hr", "person"), ("hr", "badge"), ("sales", "person"), ("sales", "orders"), ("public", "audit")}
# (child, child columns, parent, parent columns), as pg_constraint names them (regclass text: qualified
# unless on the search path).
KEYS = {
    ("hr.badge", ("person_id",), "hr.person", ("id",)),
    ("sales.orders", ("buyer",), "sales.person", ("id",)),
    ("sales.orders", ("rep",), "hr.person", ("id",)),
    ("audit", ("badge_id",), "hr.badge", ("id",)),
}
# Distinct sizes, so a key pointing at the wrong `person` would leave orphans.
SIZES = {"hr.person": 7, "sales.person": 40, "hr.badge": 30, "sales.orders": 60, "audit": 20}


def _definition(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "two_schemas.sql"
    path.write_text(DDL)
    definition = import_definition(str(path)).definition
    for entity in definition["entities"]:
        key = f"{entity['schema']}.{entity['name']}" if entity.get("schema") else entity["name"]
        entity["record_count"] = SIZES[key]
    return definition


def _pg(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def _pg_keys(url: str) -> set[tuple[str, tuple[str, ...], str, tuple[str, ...]]]:
    rows = _pg(url, """
        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
          array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
          array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
        FROM pg_constraint c WHERE c.contype = 'f'""")
    return {(child, tuple(cols), parent, tuple(parent_cols)) for child, parent, cols, parent_cols in rows}


def _pg_check(url: str) -> None:
    """Every table in its schema with its rows, every foreign key declared and holding."""
    tables = {(s, t) for s, t in _pg(url, "SELECT table_schema, table_name FROM information_schema.tables "
                                          "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")}
    assert tables == TABLES
    for key, size in SIZES.items():
        assert _pg(url, f"SELECT count(*) FROM {key}")[0][0] == size, key
    assert _pg_keys(url) == KEYS
    for child, (column,), parent, (parent_column,) in KEYS:
        orphans = _pg(url, f"SELECT count(*) FROM {child} c WHERE NOT EXISTS "
                           f"(SELECT 1 FROM {parent} p WHERE p.{parent_column} = c.{column})")
        assert orphans[0][0] == 0, (child, column)
    # The children really use the parents' rows (not only the first few).
    assert _pg(url, "SELECT count(DISTINCT rep) FROM sales.orders")[0][0] > 1


@pytest.mark.postgres
def test_import_keeps_both_person_tables_apart(tmp_path: Path) -> None:
    entities = _definition(tmp_path)["entities"]
    assert [(e.get("schema"), e["name"]) for e in entities] == [
        ("hr", "person"), ("hr", "badge"), ("sales", "person"), ("sales", "orders"), (None, "audit")]
    refs = {(e["name"], f["name"]): f["primary_key_entity"] for e in entities for f in e["fields"]
            if f.get("generator") == "Foreign Key"}
    # `person` is ambiguous, so those references are qualified; `badge` is not.
    assert refs == {("badge", "person_id"): "hr.person", ("orders", "buyer"): "sales.person",
                    ("orders", "rep"): "hr.person", ("audit", "badge_id"): "badge"}


@pytest.mark.postgres
def test_postgres_load_into_the_original_ddl(tmp_path: Path) -> None:
    definition = _definition(tmp_path)
    with fresh_postgres("schemas_ddl") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(DDL.encode())
        # Two entities are called `person`: the plain name does not choose one.
        with pytest.raises(UsageError, match=r"'person' is ambiguous: it names hr.person, sales.person"):
            load(definition, url, LoadOptions(entity="person"))
        counts = load(definition, url, LoadOptions())
        assert counts == SIZES
        _pg_check(url)
        # Loading again after emptying the tables (TRUNCATE of qualified tables) gives the same rows.
        load(definition, url, LoadOptions(truncate=True))
        _pg_check(url)


@pytest.mark.postgres
def test_postgres_create_from_the_imported_definition(tmp_path: Path) -> None:
    definition = _definition(tmp_path)
    with fresh_postgres("schemas_create") as url:
        with pytest.raises(LoadError, match="do not exist"):
            load(definition, url, LoadOptions())
        assert _pg(url, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('hr', 'sales')")[0][0] == 0
        assert load(definition, url, LoadOptions(create=True)) == SIZES
        _pg_check(url)
        # The live database reads back as the same definition's tables, schemas and keys.
        again = import_definition(url).definition
        assert {(e.get("schema"), e["name"]) for e in again["entities"]} == {
            (None if s == "public" else s, t) for s, t in TABLES}


@pytest.mark.postgres
def test_postgres_failed_create_leaves_no_schema(tmp_path: Path) -> None:
    definition = _definition(tmp_path)
    with fresh_postgres("schemas_fail") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            # `audit` exists (so is not created) and refuses every row: the load fails at the last table.
            conn.execute("CREATE TABLE audit (id int PRIMARY KEY CHECK (id < 0), badge_id int)")
        with pytest.raises(LoadError):
            load(definition, url, LoadOptions(create=True))
        assert _pg(url, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('hr', 'sales')")[0][0] == 0


def _my(database: dict[str, Any], query: str) -> list[tuple[Any, ...]]:
    conn = pymysql.connect(**database, autocommit=True)
    try:
        with conn.cursor() as cur:
            cur.execute(query)
            return list(cur.fetchall())
    finally:
        conn.close()


def _mysql_definition(tmp_path: Path, suffix: str) -> dict[str, Any]:
    """The imported definition for MySQL, its schemas (= databases, server-wide) made unique to this test."""
    definition = _definition(tmp_path)
    definition["platform"] = "mysql"
    for entity in definition["entities"]:
        if entity.get("schema"):
            entity["schema"] = f"{entity['schema']}_{suffix}"
        for field in entity["fields"]:
            if "." in str(field.get("primary_key_entity", "")):
                field["primary_key_entity"] = field["primary_key_entity"].replace(".", f"_{suffix}.")
            if field.get("data_type", "").upper() == "TEXT" and field.get("unique"):
                field["data_type"] = "VARCHAR(200)"
    return definition


@pytest.mark.mariadb
def test_mariadb_schema_is_a_database(tmp_path: Path) -> None:
    suffix = uuid.uuid4().hex[:8]
    hr, sales = f"hr_{suffix}", f"sales_{suffix}"
    definition = _mysql_definition(tmp_path, suffix)
    with fresh_mariadb("schemas_main") as database:
        main = database["database"]
        try:
            url = mysql_url(database, "")
            assert load(definition, url, LoadOptions(create=True)) == {
                k.replace("hr.", f"{hr}.").replace("sales.", f"{sales}."): v for k, v in SIZES.items()}
            found = set(_my(database, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                                      f"WHERE TABLE_SCHEMA IN ('{hr}', '{sales}', '{main}')"))
            assert found == {(hr, "person"), (hr, "badge"), (sales, "person"), (sales, "orders"), (main, "audit")}
            keys = set(_my(database, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
                                     "REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE "
                                     f"REFERENCED_TABLE_NAME IS NOT NULL AND TABLE_SCHEMA IN ('{hr}', '{sales}', "
                                     f"'{main}')"))
            assert keys == {(hr, "badge", "person_id", hr, "person"), (sales, "orders", "buyer", sales, "person"),
                            (sales, "orders", "rep", hr, "person"), (main, "audit", "badge_id", hr, "badge")}
            for schema, table, column, parent_schema, parent in keys:
                orphans = _my(database, f"SELECT COUNT(*) FROM `{schema}`.`{table}` c LEFT JOIN "
                                        f"`{parent_schema}`.`{parent}` p ON p.id = c.`{column}` WHERE p.id IS NULL")
                assert orphans[0][0] == 0, (table, column)
            assert _my(database, f"SELECT COUNT(*) FROM `{hr}`.`person`")[0][0] == SIZES["hr.person"]
            # Again into the existing tables, emptied first.
            load(definition, url, LoadOptions(truncate=True))
            assert _my(database, f"SELECT COUNT(*) FROM `{sales}`.`orders`")[0][0] == SIZES["sales.orders"]
        finally:
            for name in (sales, hr):
                conn = pymysql.connect(**database, autocommit=True)
                with conn.cursor() as cur:
                    cur.execute("SET foreign_key_checks = 0")
                    cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
                conn.close()


@pytest.mark.mariadb
def test_mariadb_failed_create_drops_the_databases_it_made(tmp_path: Path) -> None:
    suffix = uuid.uuid4().hex[:8]
    definition = _mysql_definition(tmp_path, suffix)
    with fresh_mariadb("schemas_fail") as database:
        # `audit`, the last table, exists and refuses every row (no column badge_id).
        _my(database, "CREATE TABLE audit (id int PRIMARY KEY, other int NOT NULL)")
        with pytest.raises(LoadError):
            load(definition, mysql_url(database, ""), LoadOptions(create=True))
        left = _my(database, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                             f"WHERE SCHEMA_NAME IN ('hr_{suffix}', 'sales_{suffix}')")
        assert left == []


def test_duckdb_schemas_and_keys_within_them(tmp_path: Path) -> None:
    import duckdb

    definition = _definition(tmp_path)
    definition["platform"] = "duckdb"
    url = f"duckdb:///{tmp_path / 'two.duckdb'}"
    assert load(definition, url, LoadOptions(create=True)) == SIZES
    load(definition, url, LoadOptions(truncate=True))  # referenced tables are dropped and re-created
    conn = duckdb.connect(str(tmp_path / "two.duckdb"))
    try:
        tables = {(s, t) for s, t in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
        assert tables == {("main" if s == "public" else s, t) for s, t in TABLES}
        assert conn.execute("SELECT count(*) FROM sales.orders o JOIN hr.person p ON p.id = o.rep").fetchone() == \
            (SIZES["sales.orders"],)
        keys = {(s, t) for s, t in conn.execute("SELECT schema_name, table_name FROM duckdb_constraints() "
                                                "WHERE constraint_type = 'FOREIGN KEY'").fetchall()}
        # Keys within a schema are declared; DuckDB cannot declare sales.orders.rep -> hr.person or audit -> hr.
        assert keys == {("hr", "badge"), ("sales", "orders")}
    finally:
        conn.close()
