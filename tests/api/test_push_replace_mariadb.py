"""Pushing twice into the same MariaDB tables: the second run replaces the first, other tables untouched."""

from __future__ import annotations

from typing import Any

import pymysql
import pytest

from api.apiserver import ApiServer, shop, wait_task
from conftest import fresh_mariadb

pytestmark = pytest.mark.mariadb


def _count(args: dict[str, Any], table: str) -> int:
    conn = pymysql.connect(**args)
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM `{table}`")
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def test_second_push_replaces_and_append_fails(server: ApiServer, workspace: str) -> None:
    with fresh_mariadb("fab18b") as args:
        inline = {"host": "127.0.0.1", "port": 3306, "database_name": args["database"], "username": "root",
                  "tls": False, "platform": "mariadb"}
        with server.client(server.key(workspace, "admin")) as client:
            client.post(f"/workspaces/{workspace}/databases", json=shop())
            base = {"workspace": workspace, "database": "shop", "connection": inline}
            task = wait_task(client, client.post("/generate_tasks", json={**base, "create_tables": True}).json()["id"])
            assert task["completed"], task
            conn = pymysql.connect(**args, autocommit=True)
            with conn.cursor() as cur:
                cur.execute("CREATE TABLE bystander (id INT PRIMARY KEY)")
                cur.execute("INSERT INTO bystander VALUES (1), (2), (3)")
            conn.close()
            again = {**base, "overrides": {"variables": {"n_customers": "9"}}}
            task = wait_task(client, client.post("/generate_tasks", json=again).json()["id"])
            assert task["completed"] and task["error"] is None, task
            assert (_count(args, "customers"), _count(args, "orders"), _count(args, "bystander")) == (9, 18, 3)
            appended = client.post("/generate_tasks", json={**base, "load_mode": "append"}).json()
            failed = wait_task(client, appended["id"])
            assert failed["error"] and (_count(args, "customers"), _count(args, "orders")) == (9, 18)
