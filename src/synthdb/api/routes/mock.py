"""The mock REST API of a database, served from its active snapshot (any valid key, `mock` keys too)."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from synthdb.api.auth import Principal, authenticate, unauthorized
from synthdb.api.errors import ApiError, error_response
from synthdb.api.lookup import find_database, stored_definition, workspace_of
from synthdb.api.names import name_problem
from synthdb.api.signing import API_PREFIX
from synthdb.api.state import AppState, state_of
from synthdb.mock.http import cors_headers, preflight, to_response
from synthdb.mock.service import MockService
from synthdb.service.snapshots import READY, sessions_dir, settle, snapshots_dir
from synthdb.store.models import DatabaseRecord, SnapshotRecord, Workspace

router = APIRouter(tags=["mock API"], include_in_schema=False)
_BASE = "/workspaces/{workspace}/databases/{database}/api"
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
_lock = threading.Lock()
# Sessions per snapshot: each is a copy of the snapshot file, so the cap bounds disk use.
MAX_SESSIONS = 50


def _principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise unauthorized("Authorization: header missing; send 'Authorization: Bearer <key>'")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("Authorization: expected 'Bearer <key>'")
    return authenticate(request, token.strip())


def _service(request: Request, state: AppState, principal: Principal, workspace: str, database: str) -> MockService:
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        record = find_database(session, ws, database)
        definition, stamp = stored_definition(record), record.updated_at
        pending = list(session.scalars(select(SnapshotRecord.id).where(
            SnapshotRecord.database_id == record.id, SnapshotRecord.status == "pending")))
        snapshot = session.scalar(select(SnapshotRecord).where(
            SnapshotRecord.database_id == record.id, SnapshotRecord.active.is_(True)))
    if pending:
        # A snapshot whose task just ended becomes ready (and active, when it is the first) now.
        for snapshot_id in pending:
            settle(state.store, state.settings.artifacts_dir, state.settings.data_dir, snapshot_id)
        with state.store.session() as session:
            snapshot = session.scalar(select(SnapshotRecord).where(
                SnapshotRecord.database_id == record.id, SnapshotRecord.active.is_(True)))
    if snapshot is None or snapshot.status != READY or not snapshot.filename:
        raise ApiError(409, f"database '{database}' has no active snapshot; create one with POST "
                            f".../databases/{database}/snapshots")
    cache: dict[tuple[str, object], MockService] = request.app.state.mock_services
    key = (snapshot.id, stamp)
    with _lock:
        service = cache.get(key)
        if service is None:
            for old in [k for k in cache if k[0] == snapshot.id]:
                del cache[old]
            path = snapshots_dir(state.settings.data_dir) / snapshot.filename
            service = MockService(path, sessions_dir(state.settings.data_dir, snapshot.id), definition,
                                  max_sessions=MAX_SESSIONS)
            cache[key] = service
    return service


def _cors_origins(state: AppState, workspace: str, database: str) -> list[str]:
    """The database's allowed origins, found without a key (preflights carry none)."""
    if name_problem(workspace) or name_problem(database):
        return []
    with state.store.session() as session:
        record = session.scalar(select(DatabaseRecord).join(Workspace, Workspace.id == DatabaseRecord.workspace_id)
                                .where(Workspace.name == workspace, DatabaseRecord.name == database))
        if record is None:
            return []
        api = stored_definition(record).api
    return list(api.cors_origins) if api is not None else []


def _handle(request: Request, workspace: str, database: str, rest: str, body: bytes) -> Response:
    state = state_of(request)
    origin = request.headers.get("origin")
    cors = cors_headers(_cors_origins(state, workspace, database), origin) if origin else {}
    try:
        principal = _principal(request)
        service = _service(request, state, principal, workspace, database)
    except ApiError as exc:
        return error_response(exc.status, exc.message, {**(exc.headers or {}), **cors})
    named = request.headers.get("x-mock-session")
    # Sessions are scoped to the workspace, so another workspace cannot reach them by guessing a name.
    grant = principal.grant(workspace)
    session = f"{grant.workspace_id if grant else principal.workspace_id}:{named}" if named else \
        f"key:{principal.key_id}"
    # Links (Link headers, the OpenAPI servers) use the checked base, never a forged Host header.
    base = f"{state.base_url(request)}{API_PREFIX}/workspaces/{workspace}/databases/{database}/api"
    result = service.handle(request.method, rest, list(request.query_params.multi_items()), body, session, base)
    return to_response(result, cors)


@router.api_route(_BASE, methods=_METHODS, name="mock_index")
async def mock_index(workspace: str, database: str, request: Request) -> Response:
    """The list of resources."""
    return await run_in_threadpool(_handle, request, workspace, database, "", await request.body())


@router.api_route(_BASE + "/{rest:path}", methods=_METHODS)
async def mock_call(workspace: str, database: str, rest: str, request: Request) -> Response:
    """Any call of the mock API."""
    return await run_in_threadpool(_handle, request, workspace, database, rest, await request.body())


@router.options(_BASE + "/{rest:path}")
async def mock_preflight(workspace: str, database: str, rest: str, request: Request) -> Response:
    """CORS preflight."""
    origins = await run_in_threadpool(_cors_origins, state_of(request), workspace, database)
    return preflight(origins, request.headers.get("origin"))


def forget(cache: dict[tuple[str, object], MockService], snapshot_id: str) -> None:
    """Drop a deleted snapshot's service."""
    with _lock:
        for key in [k for k in cache if k[0] == snapshot_id]:
            del cache[key]
