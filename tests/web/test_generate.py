"""The generate page over HTTP against a real `synthdb serve`: overrides, a task's row polled to completion,
the download opened, refused runs explained."""

from __future__ import annotations

import html
import io
import re
import socket
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
_ROW = re.compile(r'<tr id="task-([0-9a-f-]+)" data-status="(\w+)" data-progress="([0-9.]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    data: Path = tmp_path_factory.mktemp("generate") / "data"
    data.mkdir()
    # Private targets allowed: the push test names a closed port on this machine.
    started = ApiServer(data, env={"SYNTHDB_ALLOW_PRIVATE_TARGETS": "yes"}).start()
    yield started
    started.stop()


def _signed_in(server: ApiServer) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.base, timeout=60, follow_redirects=True)
    client.post("/signin", data={"api_key": server.key("gen", "editor")})
    match = _CSRF.search(client.get("/").text)
    assert match is not None
    return client, match.group(1)


def _finished(client: httpx.Client, task: str) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        row = client.get(f"/tasks/{task}/row").text
        match = _ROW.search(row)
        assert match is not None
        if match.group(2) not in ("pending", "running"):
            return row
        time.sleep(0.2)
    raise AssertionError("the task did not finish")


def _csv_rows(client: httpx.Client, row: str) -> list[str]:
    link = re.search(r'<a href="([^"]+)" download>', row)
    assert link is not None, row
    content = httpx.get(html.unescape(link.group(1)), timeout=60).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("table_1.csv").decode().splitlines()


def test_generate_with_overrides_and_download(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "gen", "csrf_token": token})
    client.post("/databases/gen/tables/table_1/columns/add", data={"name": "v", "generator": "Number",
                                                                   "csrf_token": token})
    page = client.post("/databases/gen/generate", data={"format": "csv", "count_table_1": "37", "seed": "5",
                                                        "csrf_token": token})
    assert page.status_code == 200
    task = _ROW.search(page.text)
    assert task is not None
    row = _finished(client, task.group(1))
    assert 'data-status="completed"' in row and 'value="100"' in row
    lines = _csv_rows(client, row)
    assert lines[0] == "id,v" and len(lines) == 38  # the record count override
    again = client.post("/databases/gen/generate", data={"format": "csv", "count_table_1": "37", "seed": "6",
                                                         "csrf_token": token})
    other = _csv_rows(client, _finished(client, _ROW.search(again.text).group(1)))
    assert other != lines  # another seed, other values
    history = client.get("/databases/gen/generate").text
    assert len(_ROW.findall(history)) == 2


def test_refused_runs_say_why(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "bad", "csrf_token": token})
    refused = client.post("/databases/bad/generate", data={"format": "csv", "count_table_1": "nope * 2",
                                                           "csrf_token": token})
    assert refused.status_code == 400 and "record_count" in refused.text
    assert re.search(r'id="count-table_1"[^>]*aria-invalid="true"', refused.text)
    seed = client.post("/databases/bad/generate", data={"format": "csv", "seed": "x", "csrf_token": token})
    assert seed.status_code == 400 and "overrides.seed" in seed.text
    assert client.post("/databases/bad/generate", data={"format": "csv"}).status_code == 403  # no CSRF token


def test_push_to_a_saved_connection_failure_in_words(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "pushed", "csrf_token": token})
    api = server.client(server.key("gen", "admin"))  # connections are kept by admins
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = api.post("/workspaces/gen/connections", json={"name": "dead", "host": "127.0.0.1", "port": port,
                                                          "database_name": "test", "username": "postgres",
                                                          "password": "secret-word", "platform": "postgres"})
    assert saved.status_code == 200, saved.text
    page = client.get("/databases/pushed/generate").text
    assert '<option value="connection:dead"' in page and "secret-word" not in page
    started = client.post("/databases/pushed/generate", data={"format": "connection:dead", "csrf_token": token})
    assert started.status_code == 200
    row = _finished(client, _ROW.search(started.text).group(1))
    assert 'data-status="failed"' in row and "push to dead" in row
    error = re.search(r'<span class="field-error">([^<]+)</span>', row)
    assert error is not None and "Traceback" not in error.group(1) and "secret-word" not in row
