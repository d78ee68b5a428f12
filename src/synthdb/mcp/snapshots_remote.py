"""HTTP mode of the snapshot and mock API tools: the REST routes' own functions, with the caller's key."""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request

from synthdb.api.auth import Principal
from synthdb.api.routes import mock, snapshots
from synthdb.api.signing import API_PREFIX
from synthdb.api.state import state_of
from synthdb.mcp.backend import ToolProblem

POLL_SECONDS = 0.2


def mock_answer(status: int, body: Any, headers: dict[str, str]) -> dict[str, Any]:
    """A mock API answer as an agent reads it: the status, the paging headers, the JSON body."""
    kept = {k: v for k, v in headers.items() if k.lower() in ("x-total-count", "link", "location", "allow")}
    return {"status": status, "headers": kept, "body": body}


class RemoteSnapshots:
    """The snapshots of the key's workspace; roles as the REST routes require them."""

    def __init__(self, request: Request, principal: Principal) -> None:
        self.request = request
        self.principal = principal

    def _need(self, role: str) -> None:
        # Caller routes refuse mock keys (their rank is below viewer); Editor routes need editor.
        if not self.principal.can(role):
            raise ToolProblem(f"this API key's role '{self.principal.role}' cannot do this; it needs '{role}'")

    def _args(self, database: str) -> tuple[str, str]:
        return self.principal.workspace, database

    def create_snapshot(self, database: str, name: str | None, seed: int | None,
                        overrides: dict[str, Any] | None, wait_seconds: float) -> dict[str, Any]:
        self._need("editor")
        body = snapshots.SnapshotCreate(name=name, seed=seed, overrides=overrides)
        made = snapshots.create_snapshot(*self._args(database), body, self.request, self.principal)
        deadline = time.monotonic() + wait_seconds
        while made.status == "pending" and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            made = snapshots.get_snapshot(*self._args(database), made.name, self.request, self.principal)
        return _snapshot(made.model_dump())

    def list_snapshots(self, database: str) -> list[dict[str, Any]]:
        self._need("viewer")
        return [_snapshot(s.model_dump()) for s in
                snapshots.list_snapshots(*self._args(database), self.request, self.principal)]

    def activate_snapshot(self, database: str, name: str) -> dict[str, Any]:
        self._need("editor")
        return _snapshot(snapshots.activate_snapshot(*self._args(database), name, self.request,
                                                     self.principal).model_dump())

    def query_snapshot(self, database: str, name: str, sql: str) -> dict[str, Any]:
        self._need("viewer")
        answer = snapshots.query_snapshot(*self._args(database), name, snapshots.QueryIn(sql=sql), self.request,
                                          self.principal)
        return answer.model_dump()

    def call_mock_api(self, database: str, method: str, path: str, query: list[tuple[str, str]],
                      body: bytes | None) -> dict[str, Any]:
        # Any valid key reaches the mock API, as over REST (mock keys too); writes go to the key's session.
        state = state_of(self.request)
        service = mock._service(self.request, state, self.principal, self.principal.workspace, database)
        base = f"{state.base_url(self.request)}{API_PREFIX}/workspaces/{self.principal.workspace}" \
               f"/databases/{database}/api"
        result = service.handle(method, path, query, body, f"key:{self.principal.key_id}", base)
        return mock_answer(result.status, result.body, result.headers)


def _snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    if snapshot["status"] == "pending":
        snapshot["note"] = "still generating: call list_snapshots until its status is ready"
    elif snapshot["status"] == "ready":
        snapshot["note"] = "query it with query_snapshot; the active snapshot serves call_mock_api"
    return snapshot
