"""The worker pool really runs several processes, and 1, 2 and 3 workers write the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import synthdb
from synthdb.engine import parallel

# Enough batches (60) with enough work each that several workers of the pool get some: the pool spawns
# all its processes on the first window of 2*workers submissions, before any result is read. Which
# process takes which batch is up to the OS scheduler, so on a loaded machine one of three workers may
# start too late to get any: the test asserts at least two distinct processes, never in the caller.
DEFINITION = {"entities": [{"name": "t", "record_count": "6000", "fields": [
    {"name": "id", "generator": "Number", "primary_key": True},
    {"name": "name", "generator": "Full Name"},
    {"name": "email", "generator": "Email Address"},
    {"name": "amount", "generator": "Money", "min": 1, "max": 1000},
    {"name": "born", "generator": "Date Time"},
]}]}


def _run(tmp_path: Path, workers: int) -> tuple[bytes, set[int]]:
    parallel.produced_by.clear()
    path = synthdb.generate(DEFINITION, "csv", tmp_path / f"{workers}.zip", seed=3, batch_size=100, workers=workers)
    return path.read_bytes(), set(parallel.produced_by)


def test_one_two_and_three_workers_write_the_same_bytes_from_several_processes(tmp_path: Path) -> None:
    one, one_pids = _run(tmp_path, 1)
    assert one_pids == {os.getpid()}
    for workers in (2, 3):
        data, pids = _run(tmp_path, workers)
        assert data == one, f"{workers} workers changed the bytes"
        assert os.getpid() not in pids, "batches were made in the calling process"
        assert 2 <= len(pids) <= workers, f"{workers} workers but batches came from {len(pids)} processes"
        assert sum(parallel.produced_by.values()) == 60
