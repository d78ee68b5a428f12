"""Issue 9, items 4 and 5: connections of API callers reach only allowed hosts, leak nothing, and cannot hang."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import psycopg
import pymysql
import pytest

from api.apiserver import ApiServer, shop, wait_task
from security.hostile import assert_no_leak, error_of, responsive
from security.rogue import black_hole, closed_port, rogue_mysql, silent_postgres
from synthdb.targets.spec import CANNOT_CONNECT
from synthdb.targets.urls import secret_forms

# Hosts that would add parameters, users, ports, paths or a Unix socket if spliced into a URL or conninfo.
SPLICING_HOSTS = [
    "127.0.0.1/x?host=/var/run/postgresql",
    "/var/run/postgresql",
    "db.example.com?sslmode=disable",
    "evil@db.example.com",
    "db.example.com:5432",
    "db.example.com/other",
    "db.example.com host=/tmp",
    "db.example.com\nhost=/tmp",
    " db.example.com",
    "db.example.com#x",
    "[::1]%lo",
    "",
]
# Loopback, private, link-local, shared and unspecified addresses, by literal and by name.
PRIVATE_HOSTS = [
    "127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0", "10.1.2.3",
    "172.16.0.9", "192.168.1.10", "169.254.169.254", "fe80::1", "fc00::5", "100.64.0.1", "2130706433",
    "0x7f.0.0.1", "0177.0.0.1", "LOCALHOST.", "::ffff:169.254.169.254",
]
PASSWORD = "pass word&x=1!%21"  # spaces, '&', '=', '!' and a literal %21: every URL-encoding differs


def _inline(host: str, port: int | None = 5432, **extra: Any) -> dict[str, Any]:
    return {"host": host, "port": port, "database_name": "shop", "username": "loader", **extra}


def _push(client: httpx.Client, ws: str, connection: Any, **extra: Any) -> httpx.Response:
    return client.post("/generate_tasks", json={"workspace": ws, "database": "shop", "connection": connection,
                                                 "create_tables": True, **extra})


def _failed_task(client: httpx.Client, answer: httpx.Response, timeout: float = 60) -> dict[str, Any]:
    assert answer.status_code == 200, answer.text
    task = wait_task(client, answer.json()["id"], timeout)
    assert task["completed"] is False and task["error"], task
    return task


@pytest.fixture(scope="module")
def relaxed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A server whose operator allows private targets (so loopback fakes are reachable), short timeouts."""
    env = {"SYNTHDB_ALLOW_PRIVATE_TARGETS": "true", "SYNTHDB_TARGET_CONNECT_TIMEOUT": "2",
           "SYNTHDB_TARGET_READ_TIMEOUT": "3", "SYNTHDB_TARGET_STATEMENT_TIMEOUT": "1.5"}
    instance = ApiServer(tmp_path_factory.mktemp("relaxed") / "data", env=env).start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def relaxed(relaxed_server: ApiServer, ws: str) -> Iterator[httpx.Client]:
    """An editor of a fresh workspace on the relaxed server, with the shop stored."""
    with relaxed_server.client(relaxed_server.key(ws, "editor")) as client:
        assert client.post(f"/workspaces/{ws}/databases", json=shop()).status_code == 200
        yield client


@pytest.mark.parametrize("host", SPLICING_HOSTS)
def test_url_splicing_hosts_are_refused(secure_server: ApiServer, attacker: httpx.Client, ws: str,
                                        host: str) -> None:
    answer = _push(attacker, ws, _inline(host))
    assert "connection.host" in error_of(answer)
    with secure_server.client(secure_server.key(ws, "admin")) as admin:
        saved = admin.post(f"/workspaces/{ws}/connections", json={"name": "spliced", **_inline(host)})
        assert "connection.host" in error_of(saved)
        assert admin.get(f"/workspaces/{ws}/connections/spliced").status_code == 404
    assert_no_leak(secure_server, answer.text, saved.text)


@pytest.mark.parametrize("host", PRIVATE_HOSTS)
def test_local_and_private_targets_are_refused_by_default(secure_server: ApiServer, attacker: httpx.Client,
                                                          ws: str, host: str) -> None:
    with responsive(secure_server):
        answer = _push(attacker, ws, _inline(host, platform="mysql"))
    message = error_of(answer)
    assert message.startswith("connection.host: "), message
    assert "not an allowed target" in message or "complete IP address" in message, message
    with secure_server.client(secure_server.key(ws, "admin")) as admin:
        saved = admin.post(f"/workspaces/{ws}/connections", json={"name": "inside", **_inline(host)})
        assert error_of(saved).startswith("connection.host: ")


@pytest.mark.parametrize("mode", ["first", "load"])
def test_rogue_mysql_server_cannot_read_the_servers_files(relaxed_server: ApiServer, relaxed: httpx.Client,
                                                          ws: str, mode: str) -> None:
    secret_file = relaxed_server.data_dir / "secret.key"
    content = secret_file.read_bytes()
    with rogue_mysql(str(secret_file), mode) as rogue, responsive(relaxed_server):
        task = _failed_task(relaxed, _push(relaxed, ws, _inline("127.0.0.1", rogue.port, platform="mysql")))
    assert rogue.requests >= 1, f"the rogue server never got to ask: {rogue.queries}"
    assert rogue.received and all(sent == b"" for sent in rogue.received), rogue.received
    assert content.strip() not in b"".join(rogue.received)
    assert_no_leak(relaxed_server, str(task), b"".join(rogue.received))


