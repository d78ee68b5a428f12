"""Security: keys (missing, wrong, expired), workspace isolation, roles, signed links, names, storage."""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from api.apiserver import ApiServer, fetch, shop, wait_task
from synthdb.api.signing import signature
from synthdb.store.secrets import server_secret, signing_key


@pytest.fixture
def finished(editor: httpx.Client, workspace: str) -> dict[str, str]:
    """A completed csv task of the editor's workspace."""
    task = editor.post("/generate_tasks", json={"workspace": workspace, "database": "shop", "format": "csv"}).json()
    return wait_task(editor, task["id"])


def _endpoints(workspace: str, task_id: str) -> list[tuple[str, str, dict | None]]:
    generate = {"workspace": workspace, "database": "shop", "format": "csv"}
    return [
        ("GET", "/workspaces", None),
        ("GET", f"/workspaces/{workspace}/databases", None),
        ("GET", f"/workspaces/{workspace}/databases/shop", None),
        ("POST", f"/workspaces/{workspace}/databases", shop()),
        ("DELETE", f"/workspaces/{workspace}/databases/shop", None),
        ("POST", "/generate_tasks", generate),
        ("GET", f"/generate_tasks/{task_id}", None),
        ("DELETE", f"/generate_tasks/{task_id}", None),
        ("GET", f"/workspaces/{workspace}/connections", None),
    ]


def test_missing_wrong_and_expired_keys_get_401(server: ApiServer, workspace: str,
                                                finished: dict[str, str]) -> None:
    expired = server.key(workspace, "admin", expires_in=timedelta(seconds=1))
    time.sleep(1.1)
    for key, message in ((None, "header missing"), ("sdb_wrong", "invalid API key"), (expired, "expired")):
        with server.client(key) as client:
            for method, path, body in _endpoints(workspace, finished["id"]):
                answer = client.request(method, path, json=body)
                assert answer.status_code == 401, (key, method, path, answer.text)
                assert message in answer.json()["error"] and answer.headers["www-authenticate"] == "Bearer"
    with httpx.Client(base_url=server.api, headers={"Authorization": "Basic abc"}) as client:
        assert client.get("/workspaces").status_code == 401


def test_other_workspaces_look_missing(server: ApiServer, editor: httpx.Client, workspace: str,
                                       finished: dict[str, str]) -> None:
    with server.client(server.key(f"{workspace}-other", "admin")) as intruder:
        for method, path, body in _endpoints(workspace, finished["id"])[1:]:
            answer = intruder.request(method, path, json=body)
            assert answer.status_code == 404, (method, path, answer.text)
        # Downloading B's data with A's key: 404 too (the link alone would work: it is the credential).
        answer = httpx.get(finished["data_url"], headers=intruder.headers)
        assert answer.status_code == 404
        listed = intruder.get("/workspaces").json()
        assert [w["name"] for w in listed] == [f"{workspace}-other"]
    assert editor.get(f"/workspaces/{workspace}/databases/shop").status_code == 200
    assert httpx.get(finished["data_url"], headers=editor.headers).status_code == 200


def test_tampered_and_expired_links_get_403(server: ApiServer, finished: dict[str, str]) -> None:
    url = finished["data_url"]
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"

    def link(**changes: str) -> str:
        return f"{base}?{urlencode({**query, **changes})}"

    flipped = query["signature"][:-1] + ("A" if query["signature"][-1] != "A" else "B")
    assert fetch(link(signature=flipped)).status_code == 403
    assert fetch(link(expires=str(int(query["expires"]) + 3600))).status_code == 403
    other_task = base.replace(finished["id"], "00000000-0000-4000-8000-000000000000")
    assert fetch(f"{other_task}?{parts.query}").status_code == 403
    # Correctly signed, but in the past.
    key = signing_key(server_secret(server.data_dir))
    past = int(time.time()) - 10
    answer = fetch(link(expires=str(past), signature=signature(key, finished["id"], past)))
    assert answer.status_code == 403 and "expired" in answer.json()["error"]
    assert fetch(base).status_code == 400  # no signature at all
    assert fetch(url).status_code == 200


