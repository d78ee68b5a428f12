"""Helpers of the mock API tests: the shop served by a real server (from a snapshot) and by `synthdb mock`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from api.apiserver import ApiServer, free_port

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "examples" / "shop.yaml"
# Small enough to be quick, large enough for pages, filters and children.
VARIABLES = {"n_customers": 40, "n_products": 15}


@dataclass
class Served:
    """A mock API under test: its base URL (…/api), the headers to send, and its snapshot file."""

    name: str
    base: str
    headers: dict[str, str]
    snapshot: Path
    other_headers: dict[str, str] = field(default_factory=dict)

    def client(self, headers: dict[str, str] | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=headers or self.headers, timeout=30)

    def sql(self, query: str, args: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(f"file:{self.snapshot}?mode=ro", uri=True)
        try:
            return con.execute(query, list(args)).fetchall()
        finally:
            con.close()


def shop_definition() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHOP.read_text())
    return data


def wait_snapshot(client: httpx.Client, url: str, name: str, timeout: float = 90) -> dict[str, Any]:
    """Poll the snapshot list until `name` is ready (or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        found = [s for s in answer.json() if s["name"] == name]
        assert found, answer.json()
        if found[0]["status"] != "pending":
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"snapshot {name} not ready in {timeout} s")


def start_local(
    tmp: Path, extra: list[str] | None = None, definition: Path = SHOP
) -> tuple[subprocess.Popen[bytes], int]:
    """`python -m synthdb mock` in a subprocess; returns it and its port once it answers."""
    port = free_port()
    args = [sys.executable, "-m", "synthdb", "mock", str(definition), "--port", str(port)]
    for name, value in VARIABLES.items():
        args += ["--var", f"{name}={value}"]
    log = (tmp / f"mock-{port}.log").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNTHDB_")}
    process = subprocess.Popen([*args, *(extra or [])], stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((tmp / f"mock-{port}.log").read_text())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api", timeout=1).status_code == 200:
                return process, port
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("synthdb mock did not start: " + (tmp / f"mock-{port}.log").read_text())


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def serve_shop(server: ApiServer, workspace: str, tmp: Path) -> tuple[Served, str]:
    """The shop stored in `workspace`, snapshotted and active; returns the Served and the editor key."""
    editor = server.key(workspace, "editor")
    with server.client(editor) as client:
        answer = client.post(f"/workspaces/{workspace}/databases", json=shop_definition())
        assert answer.status_code == 200, answer.text
        url = f"/workspaces/{workspace}/databases/shop/snapshots"
        created = client.post(url, json={"overrides": {"variables": VARIABLES}})
        assert created.status_code == 200, created.text
        ready = wait_snapshot(client, url, created.json()["name"])
        assert ready["status"] == "ready", ready
        file = client.get(f"{url}/{ready['name']}/download")
        assert file.status_code == 200, file.text
    path = tmp / f"{workspace}.sqlite"
    path.write_bytes(file.content)
    other = server.key(workspace, "mock")
    served = Served("server", f"{server.api}/workspaces/{workspace}/databases/shop/api",
                    {"Authorization": f"Bearer {server.key(workspace, 'mock')}"}, path,
                    {"Authorization": f"Bearer {other}"})
    return served, editor
