"""Snapshots of a database: create (a generate task in the sqlite format), list, download, activate,
delete, and read-only queries in the sandbox."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from synthdb.api.auth import Caller, Editor, Principal
from synthdb.api.errors import ApiError, error_responses, not_found
from synthdb.api.lookup import find_database, limits_of, planned_run, stored_definition, workspace_of
from synthdb.api.names import check_name
from synthdb.api.routes.tasks import _limit_error, _rows_to_charge
from synthdb.api.state import AppState, state_of
from synthdb.definition.fabricate import definition_body, iso
from synthdb.definition.overrides import apply_overrides
from synthdb.mock.sandbox import SqlRefused, run_select
from synthdb.service.run import RunOptions
from synthdb.service.snapshots import READY, activate, next_name, remove, settle, snapshots_dir
from synthdb.service.tasks import QueueFull, fail_task
from synthdb.store.models import SnapshotRecord, TaskRecord
from synthdb.store.usage import LimitExceeded, reserve

router = APIRouter(tags=["snapshots"], responses=error_responses(400, 401, 403, 404))
_BASE = "/workspaces/{workspace}/databases/{database}/snapshots"
QUERY_ROW_CAP = 1000


class SnapshotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="Defaults to v1, v2, ...")
    seed: int | None = None
    overrides: dict[str, Any] | None = None


class SnapshotOut(BaseModel):
    name: str
    status: str = Field(description="pending, ready or failed")
    created: str
    rows: int
    size: int
    active: bool
    task_id: str
    error: str | None


class QueryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sql: str


class QueryOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _out(record: SnapshotRecord) -> SnapshotOut:
    return SnapshotOut(name=record.name, status=record.status, created=iso(record.created_at) or "",
                       rows=record.rows, size=record.size, active=record.active, task_id=record.task_id,
                       error=record.error)


def _settled(state: AppState, record_id: str) -> SnapshotRecord:
    record = settle(state.store, state.settings.artifacts_dir, state.settings.data_dir, record_id)
    assert record is not None
    return record


def database_snapshots(state: AppState, principal: Principal, workspace: str, database: str) -> list[SnapshotRecord]:
    """The database's snapshots, settled, oldest first."""
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        record = find_database(session, ws, database)
        ids = list(session.scalars(select(SnapshotRecord.id).where(SnapshotRecord.database_id == record.id)
                                   .order_by(SnapshotRecord.created_at)))
    return [_settled(state, i) for i in ids]


def _snapshot(state: AppState, principal: Principal, workspace: str, database: str, name: str) -> SnapshotRecord:
    check_name(name, "snapshot")
    for record in database_snapshots(state, principal, workspace, database):
        if record.name == name:
            return record
    raise not_found("snapshot", name)


def _ready(record: SnapshotRecord) -> SnapshotRecord:
    if record.status != READY or not record.filename:
        raise ApiError(409, f"snapshot '{record.name}' is {record.status}" +
                       (f": {record.error}" if record.error else "; poll the list until it is ready"))
    return record


@router.post(_BASE, response_model=SnapshotOut, responses=error_responses(409, 429))
def create_snapshot(workspace: str, database: str, body: SnapshotCreate, request: Request,
                    principal: Editor) -> SnapshotOut:
    """Generate the database (seed and overrides optional) into a SQLite file kept as a snapshot."""
    state = state_of(request)
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        db = find_database(session, ws, database)
        database_id, database_name, definition = db.id, db.name, stored_definition(db)
        names = list(session.scalars(select(SnapshotRecord.name).where(SnapshotRecord.database_id == db.id)))
    name = check_name(body.name, "name") if body.name is not None else next_name(names)
    if name in names:
        raise ApiError(409, f"name: snapshot '{name}' already exists")
    definition = apply_overrides(definition, body.overrides, trusted_paths=False)
    if body.seed is not None:
        definition = definition.model_copy(update={"seed": body.seed})
    run = planned_run(definition, RunOptions(), limits_of(state.settings))
    rows = _rows_to_charge(state, ws, run)
    try:
        state.tasks.check_room(ws.id)
    except QueueFull as exc:
        raise ApiError(429, f"workspace '{ws.name}' already has {exc.waiting} tasks waiting for a worker",
                       headers={"Retry-After": "5"}) from exc
    with state.store.session() as session:
        try:
            day = reserve(session, ws.id, rows, state.settings.daily_row_limit)
        except LimitExceeded as exc:
            raise _limit_error(exc, ws.name) from exc
        body_json = definition_body(definition)
        if body.seed is not None:
            body_json["seed"] = body.seed
        task = TaskRecord(
            workspace_id=ws.id, database_id=database_id, database_name=database_name, format="sqlite",
            definition=json.dumps(body_json), rows=rows, usage_day=day, progress=0.0, phase="queued",
            context=f"{rows:,} rows queued for snapshot '{name}'",
        )
        session.add(task)
        session.flush()
        snapshot = SnapshotRecord(workspace_id=ws.id, database_id=database_id, name=name, task_id=task.id,
                                  rows=rows, size=0)
        session.add(snapshot)
        session.flush()
    try:
        state.tasks.submit(task.id, ws.id, None)
    except RuntimeError as exc:
        fail_task(state.store, task.id, f"not started: {exc}")
        raise ApiError(503, "the server is shutting down; retry shortly") from exc
    return _out(snapshot)


