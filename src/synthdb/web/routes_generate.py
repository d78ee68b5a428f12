"""The generate page: format, entity, seed, variable and record-count overrides; a task started through the
REST API's own route, its progress polled, its download; the database's task history with errors in words."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from synthdb.api.auth import Principal
from synthdb.api.errors import ApiError, not_found
from synthdb.api.lookup import workspace_of
from synthdb.api.routes.tasks import create_task
from synthdb.api.schemas import GenerateRequest
from synthdb.api.state import state_of
from synthdb.api.views import task_out
from synthdb.errors import DefinitionError, SynthdbError
from synthdb.outputs.registry import FORMATS
from synthdb.store.models import ACTIVE_STATES, ConnectionRecord, TaskRecord
from synthdb.web.definitions import load
from synthdb.web.edits import located, scalar
from synthdb.web.render import render
from synthdb.web.session import Edit, Page

router = APIRouter()
HISTORY = 20
# What each status means to a person reading the history.
STATUS_WORDS = {"pending": "waiting for a worker", "running": "running", "completed": "done",
                "failed": "failed", "cancelled": "cancelled"}


def _task_view(request: Request, principal: Principal, task: TaskRecord) -> dict[str, Any]:
    out = task_out(state_of(request), request, task, principal.workspace)
    return {"id": out.id, "status": out.status, "words": STATUS_WORDS.get(out.status, out.status),
            "active": out.status in ACTIVE_STATES, "progress": out.progress, "percent": round(out.progress * 100),
            "format": out.format or f"push to {task.target}", "entity": out.entity or "all tables", "rows": out.rows,
            "phase": out.phase, "context": out.context or "", "error": _plain(out.error or ""),
            "created": task.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"), "url": out.data_url}


def _bad_count(data: dict[str, Any], problem: str) -> str:
    """The table whose record count a refusal names (`entities[0].record_count` or the override's path)."""
    path = problem.split(": ", 1)[0]
    entity, fld, attribute = located(path)
    names = [e["name"] for e in data.get("entities", [])]
    if entity is not None and fld is None and attribute == "record_count" and entity < len(names):
        return str(names[entity])
    match = re.match(r"overrides\.entities\.(\w+)\.record_count", path)
    return match.group(1) if match else ""


def _plain(error: str) -> str:
    # Worker tracebacks stay in the log; the page shows the message's first line.
    return error.strip().splitlines()[0] if error.strip() else ""


def _history(request: Request, principal: Principal, database: str) -> list[dict[str, Any]]:
    with state_of(request).store.session() as session:
        ws = workspace_of(session, principal, principal.workspace)
        tasks = session.scalars(select(TaskRecord).where(TaskRecord.workspace_id == ws.id,
                                                         TaskRecord.database_name == database)
                                .order_by(TaskRecord.created_at.desc()).limit(HISTORY)).all()
    return [_task_view(request, principal, task) for task in tasks]


def _connections(request: Request, principal: Principal) -> list[str]:
    """The workspace's saved connections (names only: passwords never reach a page)."""
    with state_of(request).store.session() as session:
        ws = workspace_of(session, principal, principal.workspace)
        return list(session.scalars(select(ConnectionRecord.name).where(ConnectionRecord.workspace_id == ws.id)
                                    .order_by(ConnectionRecord.name)))


def _page(request: Request, principal: Principal, database: str, form: dict[str, str] | None = None,
          problem: str = "", status: int = 200) -> Response:
    data = load(request, principal, database)
    return render(request, "generate.html", principal, status=status, active="generate", db=database, data=data,
                  formats=sorted(FORMATS.names()), form=form or {}, problem=problem,
                  bad_count=_bad_count(data, problem), connections=_connections(request, principal),
                  tasks=_history(request, principal, database))


@router.get("/databases/{database}/generate")
def generate_page(database: str, request: Request, principal: Page) -> Response:
    """The form and the history."""
    return _page(request, principal, database)


def overrides_of(data: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """The task's overrides from the form: seed, variables and record counts that differ from the definition."""
    out: dict[str, Any] = {}
    seed = form.get("seed", "").strip()
    if seed:
        try:
            out["seed"] = int(seed)
        except ValueError as exc:
            raise DefinitionError("overrides.seed", f"'{seed}' is not a whole number") from exc
    variables = {}
    for name, value in (data.get("variables") or {}).items():
        text = form.get(f"var_{name}", "").strip()
        if text and text != str(value):
            variables[name] = scalar(text)
    entities = {}
    for entity in data.get("entities", []):
        text = form.get(f"count_{entity['name']}", "").strip()
        if text and text != str(entity.get("record_count", "")):
            entities[entity["name"]] = {"record_count": text}
    if variables:
        out["variables"] = variables
    if entities:
        out["entities"] = entities
    return out


@router.post("/databases/{database}/generate")
async def start(database: str, request: Request, principal: Edit) -> Response:
    """Start a task (the same checks, quota and queue as `POST /generate_tasks`)."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    data = load(request, principal, database)
    try:
        # The target is a file format, or "connection:<name>" (a push into a saved connection).
        target = form.get("format") or "csv"
        connection = target.removeprefix("connection:") if target.startswith("connection:") else None
        body = GenerateRequest(workspace=principal.workspace, database=database,
                               format=None if connection else target, connection=connection,
                               create_tables=bool(form.get("create_tables")),
                               entity=form.get("entity") or None, overrides=overrides_of(data, form) or None)
        create_task(body, request, principal)
    except ApiError as exc:
        return _page(request, principal, database, form, exc.message, status=400)
    except DefinitionError as exc:
        return _page(request, principal, database, form, f"{exc.path}: {exc.message}", status=400)
    except SynthdbError as exc:
        return _page(request, principal, database, form, str(exc), status=400)
    return RedirectResponse(f"/databases/{database}/generate", status_code=303)


@router.get("/tasks/{task_id}/row")
def task_row(task_id: str, request: Request, principal: Page) -> Response:
    """One history row (polled while the task runs)."""
    with state_of(request).store.session() as session:
        ws = workspace_of(session, principal, principal.workspace)
        task = session.get(TaskRecord, task_id)
    if task is None or task.workspace_id != ws.id:  # another workspace's task looks like a missing one
        raise not_found("task", task_id)
    return render(request, "_task_row.html", principal, t=_task_view(request, principal, task))
