"""Robustness: many tasks at once, a server killed mid-task and restarted, the daily row limit."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer, fetch, files_of, local_files, shop, wait_task


def test_twenty_concurrent_generate_requests(server: ApiServer, editor: httpx.Client, workspace: str) -> None:
    def run(index: int) -> tuple[int, dict]:
        overrides = {"variables": {"n_customers": str(10 + index)}}
        request = {"workspace": workspace, "database": "shop", "format": "csv", "overrides": overrides}
        with server.client(str(editor.headers["Authorization"]).removeprefix("Bearer ")) as client:
            answer = client.post("/generate_tasks", json=request)
            assert answer.status_code == 200, answer.text
            return index, wait_task(client, answer.json()["id"], timeout=60)

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(run, range(20)))
    assert len({task["id"] for _, task in results}) == 20
    for index, task in results:
        assert task["completed"] and task["error"] is None, task
        files = files_of(fetch(task["data_url"]).content, "application/zip", "")
        assert files == local_files(shop(), "csv", overrides={"variables": {"n_customers": str(10 + index)}})
        assert files["customers.csv"].count(b"\n") == 11 + index


def test_server_killed_mid_task_leaves_it_failed_not_stuck(tmp_path: Path) -> None:
    server = ApiServer(tmp_path / "data", workers=1).start()
    try:
        key = server.key("kill", "editor")
        with server.client(key) as client:
            upsert = client.post("/workspaces/kill/databases", json=shop(customers=2_000_000))
            assert upsert.status_code == 200, upsert.text
            answer = client.post("/generate_tasks", json={"workspace": "kill", "database": "shop", "format": "csv"})
            assert answer.status_code == 200, answer.text
            task_id = answer.json()["id"]
            deadline = time.monotonic() + 30
            while True:
                task = client.get(f"/generate_tasks/{task_id}").json()
                if task["status"] == "running" and task["progress"] > 0.05:
                    break
                assert not task["completed"], "the task finished before the kill: make it bigger"
                assert time.monotonic() < deadline, task
                time.sleep(0.05)
            assert task["context"].endswith("rows") and ":" in task["context"]
        server.kill()
        server.start()
        with server.client(key) as client:
            task = client.get(f"/generate_tasks/{task_id}").json()
            assert task["status"] in ("failed", "completed"), task
            if task["status"] == "failed":
                assert task["completed"] is False and "interrupted" in task["error"] and task["data_url"] is None
            # The restarted server works as before.
            client.post("/workspaces/kill/databases", json=shop())
            fresh = client.post("/generate_tasks", json={"workspace": "kill", "database": "shop", "format": "csv"})
            assert wait_task(client, fresh.json()["id"])["completed"]
            # Still not stuck a little later (a leftover worker of the killed server must not revive it).
            time.sleep(1.5)
            assert client.get(f"/generate_tasks/{task_id}").json()["status"] == task["status"]
    finally:
        server.stop()


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = ApiServer(tmp_path_factory.mktemp("limited") / "data", workers=1,
                       env={"SYNTHDB_DAILY_ROW_LIMIT": "100"}).start()
    yield server
    server.stop()


def test_daily_row_limit_answers_429_with_the_reset_time(limited: ApiServer) -> None:
    with limited.client(limited.key("capped", "editor")) as client:
        client.post("/workspaces/capped/databases", json=shop())  # 60 rows a run
        request = {"workspace": "capped", "database": "shop", "format": "csv"}
        first = client.post("/generate_tasks", json=request)
        assert first.status_code == 200
        over = client.post("/generate_tasks", json=request)
        assert over.status_code == 429
        assert "60 of 100 rows" in over.json()["error"] and "resets at" in over.json()["error"]
        assert over.json()["error"].endswith("T00:00:00Z") and int(over.headers["retry-after"]) > 0
        # An entity alone is smaller: 40 rows fit.
        assert client.post("/generate_tasks", json={**request, "entity": "orders"}).status_code == 200
        wait_task(client, first.json()["id"])
    # Another workspace has its own count.
    with limited.client(limited.key("other", "editor")) as client:
        client.post("/workspaces/other/databases", json=shop())
        task = client.post("/generate_tasks", json={"workspace": "other", "database": "shop", "format": "sqlite"})
        assert task.status_code == 200
        assert wait_task(client, task.json()["id"])["content_type"] == "application/vnd.sqlite3"


def test_a_dying_worker_fails_its_task_and_queued_tasks_still_run(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    server = ApiServer(tmp_path / "data", workers=1).start()
    try:
        with server.client(server.key("w", "editor")) as client:
            client.post("/workspaces/w/databases", json=shop(customers=2_000_000))
            client.post("/workspaces/w/databases", json=shop(name="small"))
            big = client.post("/generate_tasks", json={"workspace": "w", "database": "shop", "format": "csv"})
            small = client.post("/generate_tasks", json={"workspace": "w", "database": "small", "format": "csv"})
            while client.get(f"/generate_tasks/{big.json()['id']}").json()["status"] != "running":
                time.sleep(0.05)
            assert server.process is not None
            children = psutil.Process(server.process.pid).children()
            workers = [p for p in children if "spawn_main" in " ".join(p.cmdline())]
            assert len(workers) == 1
            workers[0].kill()  # as the OOM killer would
            failed = wait_task(client, big.json()["id"])
            assert failed["status"] == "failed" and "worker process" in failed["error"]
            assert wait_task(client, small.json()["id"])["completed"]  # queued behind it: moved to a new pool
    finally:
        server.stop()
