"""Helpers of the fault tests: a server's worker processes, a target that never answers, task states."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import psutil

from api.apiserver import ApiServer


def worker_processes(server: ApiServer) -> list[psutil.Process]:
    """The server's task workers (spawned multiprocessing children)."""
    assert server.process is not None
    children = psutil.Process(server.process.pid).children()
    found = []
    for child in children:
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue  # exited meanwhile
    return found


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll `condition` until it returns something truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(interval)


def task_of(client: httpx.Client, task_id: str) -> dict[str, Any]:
    answer = client.get(f"/generate_tasks/{task_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def running(client: httpx.Client, task_id: str, progress: float = 0.0, timeout: float = 60) -> dict[str, Any]:
    """Wait until the task runs (with more than `progress` done); fails if it ends first."""
    def check() -> dict[str, Any] | None:
        task = task_of(client, task_id)
        assert task["status"] in ("pending", "running"), f"the task ended before the test could act: {task}"
        return task if task["status"] == "running" and task["progress"] > progress else None

    result: dict[str, Any] = wait_for(check, timeout, f"task {task_id} to run")
    return result


def submit(client: httpx.Client, body: dict[str, Any]) -> str:
    answer = client.post("/generate_tasks", json=body)
    assert answer.status_code == 200, answer.text
    task_id: str = answer.json()["id"]
    return task_id


@contextmanager
def silent_target() -> Iterator[tuple[int, threading.Event]]:
    """A TCP server on loopback that accepts connections and never sends a byte (a hung database).

    Yields its port and an event set once a client has connected.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    connected = threading.Event()
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            connected.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], connected
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


def push_to(port: int, workspace: str, database: str = "shop") -> dict[str, Any]:
    """A generate request pushing into a MySQL server on loopback at `port`."""
    connection = {"platform": "mysql", "host": "127.0.0.1", "port": port, "database_name": "target",
                  "username": "loader", "password": "pw"}
    return {"workspace": workspace, "database": database, "connection": connection, "create_tables": True}
