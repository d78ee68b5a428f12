"""Generate tasks: create (a file format or a connection push), poll, cancel."""

from __future__ import annotations

import json
import time

from fastapi import APIRouter, Request
from sqlalchemy import select

from synthdb.api.auth import Caller, Editor, Principal, check_workspace
from synthdb.api.errors import ApiError, error_responses, not_found
from synthdb.api.lookup import find_database, limits_of, planned_run, stored_definition, workspace_of
from synthdb.api.names import check_name
from synthdb.api.schemas import ConnectionInline, GenerateRequest, TaskOut
from synthdb.api.state import AppState, state_of
from synthdb.api.targets import target_spec
from synthdb.api.views import task_out
from synthdb.definition.fabricate import definition_body, iso
from synthdb.definition.model import Database
from synthdb.definition.overrides import apply_overrides
from synthdb.errors import UsageError
from synthdb.outputs.registry import FORMATS
from synthdb.service.run import Run, RunOptions
from synthdb.service.tasks import QueueFull, cancel_task, fail_task
from synthdb.store.models import ACTIVE_STATES, ConnectionRecord, TaskRecord, Workspace
from synthdb.store.usage import LimitExceeded, reserve, used_today

router = APIRouter(tags=["generate tasks"], responses=error_responses(400, 401, 404))


def _check_request(body: GenerateRequest) -> None:
    if (body.format is None) == (body.connection is None):
        raise ApiError(400, "format, connection: give exactly one of them")
    if body.format is not None:
        try:
            FORMATS.get(body.format)
        except UsageError as exc:
            raise ApiError(400, f"format: {exc}") from exc
    if body.entity is not None:
        check_name(body.entity, "entity")


def _resolve_target(
    state: AppState, session_ws: Workspace, body: GenerateRequest, database: Database
) -> tuple[str, str, str]:
    """(the checked connection spec as JSON, with the password: memory only; label to store; load mode)."""
    connection = body.connection
    if isinstance(connection, ConnectionInline):
        spec = target_spec(
            state.settings, connection.platform or database.platform, connection.host, connection.port,
            connection.database_name, connection.username, connection.password, connection.tls,
        )
        # Inline connections (the official clients' object) have nothing stored: Fabricate's replace.
        return spec.to_json(), "(inline)", body.load_mode or "replace"
    assert isinstance(connection, str)
    name = check_name(connection, "connection")
    with state.store.session() as session:
        record = session.scalar(
            select(ConnectionRecord).where(
                ConnectionRecord.workspace_id == session_ws.id, ConnectionRecord.name == name
            )
        )
        if record is None:
            raise not_found("connection", name)
        try:
            password = state.passwords.decrypt(record.password_encrypted) if record.password_encrypted else None
        except ValueError as exc:
            raise ApiError(409, f"connection: {exc}") from exc
        # Checked again at every use: the operator's policy (or the name's DNS answer) may have changed.
        spec = target_spec(
            state.settings, record.platform or database.platform, record.host, record.port, record.database_name,
            record.username, password, record.tls,
        )
        mode = body.load_mode or record.load_mode or "replace"
    return spec.to_json(), name, mode


def _limit_error(exc: LimitExceeded, workspace: str) -> ApiError:
    resets = iso(exc.resets_at)
    seconds = max(1, int(exc.resets_at.timestamp() - time.time()))
    return ApiError(
        429,
        f"daily limit reached for workspace '{workspace}': {exc.used:,} of {exc.limit:,} rows generated today, "
        f"this task needs {exc.requested:,}; the limit resets at {resets}",
        headers={"Retry-After": str(seconds)},
    )


def _rows_to_charge(state: AppState, workspace: Workspace, run: Run) -> int:
    """The rows the daily limit counts: generated rows and SQL tables' rows (docs/service.md, "Daily limits").

    SQL tables' rows are counted exactly, by computing them now over the generated tables they read;
    that work is bounded by the rows the workspace may still generate today (beyond, it is refused anyway).
    Without a limit nothing is enforced and the SQL tables are not computed up front.
    """
    limit = state.settings.daily_row_limit
    if not limit or limit <= 0:
        return run.generated_rows()
    with state.store.session() as session:
        remaining = max(0, limit - used_today(session, workspace.id))
    with run:
        return run.rows_produced(within=remaining)


