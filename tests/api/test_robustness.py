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


def _running(client: httpx.Client, task_id: str) -> dict:
    """Wait until the task runs and has made some progress."""
    deadline = time.monotonic() + 60
    while True:
        task = client.get(f"/generate_tasks/{task_id}").json()
        if task["status"] == "running" and task["progress"] > 0.02:
            return task
        assert not task["completed"], "the task finished too early: make it bigger"
        assert time.monotonic() < deadline, task
        time.sleep(0.05)


def test_dying_worker_then_killed_server_leave_tasks_failed_not_stuck(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    server = ApiServer(tmp_path / "data", workers=1).start()
    try:
        key = server.key("kill", "editor")
        with server.client(key) as client:
            for definition in (shop(customers=2_000_000), shop(name="small")):
                upsert = client.post("/workspaces/kill/databases", json=definition)
                assert upsert.status_code == 200, upsert.text
            big = {"workspace": "kill", "database": "shop", "format": "csv"}
            small = {"workspace": "kill", "database": "small", "format": "csv"}

            # A worker killed mid-task (as the OOM killer would): its task fails, the queued one still runs.
            first = client.post("/generate_tasks", json=big).json()["id"]
            queued = client.post("/generate_tasks", json=small).json()["id"]
            _running(client, first)
            assert server.process is not None
            children = psutil.Process(server.process.pid).children()
            (worker,) = [p for p in children if "spawn_main" in " ".join(p.cmdline())]
            worker.kill()
            failed = wait_task(client, first)
            assert failed["status"] == "failed" and "worker process" in failed["error"]
            assert wait_task(client, queued)["completed"]

            # The whole server killed mid-task.
            answer = client.post("/generate_tasks", json=big)
            assert answer.status_code == 200, answer.text
            task_id = answer.json()["id"]
            task = _running(client, task_id)
            assert task["context"].endswith("rows") and ":" in task["context"]
            leftovers = psutil.Process(server.process.pid).children(recursive=True)
            assert leftovers, "no worker process to outlive the server"
        server.kill()
        server.start()
        with server.client(key) as client:
            # The task was a fifth done at most (2M rows): the restart marks it interrupted, never completed.
            task = client.get(f"/generate_tasks/{task_id}").json()
            assert task["status"] == "failed", task
            assert task["completed"] is False and "interrupted" in task["error"] and task["data_url"] is None
            # The restarted server works as before.
            assert wait_task(client, client.post("/generate_tasks", json=small).json()["id"])["completed"]
            # The killed server's workers notice their parent is gone and exit; whatever they wrote before
            # exiting did not revive the task (their writes require it to be running).
            _, alive = psutil.wait_procs(leftovers, timeout=30)
            assert not alive, f"workers of the killed server still run: {alive}"
            after = client.get(f"/generate_tasks/{task_id}").json()
            assert (after["status"], after["error"], after["data_url"]) == ("failed", task["error"], None)
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
        # A whole database downloads as a zip (the SQLite file inside), as Fabricate delivers it.
        assert wait_task(client, task.json()["id"])["content_type"] == "application/zip"
