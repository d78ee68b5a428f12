"""`synthdb snapshots` against a real server, and `synthdb mock` reloading an edited definition."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.apiserver import ApiServer
from mock.mockhelpers import SHOP, shop_definition, start_local, stop


def cli(*args: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SYNTHDB_API_KEY": key}
    return subprocess.run([sys.executable, "-m", "synthdb", "snapshots", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_snapshots_cli(mock_server: ApiServer, tmp_path: Path) -> None:
    key = mock_server.key("clisnap", "editor")
    with mock_server.client(key) as client:
        assert client.post("/workspaces/clisnap/databases", json=shop_definition()).status_code == 200
    where = ["--url", mock_server.base, "--workspace", "clisnap", "--database", "shop"]
    created = cli("create", *where, "--var", "n_customers=9", "--var", "n_products=5", key=key)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("v1\tready\t")
    listed = cli("list", *where, key=key)
    assert listed.returncode == 0 and listed.stdout.startswith("v1\tready\t") and "active" in listed.stdout
    dest = tmp_path / "shop.sqlite"
    downloaded = cli("download", *where, "v1", "--dest", str(dest), key=key)
    assert downloaded.returncode == 0, downloaded.stderr
    con = sqlite3.connect(dest)
    assert con.execute("SELECT count(*) FROM customers").fetchone()[0] == 9
    con.close()
    missing = cli("download", *where, "v7", "--dest", str(tmp_path / "x.sqlite"), key=key)
    assert missing.returncode == 2 and "snapshot 'v7' not found" in missing.stderr
    assert not (tmp_path / "x.sqlite").exists()
    assert cli("delete", *where, "v1", key=key).returncode == 0
    assert cli("list", *where, key=key).stdout == ""


def test_mock_reloads_when_the_definition_changes(tmp_path: Path) -> None:
    definition = tmp_path / "shop.yaml"
    definition.write_text(SHOP.read_text())
    process, port = start_local(tmp_path, definition=definition)
    try:
        base = f"http://127.0.0.1:{port}/api"
        assert httpx.get(f"{base}/customers").headers["X-Total-Count"] == "40"
        assert httpx.get(f"{base}/customers", params={"_limit": 1}).status_code == 200
        # The CLI's --var still applies; a new default for another variable shows.
        text = SHOP.read_text().replace("n_products: 200", "n_products: 200\n  n_unused: 1")
        text = text.replace('record_count: "n_customers"', 'record_count: "n_customers + 5"')
        definition.write_text(text)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if httpx.get(f"{base}/customers").headers["X-Total-Count"] == "45":
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the mock API was not regenerated")
        # A broken edit keeps the last good data.
        definition.write_text("name: [unclosed")
        time.sleep(2.5)
        assert httpx.get(f"{base}/customers").headers["X-Total-Count"] == "45"
    finally:
        stop(process)


def test_mock_cli_bad_definition_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nentities: []\napi: {routes: [{path: /x, sql: 'DELETE FROM t'}]}\n")
    result = subprocess.run([sys.executable, "-m", "synthdb", "mock", str(bad), "--port", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "api.routes[0].sql" in result.stderr and str(bad) in result.stderr
