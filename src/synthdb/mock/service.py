"""One mock API over one snapshot: dispatches a request (method, path, query, body, session) to the
automatic resources, the custom routes, reset or the OpenAPI document, and answers JSON."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from synthdb.definition.api_spec import MockApi
from synthdb.definition.model import Database
from synthdb.mock import resources, writes
from synthdb.mock.errors import MockError
from synthdb.mock.query import ListQuery
from synthdb.mock.routes import CustomRoutes
from synthdb.mock.sandbox import SqlRefused, open_readonly, run_select
from synthdb.mock.schema import Schema, read_schema
from synthdb.mock.sessions import DEFAULT_MAX_SESSIONS, Sessions

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class MockResponse:
    """What the HTTP layer sends: a status, a JSON body (None: empty) and headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def booleans_of(database: Database | None) -> dict[str, set[str]]:
    """Columns the definition types as boolean, per table (SQLite keeps them as integers)."""
    out: dict[str, set[str]] = {}
    for entity in database.entities if database is not None else []:
        for item in entity.fields:
            if (item.data_type or "").lower().startswith("bool") or item.generator.lower() == "boolean":
                out.setdefault(entity.name, set()).add(item.name)
    return out


class MockService:
    """The mock API of one snapshot file. Thread-safe: each request opens its own connection."""

    def __init__(
        self, snapshot: Path, sessions_dir: Path, database: Database | None = None,
        max_sessions: int = DEFAULT_MAX_SESSIONS, row_cap: int = 1000,
    ) -> None:
        self.snapshot = snapshot
        self.database = database
        self.api = (database.api if database is not None else None) or MockApi()
        self.schema: Schema = read_schema(snapshot, booleans_of(database))
        self.sessions = Sessions(snapshot, sessions_dir, max_sessions)
        self.routes = CustomRoutes(self.api.routes, (database.seed if database is not None else None) or 0)
        self.row_cap = row_cap

    # --- connections ---------------------------------------------------------------------------------

    def _reader(self, session: str | None) -> sqlite3.Connection:
        path, immutable = self.sessions.read_path(session)
        return open_readonly(path, immutable)

    def _writer(self, session: str) -> sqlite3.Connection:
        con = sqlite3.connect(self.sessions.write_path(session), timeout=10, isolation_level=None,
                              check_same_thread=False)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN IMMEDIATE")
        return con

    # --- dispatch ------------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, params: Sequence[tuple[str, str]], body: bytes | None, session: str | None,
        base_url: str,
    ) -> MockResponse:
        """Answer one request; `path` is what follows `.../api/`, `base_url` is the URL of `.../api`."""
        try:
            return self._dispatch(method.upper(), [p for p in path.split("/") if p], params, body, session, base_url)
        except MockError as exc:
            return MockResponse(exc.status, {"error": exc.message}, exc.headers)

    def _dispatch(
        self, method: str, parts: list[str], params: Sequence[tuple[str, str]], body: bytes | None,
        session: str | None, base_url: str,
    ) -> MockResponse:
        match = self.routes.match(method, parts)
        if match is not None:
            return self._custom(match, params, session)
        if parts == ["openapi.json"] and method == "GET":
            from synthdb.mock.openapi import openapi_document

            return MockResponse(200, openapi_document(self, base_url))
        if parts == ["_reset"]:
            if method != "POST":
                raise MockError(405, "_reset: use POST", {"Allow": "POST"})
            had = self.sessions.reset(session) if session is not None else False
            return MockResponse(200, {"reset": True, "had_changes": had})
        if not parts:
            if method != "GET":
                raise MockError(405, "use GET", {"Allow": "GET"})
            return MockResponse(200, {"resources": {name: f"{base_url}/{name}" for name in self.schema.tables},
                                      "openapi": f"{base_url}/openapi.json"})
        table = resources.table_of(self.schema, parts[0])
        if method in WRITE_METHODS:
            return self._write(method, table, parts, body, session)
        if method != "GET":
            raise MockError(405, f"{method} is not supported here", {"Allow": "GET, POST, PUT, PATCH, DELETE"})
        con = self._reader(session)
        try:
            if len(parts) == 1:
                return self._list(con, table, params, None, base_url, "/".join(parts))
            if len(parts) == 2:
                row = resources.get_row(con, table, parts[1])
                self._decorate(con, table, [row], params)
                return MockResponse(200, row)
            if len(parts) == 3:
                parent_row = resources.get_row(con, table, parts[1])
                child = resources.table_of(self.schema, parts[2])
                fk = resources.nested_link(self.schema, table, child.name)
                return self._list(con, child, params, {fk.column: parent_row[fk.parent_column]}, base_url,
                                  "/".join(parts))
            raise MockError(404, "paths are /table, /table/{id} or /parent/{id}/child")
        finally:
            con.close()

    def _decorate(self, con: sqlite3.Connection, table: Any, rows: list[dict[str, Any]],
                  params: Sequence[tuple[str, str]]) -> None:
        for name, value in params:
            if name == "_embed":
                resources.embed(con, self.schema, table, rows, value)
            elif name == "_expand":
                resources.expand(con, self.schema, table, rows, value)

    def _list(
        self, con: sqlite3.Connection, table: Any, params: Sequence[tuple[str, str]], fixed: dict[str, Any] | None,
        base_url: str, path: str,
    ) -> MockResponse:
        rows, total, query = resources.list_rows(con, table, params, fixed)
        self._decorate(con, table, rows, params)
        headers = {"X-Total-Count": str(total), "Access-Control-Expose-Headers": "X-Total-Count, Link"}
        link = _links(f"{base_url}/{path}", params, query, total)
        if link:
            headers["Link"] = link
        return MockResponse(200, rows, headers)

    def _write(self, method: str, table: Any, parts: list[str], body: bytes | None,
               session: str | None) -> MockResponse:
        if self.api.read_only:
            raise MockError(405, "this database's mock API is read-only (api.read_only in the definition)",
                            {"Allow": "GET"})
        if session is None:
            raise MockError(400, "writes need a session: send an API key or an X-Mock-Session header")
        payload: Any = None
        if method in ("POST", "PUT", "PATCH"):
            try:
                payload = json.loads(body or b"null")
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise MockError(400, f"body: not valid JSON ({exc})") from None
        if len(parts) == 1 and method != "POST":
            raise MockError(405, f"{method} needs a row: /{table.name}/{{id}}", {"Allow": "GET, POST"})
        if len(parts) == 2 and method == "POST":
            raise MockError(405, f"POST creates rows at /{table.name}", {"Allow": "GET, PUT, PATCH, DELETE"})
        if len(parts) > 2:
            raise MockError(405, "writes go to /table or /table/{id}")
        # Refuse a bad body before the session's copy of the snapshot is made.
        if method in ("POST", "PUT", "PATCH"):
            writes.check_body(table, payload, partial=method == "PATCH")
        con = self._writer(session)
        try:
            if method == "POST":
                result = MockResponse(201, writes.create(con, self.schema, table, payload))
            elif method == "DELETE":
                writes.delete(con, self.schema, table, parts[1])
                result = MockResponse(200, {})
            else:
                result = MockResponse(200, writes.update(con, self.schema, table, parts[1], payload,
                                                         partial=method == "PATCH"))
            con.execute("COMMIT")
            return result
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    def _custom(self, match: Any, params: Sequence[tuple[str, str]], session: str | None) -> MockResponse:
        route = match.route
        values, missing = self.routes.bindings(match, dict(params))
        if missing:
            raise MockError(400, f"{', '.join(missing)}: missing parameter of {route.method} {route.path}")
        if route.delay_ms:
            time.sleep(route.delay_ms / 1000)
        if self.routes.fails(match):
            raise MockError(route.error_status, f"injected error of {route.method} {route.path} "
                                                f"(error_rate {route.error_rate:g})")
        path, immutable = self.sessions.read_path(session)
        try:
            result = run_select(path, route.sql, values, row_cap=self.row_cap, immutable=immutable)
        except SqlRefused as exc:
            raise MockError(500, f"route {route.method} {route.path}: {exc}") from None
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        headers = dict(route.headers)
        if route.many:
            return MockResponse(route.status, rows, headers)
        if not rows:
            raise MockError(404, f"{route.path}: nothing found")
        return MockResponse(route.status, rows[0], headers)


def _links(url: str, params: Sequence[tuple[str, str]], query: ListQuery, total: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages (json-server's shape)."""
    last = max(1, -(-total // query.limit))
    kept = [(k, v) for k, v in params if k != "_page"]

    def page(number: int) -> str:
        return f"{url}?{urlencode([*kept, ('_page', str(number))])}"

    links = [f'<{page(1)}>; rel="first"']
    if query.page > 1:
        links.append(f'<{page(min(query.page - 1, last))}>; rel="prev"')
    if query.page < last:
        links.append(f'<{page(query.page + 1)}>; rel="next"')
    links.append(f'<{page(last)}>; rel="last"')
    return ", ".join(links)
