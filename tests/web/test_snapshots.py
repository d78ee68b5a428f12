"""The snapshots and mock API tab over HTTP against a real `synthdb serve`: create, settle, download,
activate, try a mock route; the viewer can try routes but not create."""

from __future__ import annotations

import html
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    data: Path = tmp_path_factory.mktemp("snapshots") / "data"
    data.mkdir()
    started = ApiServer(data).start()
    yield started
    started.stop()


def _signed_in(server: ApiServer, role: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.base, timeout=60, follow_redirects=True)
    client.post("/signin", data={"api_key": server.key("snap", role)})
    match = _CSRF.search(client.get("/").text)
    assert match is not None
    return client, match.group(1)


def _ready(client: httpx.Client, name: str) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = client.get("/databases/snaps/snapshots").text
        row = re.search(rf'<tr data-status="(\w+)">\s*<th scope="row">{name}\b', page)
        assert row is not None, page
        if row.group(1) != "pending":
            assert row.group(1) == "ready", page
            return page
        time.sleep(0.3)
    raise AssertionError("the snapshot was not made")


def test_snapshots_and_mock_api(server: ApiServer, tmp_path: Path) -> None:
    client, token = _signed_in(server, "editor")
    client.post("/databases", data={"name": "snaps", "csrf_token": token})
    client.post("/databases/snaps/tables/table_1/settings",
                data={"name": "people", "record_count": "12", "export": "1", "csrf_token": token})
    client.post("/databases/snaps/tables/people/columns/add",
                data={"name": "city", "generator": "City", "csrf_token": token})
    nothing = client.post("/databases/snaps/mock/try", data={"path": "people", "csrf_token": token})
    assert nothing.status_code == 400 and "no active snapshot" in nothing.text
    made = client.post("/databases/snaps/snapshots", data={"name": "", "seed": "3", "csrf_token": token})
    assert made.status_code == 200 and "v1" in made.text
    page = _ready(client, "v1")
    assert "v1 <strong>(active)</strong>" in page  # the first snapshot is active
    body = client.get("/databases/snaps/snapshots/v1/download").content
    (tmp_path / "v1.sqlite").write_bytes(body)
    with sqlite3.connect(tmp_path / "v1.sqlite") as db:
        assert db.execute("SELECT count(*) FROM people").fetchone() == (12,)
    client.post("/databases/snaps/snapshots", data={"name": "second", "seed": "4", "csrf_token": token})
    _ready(client, "second")
    activated = client.post("/databases/snaps/snapshots/second/activate", data={"csrf_token": token})
    assert "second <strong>(active)</strong>" in activated.text
    viewer, vtoken = _signed_in(server, "viewer")
    tried = viewer.post("/databases/snaps/mock/try", data={"path": "people/2", "csrf_token": vtoken})
    assert tried.status_code == 200 and '<strong id="mock-status">200</strong>' in tried.text
    answer = html.unescape(re.search(r'<pre[^>]*id="mock-body"[^>]*>(.*?)</pre>', tried.text, re.S).group(1))
    assert '"id": 2' in answer and '"city"' in answer
    assert "Create snapshot" not in tried.text and "Activate" not in tried.text
    forged = viewer.post("/databases/snaps/snapshots", data={"name": "x", "csrf_token": vtoken})
    assert forged.status_code == 403
