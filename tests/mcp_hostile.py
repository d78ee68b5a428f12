"""Hostile tool calls (wrong types, huge strings, missing fields, path traversal) shared by both transports."""

from __future__ import annotations

from typing import Any

from mcp import Client

from mcp_scenario import TOOLS, shop_definition

HUGE = "x" * 2_000_000
HOSTILE: list[tuple[str, Any]] = [
    ("search_generators", {"query": 42}),
    ("search_generators", {"query": HUGE}),
    ("search_generators", {"page": -1}),
    ("search_generators", {"page_size": 10**9}),
    ("describe_generator", {}),
    ("describe_generator", {"name": ["Email"]}),
    ("describe_generator", {"name": "no such thing"}),
    ("validate_definition", {}),
    ("validate_definition", {"definition": "entities: [unclosed"}),
    ("validate_definition", {"definition": HUGE}),
    ("validate_definition", {"definition": {"entities": [{"name": "t", "record_count": "10**100", "fields": []}]}}),
    ("validate_definition", {"definition": {"entities": "nope"}, "database": "shop"}),
    # Far more rows than memory can plan (a parent of 10**12 rows): refused, the server lives on.
    ("validate_definition", {"definition": shop_definition(customers=10**12)}),
    ("explain_definition", {"definition": shop_definition(customers=10**12)}),
    ("upsert_database", {"definition": shop_definition(customers=10**12)}),
    ("preview_table", {"table": "customers"}),
    ("preview_table", {"database": "../../etc/passwd", "table": "x"}),
    ("preview_table", {"database": "shop", "table": "customers", "rows": 10**6}),
    ("preview_table", {"database": "shop", "table": "nope"}),
    ("preview_table", {"definition": [1, 2], "table": "t"}),
    ("explain_definition", {"definition": "- a\n- b"}),
    ("explain_definition", {"database": "/etc/passwd"}),
    ("import_schema", {"ddl": "SELECT 1; DROP TABLE x"}),
    ("import_schema", {"ddl": "CREATE TABLE ((("}),
    ("import_schema", {"ddl": HUGE}),
    ("import_schema", {}),
    ("import_schema", {"ddl": "CREATE TABLE t (id int)", "connection": "db"}),
    ("import_schema", {"connection": "../../etc/passwd"}),
    ("import_schema", {"connection": "a\x00b"}),
    ("import_schema", {"connection": HUGE[:300]}),
    ("import_schema", {"connection": "db", "dialect": "mysql"}),
    ("list_databases", {"page": "one"}),
    ("get_database", {"database": "../shop.yaml"}),
    ("get_database", {"database": "a\x00b"}),
    ("upsert_database", {}),
    ("upsert_database", {"definition": {"name": "../evil", "entities": []}}),
    ("upsert_database", {"definition": shop_definition(), "path": "../../evil.yaml"}),
    ("upsert_database", {"definition": shop_definition(), "path": "evil.sh"}),
    ("generate", {"database": "shop", "format": "exe"}),
    ("generate", {"database": "shop", "entity": "../../x"}),
    ("generate", {"database": "shop", "overrides": {"variables": {"n_customers": "lots"}}}),
    ("generate", {"database": "shop", "wait_seconds": 10**9}),
    ("get_task", {"task_id": HUGE[:150]}),
    ("get_task", {"task_id": None}),
    ("no_such_tool", {}),
]


async def hostile_session(client: Client) -> None:
    """Every hostile call answers a tool error; the server then still answers normal calls."""
    for name, arguments in HOSTILE:
        result = await client.call_tool(name, arguments)
        # validate_definition answers a bad definition with `valid: false` and its errors (its job).
        refused = result.is_error or (name == "validate_definition" and result.structured_content["valid"] is False
                                      and result.structured_content["errors"])
        assert refused, (name, str(arguments)[:200], result.structured_content)
        if result.is_error:
            text = result.content[0].text  # type: ignore[union-attr]
            assert text != f"Error executing tool {name}" and "Traceback" not in text, (name, text)
    assert {t.name for t in (await client.list_tools()).tools} == TOOLS
    found = await client.call_tool("search_generators", {"query": "email"})
    assert not found.is_error and found.structured_content["total"] > 0  # type: ignore[index]
