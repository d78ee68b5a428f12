"""Defaults shared by the CLI and the engine, in a module light enough for `synthdb --help` to import."""

from __future__ import annotations

import os

DEFAULT_BATCH_SIZE = 65_536

# Above this many rows a run uses every core by default. One process already uses more than one core:
# CSV/JSONL encoding and zip deflate run on threads beside the batch being made (outputs/batch_encoding.py),
# so a worker pool adds less than a core per core, and its start (a fork from the fork server, which takes
# about a second to import everything the first time) costs CPU the run could use. Measured 2026-12-07 on
# this 2-vCPU machine (bench/customers.yaml to encoded CSV, one run each): 2 workers took 1.13x the time of
# one at 3M rows, 0.93x at 5M and 0.98x at 10M; machines with more cores gain more.
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