def test_rogue_server_is_a_real_attack(tmp_path: Any) -> None:
    """The control: a stock client with local_infile on does hand the file over to the same rogue server."""
    secret_file = tmp_path / "secret.key"
    secret_file.write_text("not-the-real-secret-but-a-file-all-the-same")
    with rogue_mysql(str(secret_file), "first") as rogue:
        conn = pymysql.connect(host="127.0.0.1", port=rogue.port, user="x", local_infile=True, read_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1")
        finally:
            conn.close()
    assert rogue.received == [secret_file.read_bytes()]


def test_connect_failures_read_the_same(relaxed_server: ApiServer, relaxed: httpx.Client, ws: str) -> None:
    """Refused port, unknown name and timeout: one text, so errors cannot be used to scan ports or names."""
    with black_hole() as silent:
        targets = [_inline("127.0.0.1", closed_port()), _inline(f"no-such-host-{uuid.uuid4().hex[:8]}.invalid"),
                   _inline("127.0.0.1", silent), _inline("127.0.0.1", closed_port(), platform="mysql"),
                   _inline("127.0.0.1", silent, platform="mysql")]
        errors = [_failed_task(relaxed, _push(relaxed, ws, target))["error"] for target in targets]
    assert errors == [CANNOT_CONNECT] * len(targets), errors
    # The operator still learns what happened, from the server's log.
    log = relaxed_server.log.read_text(errors="replace")
    assert "Connection refused" in log and "no-such-host-" in log, log[-2000:]


def test_password_with_spaces_and_ampersand_never_shown(relaxed_server: ApiServer, relaxed: httpx.Client,
                                                        ws: str) -> None:
    forms = (*secret_forms(PASSWORD), "pass word%21", "pass+word%26")
    with relaxed_server.client(relaxed_server.key(ws, "admin")) as admin:
        saved = admin.post(f"/workspaces/{ws}/connections",
                           json={"name": "refused", **_inline("127.0.0.1", closed_port()), "password": PASSWORD})
        assert saved.status_code == 200, saved.text
    with rogue_mysql("/etc/passwd", "load") as rogue:
        tasks = [
            _failed_task(relaxed, _push(relaxed, ws, "refused")),
            _failed_task(relaxed, _push(relaxed, ws, _inline("127.0.0.1", closed_port(), password=PASSWORD))),
            # Past the connect: the database's own errors name the table, never the password.
            _failed_task(relaxed, _push(relaxed, ws, _inline("127.0.0.1", rogue.port, password=PASSWORD,
                                                             platform="mysql", username=PASSWORD))),
        ]
    with relaxed_server.client(relaxed_server.key(ws, "viewer")) as viewer:
        shown = [viewer.get(f"/generate_tasks/{task['id']}").text for task in tasks]
        shown += [viewer.get(f"/workspaces/{ws}/connections").text,
                  viewer.get(f"/workspaces/{ws}/connections/refused").text]
    assert_no_leak(relaxed_server, *shown, saved.text, also=forms)
    assert_no_leak(relaxed_server, relaxed_server.log.read_text(errors="replace"), also=forms)


def test_hung_pushes_are_cut_by_their_timeouts(relaxed_server: ApiServer, relaxed: httpx.Client, ws: str) -> None:
    # Servers that log us in, take the statement and never answer: the read timeout (3 s here) ends the task.
    with rogue_mysql("/etc/passwd", "silent") as rogue, silent_postgres() as pg_port, responsive(relaxed_server):
        tasks = [_failed_task(relaxed, _push(relaxed, ws, _inline("127.0.0.1", rogue.port, platform="mysql"))),
                 _failed_task(relaxed, _push(relaxed, ws, _inline("127.0.0.1", pg_port)))]
    for task in tasks:
        assert "did not answer within 3 s (read timeout)" in task["error"], task["error"]
        assert "nothing was committed" in task["error"]
    # The worker is free again: a file task of the same workspace completes.
    done = wait_task(relaxed, relaxed.post("/generate_tasks", json={"workspace": ws, "database": "shop",
                                                                   "format": "csv"}).json()["id"])
    assert done["completed"], done


@pytest.mark.postgres
def test_a_push_waiting_on_a_lock_is_cut(relaxed_server: ApiServer, relaxed: httpx.Client, ws: str,
                                         postgres_url: str) -> None:
    target = urlsplit(postgres_url)
    inline = _inline("127.0.0.1", 5432, database_name=target.path.lstrip("/"), username="postgres")
    assert wait_task(relaxed, _push(relaxed, ws, inline).json()["id"])["completed"]
    with psycopg.connect(postgres_url) as holder:
        holder.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")  # held until the block ends
        task = _failed_task(relaxed, _push(relaxed, ws, inline, truncate=True, create_tables=False))
    # statement_timeout and lock_timeout are both 1.5 s here (below the 3 s read timeout): either may end it.
    assert "canceling statement due to" in task["error"] and "timeout" in task["error"], task["error"]
    assert "nothing was committed" in task["error"]
