"""Tenancy against real servers: fair queuing between workspaces, who creates workspaces, names, Host."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer, fetch, shop, wait_task
from security.hostile import error_of
from security.workers import running, submit, task_of, wait_for


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """Two workers shared by every workspace: one task running per workspace, four waiting at most."""
    server = ApiServer(tmp_path_factory.mktemp("shared") / "data", workers=2,
                       env={"SYNTHDB_WORKSPACE_QUEUED_TASKS": "4"}).start()
    try:
        yield server
    finally:
        server.stop()


def _tenant(server: ApiServer, customers: int = 20) -> tuple[httpx.Client, str]:
    name = f"ten-{uuid.uuid4().hex[:8]}"
    client = server.client(server.key(name, "editor"))
    answer = client.post(f"/workspaces/{name}/databases", json=shop(customers=customers))
    assert answer.status_code == 200, answer.text
    return client, name


def test_a_busy_workspace_does_not_hold_up_another(shared: ApiServer) -> None:
    (busy, ws_busy), (small, ws_small) = _tenant(shared, customers=1_000_000), _tenant(shared)
    with closing(busy), closing(small):
        request = {"workspace": ws_busy, "database": "shop", "format": "csv"}
        small_request = {"workspace": ws_small, "database": "shop", "format": "csv"}
        queued = [submit(busy, request)]
        running(busy, queued[0])
        # Both workers are warm: the busy workspace may run only one task, so this one ran on the other.
        assert wait_task(small, submit(small, small_request))["completed"]
        queued += [submit(busy, request) for _ in range(4)]  # one runs, four wait
        over = busy.post("/generate_tasks", json=request)
        assert over.status_code == 429, over.text
        assert "already has 4 tasks waiting" in error_of(over) and "SYNTHDB_WORKSPACE_QUEUED_TASKS" in over.text

        start = time.monotonic()
        quick = submit(small, small_request)
        statuses: list[list[str]] = []

        def quick_done() -> bool:
            statuses.append([task_of(busy, task_id)["status"] for task_id in queued])
            return bool(task_of(small, quick)["completed"])

        wait_for(quick_done, 60, "the other workspace's small task")
        print(f"small task of another workspace done in {time.monotonic() - start:.2f} s")
        # It ran while the busy workspace still had tasks waiting, and that workspace never ran two at once.
        assert statuses[-1].count("pending") >= 2, statuses[-1]
        assert all(row.count("running") <= 1 for row in statuses), statuses

        # Waiting tasks are dropped by cancel and never run; the running one stops.
        for task_id in queued:
            if task_of(busy, task_id)["status"] in ("pending", "running"):
                assert busy.delete(f"/generate_tasks/{task_id}").status_code == 200
        time.sleep(1)
        assert {task_of(busy, task_id)["status"] for task_id in queued} <= {"cancelled", "completed"}


def test_workspace_admins_cannot_create_workspaces_nor_probe_names(secure_server: ApiServer, ws: str) -> None:
    taken = f"{ws}-taken"
    secure_server.key(taken, "viewer")  # another tenant's workspace
    with secure_server.client(secure_server.key(ws, "admin")) as admin:
        existing = admin.post("/workspaces", json={"name": taken})
        fresh = admin.post("/workspaces", json={"name": f"{ws}-fresh"})
        assert existing.status_code == fresh.status_code == 403
        assert existing.json() == fresh.json() and taken not in existing.text
        assert [w["name"] for w in admin.get("/workspaces").json()] == [ws]
    with secure_server.client(secure_server.key(f"{ws}-ops", "operator")) as operator:
        created = operator.post("/workspaces", json={"name": f"{ws}-fresh"})
        assert created.status_code == 201, created.text  # the admin's attempt created nothing
        with secure_server.client(created.json()["api_key"]) as new_admin:
            assert new_admin.get(f"/workspaces/{ws}-fresh/databases").json() == []


def test_other_tenants_names_answer_like_missing_ones(secure_server: ApiServer, ws: str) -> None:
    other, missing = f"{ws}-other", f"{ws}-missing"
    with secure_server.client(secure_server.key(other, "admin")) as owner:
        assert owner.post(f"/workspaces/{other}/databases", json=shop()).status_code == 200
    requests = [
        ("GET", "/workspaces/{w}/databases", None),
        ("GET", "/workspaces/{w}/databases/shop", None),
        ("POST", "/workspaces/{w}/databases", shop()),
        ("DELETE", "/workspaces/{w}/databases/shop", None),
        ("GET", "/workspaces/{w}/connections", None),
        ("POST", "/generate_tasks", {"workspace": "{w}", "database": "shop", "format": "csv"}),
    ]
    with secure_server.client(secure_server.key(ws, "admin")) as prober:
        for method, path, body in requests:
            answers = []
            for name in (other, missing):
                payload = {k: (v.format(w=name) if isinstance(v, str) else v) for k, v in (body or {}).items()}
                answer = prober.request(method, path.format(w=name), json=payload if body else None)
                answers.append((answer.status_code, error_of(answer).replace(name, "<ws>")))
            assert answers[0] == answers[1], (method, path, answers)
            assert answers[0][0] == 404
    with secure_server.client(secure_server.key(other, "viewer")) as owner:
        assert owner.get(f"/workspaces/{other}/databases/shop").status_code == 200  # nothing was changed


def test_workspaces_cli_is_the_operators_tool(secure_server: ApiServer, ws: str) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "synthdb", *args, "--data-dir", str(secure_server.data_dir)],
                              capture_output=True, text=True, timeout=60)

    created = cli("workspaces", "create", f"{ws}-cli")
    assert created.returncode == 0 and f"created workspace '{ws}-cli'" in created.stdout, created.stderr
    again = cli("workspaces", "create", f"{ws}-cli")
    assert again.returncode == 2 and again.stderr.strip() == f"error: workspace '{ws}-cli' already exists"
    assert f"{ws}-cli\t" in cli("workspaces", "list").stdout
    with secure_server.client(secure_server.key(f"{ws}-cli", "editor")) as editor:
        assert editor.get(f"/workspaces/{ws}-cli/databases").json() == []


def _completed_task(client: httpx.Client, workspace: str) -> str:
    task_id = submit(client, {"workspace": workspace, "database": "shop", "format": "csv"})
    assert wait_task(client, task_id)["completed"]
    return task_id


def test_a_forged_host_never_reaches_a_link(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    task_id = _completed_task(attacker, ws)
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"}
    answers = [attacker.get(f"/generate_tasks/{task_id}", headers=forged),
               attacker.get(f"/workspaces/{ws}/databases/shop", headers=forged)]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert "evil" not in answer.text
    link = answers[0].json()["data_url"]
    # No public URL and no allow-list: links use the address the server listens on.
    assert link.startswith(f"{secure_server.base}/api/v1/downloads/{task_id}/"), link
    assert fetch(link).status_code == 200


def test_allowed_hosts_refuse_others_and_name_the_links(tmp_path: Path) -> None:
    server = ApiServer(tmp_path / "data", workers=1,
                       env={"SYNTHDB_ALLOWED_HOSTS": "synthdb.test, 127.0.0.1"}).start()
    try:
        client, name = _tenant(server)
        with closing(client):
            task_id = _completed_task(client, name)
            refused = client.get(f"/generate_tasks/{task_id}", headers={"Host": "evil.example"})
            assert refused.status_code == 400 and error_of(refused).startswith("Host: not a name this server")
            assert "evil" not in refused.text
            # Health probes use addresses: they are answered whatever the Host.
            assert httpx.get(f"{server.api}/health", headers={"Host": "10.0.0.7"}).status_code == 200
            named = client.get(f"/generate_tasks/{task_id}", headers={"Host": f"synthdb.test:{server.port}"})
            assert named.json()["data_url"].startswith(f"http://synthdb.test:{server.port}/api/v1/downloads/")
            assert client.get(f"/generate_tasks/{task_id}").json()["data_url"].startswith(server.base)
    finally:
        server.stop()


def test_serve_refuses_a_malformed_public_url(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "synthdb", "serve", "--public-url", "ftp://files.example.com",
         "--data-dir", str(tmp_path / "data"), "--port", "1"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result
    assert result.stderr.strip().startswith("error: public_url: expected an absolute http(s) URL"), result.stderr


def test_public_url_names_the_links(tmp_path: Path) -> None:
    server = ApiServer(tmp_path / "data", workers=1, env={"SYNTHDB_PUBLIC_URL": "https://data.example.com/synth/"})
    server.start()
    try:
        client, name = _tenant(server)
        with closing(client):
            task_id = _completed_task(client, name)
            link = client.get(f"/generate_tasks/{task_id}", headers={"Host": "evil.example"}).json()["data_url"]
            assert link.startswith(f"https://data.example.com/synth/api/v1/downloads/{task_id}/"), link
    finally:
        server.stop()
