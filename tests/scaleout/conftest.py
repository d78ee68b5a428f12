"""A real Dask cluster on loopback (a scheduler and two single-thread workers as processes) and a local
S3 server (moto's, the way s3fs tests itself), started once for the scale-out tests and torn down after."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Fake credentials for the local S3 server: the tests check they never show in any output.
S3_ENV = {"AWS_ACCESS_KEY_ID": "synthdb-test-key", "AWS_SECRET_ACCESS_KEY": "synthdb-test-secret-0123456789",
          "AWS_DEFAULT_REGION": "us-east-1"}


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started and its children (its own session): TERM, then KILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on a free loopback port (in this process, on a thread)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def store_env(s3_endpoint: str) -> dict[str, str]:
    """The environment every process of the cluster (and the client) reads its S3 settings from."""
    return {**S3_ENV, "AWS_ENDPOINT_URL_S3": s3_endpoint}


@pytest.fixture(scope="session")
def cluster_env(store_env: dict[str, str]) -> dict[str, str]:
    paths = [str(ROOT / "src"), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, **store_env, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


@pytest.fixture(scope="session")
def scheduler(tmp_path_factory: pytest.TempPathFactory, cluster_env: dict[str, str]) -> Iterator[str]:
    """The address (tcp://127.0.0.1:PORT) of a Dask scheduler with two worker processes."""
    workdir = tmp_path_factory.mktemp("dask")
    info = workdir / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> None:
        log = open(workdir / f"process-{len(processes)}.log", "wb")  # noqa: SIM115 (kept open for the process)
        processes.append(subprocess.Popen([sys.executable, "-m", *args], env=cluster_env, cwd=workdir,
                                          stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

    try:
        start("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(info))
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert info.exists(), "the Dask scheduler did not start: " + (workdir / "process-0.log").read_text()
        address = json.loads(info.read_text())["address"]
        for name in ("worker-a", "worker-b"):
            start("distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                  "--host", "127.0.0.1", "--name", name, "--local-directory", str(workdir))
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)
