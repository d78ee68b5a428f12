"""Defaults shared by the CLI and the engine, in a module light enough for `synthdb --help` to import."""

from __future__ import annotations

import os

DEFAULT_BATCH_SIZE = 65_536

# Above this many rows a run uses every core by default. A worker is a fresh interpreter (0.5-1 s to start
# on a quiet 2-core machine, more on a busy one); until one answers, the run makes batches itself
# (engine/parallel.py), so workers never delay a run, but starting them takes CPU the run could use.
# Measured on 2026-12-06 (quiet 2-core machine, plain csv of bench/customers.yaml): 2 workers ran 0.76x
# of 1 at 1M rows and 1.30x at 3M rows.
PARALLEL_ROWS = 2_000_000


def cores() -> int:
    """The cores this process may run on (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_workers(total_rows: int) -> int:
    """Worker processes for a run of `total_rows` when none were asked for: 1 for small runs, else every core."""
    return cores() if total_rows > PARALLEL_ROWS else 1
