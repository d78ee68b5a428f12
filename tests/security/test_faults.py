"""Faults of task execution against real servers: a killed worker, a hung push, the deadline, the memory cap."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.apiserver import ApiServer, shop, wait_task
from security.workers import push_to, running, silent_target, submit, task_of, wait_for, worker_processes

# A wide table: each batch of 65,536 rows holds 200 UUID columns, about 900 MiB at its peak.
HOG = {"name": "hog", "entities": [{"name": "wide", "record_count": 100_000, "fields": [
    {"name": f"c{i}", "generator": "UUID"} for i in range(200)]}]}
DEADLINE_ERROR = "the task ran longer than the 3-second limit (SYNTHDB_TASK_TIMEOUT) and was stopped"
PRIVATE_TARGETS = {"SYNTHDB_ALLOW_PRIVATE_TARGETS": "true"}  # the hung target listens on loopback


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """Two workers, 400 MiB per task (a warm worker holds about 135 MiB, a small task under 250)."""
    server = ApiServer(tmp_path_factory.mktemp("capped") / "data", workers=2,
                       env={"SYNTHDB_TASK_MEMORY_MB": "400"}).start()
    try:
        yield server
    finally:
        server.stop()


def _workspace(server: ApiServer, *definitions: dict[str, Any]) -> tuple[httpx.Client, str]:
    name = f"fault-{uuid.uuid4().hex[:8]}"
    client = server.client(server.key(name, "editor"))
    for definition in definitions or (shop(),):
        answer = client.post(f"/workspaces/{name}/databases", json=definition)
        assert answer.status_code == 200, answer.text
    return client, name


def _generate(workspace: str, database: str = "shop") -> dict[str, Any]:
    return {"workspace": workspace, "database": database, "format": "csv"}


def _small_task_runs(server: ApiServer) -> None:
    client, name = _workspace(server)
    with closing(client):
        task = wait_task(client, submit(client, _generate(name)), timeout=60)
        assert task["status"] == "completed", task


def test_a_killed_worker_fails_only_its_own_task(capped: ApiServer) -> None:
    big = shop(customers=1_000_000)
    (one, ws_one), (two, ws_two) = _workspace(capped, big), _workspace(capped, big)
    with closing(one), closing(two):
        tasks = {submit(one, _generate(ws_one)): one, submit(two, _generate(ws_two)): two}
        for task_id, client in tasks.items():
            running(client, task_id, progress=0.02)
        workers = worker_processes(capped)
        assert len(workers) == 2
        victim = workers[0]
        victim.kill()  # as the out-of-memory killer would

        outcomes = [wait_task(client, task_id, timeout=120) for task_id, client in tasks.items()]
        failed = [task for task in outcomes if task["status"] == "failed"]
        completed = [task for task in outcomes if task["status"] == "completed"]
        assert len(failed) == 1 and len(completed) == 1, outcomes
        error = failed[0]["error"]
        assert "worker process running this task died" in error and "SIGKILL" in error, error
        assert "other tasks were not affected" in error
        assert failed[0]["data_url"] is None and completed[0]["data_url"]

    # The pool recovered: the dead worker was replaced, and new tasks run.
    wait_for(lambda: len(worker_processes(capped)) == 2 and victim.pid not in {p.pid for p in worker_processes(capped)},
             30, "the dead worker to be replaced")
    _small_task_runs(capped)


def test_the_memory_cap_fails_the_hungry_task_only(capped: ApiServer) -> None:
    (hungry, ws_hungry), (other, ws_other) = _workspace(capped, HOG), _workspace(capped, shop(customers=400_000))
    with closing(hungry), closing(other):
        normal = submit(other, _generate(ws_other))
        running(other, normal)
        hog = submit(hungry, {"workspace": ws_hungry, "database": "hog", "format": "csv"})
        failed = wait_task(hungry, hog, timeout=120)
        assert failed["status"] == "failed", failed
        assert failed["error"].startswith("the task used more than 400 MiB of memory"), failed["error"]
        # The other task, running beside it, was not touched.
        assert wait_task(other, normal, timeout=120)["status"] == "completed"
    _small_task_runs(capped)


def test_cancel_stops_a_hung_push_and_frees_its_worker(tmp_path: Path) -> None:
    server = ApiServer(tmp_path / "data", workers=1, env=PRIVATE_TARGETS).start()
    try:
        client, name = _workspace(server)
        with closing(client), silent_target() as (port, connected):
            task_id = submit(client, push_to(port, name))
            assert connected.wait(60), task_of(client, task_id)
            assert task_of(client, task_id)["status"] == "running"
            (stuck,) = worker_processes(server)
            time.sleep(0.5)  # hung for real: nothing will come back from the target
            assert task_of(client, task_id)["status"] == "running"

            cancelled = client.delete(f"/generate_tasks/{task_id}")
            assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
            start = time.monotonic()
            # The worker that was stuck is gone (terminated after the grace period) ...
            wait_for(lambda: not stuck.is_running() or stuck.status() == "zombie", 10, "the stuck worker to end")
            # ... and its slot takes the next task (a fresh worker warms up first).
            follow = submit(client, _generate(name))
            wait_for(lambda: task_of(client, follow)["status"] != "pending", 10, "the next task to start")
            print(f"cancel of a hung push → next task started in {time.monotonic() - start:.1f} s")
            assert wait_task(client, follow)["status"] == "completed"
            assert task_of(client, task_id)["status"] == "cancelled"
    finally:
        server.stop()


def test_the_deadline_fails_an_over_long_task_and_a_hung_push(tmp_path: Path) -> None:
    server = ApiServer(tmp_path / "data", workers=2, env={"SYNTHDB_TASK_TIMEOUT": "3", **PRIVATE_TARGETS}).start()
    try:
        # Big enough to outlast the 3 s deadline many times over (9M rows took under 3 s on 2 threads).
        (slow, ws_slow), (push, ws_push) = _workspace(server, shop(customers=30_000_000)), _workspace(server)
        with closing(slow), closing(push), silent_target() as (port, _):
            long_one = submit(slow, _generate(ws_slow))
            hung = submit(push, push_to(port, ws_push))
            for client, task_id in ((slow, long_one), (push, hung)):
                task = wait_task(client, task_id, timeout=60)
                assert task["status"] == "failed", task
                assert task["error"] == DEADLINE_ERROR, task
            # Both slots work again.
            _small_task_runs(server)
            _small_task_runs(server)
    finally:
        server.stop()
