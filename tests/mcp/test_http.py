"""The MCP tools at /api/v1/mcp of a real `synthdb serve`, through the SDK's own client, with API keys."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import anyio
import httpx
from mcp import Client

from api.apiserver import ApiServer
from mcp_hostile import hostile_session
from mcp_scenario import TOOLS, call, connect, design_shop, error_of, shop_definition, stdio_params


def fresh() -> str:
    return f"ws-{uuid.uuid4().hex[:10]}"


def test_design_the_shop_over_http(server: ApiServer) -> None:
    workspace = fresh()
    key = server.key(workspace, "editor")

    async def main() -> dict[str, Any]:
        async def download(task: dict[str, Any]) -> bytes:
            assert task["data_url"].startswith(f"{server.api}/downloads/{task['id']}/")
            answer = httpx.get(task["data_url"], timeout=30)  # no Authorization: the link signs itself
            assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
            return answer.content

        async with connect(server, key) as client:
            return await design_shop(client, download)

    task = anyio.run(main)
    assert task["workspace"] == workspace and task["database"] == "shop" and task["format"] == "csv"
    # The database and the task are the REST API's own: the REST endpoints see them.
    with server.client(key) as rest:
        assert [d["name"] for d in rest.get(f"/workspaces/{workspace}/databases").json()] == ["shop"]
        assert rest.get(f"/generate_tasks/{task['id']}").json()["completed"] is True


def test_a_viewer_key_cannot_upsert_or_generate(server: ApiServer) -> None:
    workspace = fresh()
    editor, viewer = server.key(workspace, "editor"), server.key(workspace, "viewer")
    definition = shop_definition(customers=5, products=5)

    async def main() -> None:
        async with connect(server, editor) as client:
            await call(client, "upsert_database", {"definition": definition})
        async with connect(server, viewer) as client:
            # Reading is allowed.
            assert [d["database"] for d in (await call(client, "list_databases", {}))["databases"]] == ["shop"]
            assert (await call(client, "preview_table", {"database": "shop", "table": "products"}))["shown"] == 5
            changed = dict(definition, variables={"n_customers": 99, "n_products": 5})
            text = await error_of(client, "upsert_database", {"definition": changed})
            assert "role 'viewer' cannot do this; it needs 'editor'" in text
            text = await error_of(client, "generate", {"database": "shop"})
            assert "role 'viewer' cannot do this; it needs 'editor'" in text
            still = await call(client, "get_database", {"database": "shop"})
            assert still["definition"]["variables"] == {"n_customers": 5, "n_products": 5}

    anyio.run(main)
    with server.client(editor) as rest:
        tasks_seen = rest.get(f"/workspaces/{workspace}/databases/shop").json()["last_generated"]
        assert tasks_seen is None  # the refused generate produced nothing


def test_another_workspace_looks_missing_and_keys_are_required(server: ApiServer) -> None:
    mine, theirs = fresh(), fresh()

    async def main() -> None:
        async with connect(server, server.key(theirs, "admin")) as client:
            await call(client, "upsert_database", {"definition": shop_definition(customers=5, products=5)})
            task = await call(client, "generate", {"database": "shop", "format": "jsonl"})
        async with connect(server, server.key(mine, "admin")) as client:
            assert (await call(client, "list_databases", {}))["databases"] == []
            assert "database 'shop' not found" in await error_of(client, "get_database", {"database": "shop"})
            assert "database 'shop' not found" in await error_of(client, "generate", {"database": "shop"})
            assert f"task '{task['id']}' not found" in await error_of(client, "get_task", {"task_id": task["id"]})
            # A server file cannot be read through a static table's source.path.
            static = {"name": "s", "entities": [{"name": "t", "is_static": True,
                                                 "source": {"path": "/etc/hostname"}}]}
            text = await error_of(client, "upsert_database", {"definition": static})
            assert "entities[0].source.path" in text and "inline" in text
            text = await error_of(client, "preview_table", {"definition": static, "table": "t"})
            assert "entities[0].source.path" in text

    anyio.run(main)
    # Without a key, or with a wrong one, the endpoint answers the REST API's 401 before any MCP work.
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        answer = httpx.post(f"{server.api}/mcp", json=body, headers=headers, timeout=10)
        assert answer.status_code == 401 and "error" in answer.json(), answer.text
        assert answer.headers["www-authenticate"] == "Bearer"


def test_hostile_inputs_over_http_leave_the_server_alive(server: ApiServer) -> None:
    workspace = fresh()
    key = server.key(workspace, "editor")

    async def main() -> None:
        async with connect(server, key) as client:
            await call(client, "upsert_database", {"definition": shop_definition(customers=5, products=5)})
            await hostile_session(client)

    anyio.run(main)
    assert httpx.get(f"{server.api}/health", timeout=5).status_code == 200
    with server.client(key) as rest:
        # Only the database stored on purpose exists, and no hostile generate call completed.
        assert [d["name"] for d in rest.get(f"/workspaces/{workspace}/databases").json()] == ["shop"]
        assert rest.get(f"/workspaces/{workspace}/databases/shop").json()["last_generated"] is None


def test_clients_of_the_handshake_era_are_served_too(server: ApiServer, root: Path) -> None:
    """Most MCP clients in use still open with `initialize` (protocol 2025-*): both transports answer them."""
    key = server.key(fresh(), "editor")

    async def main() -> None:
        for client in (connect(server, key, mode="legacy"), Client(stdio_params(root), mode="legacy")):
            async with client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                stored = await call(client, "upsert_database", {"definition": shop_definition(5, 5)})
                assert stored["database"].removesuffix(".yaml") == "shop"
                rows = await call(client, "preview_table", {"database": "shop", "table": "products", "rows": 2})
                assert rows["shown"] == 2 and rows["total_rows"] == 5

    anyio.run(main)
