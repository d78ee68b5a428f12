"""Snapshots over HTTP: create, list, download (a SQLite file with every table), activate, delete, query."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from api.apiserver import ApiServer
from mock.mockhelpers import VARIABLES, Served, shop_definition, wait_snapshot


def test_snapshot_lifecycle(mock_server: ApiServer, tmp_path: Path) -> None:
    workspace = "snaps"
    with mock_server.client(mock_server.key(workspace, "editor")) as client:
        assert client.post(f"/workspaces/{workspace}/databases", json=shop_definition()).status_code == 200
        url = f"/workspaces/{workspace}/databases/shop/snapshots"
        first = client.post(url, json={"overrides": {"variables": VARIABLES}})
        assert first.status_code == 200, first.text
        assert first.json()["name"] == "v1" and first.json()["status"] == "pending"
        second = client.post(url, json={"seed": 9, "overrides": {"variables": {"n_customers": 12}}})
        assert second.json()["name"] == "v2"
        named = client.post(url, json={"name": "release-1", "overrides": {"variables": {"n_customers": 5}}})
        assert named.json()["name"] == "release-1"
        assert client.post(url, json={"name": "v1"}).status_code == 409
        for name in ("v1", "v2", "release-1"):
            assert wait_snapshot(client, url, name)["status"] == "ready"
        listed = {s["name"]: s for s in client.get(url).json()}
        assert set(listed) == {"v1", "v2", "release-1"}
        # The first ready snapshot is the active one; sizes and rows are real.
        assert [n for n, s in listed.items() if s["active"]] == ["v1"]
        assert all(s["size"] > 0 and s["rows"] > 0 and s["created"] for s in listed.values())

        download = client.get(f"{url}/v1/download")
        assert download.status_code == 200
        assert 'filename="shop.sqlite"' in download.headers["content-disposition"]
        path = tmp_path / "v1.sqlite"
        path.write_bytes(download.content)
        con = sqlite3.connect(path)
        # sqlite_stat1 is SQLite's own (ANALYZE of the mock's indexes), not a table of the definition.
        tables = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        assert tables == {"customers", "products", "orders", "order_items"}
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        assert counts["customers"] == 40 and counts["products"] == 15 and all(counts.values())
        assert sum(counts.values()) == listed["v1"]["rows"]
        con.close()

        # The mock API serves the active snapshot; activating v2 (12 customers) switches it.
        mock_api = f"/workspaces/{workspace}/databases/shop/api/customers"
        assert client.get(mock_api).headers["X-Total-Count"] == "40"
        activated = client.put(f"{url}/v2/active")
        assert activated.status_code == 200 and activated.json()["active"] is True
        assert client.get(mock_api).headers["X-Total-Count"] == "12"
        assert [s["name"] for s in client.get(url).json() if s["active"]] == ["v2"]

        query = client.post(f"{url}/v1/query", json={"sql": "SELECT count(*) AS n FROM customers"})
        assert query.status_code == 200 and query.json() == {"columns": ["n"], "rows": [[40]], "truncated": False}
        capped = client.post(f"{url}/v1/query", json={"sql": "SELECT * FROM order_items"})
        assert capped.status_code == 200 and len(capped.json()["rows"]) == min(1000, counts["order_items"])

        deleted = client.delete(f"{url}/release-1")
        assert deleted.status_code == 200
        assert {s["name"] for s in client.get(url).json()} == {"v1", "v2"}
        assert client.get(f"{url}/release-1/download").status_code == 404
        assert client.delete(f"{url}/v2").status_code == 200
        # No active snapshot any more: the mock API says so (409), it does not serve stale data.
        answer = client.get(mock_api)
        assert answer.status_code == 409 and "no active snapshot" in answer.json()["error"]
        assert client.post(f"{url}/nope/query", json={"sql": "SELECT 1"}).status_code == 404


def test_query_refuses_writes_and_file_access(served_server: tuple[Served, str], mock_server: ApiServer) -> None:
    _served, editor = served_server
    with mock_server.client(editor) as client:
        url = "/workspaces/mockshop/databases/shop/snapshots/v1/query"
        refused = [
            "DELETE FROM customers", "DROP TABLE customers", "UPDATE customers SET city = 'x'",
            "SELECT 1; DROP TABLE customers", "ATTACH DATABASE '/etc/passwd' AS p", "PRAGMA writable_schema = 1",
            "SELECT load_extension('/tmp/evil')", "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT readfile('/etc/passwd')", "CREATE TABLE t (x)", "VACUUM INTO '/tmp/copy.sqlite'",
        ]
        for sql in refused:
            answer = client.post(url, json={"sql": sql})
            assert answer.status_code == 400, (sql, answer.text)
            assert answer.json()["error"].startswith("sql: "), answer.text
        # Nothing changed.
        count = client.post(url, json={"sql": "SELECT count(*) FROM customers"}).json()["rows"]
        assert count == [[40]]


def test_mock_key_reaches_only_the_mock_api(served_server: tuple[Served, str], mock_server: ApiServer) -> None:
    served, _ = served_server
    with served.client() as client:
        assert client.get("/customers").status_code == 200
    with httpx.Client(base_url=mock_server.api, headers=served.headers, timeout=30) as client:
        for path in ("/workspaces/mockshop/databases", "/workspaces/mockshop/databases/shop/snapshots"):
            answer = client.get(path)
            assert answer.status_code == 403 and "mock" in answer.json()["error"], answer.text
        posted = client.post("/workspaces/mockshop/databases", json=shop_definition())
        assert posted.status_code == 403
    # No key, a wrong key: 401; another workspace's key: 404 (its databases look missing).
    assert httpx.get(f"{served.base}/customers").status_code == 401
    assert httpx.get(f"{served.base}/customers", headers={"Authorization": "Bearer sdb_wrong"}).status_code == 401
    stranger = mock_server.key("stranger", "admin")
    assert httpx.get(f"{served.base}/customers", headers={"Authorization": f"Bearer {stranger}"}).status_code == 404


def test_examples_call_mock_api_shape(served_server: tuple[Served, str], mock_server: ApiServer) -> None:
    """The official examples' call-mock-api script: GET .../databases/<db>/api/<route> with a Bearer key."""
    served, editor = served_server
    url = f"{mock_server.api}/workspaces/mockshop/databases/shop/api/customers/1/spending"
    answer = httpx.get(url, headers={"Authorization": f"Bearer {editor}"})
    assert answer.status_code == 200, answer.text
    expected = served.sql("SELECT count(*), round(sum(total), 2) FROM orders WHERE customer_id = 1")[0]
    assert (answer.json()["orders"], answer.json()["spent"]) == expected


def test_cors_per_database(served_server: tuple[Served, str]) -> None:
    served, _ = served_server
    allowed = "http://localhost:5173"
    preflight = httpx.options(f"{served.base}/customers", headers={
        "Origin": allowed, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == allowed
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    answer = httpx.get(f"{served.base}/customers", headers={**served.headers, "Origin": allowed})
    assert answer.headers["access-control-allow-origin"] == allowed
    other = httpx.get(f"{served.base}/customers", headers={**served.headers, "Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
