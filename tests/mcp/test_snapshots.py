"""The snapshot and mock API tools over both transports, with the SDK's own client."""

from __future__ import annotations

import uuid
from pathlib import Path

import anyio
from mcp import Client

from api.apiserver import ApiServer
from mcp_scenario import call, connect, error_of, shop_definition, snapshot_shop, stdio_params


def test_snapshots_and_the_mock_api_over_http(server: ApiServer) -> None:
    workspace = f"ws-{uuid.uuid4().hex[:10]}"
    editor, viewer = server.key(workspace, "editor"), server.key(workspace, "viewer")

    async def main() -> dict[str, list[dict[str, object]]]:
        async with connect(server, editor) as client:
            await call(client, "upsert_database", {"definition": shop_definition(customers=5, products=5)})
            served = await snapshot_shop(client, "shop")
        async with connect(server, viewer) as client:
            # A viewer lists and queries, but neither creates nor activates (the REST routes' roles).
            listed = await call(client, "list_snapshots", {"database": "shop"})
            assert [s["name"] for s in listed["snapshots"]] == ["v1", "reseeded"]
            count = await call(client, "query_snapshot", {"database": "shop", "name": "v1",
                                                          "sql": "SELECT count(*) FROM orders"})
            assert count["rows"][0][0] > 0
            for tool, arguments in (("create_snapshot", {"database": "shop"}),
                                    ("activate_snapshot", {"database": "shop", "name": "v1"})):
                text = await error_of(client, tool, arguments)
                assert "role 'viewer' cannot do this; it needs 'editor'" in text, text
            assert (await call(client, "call_mock_api", {"database": "shop", "path": "products"}))["status"] == 200
        return served

    served = anyio.run(main)
    # The snapshots are the REST API's own, and the refused calls changed nothing.
    with server.client(editor) as rest:
        found = rest.get(f"/workspaces/{workspace}/databases/shop/snapshots").json()
        assert [(s["name"], s["active"], s["status"]) for s in found] == \
            [("v1", False, "ready"), ("reseeded", True, "ready")]
        rows = rest.get(f"/workspaces/{workspace}/databases/shop/api/customers", params={"_limit": 2}).json()
        assert rows == served["customers"]  # the REST mock API serves what the tool answered


def test_a_database_without_snapshots_over_http(server: ApiServer) -> None:
    key = server.key(f"ws-{uuid.uuid4().hex[:10]}", "editor")

    async def main() -> None:
        async with connect(server, key) as client:
            await call(client, "upsert_database", {"definition": shop_definition(customers=5, products=5)})
            assert (await call(client, "list_snapshots", {"database": "shop"}))["snapshots"] == []
            assert "no active snapshot" in await error_of(client, "call_mock_api",
                                                          {"database": "shop", "path": "customers"})
            assert "snapshot 'v1' not found" in await error_of(
                client, "query_snapshot", {"database": "shop", "name": "v1", "sql": "SELECT 1"})
            assert "database 'other' not found" in await error_of(client, "create_snapshot", {"database": "other"})

    anyio.run(main)


def test_snapshots_and_the_mock_api_over_stdio(root: Path) -> None:
    async def main() -> dict[str, list[dict[str, object]]]:
        async with Client(stdio_params(root)) as client:
            await call(client, "upsert_database", {"definition": shop_definition(customers=5, products=5)})
            served = await snapshot_shop(client, "shop")
            # The local mock API takes writes too (in its session copy, never in the snapshot).
            made = await call(client, "call_mock_api", {"database": "shop", "path": "customers", "method": "POST",
                                                        "body": {"first_name": "Ada", "email": "ada@example.com"}})
            assert made["status"] == 201 and made["body"]["first_name"] == "Ada", made
            listed = await call(client, "call_mock_api", {"database": "shop", "path": "customers?_limit=1"})
            assert listed["headers"]["X-Total-Count"] == "6"
            count = await call(client, "query_snapshot", {"database": "shop", "name": "reseeded",
                                                          "sql": "SELECT count(*) FROM customers"})
            assert count["rows"] == [[5]]
            for name in ("../x", "a/b"):
                assert "name:" in await error_of(client, "query_snapshot",
                                                 {"database": "shop", "name": name, "sql": "SELECT 1"})
            return served

    served = anyio.run(main)
    assert len(served["customers"]) == 2
    # The snapshots, and the mock API's session copy beside them; nothing outside out/snapshots.
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert [f for f in files if "/.sessions-" not in f] == \
        ["out/snapshots/shop/active", "out/snapshots/shop/reseeded.sqlite", "out/snapshots/shop/v1.sqlite",
         "shop.yaml"]
    assert any(f.startswith("out/snapshots/shop/.sessions-reseeded/") for f in files)
    assert (root / "out/snapshots/shop/active").read_text() == "reseeded"
