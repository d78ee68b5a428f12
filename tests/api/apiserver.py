"""Helpers for the service tests: a real `synthdb serve` in a subprocess, keys, polling, local references."""

from __future__ import annotations

import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from synthdb.definition.fabricate import from_fabricate
from synthdb.definition.overrides import apply_overrides
from synthdb.service.generate import GenerateOptions, generate
from synthdb.store.db import open_store, sqlite_url
from synthdb.store.keys import create_api_key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PortTaken(RuntimeError):
    """The chosen port was taken between choosing it and binding it."""


class ApiServer:
    """`python -m synthdb serve` on a free local port with its own data directory."""

    def __init__(self, data_dir: Path, workers: int = 2, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.env = env or {}
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / f"{data_dir.name}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.base}/api/v1"

    def start(self, timeout: float = 30, attempts: int = 3) -> ApiServer:
        for attempt in range(attempts):
            try:
                return self._start(timeout)
            except PortTaken:
                # free_port() released the port before the server bound it; someone else took it.
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _start(self, timeout: float) -> ApiServer:
        self.port = free_port()
        env = {key: value for key, value in os.environ.items() if not key.startswith("SYNTHDB_")}
        env.update({"SYNTHDB_WORKERS": str(self.workers), **self.env})
        command = [sys.executable, "-m", "synthdb", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data-dir", str(self.data_dir), "--log-level", "warning"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                text = self.log.read_text()
                if "address already in use" in text.lower():
                    raise PortTaken(text)
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{text}")
            try:
                if httpx.get(f"{self.api}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    @property
    def store_url(self) -> str:
        return self.env.get("SYNTHDB_DATABASE_URL") or sqlite_url(self.data_dir)

    def key(self, workspace: str, role: str = "editor", expires_in: timedelta | None = None) -> str:
        store = open_store(self.store_url)
        try:
            return create_api_key(store, workspace, role, expires_in).key
        finally:
            store.dispose()

    def client(self, key: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=30)


def wait_task(client: httpx.Client, task_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll until the task completes or fails; returns the last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        task = client.get(f"/generate_tasks/{task_id}").json()
        if task["completed"] or task["error"]:
            return task
        assert 0 <= task["progress"] <= 1
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} did not finish in {timeout} s: {task}")


def fetch(url: str) -> httpx.Response:
    """GET a data_url exactly as the official clients do: no Authorization header."""
    return httpx.get(url, timeout=30)


def files_of(content: bytes, content_type: str, name: str) -> dict[str, bytes]:
    """The files of a download: a zip's members, or the one plain file."""
    if content_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {member: archive.read(member) for member in archive.namelist()}
    return {name: content}


def local_files(
    definition: dict[str, Any], fmt: str, entity: str | None = None, overrides: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """What the same request produces in-process, by synthdb's own generate (the reference)."""
    database = apply_overrides(from_fabricate(definition), overrides)
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(database, Path(tmp) / "out", GenerateOptions(fmt, entity=entity))
        content = path.read_bytes()
        kind = "application/zip" if zipfile.is_zipfile(path) and fmt != "sqlite" else "other"
        return files_of(content, kind, path.name)


def sqlite_rows(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows of a SQLite file given as bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite"
        path.write_bytes(content)
        conn = sqlite3.connect(path)
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
        finally:
            conn.close()


def shop(name: str = "shop", customers: int = 20, seed: int = 7) -> dict[str, Any]:
    """A small two-table definition in Fabricate's shape."""
    return {
        "name": name,
        "platform": "postgres",
        "seed": seed,
        "variables": {"n_customers": customers},
        "entities": [
            {
                "name": "customers",
                "record_count": "n_customers",
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                    {"name": "email", "generator": "Email Address", "data_type": "varchar(120)"},
                    {"name": "score", "generator": "Number", "min": 1, "max": 100, "data_type": "integer"},
                ],
            },
            {
                "name": "orders",
                "record_count": "n_customers * 2",
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                    {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
                     "primary_key_field": "id"},
                    {"name": "total", "generator": "Money", "min": 1, "max": 50, "data_type": "numeric(10,2)"},
                ],
            },
        ],
    }
