"""Snapshots in the store: settling a snapshot once its generate task ends, activating, deleting."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete, select, update

from synthdb.mock.indexes import index_snapshot
from synthdb.store.db import Store
from synthdb.store.models import ACTIVE_STATES, COMPLETED, FAILED, PENDING, SnapshotRecord, TaskRecord

READY = "ready"


def snapshots_dir(data_dir: Path) -> Path:
    """Where snapshot files live."""
    return data_dir / "snapshots"


def sessions_dir(data_dir: Path, snapshot_id: str) -> Path:
    """Where the mock API keeps the session copies of one snapshot."""
    return data_dir / "mock-sessions" / snapshot_id


def settle(store: Store, artifacts_dir: Path, data_dir: Path, snapshot_id: str) -> SnapshotRecord | None:
    """Bring a pending snapshot up to date with its task: move the finished file in, or record the failure.

    The first snapshot of a database that becomes ready is made active.
    """
    with store.session() as session:
        record = session.get(SnapshotRecord, snapshot_id)
        if record is None or record.status != PENDING:
            return record
        task = session.get(TaskRecord, record.task_id)
        if task is None or task.status in ACTIVE_STATES:
            return record
        if task.status != COMPLETED or not task.artifact:
            record.status = FAILED
            record.error = task.error or f"the generate task ended {task.status}"
            return record
        target_dir = snapshots_dir(data_dir)
        target_dir.mkdir(parents=True, exist_ok=True)
        filename = f"{record.id}.sqlite"
        source = artifacts_dir / task.artifact
        # Before the file becomes visible: the mock API's filters and nested lists then use indexes.
        index_snapshot(source)
        shutil.move(str(source), str(target_dir / filename))
        shutil.rmtree(artifacts_dir / task.id, ignore_errors=True)
        task.artifact = None
        task.context = f"kept as snapshot '{record.name}'"
        record.filename = filename
        record.size = (target_dir / filename).stat().st_size
        record.rows = task.rows
        record.status = READY
        others = session.scalar(select(SnapshotRecord.id).where(
            SnapshotRecord.database_id == record.database_id, SnapshotRecord.active.is_(True)))
        record.active = others is None
        return record


def activate(store: Store, record: SnapshotRecord) -> None:
    """Make `record` the snapshot its database's mock API serves."""
    with store.session() as session:
        session.execute(update(SnapshotRecord).where(SnapshotRecord.database_id == record.database_id)
                        .values(active=False))
        session.execute(update(SnapshotRecord).where(SnapshotRecord.id == record.id).values(active=True))


def remove(store: Store, data_dir: Path, record: SnapshotRecord) -> None:
    """Delete the snapshot, its file and its mock sessions."""
    with store.session() as session:
        session.execute(delete(SnapshotRecord).where(SnapshotRecord.id == record.id))
    if record.filename:
        (snapshots_dir(data_dir) / record.filename).unlink(missing_ok=True)
    shutil.rmtree(sessions_dir(data_dir, record.id), ignore_errors=True)


def next_name(names: list[str]) -> str:
    """v1, v2, ...: one more than the highest vN taken."""
    numbers = [int(n[1:]) for n in names if n.startswith("v") and n[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1}"
