"""The web app's sign-in, CSRF and roles, over HTTP against a real `synthdb serve` (the browser tests are to come)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    data: Path = tmp_path_factory.mktemp("web") / "data"
    data.mkdir()
    started = ApiServer(data).start()
    yield started
    started.stop()


def _signed_in(server: ApiServer, role: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.base, timeout=30)
    answer = client.post("/signin", data={"api_key": server.key("web", role)}, follow_redirects=False)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    match = _CSRF.search(client.get("/").text)
    assert match is not None
    return client, match.group(1)


def test_sign_in_create_export_sign_out(server: ApiServer) -> None:
    anonymous = httpx.Client(base_url=server.base)
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/signin"
    assert anonymous.post("/signin", data={"api_key": "sdb_wrong"}).status_code == 401
    client, token = _signed_in(server, "editor")
    created = client.post("/databases", data={"name": "shop", "csrf_token": token}, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"] == "/databases/shop"
    assert "name: shop" in client.get("/databases/shop/export.yaml").text
    out = client.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_csrf_less_post_refused(server: ApiServer) -> None:
    client, _token = _signed_in(server, "editor")
    answer = client.post("/databases", data={"name": "nocsrf"})
    assert answer.status_code == 403 and answer.json()["error"].startswith("csrf_token:")
    assert "nocsrf" not in client.get("/").text


def test_viewer_sees_no_edit_controls_and_forged_post_is_403(server: ApiServer) -> None:
    client, token = _signed_in(server, "viewer")
    page = client.get("/").text
    assert "New database" not in page and "Duplicate" not in page and "Import" not in page
    forged = client.post("/databases", data={"name": "forged", "csrf_token": token})
    assert forged.status_code == 403 and "viewer" in forged.json()["error"]


def test_import_ddl_file(server: ApiServer) -> None:
    client, token = _signed_in(server, "editor")
    ddl = ("CREATE TABLE authors (id integer PRIMARY KEY, name varchar(80) NOT NULL);\n"
           "CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors(id), title text);\n")
    answer = client.post("/import", data={"csrf_token": token, "kind": "auto", "dialect": "postgres"},
                         files={"file": ("library.sql", ddl.encode(), "text/plain")}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/databases/library"
    exported = client.get("/databases/library/export.json").json()
    assert [e["name"] for e in exported["entities"]] == ["authors", "books"]
    key = next(f for f in exported["entities"][1]["fields"] if f["name"] == "author_id")
    assert key["generator"] == "Foreign Key" and key["primary_key_entity"] == "authors"
    bad = client.post("/import", data={"csrf_token": token, "kind": "ddl"},
                      files={"file": ("broken.sql", b"CREATE TABLE (;", "text/plain")})
    assert bad.status_code == 400 and "file:" in bad.text
