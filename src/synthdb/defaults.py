"""Defaults shared by the CLI and the engine, in a module light enough for `synthdb --help` to import."""

from __future__ import annotations

import os

DEFAULT_BATCH_SIZE = 65_536

# Above this many rows a run uses every core by default: starting a worker process costs about 2 s
# (spawn, imports, plan), which a run of a few seconds would not earn back.
PARALLEL_ROWS = 200_000


def cores() -> int:
    """The cores this process may run on (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_workers(total_rows: int) -> int:
    """Worker processes for a run of `total_rows` when none were asked for: 1 for small runs, else every core."""
    return cores() if total_rows > PARALLEL_ROWS else 1
