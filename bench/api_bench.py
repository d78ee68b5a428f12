"""Benchmark of the REST service: POST-to-downloadable latency and throughput with several tasks at once.

Starts `synthdb serve` on a free port with a temporary data directory, then measures over HTTP:

* latency: from `POST /generate_tasks` to the downloaded result of a 1,000-row database (250 customers,
  750 orders, csv), polling every 10 ms; median and p90 of 20 runs after 2 warm-up runs;
* throughput: 4 tasks submitted at once (1,000-row and larger databases), wall time until all four
  results are downloaded, in tasks/s and rows/s; the same 4 tasks one after the other for comparison.

The official clients poll every second, so a client sees the latency rounded up to the next second.

    python bench/api_bench.py [--runs 20] [--big-rows 1000000] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from synthdb.store.db import open_store, sqlite_url
from synthdb.store.keys import create_api_key


def definition(rows: int) -> dict[str, Any]:
    """customers (a quarter of the rows, 6 columns) and orders (the rest, 5 columns, a foreign key)."""
    return {
        "name": "bench",
        "seed": 1,
        "variables": {"n": rows // 4},
        "entities": [
            {"name": "customers", "record_count": "n", "fields": [
                {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                {"name": "first_name", "generator": "First Name"},
                {"name": "last_name", "generator": "Last Name"},
                {"name": "email", "generator": "Email Address"},
                {"name": "city", "generator": "City"},
                {"name": "created_at", "generator": "Datetime", "start_date": "2023-01-01", "end_date": "2024-12-31"},
            ]},
            {"name": "orders", "record_count": "n * 3", "fields": [
                {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
                 "primary_key_field": "id"},
                {"name": "status", "generator": "Custom List", "values": ["paid", "shipped", "delivered"]},
                {"name": "total", "generator": "Money", "min": 1, "max": 500},
                {"name": "ordered_at", "generator": "Datetime", "start_date": "2023-01-01", "end_date": "2024-12-31"},
            ]},
        ],
    }


def start_server(data_dir: Path, workers: int | None) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ)
    if workers:
        env["SYNTHDB_WORKERS"] = str(workers)
    process = subprocess.Popen(
        [sys.executable, "-m", "synthdb", "serve", "--port", str(port), "--data-dir", str(data_dir),
         "--log-level", "warning"], env=env,
    )
    api = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(300):
        try:
            if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                return process, api
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def run_task(client: httpx.Client, database: str, fmt: str = "csv") -> tuple[float, int]:
    """POST, poll every 10 ms, download data_url without credentials; (seconds, bytes downloaded)."""
    start = time.perf_counter()
    task = client.post("/generate_tasks", json={"workspace": "bench", "database": database, "format": fmt}).json()
    while not task.get("completed"):
        if task.get("error"):
            raise SystemExit(f"task failed: {task['error']}")
        time.sleep(0.01)
        task = client.get(f"/generate_tasks/{task['id']}").json()
    size = len(httpx.get(task["data_url"], timeout=60).content)
    return time.perf_counter() - start, size


def concurrent(client: httpx.Client, database: str, tasks: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(tasks) as pool:
        list(pool.map(lambda _: run_task(client, database), range(tasks)))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=None, help="server worker processes (default: its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = open_store(sqlite_url(data_dir))
        key = create_api_key(store, "bench", "editor").key
        store.dispose()
        process, api = start_server(data_dir, args.workers)
        try:
            with httpx.Client(base_url=api, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
                sizes = {"small": 1_000, "big": args.big_rows}
                for name, rows in sizes.items():
                    body = {**definition(rows), "name": name}
                    assert client.post("/workspaces/bench/databases", json=body).status_code == 200
                for _ in range(2):
                    run_task(client, "small")
                times = sorted(run_task(client, "small")[0] for _ in range(args.runs))
                p90 = times[max(0, int(len(times) * 0.9) - 1)]
                print(f"latency, POST to downloaded result, 1,000 rows (csv zip), {args.runs} runs: "
                      f"median {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
                      f"min {times[0] * 1000:.0f} ms")
                for name, rows in sizes.items():
                    together = concurrent(client, name, 4)
                    one_by_one = sum(run_task(client, name)[0] for _ in range(4))
                    print(f"4 tasks of {rows:,} rows: at once {together:.2f} s = {4 / together:.1f} tasks/s, "
                          f"{4 * rows / together:,.0f} rows/s; one after another {one_by_one:.2f} s "
                          f"({one_by_one / together:.2f}x)")
        finally:
            process.terminate()
            process.wait(15)


if __name__ == "__main__":
    main()
