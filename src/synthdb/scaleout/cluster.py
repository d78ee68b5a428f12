"""`--cluster ADDRESS`: a Dask scheduler URL (`tcp://host:8786`) or `local[:N]` for a cluster on this machine."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from synthdb.errors import UsageError

# Schemes distributed's comm layer speaks; a bare `host:port` means tcp.
SCHEMES = ("tcp", "tls", "ws", "wss")
_LOCAL = re.compile(r"^local(?::(?P<n>[0-9]+))?$")
_REMOTE = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(?P<port>[0-9]{1,5})$")


def connect_timeout() -> float:
    """Seconds to wait for a scheduler before saying it cannot be reached (SYNTHDB_DASK_CONNECT_TIMEOUT)."""
    return float(os.environ.get("SYNTHDB_DASK_CONNECT_TIMEOUT", "10"))


def parse_address(address: str) -> tuple[str, int | None]:
    """('local', workers) or ('remote', None) after checking the address; a UsageError names what is wrong."""
    text = address.strip()
    local = _LOCAL.match(text)
    if local:
        workers = int(local["n"]) if local["n"] else (os.cpu_count() or 1)
        if workers < 1:
            raise UsageError(f"--cluster {address}: a local cluster needs at least 1 worker")
        return "local", workers
    remote = _REMOTE.match(text)
    if remote is None or (remote["scheme"] or "tcp") not in SCHEMES or not 0 < int(remote["port"]) < 65536:
        raise UsageError(f"--cluster '{address}' is not a Dask scheduler address: use tcp://HOST:PORT "
                         f"(or {', '.join(s + '://' for s in SCHEMES[1:])}) or local[:N]")
    return "remote", None


def scheduler_url(address: str) -> str:
    """The address with its scheme (`host:8786` becomes `tcp://host:8786`)."""
    text = address.strip()
    return text if "://" in text else f"tcp://{text}"


def local_cluster(workers: int) -> Any:
    """A LocalCluster of `workers` single-thread worker processes, set up for generation."""
    import dask
    from distributed import LocalCluster

    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc return freed memory
    # at almost every step: generation (many short-lived Arrow and NumPy buffers) measured 1.75x slower with
    # it. A worker's memory is bounded by its part, not by the run, so the trimming buys nothing here.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        # One thread per worker: generation holds the GIL in places, processes are what scale. The
        # dashboard takes any free port: a fixed one may be another cluster's on a shared machine.
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A dask.distributed Client for `address`; a local cluster is started here and stopped on exit."""
    kind, workers = parse_address(address)
    try:
        from distributed import Client
    except ImportError as exc:  # the `scale` extra is not installed
        raise UsageError("--cluster needs dask.distributed: pip install 'synthdb[scale]'") from exc
    if kind == "local":
        cluster = local_cluster(workers or 1)
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    url = scheduler_url(address)
    timeout = connect_timeout()
    try:
        client = Client(url, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {url} within {timeout:g} s: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
