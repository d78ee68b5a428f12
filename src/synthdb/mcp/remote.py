"""HTTP mode: the workspace of the caller's API key, through the REST routes' own functions.

Each call authenticates the `Authorization: Bearer` key of the HTTP request that carried it, so a key
revoked mid-session stops working at once; the role and workspace limits are the REST API's.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.requests import Request

from synthdb.api.auth import Principal, authenticate
from synthdb.api.errors import ApiError, not_found
from synthdb.api.lookup import workspace_of
from synthdb.api.names import check_name
from synthdb.api.routes import databases, tasks
from synthdb.api.schemas import GenerateRequest
from synthdb.api.state import state_of
from synthdb.api.targets import target_spec
from synthdb.definition.fabricate import strip_meta
from synthdb.importers.reflect import reflect_spec
from synthdb.importers.schema import Schema
from synthdb.mcp.backend import ToolProblem
from synthdb.mcp.definitions import check_sources
from synthdb.mcp.sizing import page_of
from synthdb.mcp.snapshots_remote import RemoteSnapshots
from synthdb.store.models import ConnectionRecord

POLL_SECONDS = 0.2


def bearer_token(request: Request) -> str | None:
    """The key of `Authorization: Bearer <key>`, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class RemoteBackend:
    """The stored databases and generate tasks of the key's workspace."""

    root: Path | None = None

    def __init__(self, request: Request) -> None:
        self.request = request
        token = bearer_token(request)
        if token is None:
            raise ToolProblem("Authorization: send 'Authorization: Bearer <key>'")
        try:
            self.principal: Principal = authenticate(request, token)
        except ApiError as exc:
            raise ToolProblem(exc.message) from exc

    def _need(self, role: str) -> None:
        if not self.principal.can(role):
            raise ToolProblem(f"this API key's role '{self.principal.role}' cannot do this; it needs '{role}'")

    def load(self, database: str) -> tuple[dict[str, Any], Path | None]:
        return self.get_database(database)["definition"], None

    def list_databases(self, page: int, page_size: int) -> dict[str, Any]:
        found = databases.list_databases(self.principal.workspace, self.request, self.principal)
        rows = [{"database": d["name"], "id": d["id"], "updated_at": d["updated_at"],
                 "last_generated": d.get("last_generated")} for d in found]
        chunk, info = page_of(rows, page, page_size)
        return {"workspace": self.principal.workspace, "databases": chunk, **info}

    def get_database(self, database: str) -> dict[str, Any]:
        full = databases.get_database(self.principal.workspace, database, self.request,
                                      self.principal)
        return {"database": full["name"], "id": full["id"], "updated_at": full["updated_at"],
                "data_url": full.get("data_url"), "definition": strip_meta(full)}

    def upsert_database(self, data: dict[str, Any], path: str | None) -> dict[str, Any]:
        self._need("editor")
        if path is not None:
            raise ToolProblem("path: only local (stdio) mode writes files; over HTTP the name is the key")
        check_sources(data, None, None)
        stored = databases.upsert_database(self.principal.workspace, self.request, data,
                                           self.principal)
        return {"database": stored["name"], "id": stored["id"], "updated_at": stored["updated_at"],
                "tables": [e["name"] for e in stored["entities"]]}

    def generate(self, database: str, fmt: str, entity: str | None, overrides: dict[str, Any] | None,
                 wait_seconds: float) -> dict[str, Any]:
        self._need("editor")
        body = GenerateRequest(workspace=self.principal.workspace, database=database, format=fmt, entity=entity,
                               overrides=overrides)
        task = tasks.create_task(body, self.request, self.principal)
        deadline = time.monotonic() + wait_seconds
        while task.status not in ("completed", "failed", "cancelled") and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            task = tasks.get_task(task.id, self.request, self.principal)
        return _task(task.model_dump())

    def snapshots(self) -> RemoteSnapshots:
        """The snapshot and mock API tools' half, with this call's key."""
        return RemoteSnapshots(self.request, self.principal)

    def get_task(self, task_id: str) -> dict[str, Any]:
        return _task(tasks.get_task(task_id, self.request, self.principal).model_dump())

    def reflect_connection(self, connection: str) -> Schema:
        # Editors and above, as for pushes: a viewer may not make the server reach a database.
        self._need("editor")
        state = state_of(self.request)
        name = check_name(connection, "connection")
        with state.store.session() as session:
            workspace = workspace_of(session, self.principal, self.principal.workspace)
            record = session.scalar(select(ConnectionRecord).where(
                ConnectionRecord.workspace_id == workspace.id, ConnectionRecord.name == name))
            if record is None:
                raise not_found("connection", name)
            try:
                password = state.passwords.decrypt(record.password_encrypted) if record.password_encrypted else None
            except ValueError as exc:
                raise ToolProblem(f"connection: {exc}") from exc
            # The push's checks, again at this use: the operator's policy or the name's DNS answer may
            # have changed since the connection was saved. The driver then gets the checked address.
            spec = target_spec(state.settings, record.platform, record.host, record.port, record.database_name,
                               record.username, password, record.tls)
        return reflect_spec(spec, record.database_name)


def _task(task: dict[str, Any]) -> dict[str, Any]:
    task.pop("download_url", None)  # the same link as data_url: once is enough in an agent's context
    if not task["completed"] and not task["error"]:
        task["note"] = "still running: call get_task with this id until completed (then fetch data_url)"
    elif task["completed"]:
        task["note"] = "fetch data_url (no Authorization header needed; the link expires)"
    return task
