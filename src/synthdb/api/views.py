"""Store records to API answers: tasks, database metadata and their signed download links."""

from __future__ import annotations

from pathlib import PurePosixPath

from fastapi import Request
from sqlalchemy.orm import Session

from synthdb.api.schemas import TaskOut
from synthdb.api.signing import download_url
from synthdb.api.state import AppState
from synthdb.definition.fabricate import FabricateMeta, iso
from synthdb.store.models import COMPLETED, DatabaseRecord, TaskRecord, Workspace


def task_data_url(state: AppState, request: Request, task: TaskRecord) -> str | None:
    """A fresh signed link to the task's artifact, or None when there is none (yet, or any more)."""
    if task.status != COMPLETED or not task.artifact:
        return None
    if not (state.settings.artifacts_dir / task.artifact).is_file():
        return None
    filename = PurePosixPath(task.artifact).name
    return download_url(state.base_url(request), state.signing_key, task.id, filename, state.settings.data_url_ttl)


def task_out(state: AppState, request: Request, task: TaskRecord, workspace: str) -> TaskOut:
    """The task as Fabricate's clients read it (`completed`, `error`, `progress` 0..1, `data_url`)."""
    completed = task.status == COMPLETED
    link = task_data_url(state, request, task)
    return TaskOut(
        id=task.id,
        database_id=task.database_id,
        completed=completed,
        error=task.error,
        progress=max(0.0, min(1.0, task.progress)),
        created_at=iso(task.created_at) or "",
        updated_at=iso(task.updated_at) or "",
        data_url=link,
        download_url=link,
        content_type=task.content_type if completed else None,
        phase=task.phase,
        context=task.context,
        status=task.status,
        workspace=workspace,
        database=task.database_name,
        format=task.format,
        entity=task.entity,
        rows=task.rows,
    )


def database_meta(
    state: AppState, request: Request, session: Session, record: DatabaseRecord, workspace: Workspace
) -> FabricateMeta:
    """The stored copy's metadata, with a link to the last generated data when it still exists."""
    data_url = None
    if record.last_task_id:
        task = session.get(TaskRecord, record.last_task_id)
        if task is not None:
            data_url = task_data_url(state, request, task)
    return FabricateMeta(
        id=record.id,
        created_at=record.created_at,
        updated_at=record.updated_at,
        last_generated=record.last_generated,
        data_url=data_url,
        workspace_id=workspace.id,
        workspace_name=workspace.name,
    )
