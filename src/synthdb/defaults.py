"""Defaults shared by the CLI and the engine, in a module light enough for `synthdb --help` to import."""

from __future__ import annotations

import os

DEFAULT_BATCH_SIZE = 65_536

# Every run uses every core by default, on threads of its own process (engine/parallel.py): each thread
# makes a batch and encodes (and deflates) it, as NumPy's and Arrow's kernels release the GIL. Threads
# start at once and share the plan, the reference data and the compiled SQL, where a worker process pays a
# fork, its own plan and a copy of every batch's bytes back. Measured 2026-12-07 on this 2-vCPU machine
# (bench/customers.yaml to a plain CSV file): 1M rows 1.7-1.9x as fast on 2 threads as on 1 when only
# generating; 5M rows took 3.85-4.27 s on 2 threads against 4.55-5.02 s in 2 worker processes. Worker
# processes (--workers N) stay for generators whose work is Python-bound, where threads would queue on the GIL.


def cores() -> int:
    """The cores this process may run on (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_threads() -> int:
    """Threads making batches in a run's own process when none were asked for: one per core."""
    return cores()


# The command line's cyclic-collector thresholds: a young-generation pass every 50,000 allocations instead
# of 700. Start-up allocates hundreds of thousands of objects that live as long as the process (modules,
# pydantic schemas) and a run makes few cycles; the default passes cost 15-20 ms of a 0.45 s `validate`.
# Only the `synthdb` command sets them, never an importer of the library.
COLLECTOR_THRESHOLDS = (50_000, 20, 100)
