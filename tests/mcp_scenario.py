"""The shop example designed through the MCP tools alone, checking every answer; shared by both transports."""

from __future__ import annotations

import copy
import csv
import io
import os
import sys
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx2
import yaml
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from api.apiserver import ApiServer

SHOP = Path(__file__).resolve().parents[1] / "examples" / "shop.yaml"
TOOLS = {"search_generators", "describe_generator", "validate_definition", "preview_table", "explain_definition",
         "import_schema", "list_databases", "get_database", "upsert_database", "generate", "get_task",
         "create_snapshot", "list_snapshots", "activate_snapshot", "query_snapshot", "call_mock_api"}


def stdio_params(root: Path) -> StdioServerParameters:
    """`python -m synthdb mcp --root ROOT`, with this process's environment (PYTHONPATH included)."""
    return StdioServerParameters(command=sys.executable, args=["-m", "synthdb", "mcp", "--root", str(root)],
                                 env=dict(os.environ))


def shop_definition(customers: int = 30, products: int = 10) -> dict[str, Any]:
    """examples/shop.yaml, small."""
    data = yaml.safe_load(SHOP.read_text())
    data["variables"] = {"n_customers": customers, "n_products": products}
    return data


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A tool's structured answer; fails the test on a tool error."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, f"{tool}: {result.content[0].text}"  # type: ignore[union-attr]
    assert isinstance(result.structured_content, dict)
    return result.structured_content


async def error_of(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    """A tool's error text; fails the test unless the call is a tool error."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool} should have failed: {result.structured_content}"
    text: str = result.content[0].text  # type: ignore[union-attr]
    return text


def csv_tables(content: bytes) -> dict[str, list[dict[str, str]]]:
    """The CSV files of a zip, as rows."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {Path(name).stem: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
                for name in archive.namelist() if name.endswith(".csv")}


async def design_shop(client: Client, download: Callable[[dict[str, Any]], Awaitable[bytes]]) -> dict[str, Any]:
    """search → draft with a mistake → validate → fix → upsert → explain → preview → generate csv → download."""
    tools = await client.list_tools()
    assert {tool.name for tool in tools.tools} == TOOLS
    assert all(tool.description and tool.input_schema.get("type") == "object" for tool in tools.tools)

    # Search by name, by synonym and by category; each answer carries parameters and examples.
    found = await call(client, "search_generators", {"query": "email", "page_size": 5})
    email = next(g for g in found["generators"] if g["name"] == "Email Address")
    assert "email" in email["aliases"] and email["examples"] and all("@" in v for v in email["examples"])
    by_synonym = await call(client, "search_generators", {"query": "e-mail"})
    assert "Email Address" in [g["name"] for g in by_synonym["generators"]]
    fk = await call(client, "describe_generator", {"name": "Foreign Key"})
    assert {"primary_key_entity", "primary_key_field"} <= {p["name"] for p in fk["parameters"]}
    dates = await call(client, "search_generators", {"query": "", "category": "date", "page_size": 50,
                                                     "with_examples": False})
    assert dates["total"] > 0 and all("date" in g["category"].lower() for g in dates["generators"])
    paged = await call(client, "search_generators", {"query": "", "page": 2, "page_size": 3})
    assert paged["page"] == 2 and len(paged["generators"]) == 3 and paged["next_page"] == 3

    # A draft with a deliberate mistake: validate names the path and suggests the fix; upsert refuses it.
    good = shop_definition()
    draft = copy.deepcopy(good)
    draft["entities"][0]["fields"][3]["generator"] = "Emial Address"
    checked = await call(client, "validate_definition", {"definition": draft})
    assert checked["valid"] is False
    [problem] = checked["errors"]
    assert problem["path"] == "entities[0].fields[3].generator"
    assert "Emial Address" in problem["message"] and problem["suggestion"] == "replace the value with 'Email Address'"
    refused = await error_of(client, "upsert_database", {"definition": draft})
    assert "entities[0].fields[3].generator" in refused
    # The fix is the suggestion applied at the path.
    draft["entities"][0]["fields"][3]["generator"] = "Email Address"
    assert draft == good
    checked = await call(client, "validate_definition", {"definition": yaml.safe_dump(draft)})
    assert checked["valid"] is True and checked["errors"] == [] and checked["warnings"] == []
    assert checked["tables"]["customers"] == 30 and checked["tables"]["products"] == 10

    stored = await call(client, "upsert_database", {"definition": draft})
    assert stored["database"].removesuffix(".yaml") == "shop"
    listed = await call(client, "list_databases", {})
    assert [d["database"].removesuffix(".yaml") for d in listed["databases"]] == ["shop"]
    again = await call(client, "get_database", {"database": "shop"})
    assert [e["name"] for e in again["definition"]["entities"]] == ["customers", "products", "orders", "order_items"]
    assert again["definition"]["variables"] == {"n_customers": 30, "n_products": 10}

    explained = await call(client, "explain_definition", {"database": "shop"})
    assert explained["order"] == ["customers", "products", "orders", "order_items"]
    tables = {t["name"]: t for t in explained["tables"]}
    assert tables["customers"]["rows"] == 30
    assert tables["orders"]["relations"] == [{"column": "customer_id", "references": "customers.id",
                                             "drives_row_count": True}]
    assert tables["orders"]["reads"] == ["customers.created_at (through customer_id)"]
    assert tables["order_items"]["reads"] == ["products.price (through product_id)"]
    emails = next(c for c in tables["customers"]["columns"] if c["name"] == "email")
    assert emails["generator"] == "Email Address" and emails["flags"] == ["unique"]

    preview = await call(client, "preview_table", {"database": "shop", "table": "customers", "rows": 5})
    assert preview["shown"] == 5 and preview["total_rows"] == 30 and "first 5 of 30" in preview["note"]
    assert [r["id"] for r in preview["rows"]] == [1, 2, 3, 4, 5]
    inline = await call(client, "preview_table", {"definition": draft, "table": "customers", "rows": 5})
    assert inline["rows"] == preview["rows"]  # deterministic: same definition, same rows
    reseeded = await call(client, "preview_table", {"definition": draft, "table": "customers", "rows": 5, "seed": 9})
    assert reseeded["rows"] != preview["rows"]

    task = await call(client, "generate", {"database": "shop", "format": "csv"})
    assert task["completed"] is True and task["error"] is None, task
    assert (await call(client, "get_task", {"task_id": task["id"]}))["completed"] is True
    data = csv_tables(await download(task))
    assert set(data) == {"customers", "products", "orders", "order_items"}
    assert len(data["customers"]) == 30 and len(data["products"]) == 10
    # The preview is what generate writes.
    assert [r["email"] for r in data["customers"][:5]] == [r["email"] for r in preview["rows"]]
    customer_ids = {r["id"] for r in data["customers"]}
    order_ids = {r["id"] for r in data["orders"]}
    assert data["orders"] and {r["customer_id"] for r in data["orders"]} <= customer_ids
    assert {r["order_id"] for r in data["order_items"]} <= order_ids
    return task


