"""Task states in the store: fail, cancel, recover after a restart, and artifact retention."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from synthdb.store.db import Store
from synthdb.store.models import ACTIVE_STATES, CANCELLED, COMPLETED, FAILED, TaskRecord, utcnow
from synthdb.store.usage import refund

INTERRUPTED = "interrupted: the server stopped before this task finished; submit it again"
WORKER_DIED = "the worker process running this task died unexpectedly"


def fail_task(store: Store, task_id: str, reason: str) -> bool:
    """Mark an unfinished task failed and give its rows back to the daily limit."""
    return _end_task(store, task_id, FAILED, reason)


def cancel_task(store: Store, task_id: str) -> bool:
    """Mark an unfinished task cancelled (its worker notices and stops); False if it had already ended."""
    return _end_task(store, task_id, CANCELLED, "cancelled by request")


def _end_task(store: Store, task_id: str, status: str, reason: str) -> bool:
    now = utcnow()
    with store.session() as session:
        task = session.get(TaskRecord, task_id)
        result = session.execute(
            update(TaskRecord)
            .where(TaskRecord.id == task_id, TaskRecord.status.in_(ACTIVE_STATES))
            .values(status=status, error=reason, phase=status, definition=None, finished_at=now, updated_at=now)
        )
        if not result.rowcount or task is None:  # type: ignore[attr-defined]
            return False
        refund(session, task.workspace_id, task.usage_day, task.rows)
        return True


def recover_interrupted(store: Store) -> int:
    """At startup: tasks a previous server left pending or running are marked failed (not re-run)."""
    with store.session() as session:
        ids = list(session.scalars(select(TaskRecord.id).where(TaskRecord.status.in_(ACTIVE_STATES))))
    return sum(fail_task(store, task_id, INTERRUPTED) for task_id in ids)


def cleanup_artifacts(store: Store, artifacts_dir: Path, retention: timedelta) -> int:
    """Delete artifacts older than `retention`, and leftovers of tasks that did not complete."""
    cutoff = utcnow() - retention
    removed = 0
    with store.session() as session:
        expired = session.scalars(
            select(TaskRecord).where(
                TaskRecord.status == COMPLETED, TaskRecord.artifact.is_not(None), TaskRecord.finished_at < cutoff
            )
        ).all()
        for task in expired:
            shutil.rmtree(artifacts_dir / task.id, ignore_errors=True)
            task.artifact = None
            task.context = "the data was deleted after the retention period"
            removed += 1
        live = set(
            session.scalars(
                select(TaskRecord.id).where(
                    (TaskRecord.status.in_(ACTIVE_STATES)) | (TaskRecord.artifact.is_not(None))
                )
            )
        )
    if artifacts_dir.is_dir():
        grace = time.time() - 60  # a task that just started may not be visible in this snapshot
        for entry in artifacts_dir.iterdir():
            if entry.name not in live and entry.stat().st_mtime < grace:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed += 1
    return removed


def task_status(store: Store, task_id: str) -> str | None:
    """The task's status in the store (None when it does not exist)."""
    with store.session() as session:
        return session.scalar(select(TaskRecord.status).where(TaskRecord.id == task_id))