def test_viewer_reads_but_cannot_write(server: ApiServer, editor: httpx.Client, workspace: str,
                                       finished: dict[str, str]) -> None:
    with server.client(server.key(workspace, "viewer")) as viewer:
        assert viewer.get(f"/workspaces/{workspace}/databases/shop").status_code == 200
        assert viewer.get(f"/generate_tasks/{finished['id']}").json()["completed"] is True
        writes = [(m, p, b) for m, p, b in _endpoints(workspace, finished["id"]) if m != "GET"]
        writes.append(("POST", "/workspaces", {"name": f"{workspace}-new"}))
        for method, path, body in writes:
            answer = viewer.request(method, path, json=body)
            assert answer.status_code == 403, (method, path, answer.text)
            assert "viewer" in answer.json()["error"]
        upload = viewer.post(f"/workspaces/{workspace}/databases/shop/entities/customers/source",
                             files={"file": ("c.csv", b"a\n1\n", "text/csv")})
        assert upload.status_code == 403
    # An editor cannot manage connections or workspaces either: that is the admin's.
    assert editor.post("/workspaces", json={"name": f"{workspace}-x"}).status_code == 403


@pytest.mark.parametrize("bad", ["../evil", "a/b", "a\\b", "..", "c:drive", "tab\there"])
def test_names_with_separators_or_traversal_are_rejected(editor: httpx.Client, workspace: str, bad: str) -> None:
    definition = shop(name=bad)
    answer = editor.post(f"/workspaces/{workspace}/databases", json=definition)
    assert answer.status_code == 400 and answer.json()["error"].startswith("name:"), answer.text
    definition = shop()
    definition["entities"][1]["name"] = bad
    answer = editor.post(f"/workspaces/{workspace}/databases", json=definition)
    assert answer.status_code == 400 and answer.json()["error"].startswith("entities[1].name:"), answer.text
    if "\t" not in bad:  # httpx percent-encodes control characters of multipart file names
        upload = editor.post(f"/workspaces/{workspace}/databases/shop/entities/customers/source",
                             files={"file": (bad, b"a\n1\n", "text/csv")})
        assert upload.status_code == 400, upload.text
    task = editor.post("/generate_tasks", json={"workspace": workspace, "database": "shop", "format": "csv",
                                                "entity": bad})
    assert task.status_code == 400 and task.json()["error"].startswith("entity:")


@pytest.mark.parametrize("path", ["/workspaces/..%2Fother/databases", "/workspaces/ws/databases/..%2F..%2Fx",
                                  "/workspaces/%2e%2e/databases", "/workspaces/a%5Cb/databases",
                                  "/workspaces/ws/databases/../../../etc"])
def test_encoded_separators_in_paths_are_rejected(server: ApiServer, path: str) -> None:
    # A raw request: HTTP clients would normalise '..' segments away before sending.
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(f"GET /api/v1{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"400", answer
    assert b'"error":"path:' in rest


def test_operator_creates_a_workspace_and_gets_its_key(server: ApiServer, workspace: str) -> None:
    # A workspace admin may not create tenants: 403, whatever the name.
    with server.client(server.key(workspace, "admin")) as admin:
        refused = admin.post("/workspaces", json={"name": f"{workspace}-b"})
        assert refused.status_code == 403 and "operator" in refused.json()["error"]
    # The server's operator may.
    with server.client(server.key(f"{workspace}-ops", "operator")) as operator:
        assert operator.post("/workspaces", json={"name": "../x"}).status_code == 400
        created = operator.post("/workspaces", json={"name": f"{workspace}-b"})
        assert created.status_code == 201, created.text
        assert operator.post("/workspaces", json={"name": f"{workspace}-b"}).status_code == 409
        # The operator's key still sees only its own workspace; the returned key sees the new one.
        assert operator.get(f"/workspaces/{workspace}-b/databases").status_code == 404
    with server.client(created.json()["api_key"]) as other:
        assert other.get(f"/workspaces/{workspace}-b/databases").json() == []
        assert other.post("/workspaces", json={"name": f"{workspace}-c"}).status_code == 403


def test_keys_and_passwords_are_not_stored_in_clear(server: ApiServer, workspace: str) -> None:
    key = server.key(workspace, "admin")
    password = "s3cret-Pa55word!"
    with server.client(key) as admin:
        saved = admin.post(f"/workspaces/{workspace}/connections", json={
            "name": "warehouse", "host": "db.example.com", "port": 5432, "database_name": "dw",
            "username": "loader", "password": password})
        assert saved.status_code == 200, saved.text
        assert "password" not in saved.json() and saved.json()["has_password"] is True
        assert password not in admin.get(f"/workspaces/{workspace}/connections").text
    conn = sqlite3.connect(server.data_dir / "synthdb.sqlite3")
    try:
        dump = "\n".join(conn.iterdump())
        hashes = [row[0] for row in conn.execute("SELECT key_hash FROM api_keys")]
    finally:
        conn.close()
    assert key not in dump and key[12:] not in dump
    assert hashlib.sha256(key.encode()).hexdigest() in hashes
    assert password not in dump