@router.post("/generate_tasks", response_model=TaskOut, responses=error_responses(403, 429))
def create_task(body: GenerateRequest, request: Request, principal: Editor) -> TaskOut:
    """Start generating a database (or one entity) into a file format, or into a connection."""
    state = state_of(request)
    if body.workspace is None:
        # Fabricate's pre-workspace clients send no workspace: the key's default one.
        body = body.model_copy(update={"workspace": principal.workspace})
    assert body.workspace is not None
    check_workspace(principal, body.workspace)
    check_name(body.database, "database")
    _check_request(body)
    with state.store.session() as session:
        ws = workspace_of(session, principal, body.workspace)
        record = find_database(session, ws, body.database)
        database_id, database_name = record.id, record.name
        definition = stored_definition(record)
    definition = apply_overrides(definition, body.overrides, trusted_paths=False)
    run = planned_run(definition, RunOptions(entity=body.entity), limits_of(state.settings))
    rows = _rows_to_charge(state, ws, run)
    url, label, mode = (
        _resolve_target(state, ws, body, definition) if body.connection is not None else (None, None, None)
    )
    try:
        state.tasks.check_room(ws.id)
    except QueueFull as exc:
        raise ApiError(
            429,
            f"workspace '{ws.name}' already has {exc.waiting} tasks waiting for a worker, the most it may queue "
            "(SYNTHDB_WORKSPACE_QUEUED_TASKS); wait for some to finish or cancel them",
            headers={"Retry-After": "5"},
        ) from exc
    # Replace (the default) deletes the definition's tables' rows in the load's own transaction, children
    # first, so a failed push leaves the old rows; `truncate` (older synthdb clients) forces it too.
    truncate = body.truncate or mode == "replace"
    options = json.dumps({"create": body.create_tables, "truncate": truncate}) if url else None
    with state.store.session() as session:
        try:
            day = reserve(session, ws.id, rows, state.settings.daily_row_limit)
        except LimitExceeded as exc:
            raise _limit_error(exc, ws.name) from exc
        task = TaskRecord(
            workspace_id=ws.id, database_id=database_id, database_name=database_name, format=body.format,
            entity=body.entity, target=label, definition=json.dumps(definition_body(definition)), options=options,
            rows=rows, usage_day=day, progress=0.0, phase="queued", context=f"{rows:,} rows queued",
        )
        session.add(task)
        session.flush()
    try:
        state.tasks.submit(task.id, ws.id, url)
    except RuntimeError as exc:
        fail_task(state.store, task.id, f"not started: {exc}")
        raise ApiError(503, "the server is shutting down; retry shortly") from exc
    return task_out(state, request, task, ws.name)


def _task_of(state: AppState, principal: Principal, task_id: str) -> TaskRecord:
    with state.store.session() as session:
        task = session.get(TaskRecord, task_id)
    # A task of a workspace the key holds no role in looks exactly like a missing one.
    grant = principal.grant_by_id(task.workspace_id) if task is not None else None
    if task is None or grant is None:
        raise not_found("task", task_id)
    check_workspace(principal, grant.workspace)  # the route's role, in the task's workspace
    return task


def _workspace_name(principal: Principal, task: TaskRecord) -> str:
    grant = principal.grant_by_id(task.workspace_id)
    return grant.workspace if grant is not None else principal.workspace


@router.get("/generate_tasks/{task_id}", response_model=TaskOut)
def get_task(task_id: str, request: Request, principal: Caller) -> TaskOut:
    """The task: poll until `completed` (then download `data_url`, no Authorization needed) or `error`."""
    state = state_of(request)
    task = _task_of(state, principal, task_id)
    return task_out(state, request, task, _workspace_name(principal, task))


@router.delete("/generate_tasks/{task_id}", response_model=TaskOut, responses=error_responses(403, 409))
def delete_task(task_id: str, request: Request, principal: Editor) -> TaskOut:
    """Cancel a pending or running task; its rows no longer count against the daily limit."""
    state = state_of(request)
    task = _task_of(state, principal, task_id)
    if task.status not in ACTIVE_STATES or not cancel_task(state.store, task_id):
        raise ApiError(409, f"task '{task_id}' has already ended ({_task_of(state, principal, task_id).status})")
    state.tasks.cancel(task_id)
    task = _task_of(state, principal, task_id)
    return task_out(state, request, task, _workspace_name(principal, task))
