"""Promises of the docs, through the real `synthdb` command: the progress bar, Ctrl-C, SIGKILL, keys.

Each test runs `python -m synthdb` as a child process and acts on it from outside as a user would:
a pseudo-terminal for the progress bar, real SIGINT and SIGKILL signals sent mid-load, the `keys`
command against a real server.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.apiserver import ApiServer

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop.yaml"
SMALL = ["--var", "n_customers=30", "--var", "n_products=5"]
# Big enough that the load is still inside its transaction when the signal arrives (seconds of work).
BIG = ["--var", "n_customers=40000", "--var", "n_products=50", "--batch-size", "200"]


def synthdb(*args: str) -> list[str]:
    return [sys.executable, "-m", "synthdb", *args]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTHDB_")}
    env.update(TERM="xterm", COLUMNS="120")
    return env


# --- the progress bar ----------------------------------------------------------------------------------
def run_on_terminal(command: list[str]) -> tuple[int, str]:
    """Run `command` with stderr on a pseudo-terminal; returns its exit code and what the terminal showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL,
                               env=child_env())
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(60), b"".join(chunks).decode("utf-8", "replace")


def test_generate_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    output = tmp_path / "s.zip"
    code, shown = run_on_terminal(synthdb("generate", str(SHOP), "-f", "csv", "-o", str(output), *SMALL))
    assert code == 0, shown
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)  # drop the terminal's colour and cursor codes
    with zipfile.ZipFile(output) as archive:  # every row written, headers aside
        rows = sum(archive.read(name).count(b"\n") - 1 for name in archive.namelist() if name.endswith(".csv"))
    # The bar starts at 0 of all rows and ends at all of them, labelled "generating" then "done".
    assert "generating" in text and f"0/{rows}" in text, text
    assert "done" in text and f"{rows}/{rows}" in text, text
    assert "━" * 10 in text, text


def test_generate_is_quiet_on_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run(synthdb("generate", str(SHOP), "-f", "csv", "-o", str(tmp_path / "s.zip"), *SMALL),
                            capture_output=True, text=True, env=child_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "━" not in result.stdout
    assert (tmp_path / "s.zip").stat().st_size > 0


# --- interrupting and killing a load ---------------------------------------------------------------------
def sqlite_snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        conn.close()


def postgres_snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    import psycopg

    with psycopg.connect(url) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall() for n in names}


def sqlite_writing(path: Path) -> Callable[[], bool]:
    """True once the load's transaction has written to the file (SQLite keeps a journal meanwhile)."""
    return lambda: any(Path(f"{path}{suffix}").exists() for suffix in ("-journal", "-wal"))


def postgres_writing(url: str) -> Callable[[], bool]:
    """True once another session holds a transaction that has written rows (it was given an xid)."""
    import psycopg

    def check() -> bool:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL").fetchone()
        return bool(row and row[0])
    return check


def signal_mid_load(target: str, writing: Callable[[], bool], sig: signal.Signals) -> subprocess.CompletedProcess:
    """Start `synthdb load --truncate` of a big shop, send `sig` once it is writing, wait for it to end."""
    process = subprocess.Popen(synthdb("load", str(SHOP), "--to", target, "--truncate", *BIG),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
    deadline = time.monotonic() + 120
    while not writing():
        assert process.poll() is None, ("the load ended before it was signalled", process.communicate())
        assert time.monotonic() < deadline, "the load never started writing"
        time.sleep(0.02)
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def load_small(target: str) -> None:
    """The rows that must survive: loaded in-process (one child process fewer, the test is about the next)."""
    from synthdb.definition.loader import load_definition
    from synthdb.service.load import LoadOptions, load

    load(load_definition(SHOP), target, LoadOptions(variables={"n_customers": 30, "n_products": 5}, create=True))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_signalled_sqlite_load_leaves_the_target_as_it_was(tmp_path: Path, sig: signal.Signals) -> None:
    path = tmp_path / "shop.db"
    load_small(f"sqlite:///{path}")
    before = sqlite_snapshot(path)
    assert sum(map(len, before.values())) > 30
    result = signal_mid_load(f"sqlite:///{path}", sqlite_writing(path), sig)
    if sig == signal.SIGINT:
        # Ctrl-C: exit code 130 and one line saying nothing was loaded.
        assert result.returncode == 130, result.stderr
        assert "interrupted" in result.stderr and "nothing was loaded" in result.stderr, result.stderr
    else:
        assert result.returncode == -signal.SIGKILL
    assert sqlite_snapshot(path) == before  # the truncate was rolled back along with the rows


@pytest.mark.postgres
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_signalled_postgres_load_leaves_the_target_as_it_was(postgres_url: str, sig: signal.Signals) -> None:
    load_small(postgres_url)
    before = postgres_snapshot(postgres_url)
    assert sum(map(len, before.values())) > 30
    result = signal_mid_load(postgres_url, postgres_writing(postgres_url), sig)
    expected = 130 if sig == signal.SIGINT else -signal.SIGKILL
    assert result.returncode == expected, result.stderr
    # PostgreSQL rolls back the killed session's transaction; wait for the backend to go away first.
    deadline = time.monotonic() + 30
    while postgres_writing(postgres_url)():
        assert time.monotonic() < deadline, "the killed load's session still holds its transaction"
        time.sleep(0.05)
    assert postgres_snapshot(postgres_url) == before


# --- the keys command ------------------------------------------------------------------------------------
def keys(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(synthdb("keys", *args, "--data-dir", str(data_dir)), capture_output=True, text=True,
                            env=child_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    return result


def test_keys_create_list_revoke_and_a_revoked_key_gets_401(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    server = ApiServer(data_dir, workers=1).start()
    try:
        created = keys(data_dir, "create", "--workspace", "team", "--role", "editor")
        key = created.stdout.strip()
        assert len(key.splitlines()) == 1 and len(key) > 20
        assert "store it now" in created.stderr and "team" in created.stderr
        other = server.key("team", "viewer")
        listed = [line.split("\t") for line in keys(data_dir, "list", "--workspace", "team").stdout.splitlines()]
        assert len(listed) == 2 and {row[2] for row in listed} == {"editor", "viewer"}
        assert all(row[1] == "team" and row[3] == "active" for row in listed), listed
        assert all(key not in "\t".join(row) for row in listed)  # only prefixes are shown
        (prefix,) = [row[0] for row in listed if key.startswith(row[0])]

        with server.client(key) as client:
            assert client.get("/workspaces/team/databases").status_code == 200
            assert "revoked 1 key(s)" in keys(data_dir, "revoke", prefix).stdout
            refused = client.get("/workspaces/team/databases")
            assert refused.status_code == 401, refused.text
            assert refused.json()["error"]
        with server.client(other) as client:  # the other key of the workspace still works
            assert client.get("/workspaces/team/databases").status_code == 200
        states = {row.split("\t")[0]: row.split("\t")[3] for row in keys(data_dir, "list").stdout.splitlines()}
        assert states[prefix] == "revoked"
    finally:
        server.stop()