@router.get(_BASE, response_model=list[SnapshotOut])
def list_snapshots(workspace: str, database: str, request: Request, principal: Caller) -> list[SnapshotOut]:
    """The database's snapshots (name, created, rows, size, active), oldest first."""
    return [_out(r) for r in database_snapshots(state_of(request), principal, workspace, database)]


@router.get(_BASE + "/{name}", response_model=SnapshotOut)
def get_snapshot(workspace: str, database: str, name: str, request: Request, principal: Caller) -> SnapshotOut:
    """One snapshot."""
    return _out(_snapshot(state_of(request), principal, workspace, database, name))


@router.get(_BASE + "/{name}/download", response_class=FileResponse,
            responses={200: {"description": "the SQLite file", "content": {"application/vnd.sqlite3": {}}}})
def download_snapshot(workspace: str, database: str, name: str, request: Request, principal: Caller) -> FileResponse:
    """The snapshot's SQLite file, as `<database name>.sqlite`."""
    state = state_of(request)
    record = _ready(_snapshot(state, principal, workspace, database, name))
    path = snapshots_dir(state.settings.data_dir) / (record.filename or "")
    if not path.is_file():
        raise ApiError(410, f"snapshot '{name}': its file is missing")
    with state.store.session() as session:
        db_name = find_database(session, workspace_of(session, principal, workspace), database).name
    return FileResponse(path, media_type="application/vnd.sqlite3", filename=f"{db_name}.sqlite")


@router.delete(_BASE + "/{name}", response_model=SnapshotOut)
def delete_snapshot(workspace: str, database: str, name: str, request: Request, principal: Editor) -> SnapshotOut:
    """Delete a snapshot (a pending one stops its task); the mock API then serves none until one is active."""
    state = state_of(request)
    record = _snapshot(state, principal, workspace, database, name)
    if record.status not in (READY, "failed"):
        from synthdb.service.tasks import cancel_task

        if cancel_task(state.store, record.task_id):
            state.tasks.cancel(record.task_id)
    remove(state.store, state.settings.data_dir, record)
    forget = getattr(request.app.state, "forget_mock", None)
    if forget is not None:
        forget(record.id)
    return _out(record)


@router.put(_BASE + "/{name}/active", response_model=SnapshotOut, responses=error_responses(409))
def activate_snapshot(workspace: str, database: str, name: str, request: Request, principal: Editor) -> SnapshotOut:
    """Make this snapshot the one the database's mock API serves."""
    state = state_of(request)
    record = _ready(_snapshot(state, principal, workspace, database, name))
    activate(state.store, record)
    return _out(_snapshot(state, principal, workspace, database, name))


@router.post(_BASE + "/{name}/query", response_model=QueryOut, responses=error_responses(409))
def query_snapshot(workspace: str, database: str, name: str, body: QueryIn, request: Request,
                   principal: Caller) -> QueryOut:
    """Run one read-only SELECT on the snapshot (at most 1,000 rows; `truncated` says when more matched)."""
    state = state_of(request)
    record = _ready(_snapshot(state, principal, workspace, database, name))
    path = snapshots_dir(state.settings.data_dir) / (record.filename or "")
    try:
        result = run_select(path, body.sql, row_cap=QUERY_ROW_CAP, immutable=True)
    except SqlRefused as exc:
        raise ApiError(400, f"sql: {exc}") from exc
    rows = [[v.hex() if isinstance(v, bytes) else v for v in row] for row in result.rows]
    return QueryOut(columns=result.columns, rows=rows, truncated=result.truncated)
