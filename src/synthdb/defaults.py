"""Defaults shared by the CLI and the engine, in a module light enough for `synthdb --help` to import."""

from __future__ import annotations

import os

DEFAULT_BATCH_SIZE = 65_536

# Above this many rows a run uses every core by default. Starting a worker process costs about 2 s
# (spawn, imports, plan) while one core makes 1-1.5M rows/s of a 10-column table on a quiet machine; at
# 1M rows bench/zip_bench.py measured 2 workers slower than 1 (even more so on a busy machine), so the
# switch comes where one core would need several seconds.
PARALLEL_ROWS = 5_000_000


def cores() -> int:
    """The cores this process may run on (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_workers(total_rows: int) -> int:
    """Worker processes for a run of `total_rows` when none were asked for: 1 for small runs, else every core."""
    return cores() if total_rows > PARALLEL_ROWS else 1
