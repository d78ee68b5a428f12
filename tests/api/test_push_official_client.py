"""Fabricate's official Python client pushing twice into the same PostgreSQL and MariaDB tables: replaced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pymysql
import pytest

from api.apiserver import ApiServer, local_files, shop, sqlite_rows, wait_task
from conftest import fresh_mariadb

tonic_fabricate = pytest.importorskip("tonic_fabricate")


def _expected(customers: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows synthdb itself makes for the override (emails and keys: exact; money compared as text)."""
    rows = sqlite_rows(_sqlite(customers))
    return {"customers": sorted((r[0], r[1]) for r in rows["customers"]),
            "orders": sorted((r[0], r[1]) for r in rows["orders"])}


def _sqlite(customers: int) -> bytes:
    files = local_files(shop(), "sqlite", overrides={"variables": {"n_customers": str(customers)}})
    return next(iter(files.values()))


def _push_twice(server: ApiServer, workspace: str, connection: dict[str, Any],
                read: Callable[[], dict[str, list[tuple[Any, ...]]]]) -> None:
    key = server.key(workspace, "admin")
    with server.client(key) as client:
        client.post(f"/workspaces/{workspace}/databases", json=shop())
        # The official client cannot ask for tables to be created: a first synthdb push makes them.
        task = client.post("/generate_tasks", json={"workspace": workspace, "database": "shop",
                                                    "connection": connection, "create_tables": True}).json()
        assert wait_task(client, task["id"])["completed"]
    for customers in (9, 13):
        tonic_fabricate.generate(api_key=key, api_url=server.api, workspace=workspace, database="shop",
                                 connection=connection, overrides={"variables": {"n_customers": str(customers)}})
        # Exactly the run's rows: the previous run's (and the first push's 20 customers) are gone.
        assert read() == _expected(customers), customers


@pytest.mark.postgres
def test_official_client_pushes_twice_into_postgresql(server: ApiServer, workspace: str, postgres_url: str) -> None:
    target = urlsplit(postgres_url)
    connection = {"host": "127.0.0.1", "port": 5432, "database_name": target.path.lstrip("/"),
                  "username": "postgres", "password": "", "tls": False}

    def read() -> dict[str, list[tuple[Any, ...]]]:
        with psycopg.connect(postgres_url) as conn:
            return {"customers": sorted(conn.execute("SELECT id, email FROM customers").fetchall()),
                    "orders": sorted(conn.execute("SELECT id, customer_id FROM orders").fetchall())}

    _push_twice(server, workspace, connection, read)


@pytest.mark.mariadb
def test_official_client_pushes_twice_into_mariadb(server: ApiServer, workspace: str) -> None:
    with fresh_mariadb("official_client") as args:
        connection = {"host": "127.0.0.1", "port": 3306, "database_name": args["database"], "username": "root",
                      "tls": False, "platform": "mariadb"}

        def read() -> dict[str, list[tuple[Any, ...]]]:
            conn = pymysql.connect(**args)
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT id, email FROM customers")
                    customers = sorted(cur.fetchall())
                    cur.execute("SELECT id, customer_id FROM orders")
                    orders = sorted(cur.fetchall())
            finally:
                conn.close()
            return {"customers": customers, "orders": orders}

        _push_twice(server, workspace, connection, read)


@pytest.mark.postgres
def test_a_replacing_push_that_fails_keeps_the_old_rows(server: ApiServer, workspace: str, postgres_url: str) -> None:
    target = urlsplit(postgres_url)
    connection = {"host": "127.0.0.1", "port": 5432, "database_name": target.path.lstrip("/"),
                  "username": "postgres", "password": "", "tls": False}
    with server.client(server.key(workspace, "admin")) as client:
        client.post(f"/workspaces/{workspace}/databases", json=shop())
        base = {"workspace": workspace, "database": "shop", "connection": connection}
        assert wait_task(client, client.post("/generate_tasks", json={**base, "create_tables": True}).json()["id"])[
            "completed"]
        with psycopg.connect(postgres_url) as conn:
            before = sorted(conn.execute("SELECT id, email FROM customers").fetchall())
            # Scores run 1..100: a check the new rows break once the old ones are already deleted.
            conn.execute("ALTER TABLE customers ADD CONSTRAINT low_scores CHECK (score < 50) NOT VALID")
        again = {**base, "overrides": {"variables": {"n_customers": "30"}}}
        failed = wait_task(client, client.post("/generate_tasks", json=again).json()["id"])
        assert failed["error"] and not failed["completed"], failed
    with psycopg.connect(postgres_url) as conn:
        assert sorted(conn.execute("SELECT id, email FROM customers").fetchall()) == before
        assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 40
