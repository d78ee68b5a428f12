"""The metadata store: PostgreSQL instead of SQLite, retention of artifacts, recovery of interrupted tasks."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.orm import Session

from api.apiserver import ApiServer, fetch, files_of, local_files, shop, wait_task
from synthdb.service.tasks import INTERRUPTED, cleanup_artifacts, recover_interrupted
from synthdb.store.db import open_store, sqlite_url
from synthdb.store.keys import create_api_key, get_or_create_workspace
from synthdb.store.models import COMPLETED, RUNNING, TaskRecord, utcnow
from synthdb.store.usage import reserve, used_today


@pytest.mark.postgres
def test_server_on_a_postgresql_store(tmp_path: Path, postgres_url: str) -> None:
    server = ApiServer(tmp_path / "data", workers=1, env={"SYNTHDB_DATABASE_URL": postgres_url}).start()
    try:
        key = server.key("pg", "editor")
        with server.client(key) as client:
            assert client.post("/workspaces/pg/databases", json=shop()).status_code == 200
            task = client.post("/generate_tasks", json={"workspace": "pg", "database": "shop", "format": "csv"})
            task = wait_task(client, task.json()["id"])
            assert files_of(fetch(task["data_url"]).content, "application/zip", "") == local_files(shop(), "csv")
    finally:
        server.stop()
    assert not (tmp_path / "data" / "synthdb.sqlite3").exists()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        hashes = [r[0] for r in conn.execute("SELECT key_hash FROM api_keys")]
        statuses = [r[0] for r in conn.execute("SELECT status FROM tasks")]
    assert hashes == [hashlib.sha256(key.encode()).hexdigest()] and statuses == [COMPLETED]


def _task(session: Session, workspace_id: str, **values: object) -> TaskRecord:
    task = TaskRecord(workspace_id=workspace_id, database_id="d", database_name="shop", rows=10,
                      usage_day=utcnow().date().isoformat(), progress=0.0, phase="x", **values)
    session.add(task)
    session.flush()
    return task


def test_retention_and_recovery(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path))
    artifacts = tmp_path / "artifacts"
    create_api_key(store, "w", "editor")
    with store.session() as session:
        workspace = get_or_create_workspace(session, "w")
        old = _task(session, workspace.id, status=COMPLETED, artifact="old/shop.zip",
                    finished_at=utcnow() - timedelta(hours=3))
        new = _task(session, workspace.id, status=COMPLETED, artifact="new/shop.zip", finished_at=utcnow())
        running = _task(session, workspace.id, status=RUNNING)
        reserve(session, workspace.id, 10, None)
        ids = (old.id, new.id, running.id)
    for task_id in ids:
        (artifacts / task_id).mkdir(parents=True)
        (artifacts / task_id / "shop.zip").write_bytes(b"zip")
    stray = artifacts / "left-by-a-crash"
    stray.mkdir()
    os.utime(stray, (time.time() - 120, time.time() - 120))

    assert cleanup_artifacts(store, artifacts, timedelta(hours=1)) == 2  # the old artifact and the stray
    assert sorted(p.name for p in artifacts.iterdir()) == sorted([new.id, running.id])
    assert recover_interrupted(store) == 1
    with store.session() as session:
        assert session.get(TaskRecord, old.id).artifact is None
        recovered = session.get(TaskRecord, running.id)
        assert recovered.status == "failed" and recovered.error == INTERRUPTED
        assert used_today(session, workspace.id) == 0  # the interrupted task's rows were given back
    assert recover_interrupted(store) == 0
