"""Tasks through the one Run object: `entity` naming a SQL table, and SQL-table rows in the daily row limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.apiserver import ApiServer, fetch, local_files, shop, wait_task

# Every customer paired with every customer: n * n rows from n generated ones.
PAIRS = {"name": "pairs", "view": True,
         "sql": "SELECT x.id AS left_id, y.id AS right_id FROM customers x CROSS JOIN customers y"}
PER_CUSTOMER = {"name": "orders_per_customer", "view": True,
                "sql": "SELECT customer_id, COUNT(*) AS orders FROM orders GROUP BY customer_id"}


def with_sql_tables(name: str, customers: int, *tables: dict[str, Any]) -> dict[str, Any]:
    definition = shop(name, customers)
    definition["entities"] += [dict(t) for t in tables]
    return definition


def test_entity_may_name_a_sql_table(server: ApiServer, workspace: str) -> None:
    definition = with_sql_tables("stats", 20, PER_CUSTOMER)
    with server.client(server.key(workspace, "editor")) as client:
        assert client.post(f"/workspaces/{workspace}/databases", json=definition).status_code == 200
        request = {"workspace": workspace, "database": "stats", "format": "csv", "entity": "orders_per_customer"}
        answer = client.post("/generate_tasks", json=request)
        assert answer.status_code == 200, answer.text
        task = wait_task(client, answer.json()["id"])
        assert task["completed"], task
        assert task["data_url"].split("?")[0].endswith("/orders_per_customer.csv")
        content = fetch(task["data_url"]).content
        (expected,) = local_files(definition, "csv", entity="orders_per_customer").values()
        assert content == expected
        lines = content.decode().splitlines()
        assert lines[0] == "customer_id,orders" and len(lines) > 1
        # An unknown entity still names the field and suggests the SQL table.
        wrong = client.post("/generate_tasks", json={**request, "entity": "orders_per_customr"})
        assert wrong.status_code == 400
        assert wrong.json()["error"].startswith(
            "entity: unknown entity 'orders_per_customr'; did you mean 'orders_per_customer'?")


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = ApiServer(tmp_path_factory.mktemp("capped") / "data", workers=1,
                       env={"SYNTHDB_DAILY_ROW_LIMIT": "100"}).start()
    yield server
    server.stop()


def _post(client: httpx.Client, workspace: str, **extra: Any) -> httpx.Response:
    return client.post("/generate_tasks", json={"workspace": workspace, "database": "pairs", "format": "csv",
                                                **extra})


def test_sql_table_rows_count_in_the_daily_limit(capped: ApiServer) -> None:
    # 12 customers and 24 orders are generated (36 rows, well under 100); the SQL table alone has 144.
    definition = with_sql_tables("pairs", 12, PAIRS)
    with capped.client(capped.key("pairs-ws", "editor")) as client:
        assert client.post("/workspaces/pairs-ws/databases", json=definition).status_code == 200
        whole = _post(client, "pairs-ws")
        assert whole.status_code == 429, whole.text
        assert "0 of 100 rows generated today, this task needs 180" in whole.json()["error"]
        # The SQL table alone: its 144 rows and the 12 customers it is computed from.
        alone = _post(client, "pairs-ws", entity="pairs")
        assert alone.status_code == 429 and "this task needs 156" in alone.json()["error"]
        # The generated tables alone fit.
        assert _post(client, "pairs-ws", entity="customers").status_code == 200
        # Smaller: 5 customers, 10 orders, 25 pairs = 40 rows, counted exactly (12 + 40 = 52 of 100).
        small = _post(client, "pairs-ws", overrides={"variables": {"n_customers": 5}})
        assert small.status_code == 200, small.text
        task = wait_task(client, small.json()["id"])
        assert task["completed"], task
        over = _post(client, "pairs-ws", overrides={"variables": {"n_customers": 6}})
        assert over.status_code == 429
        assert "52 of 100 rows generated today, this task needs 54" in over.json()["error"]


def test_sql_tables_over_more_rows_than_the_limit_are_refused_without_computing(capped: ApiServer) -> None:
    # 200 customers: the generated rows alone exceed the limit, so the 40,000 pairs are never computed.
    with capped.client(capped.key("big-ws", "editor")) as client:
        assert client.post("/workspaces/big-ws/databases", json=with_sql_tables("pairs", 200, PAIRS)).status_code \
            == 200
        answer = _post(client, "big-ws")
        assert answer.status_code == 429 and "this task needs 600" in answer.json()["error"]
