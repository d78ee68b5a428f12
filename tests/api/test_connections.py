"""Connection pushes into the local PostgreSQL: inline objects (as the clients send) and saved names."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from api.apiserver import ApiServer, shop, wait_task

pytestmark = pytest.mark.postgres
PASSWORD = "hunter2-not-echoed"  # trust auth ignores it; it must still never show up anywhere


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("customers", "orders")}


def test_push_into_postgresql(server: ApiServer, workspace: str, postgres_url: str) -> None:
    target = urlsplit(postgres_url)
    inline = {"host": "127.0.0.1", "port": 5432, "database_name": target.path.lstrip("/"),
              "username": "postgres", "password": PASSWORD, "tls": False}
    with server.client(server.key(workspace, "admin")) as client:
        client.post(f"/workspaces/{workspace}/databases", json=shop())
        base = {"workspace": workspace, "database": "shop"}

        # The object form of the official clients; synthdb's create_tables makes the tables first.
        task = client.post("/generate_tasks", json={**base, "connection": inline, "create_tables": True}).json()
        task = wait_task(client, task["id"])
        assert task["completed"] and task["error"] is None, task
        assert task["data_url"] is None and "60 rows loaded" in task["context"]
        assert _counts(postgres_url) == {"customers": 20, "orders": 40}
        with psycopg.connect(postgres_url) as conn:
            scores = [r[0] for r in conn.execute("SELECT score FROM customers")]
            orphans = conn.execute(
                "SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL"
            ).fetchone()[0]
            totals = [r[0] for r in conn.execute("SELECT total FROM orders")]
        assert all(1 <= s <= 100 for s in scores) and orphans == 0
        assert all(isinstance(t, Decimal) and 1 <= t <= 50 for t in totals)

        # Fabricate's semantics: a second push replaces the rows (deleted in the load's transaction).
        again = {**base, "connection": inline, "overrides": {"variables": {"n_customers": "9"}}}
        task = wait_task(client, client.post("/generate_tasks", json=again).json()["id"])
        assert task["completed"] and task["error"] is None, task
        assert _counts(postgres_url) == {"customers": 9, "orders": 18}

        # Append collides on the keys, fails as a whole and leaves the target as it was.
        appended = {**base, "connection": inline, "load_mode": "append"}
        failed = wait_task(client, client.post("/generate_tasks", json=appended).json()["id"])
        assert failed["completed"] is False and failed["error"] and PASSWORD not in failed["error"]
        assert _counts(postgres_url) == {"customers": 9, "orders": 18}

        # A saved connection, by name; its password is write-only.
        saved = client.post(f"/workspaces/{workspace}/connections", json={"name": "local", **inline})
        assert saved.status_code == 200 and PASSWORD not in saved.text
        assert saved.json()["load_mode"] == "replace"
        mode = client.post(f"/workspaces/{workspace}/connections", json={"name": "local", **inline,
                                                                       "load_mode": "append"})
        assert mode.json()["load_mode"] == "append"
        failed = wait_task(client, client.post("/generate_tasks", json={**base, "connection": "local"}).json()["id"])
        assert failed["error"] and _counts(postgres_url) == {"customers": 9, "orders": 18}
        request = {**base, "connection": "local", "truncate": True,
                   "overrides": {"variables": {"n_customers": "7"}}}
        task = wait_task(client, client.post("/generate_tasks", json=request).json()["id"])
        assert task["completed"], task
        assert _counts(postgres_url) == {"customers": 7, "orders": 14}

        # One entity only (its parents are recomputed, not loaded: they are already there).
        overrides = {"variables": {"n_customers": "7"}, "entities": {"orders": {"record_count": 5}}}
        request = {**base, "connection": "local", "entity": "orders", "truncate": True, "overrides": overrides}
        task = wait_task(client, client.post("/generate_tasks", json=request).json()["id"])
        assert task["completed"], task
        assert _counts(postgres_url) == {"customers": 7, "orders": 5}

        missing = client.post("/generate_tasks", json={**base, "connection": "nope"})
        assert missing.status_code == 404 and "connection 'nope'" in missing.json()["error"]
        assert client.delete(f"/workspaces/{workspace}/connections/local").status_code == 200
        assert client.get(f"/workspaces/{workspace}/connections/local").status_code == 404


def test_connection_errors_are_client_errors(editor: httpx.Client, workspace: str) -> None:
    base = {"workspace": workspace, "database": "shop"}
    bad = editor.post("/generate_tasks", json={**base, "connection": {"host": "h", "database_name": "d",
                                                                        "port": 70000}})
    assert bad.status_code == 400 and bad.json()["error"].startswith("connection")
    both = editor.post("/generate_tasks", json={**base, "format": "csv", "connection": "x"})
    assert both.status_code == 400
    platform = editor.post("/generate_tasks", json={**base, "connection": {"host": "h", "database_name": "d",
                                                                            "platform": "oracle"}})
    assert platform.status_code == 400 and "oracle" in platform.json()["error"]
