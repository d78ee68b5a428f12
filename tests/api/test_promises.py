"""Promises of the service docs, through a real server: refunds of the daily row limit (cancelled and
failed tasks, concurrent requests), removal of a cancelled task's partial file, the upload size limit,
retention's 410 and SYNTHDB_PUBLIC_URL in data_url."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer, fetch, files_of, local_files, shop, wait_task

LIMIT = 3_100_000  # rows per workspace per day on the `limited` server
BIG = 600_000  # customers: a shop of 3 x BIG = 1.8M rows, over half the limit and seconds of work
UPLOAD = 1000  # bytes


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = ApiServer(tmp_path_factory.mktemp("promises") / "data", workers=1,
                       env={"SYNTHDB_DAILY_ROW_LIMIT": str(LIMIT), "SYNTHDB_MAX_UPLOAD_BYTES": str(UPLOAD)}).start()
    yield server
    server.stop()


def tenant(server: ApiServer) -> tuple[httpx.Client, str]:
    name = f"pr-{uuid.uuid4().hex[:8]}"
    client = server.client(server.key(name, "editor"))
    answer = client.post(f"/workspaces/{name}/databases", json=shop())
    assert answer.status_code == 200, answer.text
    return client, name


def request(workspace: str, customers: int) -> dict:
    return {"workspace": workspace, "database": "shop", "format": "csv",
            "overrides": {"variables": {"n_customers": str(customers)}}}


def running(client: httpx.Client, task_id: str) -> dict:
    """Wait until the task runs and has made some progress (so it has written part of its file)."""
    deadline = time.monotonic() + 90
    while True:
        task = client.get(f"/generate_tasks/{task_id}").json()
        if task["status"] == "running" and task["progress"] > 0.02:
            return task
        assert not task["completed"] and not task["error"], task
        assert time.monotonic() < deadline, task
        time.sleep(0.05)


def settled(client: httpx.Client, task_id: str, status: str) -> dict:
    deadline = time.monotonic() + 60
    while (task := client.get(f"/generate_tasks/{task_id}").json())["status"] != status:
        assert time.monotonic() < deadline, task
        time.sleep(0.05)
    return task


def worker_processes(server: ApiServer) -> list:
    psutil = pytest.importorskip("psutil")
    assert server.process is not None
    children = psutil.Process(server.process.pid).children()
    return [p for p in children if "spawn_main" in " ".join(p.cmdline())]


def test_a_cancelled_task_gives_its_rows_back_and_leaves_no_partial_file(limited: ApiServer) -> None:
    client, ws = tenant(limited)
    with closing(client):
        first = client.post("/generate_tasks", json=request(ws, BIG))
        assert first.status_code == 200, first.text
        task_id = first.json()["id"]
        running(client, task_id)
        workdir = limited.data_dir / "artifacts" / task_id
        # Deflate runs behind generation (chunks on a thread pool): wait for the first bytes on disk.
        deadline = time.monotonic() + 30
        while not any(f.stat().st_size > 0 for f in workdir.rglob("*") if f.is_file()):
            assert time.monotonic() < deadline, "no partial file to remove"
            assert client.get(f"/generate_tasks/{task_id}").json()["status"] == "running"
            time.sleep(0.05)
        # 1.8M rows are counted: another 1.8M would pass the 3.1M limit.
        assert client.post("/generate_tasks", json=request(ws, BIG)).status_code == 429
        cancelled = client.delete(f"/generate_tasks/{task_id}")
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
        deadline = time.monotonic() + 30
        while workdir.exists():
            assert time.monotonic() < deadline, list(workdir.rglob("*"))
            time.sleep(0.05)
        # The cancelled task's rows were given back: the same request fits again; cancelled while it
        # waits or runs, it gives them back too.
        again = client.post("/generate_tasks", json=request(ws, BIG))
        assert again.status_code == 200, again.text
        assert client.delete(f"/generate_tasks/{again.json()['id']}").status_code == 200
        third = client.post("/generate_tasks", json=request(ws, BIG))
        assert third.status_code == 200, third.text
        assert client.delete(f"/generate_tasks/{third.json()['id']}").status_code == 200


def test_a_failed_task_gives_its_rows_back(limited: ApiServer) -> None:
    client, ws = tenant(limited)
    with closing(client):
        task_id = client.post("/generate_tasks", json=request(ws, BIG)).json()["id"]
        running(client, task_id)
        assert client.post("/generate_tasks", json=request(ws, BIG)).status_code == 429
        (worker,) = worker_processes(limited)
        worker.kill()  # as the OOM killer would: the task fails
        failed = settled(client, task_id, "failed")
        assert "worker process" in failed["error"] and failed["data_url"] is None
        assert not (limited.data_dir / "artifacts" / task_id).exists()
        again = client.post("/generate_tasks", json=request(ws, BIG))
        assert again.status_code == 200, again.text
        assert client.delete(f"/generate_tasks/{again.json()['id']}").status_code == 200


def test_concurrent_requests_never_pass_the_daily_limit(limited: ApiServer) -> None:
    client, ws = tenant(limited)
    with closing(client):
        # 30 requests of 300,000 rows at once against 3.1M: exactly 10 fit, whatever the interleaving.
        key = str(client.headers["Authorization"]).removeprefix("Bearer ")

        def post(_: int) -> httpx.Response:
            with limited.client(key) as own:
                return own.post("/generate_tasks", json=request(ws, 100_000))

        with ThreadPoolExecutor(30) as pool:
            answers = list(pool.map(post, range(30)))
        codes = sorted(a.status_code for a in answers)
        assert codes == [200] * 10 + [429] * 20, codes
        for answer in answers:
            if answer.status_code == 200:
                assert client.delete(f"/generate_tasks/{answer.json()['id']}").status_code == 200
            else:
                assert "of 3,100,000 rows" in answer.json()["error"] or "3100000" in answer.json()["error"], \
                    answer.json()


def test_uploads_over_the_size_limit_get_413(limited: ApiServer) -> None:
    client, ws = tenant(limited)
    header = b"id,email,score\n"
    row = b"1,a@example.com,5\n"
    body = header + row * ((UPLOAD - len(header)) // len(row))
    exact = body + b"2,b@e.com," + b"9" * (UPLOAD - len(body) - len(b"2,b@e.com,") - 1) + b"\n"
    assert len(exact) == UPLOAD
    url = f"/workspaces/{ws}/databases/shop/entities/customers/source"
    with closing(client):
        fits = client.post(url, files={"file": ("customers.csv", exact, "text/csv")})
        assert fits.status_code == 200, fits.text
        over = client.post(url, files={"file": ("customers.csv", exact + b"3", "text/csv")})
        assert over.status_code == 413, over.text
        assert over.json()["error"] == f"file: larger than the {UPLOAD:,}-byte upload limit"
        # Any body far over the limit is refused before it is read (limit + 1 MiB of headroom for JSON).
        huge = client.post(f"/workspaces/{ws}/databases", content=b"x" * (UPLOAD + 1024 * 1024 + 1),
                           headers={"Content-Type": "application/json"})
        assert huge.status_code == 413 and "byte limit" in huge.json()["error"], huge.text


def test_expired_artifacts_answer_410_and_links_use_the_public_url(tmp_path: Path) -> None:
    public = "https://synthdb.example.test"
    server = ApiServer(tmp_path / "data", workers=1, env={
        "SYNTHDB_RETENTION_SECONDS": "6", "SYNTHDB_CLEANUP_INTERVAL": "0.5", "SYNTHDB_PUBLIC_URL": public}).start()
    try:
        client, ws = tenant(server)
        with closing(client):
            task = wait_task(client, client.post("/generate_tasks", json=request(ws, 20)).json()["id"])
            assert task["completed"], task
            link = task["data_url"]
            assert link.startswith(f"{public}/api/v1/downloads/{task['id']}/"), link
            real = link.replace(public, server.base)  # what a proxy at the public URL would forward
            served = fetch(real)
            assert served.status_code == 200
            expected = local_files(shop(), "csv", overrides={"variables": {"n_customers": "20"}})
            assert files_of(served.content, "application/zip", "") == expected
            deadline = time.monotonic() + 60
            while (gone := fetch(real)).status_code == 200:
                assert time.monotonic() < deadline, "the artifact outlived its retention"
                time.sleep(0.2)
            assert gone.status_code == 410, gone.text
            assert "retention period" in gone.json()["error"]
            assert not (server.data_dir / "artifacts" / task["id"]).exists()
            # The task no longer offers a link, and says why.
            after = client.get(f"/generate_tasks/{task['id']}").json()
            assert after["data_url"] is None and "retention period" in after["context"], after
    finally:
        server.stop()
