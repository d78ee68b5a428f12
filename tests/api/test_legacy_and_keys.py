"""Fabricate's pre-workspace routes answer for the key's default workspace; keys with roles in several."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from api.apiserver import ApiServer, shop, wait_task
from security.hostile import error_of


def _cli(server: ApiServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "synthdb", "keys", *args, "--data-dir", str(server.data_dir)],
                          capture_output=True, text=True, timeout=60)


def _names() -> tuple[str, str, str]:
    tag = uuid.uuid4().hex[:8]
    return f"a-{tag}", f"b-{tag}", f"c-{tag}"


def test_legacy_routes_answer_like_the_workspace_routes(server: ApiServer, workspace: str) -> None:
    with server.client(server.key(workspace, "editor")) as client:
        created = client.post("/databases", json=shop())
        assert created.status_code == 200, created.text
        assert created.json()["workspace"]["name"] == workspace
        listing = client.get("/databases")
        assert listing.status_code == 200
        assert listing.json() == client.get(f"/workspaces/{workspace}/databases").json()
        assert [d["name"] for d in listing.json()] == ["shop"]
        one = client.get("/databases/shop")
        assert one.json() == client.get(f"/workspaces/{workspace}/databases/shop").json()
        missing, missing_ws = client.get("/databases/nope"), client.get(f"/workspaces/{workspace}/databases/nope")
        assert missing.status_code == missing_ws.status_code == 404 and missing.json() == missing_ws.json()

        upload = client.post("/databases/shop/entities/customers/source",
                             files={"file": ("c.csv", b"id,email,score\n1,a@x.org,5\n2,b@x.org,9\n", "text/csv")})
        assert upload.status_code == 200, upload.text
        assert upload.json()["rows"] == 2
        stored = client.get(f"/workspaces/{workspace}/databases/shop").json()["entities"][0]
        assert stored["is_static"] is True and stored["source"]["filename"] == "c.csv"
        empty = client.post("/databases/shop/entities/customers/source",
                            files={"file": ("e.csv", b"id,email,score\n", "text/csv")})
        assert empty.status_code == 400 and "header but no rows" in error_of(empty)

        # A generate request without `workspace` runs in the key's default workspace.
        task = client.post("/generate_tasks", json={"database": "shop", "format": "csv"})
        assert task.status_code == 200, task.text
        assert wait_task(client, task.json()["id"])["completed"]

        assert client.delete("/databases/shop").status_code == 200
        assert client.get(f"/workspaces/{workspace}/databases/shop").status_code == 404
    with server.client(server.key(workspace, "viewer")) as viewer:
        refused = viewer.post("/databases", json=shop("other"))
        assert refused.status_code == 403 and "needs 'editor'" in error_of(refused)
        assert viewer.get("/databases").status_code == 200


def test_a_key_with_roles_in_several_workspaces(server: ApiServer) -> None:
    home, other, foreign = _names()
    made = _cli(server, "create", "--workspace", f"{home}:admin", "--workspace", other, "--role", "viewer")
    assert made.returncode == 0, made.stderr
    assert f"admin in '{home}'" in made.stderr and f"viewer in '{other}'" in made.stderr
    key = made.stdout.strip()
    with server.client(server.key(other, "editor")) as owner:
        assert owner.post(f"/workspaces/{other}/databases", json=shop()).status_code == 200
        task_b = owner.post("/generate_tasks", json={"workspace": other, "database": "shop", "format": "csv"})
        assert task_b.status_code == 200
    with server.client(server.key(foreign, "editor")) as stranger:
        assert stranger.post(f"/workspaces/{foreign}/databases", json=shop()).status_code == 200
        task_c = stranger.post("/generate_tasks", json={"workspace": foreign, "database": "shop", "format": "csv"})

    with server.client(key) as client:
        assert [w["name"] for w in client.get("/workspaces").json()] == [home, other]
        assert client.post(f"/workspaces/{home}/databases", json=shop()).status_code == 200
        assert client.get(f"/workspaces/{other}/databases/shop").status_code == 200  # viewer there
        refused = client.post(f"/workspaces/{other}/databases", json=shop("new"))
        assert refused.status_code == 403
        assert error_of(refused) == f"this API key's role 'viewer' in workspace '{other}' cannot do this; " \
                                    "it needs 'editor'"
        cancel = client.delete(f"/generate_tasks/{task_b.json()['id']}")
        assert cancel.status_code == 403  # it sees the task of its viewer workspace, but may not cancel it
        assert client.get(f"/generate_tasks/{task_b.json()['id']}").json()["workspace"] == other
        # The legacy routes use the first workspace.
        assert [d["workspace"]["name"] for d in client.get("/databases").json()] == [home]
        # A workspace it holds no role in answers exactly like a missing one, tasks too.
        for path in ("/workspaces/{w}/databases", "/workspaces/{w}/databases/shop"):
            answers = [client.get(path.format(w=name)) for name in (foreign, f"{foreign}-missing")]
            assert [a.status_code for a in answers] == [404, 404]
            assert error_of(answers[0]).replace(foreign, "<w>") == \
                error_of(answers[1]).replace(f"{foreign}-missing", "<w>")
        hidden = client.get(f"/generate_tasks/{task_c.json()['id']}")
        unknown = client.get(f"/generate_tasks/{uuid.uuid4()}")
        assert hidden.status_code == unknown.status_code == 404

    listed = _cli(server, "list", "--workspace", other)
    line = next(row for row in listed.stdout.splitlines() if row.startswith(key[:12]))
    assert line.split("\t") == [key[:12], home, "admin", "active", f"{other}:viewer"]


@pytest.mark.parametrize(("args", "message"), [
    (["--workspace", "x1", "--workspace", "x1:admin"], "--workspace 'x1' is given twice"),
    (["--workspace", "x1:mock", "--workspace", "x2"], "a mock key reaches one workspace's mock API only"),
    (["--workspace", "x1:boss"], "role must be one of mock, viewer, editor, admin, operator, got 'boss'"),
    (["--workspace", "bad/name"], "--workspace 'bad/name':"),
])
def test_bad_workspace_options_are_refused(server: ApiServer, args: list[str], message: str) -> None:
    made = _cli(server, "create", *args)
    assert made.returncode == 2 and message in made.stderr, made.stderr
    assert made.stdout == ""
