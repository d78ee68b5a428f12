"""What a task worker process runs: wait for tasks on its pipe; claim, generate or load, record the outcome."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
import zipfile
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import select, update

from synthdb.errors import SynthdbError
from synthdb.store.db import Store, open_store
from synthdb.store.models import (
    ACTIVE_STATES,
    COMPLETED,
    FAILED,
    PENDING,
    RUNNING,
    DatabaseRecord,
    SnapshotRecord,
    TaskRecord,
    utcnow,
)
from synthdb.store.usage import refund

ZIP = "application/zip"


def _feeds_snapshot(store: Store, task_id: str) -> bool:
    """A snapshot's task keeps its bare SQLite file: the snapshot takes it over (service/snapshots.py)."""
    with store.session() as session:
        return session.scalar(select(SnapshotRecord.id).where(SnapshotRecord.task_id == task_id)) is not None


def zip_one(path: Path) -> Path:
    """`<name>.zip` beside `path` holding it under its own name (written to a temporary name, then moved)."""
    target = path.with_suffix(".zip")
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.name)
    partial.replace(target)
    path.unlink()
    return target

# A worker writes progress at most this often: enough for a client polling every second.
PROGRESS_INTERVAL = 0.25
_stores: dict[str, Store] = {}


class TaskStopped(Exception):
    """The task was cancelled, or the server that owns it went away: stop quietly."""


def worker_init() -> None:
    """Import the heavy modules once per worker, and exit when the server dies."""
    import synthdb.service.generate  # noqa: F401
    from synthdb.outputs.registry import FORMATS

    FORMATS.names()
    parent = os.getppid()

    def watch() -> None:
        # A SIGKILLed server cannot stop its workers; a busy one would otherwise run its task to the end.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="synthdb-parent-watch", daemon=True).start()


def worker_main(conn: Connection, store_url: str, artifacts_dir: str, server_pid: int) -> None:
    """A worker's life: warm up, say so, then run the tasks the supervisor sends until the pipe closes."""
    # Ctrl-C in a terminal reaches the whole process group: the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker_init()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the server closed our pipe or died
        if message is None:
            return
        task_id, target_url = message
        try:
            status = run_task(store_url, artifacts_dir, task_id, target_url, server_pid)
        except Exception as exc:  # the store itself failed: the supervisor records it
            status = "error: " + _scrub(f"{type(exc).__name__}: {exc}", target_url)
        conn.send(("done", task_id, status))


def _store(url: str) -> Store:
    # One engine per worker process, reused by every task it runs.
    if url not in _stores:
        _stores[url] = open_store(url, upgrade=False)
    return _stores[url]


