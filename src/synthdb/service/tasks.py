"""Generate tasks: a pool of worker processes, cancellation, restart recovery and artifact retention."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from synthdb.service.task_worker import run_task, warm_up, worker_init
from synthdb.store.db import Store
from synthdb.store.models import ACTIVE_STATES, CANCELLED, COMPLETED, FAILED, PENDING, TaskRecord, utcnow
from synthdb.store.usage import refund

log = logging.getLogger("synthdb.tasks")

INTERRUPTED = "interrupted: the server stopped before this task finished; submit it again"
WORKER_DIED = "the worker process running this task died unexpectedly"


class TaskManager:
    """Runs tasks in worker processes (spawned: Arrow and DuckDB threads do not survive fork)."""

    def __init__(self, store: Store, artifacts_dir: Path, workers: int) -> None:
        self.store = store
        self.artifacts_dir = artifacts_dir
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future[str]] = {}
        self._closed = False

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=worker_init
        )

    def start(self) -> None:
        """Start the pool and its workers now, so the first task does not pay for imports."""
        self.artifacts_dir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._pool = self._new_pool()
            for _ in range(self.workers):
                self._pool.submit(warm_up)

    def submit(self, task_id: str, target_url: str | None = None) -> None:
        """Queue a stored pending task. `target_url` (connection pushes) holds the password: memory only."""
        with self._lock:
            if self._closed or self._pool is None:
                raise RuntimeError("the task manager is not running")
            future = self._pool.submit(
                run_task, self.store.url, str(self.artifacts_dir), task_id, target_url, os.getpid()
            )
            self._futures[task_id] = future
        future.add_done_callback(lambda f: self._done(task_id, target_url, f))

    def cancel(self, task_id: str) -> None:
        """Drop a queued task from the pool; a running one stops at its next progress write."""
        with self._lock:
            future = self._futures.get(task_id)
        if future is not None:
            future.cancel()

    def _done(self, task_id: str, target_url: str | None, future: Future[str]) -> None:
        with self._lock:
            self._futures.pop(task_id, None)
        if future.cancelled() or self._closed:
            return  # cancelled by request, or stopped by shutdown(), which records the outcome
        exc = future.exception()
        if exc is None:
            return
        if isinstance(exc, BrokenProcessPool) and not self._closed:
            # A worker died (OOM killer, segfault): every queued future fails with it. Tasks that had
            # not started go to a fresh pool; the one that was running is reported as failed.
            self._replace_pool()
            if self._status(task_id) == PENDING:
                self.submit(task_id, target_url)
                return
        log.error("task %s failed outside its worker: %r", task_id, exc)
        fail_task(self.store, task_id, WORKER_DIED if isinstance(exc, BrokenProcessPool) else f"internal error: {exc}")

    def _replace_pool(self) -> None:
        with self._lock:
            broken = self._pool
            if broken is not None and getattr(broken, "_broken", False):
                self._pool = self._new_pool()
        if broken is not None and broken is not self._pool:
            broken.shutdown(wait=False, cancel_futures=True)

    def _status(self, task_id: str) -> str | None:
        with self.store.session() as session:
            return session.scalar(select(TaskRecord.status).where(TaskRecord.id == task_id))

    def shutdown(self) -> None:
        """Stop accepting tasks, stop the workers, and mark what was queued or running as interrupted."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            # Running tasks would otherwise keep the server alive until they finish.
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        recover_interrupted(self.store)


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
