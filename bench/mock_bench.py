"""Benchmark of the mock API: requests/s and p50/p99 latency at 4 concurrent clients.

Starts `synthdb mock examples/shop.yaml --var n_customers=N` on a free port (the same MockService the
server uses for a snapshot), then for each scenario runs 4 client threads for a fixed time:

* list-with-filter: `GET /api/orders?status=paid&total_gte=100&_sort=-total&_limit=20` (count + page);
* get-by-id: `GET /api/customers/{id}` with ids spread over the table.

    python bench/mock_bench.py [--customers 100000] [--seconds 5] [--clients 4] [--server]

With --server the same requests go to `synthdb serve` (a snapshot made by a generate task, a `mock` key):
the difference is the service's per-request work (key check, database and snapshot lookup in the store).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import yaml

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(customers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "synthdb", "mock", str(SHOP), "--port", str(port),
                                "--var", f"n_customers={customers}", "--no-watch"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    while True:
        if process.poll() is not None:
            raise SystemExit("synthdb mock exited")
        try:
            if httpx.get(base, timeout=1).status_code == 200:
                return process, base, time.perf_counter() - began
        except httpx.HTTPError:
            time.sleep(0.2)


def start_server(customers: int, data_dir: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str], float]:
    from synthdb.store.db import open_store, sqlite_url
    from synthdb.store.keys import create_api_key

    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "synthdb", "serve", "--port", str(port), "--data-dir",
                                str(data_dir), "--workers", "1", "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api/v1"
    while True:
        try:
            if httpx.get(f"{api}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    store = open_store(sqlite_url(data_dir))
    editor, mock = (create_api_key(store, "bench", role).key for role in ("editor", "mock"))
    store.dispose()
    with httpx.Client(base_url=api, headers={"Authorization": f"Bearer {editor}"}, timeout=60) as client:
        client.post("/workspaces/bench/databases", json=yaml.safe_load(SHOP.read_text())).raise_for_status()
        url = "/workspaces/bench/databases/shop/snapshots"
        client.post(url, json={"overrides": {"variables": {"n_customers": customers}}}).raise_for_status()
        while client.get(url).json()[0]["status"] == "pending":
            time.sleep(0.2)
    headers = {"Authorization": f"Bearer {mock}"}
    return process, f"{api}/workspaces/bench/databases/shop/api", headers, time.perf_counter() - began


def run(base: str, paths: list[str], clients: int, seconds: float,
        headers: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) of `clients` threads cycling through `paths`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        with httpx.Client(base_url=base, timeout=30, headers=headers) as http:
            n = index
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                answer = http.get(paths[n % len(paths)])
                latencies[index].append(time.perf_counter() - t0)
                errors[index] += answer.status_code != 200
                n += clients

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for part in latencies for x in part)
    p99 = every[min(len(every) - 1, int(len(every) * 0.99))]
    return len(every) / elapsed, statistics.median(every) * 1000, p99 * 1000, sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--server", action="store_true", help="through synthdb serve and a snapshot")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    headers: dict[str, str] = {}
    if args.server:
        process, base, headers, startup = start_server(args.customers, Path(scratch.name) / "data")
    else:
        process, base, startup = start(args.customers)
    try:
        orders = int(httpx.get(f"{base}/orders", params={"_limit": 1}, headers=headers).headers["X-Total-Count"])
        print(f"shop at {args.customers:,} customers ({orders:,} orders): generated and served in {startup:.1f} s")
        step = max(1, args.customers // 997)
        scenarios = {
            "list-with-filter": ["/orders?status=paid&total_gte=100&_sort=-total&_limit=20",
                                 "/orders?status=shipped&total_lt=500&_page=3&_limit=20"],
            "get-by-id": [f"/customers/{1 + (i * step) % args.customers}" for i in range(997)],
        }
        for name, paths in scenarios.items():
            run(base, paths, args.clients, 0.5, headers)  # warm-up
            rate, p50, p99, errors = run(base, paths, args.clients, args.seconds, headers)
            print(f"{name:18s} {args.clients} clients: {rate:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms"
                  f"   errors {errors}")
    finally:
        process.terminate()
        process.wait(15)
        scratch.cleanup()


if __name__ == "__main__":
    main()
