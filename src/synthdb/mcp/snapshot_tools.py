"""The snapshot and mock API tools: create, list, activate and query snapshots; call the mock API."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from synthdb.mcp.sizing import MAX_PREVIEW_ROWS, MAX_TEXT_CHARS, Truncator, page_of, plain
from synthdb.mcp.tools import PageArg, PageSizeArg, Resolver, tool_errors

StoredArg = Annotated[str, Field(description="The stored database: over HTTP its name, locally a definition file "
                                             "under the root (a relative path, or a name: 'shop').",
                                 max_length=1024)]
SnapshotArg = Annotated[str, Field(description="The snapshot's name, e.g. 'v1' (list_snapshots shows them).",
                                   max_length=200)]
DEFAULT_QUERY_ROWS = 50


def _sized(answer: dict[str, Any], rows_key: str, cap: int) -> dict[str, Any]:
    """At most `cap` rows under `rows_key`, long values cut, and a note saying what was left out."""
    rows = answer.get(rows_key)
    notes = []
    if isinstance(rows, list) and len(rows) > cap:
        answer[rows_key] = rows[:cap]
        answer["truncated"] = True
        notes.append(f"showing the first {cap} of {len(rows)} rows")
    truncate = Truncator()
    answer = truncate(plain(answer))
    cut = truncate.note()
    if cut:
        notes.append(cut)
    if notes:
        answer["note"] = "; ".join(notes)
    return answer


def _mock_call(path: str, query: dict[str, Any] | None) -> tuple[str, list[tuple[str, str]]]:
    """`/api/customers?_limit=2` → ('customers', [('_limit', '2')]), plus the `query` object's pairs."""
    route, _, text = path.partition("?")
    route = route.strip().lstrip("/")
    if route == "api" or route.startswith("api/"):
        route = route[3:].lstrip("/")
    pairs = parse_qsl(text, keep_blank_values=True)
    for key, value in (query or {}).items():
        values = value if isinstance(value, list) else [value]
        pairs += [(str(key), v if isinstance(v, str) else json.dumps(v)) for v in values]
    return route, pairs


def register_snapshot_tools(server: MCPServer, resolve: Resolver) -> None:
    """Add the snapshot and mock API tools to `server`."""

    @server.tool()
    def create_snapshot(
        ctx: Context,
        database: StoredArg,
        name: Annotated[str | None, Field(description="The snapshot's name (default v1, v2, ...).",
                                          max_length=200)] = None,
        seed: Annotated[int | None, Field(description="Seed (default: the definition's).", ge=0,
                                          le=2**63 - 1)] = None,
        overrides: Annotated[dict[str, Any] | None, Field(
            description="Per-run changes: {\"variables\": {...}, \"entities\": {table: {attribute or "
                        "fields: {column: {parameter: value}}}}}.")] = None,
        wait_seconds: Annotated[float, Field(description="How long to wait for the snapshot before answering it "
                                                         "pending (HTTP).", ge=0, le=120)] = 30,
    ) -> dict[str, Any]:
        """Generate a stored database into a SQLite snapshot (the first one becomes active): its status and task."""
        with tool_errors():
            return _sized(resolve(ctx).snapshots().create_snapshot(database, name, seed, overrides, wait_seconds),
                          "rows", MAX_PREVIEW_ROWS)

    @server.tool()
    def list_snapshots(ctx: Context, database: StoredArg, page: PageArg = 1,
                       page_size: PageSizeArg = 20) -> dict[str, Any]:
        """A database's snapshots, oldest first: name, status (pending, ready, failed), rows, size, active."""
        with tool_errors():
            chunk, info = page_of(resolve(ctx).snapshots().list_snapshots(database), page, page_size)
            return {"database": database, "snapshots": chunk, **info}

    @server.tool()
    def activate_snapshot(ctx: Context, database: StoredArg, name: SnapshotArg) -> dict[str, Any]:
        """Make a ready snapshot the one the database's mock API (call_mock_api) serves."""
        with tool_errors():
            return resolve(ctx).snapshots().activate_snapshot(database, name)

    @server.tool()
    def query_snapshot(
        ctx: Context, database: StoredArg, name: SnapshotArg,
        sql: Annotated[str, Field(description="One read-only SELECT in SQLite's dialect; the tables are the "
                                              "definition's entities.", max_length=100_000)],
        rows: Annotated[int, Field(description=f"Rows to show (at most {MAX_PREVIEW_ROWS}).", ge=1,
                                   le=MAX_PREVIEW_ROWS)] = DEFAULT_QUERY_ROWS,
    ) -> dict[str, Any]:
        """Run one read-only SELECT on a snapshot: columns, rows, and `truncated` when more rows matched."""
        with tool_errors():
            return _sized(resolve(ctx).snapshots().query_snapshot(database, name, sql), "rows", rows)

    @server.tool()
    def call_mock_api(
        ctx: Context, database: StoredArg,
        path: Annotated[str, Field(description="The path under the mock API, with an optional query string, "
                                               "e.g. '/api/customers?_limit=2' or 'customers/1'.",
                                   max_length=2000)],
        method: Annotated[Literal["GET", "POST", "PUT", "PATCH", "DELETE"], Field(
            description="The HTTP method; writes change only this caller's session copy.")] = "GET",
        query: Annotated[dict[str, Any] | None, Field(
            description="More query parameters, e.g. {\"_sort\": \"id\", \"_order\": \"desc\"}.")] = None,
        body: Annotated[dict[str, Any] | list[Any] | None, Field(
            description="The JSON body of a POST, PUT or PATCH.")] = None,
    ) -> dict[str, Any]:
        """Call the database's mock REST API (its active snapshot): the status, paging headers and JSON body."""
        with tool_errors():
            route, pairs = _mock_call(path, query)
            payload = None if body is None else json.dumps(body).encode()
            if payload is not None and len(payload) > MAX_TEXT_CHARS:
                raise ToolError(f"body: larger than {MAX_TEXT_CHARS:,} bytes")
            return _sized(resolve(ctx).snapshots().call_mock_api(database, method, route, pairs, payload),
                          "body", MAX_PREVIEW_ROWS)