class StoreProgress:
    """A ProgressReporter that writes progress, phase and context to the task row (throttled)."""

    def __init__(self, store: Store, task_id: str, parent_pid: int, phase: str) -> None:
        self.store = store
        self.task_id = task_id
        self.parent_pid = parent_pid
        self.phase = phase
        self.total = 0
        self.done = 0
        self._last = 0.0

    def _write(self, progress: float, context: str) -> None:
        if os.getppid() != self.parent_pid:
            # The server died (SIGKILL): its restart marks this task failed; do not compete with it.
            raise TaskStopped("the server stopped")
        with self.store.session() as session:
            result = session.execute(
                update(TaskRecord)
                .where(TaskRecord.id == self.task_id, TaskRecord.status == RUNNING)
                .values(progress=progress, phase=self.phase, context=context[:255], updated_at=utcnow())
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise TaskStopped("cancelled")
        self._last = time.monotonic()

    def start(self, total_rows: int) -> None:
        self.total = total_rows
        self._write(0.0, f"{total_rows:,} rows to generate")

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        self.done += rows
        if time.monotonic() - self._last < PROGRESS_INTERVAL and table_done < table_total:
            return
        # Capped below 1: the last batches may still be compressing; 1.0 means the data is ready.
        fraction = min(0.99, self.done / self.total) if self.total else 0.99
        self._write(fraction, f"{table}: {table_done:,} of {table_total:,} rows")

    def finish(self) -> None:
        self._write(0.99, f"{self.done:,} rows generated; finishing")


def _finish(store: Store, task: TaskRecord, **values: object) -> bool:
    """Move a running task to its final state; False when it is no longer running (cancelled, recovered)."""
    now = utcnow()
    with store.session() as session:
        result = session.execute(
            update(TaskRecord)
            .where(TaskRecord.id == task.id, TaskRecord.status.in_(ACTIVE_STATES))
            .values(definition=None, finished_at=now, updated_at=now, **values)
        )
        changed = bool(result.rowcount)  # type: ignore[attr-defined]
        if changed and values.get("status") == COMPLETED:
            changes: dict[str, object] = {"last_generated": now}
            if values.get("artifact"):
                changes["last_task_id"] = task.id
            session.execute(update(DatabaseRecord).where(DatabaseRecord.id == task.database_id).values(**changes))
        if changed and values.get("status") == FAILED:
            refund(session, task.workspace_id, task.usage_day, task.rows)
        return changed


def _claim(store: Store, task_id: str) -> TaskRecord | None:
    with store.session() as session:
        result = session.execute(
            update(TaskRecord)
            .where(TaskRecord.id == task_id, TaskRecord.status == PENDING)
            .values(status=RUNNING, phase="starting", updated_at=utcnow())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        return session.get(TaskRecord, task_id)


def run_task(store_url: str, artifacts_dir: str, task_id: str, target_url: str | None, parent_pid: int) -> str:
    """Run one task to its end; returns its final status. Never raises for a task's own failure."""
    from synthdb.outputs.registry import FORMATS
    from synthdb.service.generate import GenerateOptions, generate

    store = _store(store_url)
    task = _claim(store, task_id)
    if task is None:
        return "skipped"
    workdir = Path(artifacts_dir) / task_id
    try:
        definition = json.loads(task.definition or "{}")
        if target_url is not None:
            from synthdb.service.load import LoadOptions, load
            from synthdb.targets.spec import spec_from_text

            options = json.loads(task.options or "{}")
            progress = StoreProgress(store, task_id, parent_pid, "loading")
            spec = spec_from_text(target_url)  # the checked spec the API built (JSON), never a URL to splice
            counts = load(definition, spec, LoadOptions(entity=task.entity, **options), progress)
            done = _finish(
                store, task, status=COMPLETED, progress=1.0, phase="done",
                context=f"{sum(counts.values()):,} rows loaded into {len(counts)} tables",
            )
            return COMPLETED if done else "stopped"
        writer = FORMATS.get(task.format or "csv")
        single = task.entity is not None
        filename = f"{task.entity or task.database_name}{writer.suffix_for(single)}"
        progress = StoreProgress(store, task_id, parent_pid, "generating")
        path = generate(definition, workdir / filename, GenerateOptions(task.format or "csv", entity=task.entity),
                        progress)
        content_type = writer.content_type_for(single)
        if not single and content_type != ZIP and not _feeds_snapshot(store, task_id):
            # Fabricate delivers a whole database as a zip in every format (its example scripts unzip
            # whenever no entity was asked for): a one-file format goes into a zip of that one file.
            path, content_type = zip_one(path), ZIP
        done = _finish(
            store, task, status=COMPLETED, progress=1.0, phase="done", context=f"{progress.done:,} rows generated",
            artifact=f"{task_id}/{path.name}", content_type=content_type,
        )
        if not done:
            shutil.rmtree(workdir, ignore_errors=True)
        return COMPLETED if done else "stopped"
    except TaskStopped:
        shutil.rmtree(workdir, ignore_errors=True)
        return "stopped"
    except Exception as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        message = str(exc) if isinstance(exc, SynthdbError) else f"{type(exc).__name__}: {exc}"
        _finish(store, task, status=FAILED, phase="failed", error=_scrub(message, target_url))
        return FAILED


def _scrub(message: str, target_url: str | None) -> str:
    """Never let a password reach the task's error (drivers sometimes echo connection details)."""
    from synthdb.targets.urls import scrub

    secrets: list[str | None] = []
    if target_url:
        from synthdb.targets.spec import spec_from_text

        try:
            secrets = spec_from_text(target_url).secrets()
        except Exception:  # unreadable: say nothing rather than risk the raw text
            return "the task failed (details withheld: the connection could not be read)"
    return scrub(message, secrets)[:2000]