async def snapshot_shop(client: Client, database: str) -> dict[str, Any]:
    """Snapshot a stored 5-customer shop twice, query, activate, and call its mock API; the checks of both transports.

    Returns the first two customers the mock API answered.
    """
    first = await call(client, "create_snapshot", {"database": database})
    assert first["name"] == "v1" and first["status"] == "ready" and first["active"] is True, first
    count = await call(client, "query_snapshot", {"database": database, "name": "v1",
                                                  "sql": "SELECT count(*) AS n FROM customers"})
    assert count == {"columns": ["n"], "rows": [[5]], "truncated": False}
    refused = await error_of(client, "query_snapshot", {"database": database, "name": "v1",
                                                        "sql": "DELETE FROM customers"})
    assert "sql:" in refused and "SELECT" in refused
    # A second snapshot, reseeded: not active until activated.
    second = await call(client, "create_snapshot", {"database": database, "name": "reseeded", "seed": 9})
    assert second["status"] == "ready" and second["active"] is False
    listed = await call(client, "list_snapshots", {"database": database})
    assert [(s["name"], s["active"]) for s in listed["snapshots"]] == [("v1", True), ("reseeded", False)]
    assert listed["total"] == 2
    activated = await call(client, "activate_snapshot", {"database": database, "name": "reseeded"})
    assert activated["name"] == "reseeded" and activated["active"] is True
    listed = await call(client, "list_snapshots", {"database": database})
    assert [(s["name"], s["active"]) for s in listed["snapshots"]] == [("v1", False), ("reseeded", True)]
    # The mock API serves the active snapshot: its rows are the direct query's.
    answer = await call(client, "call_mock_api", {"database": database, "path": "/api/customers?_limit=2"})
    assert answer["status"] == 200 and answer["headers"]["X-Total-Count"] == "5"
    direct = await call(client, "query_snapshot", {"database": database, "name": "reseeded",
                                                   "sql": "SELECT * FROM customers ORDER BY id LIMIT 2"})
    assert answer["body"] == [dict(zip(direct["columns"], row, strict=True)) for row in direct["rows"]]
    old = await call(client, "query_snapshot", {"database": database, "name": "v1",
                                                "sql": "SELECT email FROM customers ORDER BY id LIMIT 2"})
    assert [r["email"] for r in answer["body"]] != [row[0] for row in old["rows"]]  # seed 9, not the first
    # The query row cap of the tool: 3 of 5 rows, said so.
    capped = await call(client, "query_snapshot", {"database": database, "name": "v1", "rows": 3,
                                                   "sql": "SELECT id FROM customers ORDER BY id"})
    assert capped["rows"] == [[1], [2], [3]] and capped["truncated"] is True and "first 3 of 5" in capped["note"]
    missing = await call(client, "call_mock_api", {"database": database, "path": "nope"})
    assert missing["status"] == 404 and "nope" in missing["body"]["error"]
    body: list[dict[str, Any]] = answer["body"]
    return {"customers": body}


def connect(server: ApiServer, key: str, mode: Any = "auto") -> Client:
    """A client of the server's MCP endpoint presenting `key` (`mode="legacy"`: the initialize handshake)."""
    # The SDK's transport takes any httpx2 client: here one that sends the key on every request.
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60)
    return Client(streamable_http_client(f"{server.api}/mcp", http_client=http), mode=mode)
