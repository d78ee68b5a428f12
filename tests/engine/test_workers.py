"""The worker pool really runs several processes, and 1, 2 and 3 workers write the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import psutil
import pyarrow as pa

from synthdb.definition.loader import definition_from_data
from synthdb.engine import parallel
from synthdb.engine.parallel import BatchSource
from synthdb.engine.planner import build_plan
from synthdb.service.generate import GenerateOptions, generate

# 60 batches: the pool spawns all its processes on the first window of 2*workers submissions,
# before the first batch comes back, so each of them is running when the first batch is reported.
DEFINITION = {"entities": [{"name": "t", "record_count": "6000", "fields": [
    {"name": "id", "generator": "Number", "primary_key": True},
    {"name": "name", "generator": "Full Name"},
    {"name": "email", "generator": "Email Address"},
    {"name": "amount", "generator": "Money", "min": 1, "max": 1000},
    {"name": "born", "generator": "Date Time"},
]}]}


def pool_processes() -> dict[int, psutil.Process]:
    """This process's pool workers: spawned children, or forks of multiprocessing's fork server."""
    from multiprocessing import forkserver

    server = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    found = {}
    for child in psutil.Process().children(recursive=True):
        try:
            command = " ".join(child.cmdline())
        except psutil.Error:  # exited meanwhile
            continue
        if "spawn_main" in command or ("forkserver" in command and child.pid != server):
            found[child.pid] = child
    return found


class PoolWatch:
    """Progress that notes, whenever a batch is reported, which worker processes this process runs."""

    def __init__(self) -> None:
        self.workers: set[int] = set()

    def start(self, total_rows: int) -> None:
        pass

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        self.workers |= set(pool_processes())

    def finish(self) -> None:
        pass


def _run(tmp_path: Path, workers: int) -> tuple[bytes, set[int], set[int]]:
    parallel.produced_by.clear()
    watch = PoolWatch()
    options = GenerateOptions("csv", seed=3, workers=workers, batch_size=100)
    path = generate(definition_from_data(DEFINITION), tmp_path / f"{workers}.zip", options, watch)
    return path.read_bytes(), set(parallel.produced_by), watch.workers


def test_one_two_and_three_workers_write_the_same_bytes_from_that_many_processes(tmp_path: Path) -> None:
    one, one_pids, none = _run(tmp_path, 1)
    assert one_pids == {os.getpid()} and not none
    for workers in (2, 3):
        data, producers, pool = _run(tmp_path, workers)
        assert data == one, f"{workers} workers changed the bytes"
        assert sum(parallel.produced_by.values()) == 60
        # The pool ran `workers` processes; every batch came from one of them or, while they were still
        # starting, from this one. (How the 60 batches split is the OS scheduler's choice.)
        assert len(pool) == workers, pool
        assert producers and producers <= pool | {os.getpid()}, (producers, pool)


def _plan(workers: int) -> BatchSource:
    plan = build_plan(definition_from_data(DEFINITION), 3, {})
    return BatchSource(plan, 100, workers)


def test_started_workers_make_every_batch() -> None:
    with _plan(2) as source:
        source.wait_until_ready()
        parallel.produced_by.clear()
        batches = list(source.batches("t"))
        pool = set(pool_processes())
    assert pool and os.getpid() not in parallel.produced_by
    assert set(parallel.produced_by) <= pool and sum(parallel.produced_by.values()) == 60
    with _plan(1) as alone:
        assert pa.Table.from_batches(batches).equals(pa.Table.from_batches(list(alone.batches("t"))))


def test_this_process_makes_the_first_batches_while_workers_start() -> None:
    with _plan(2) as source:
        parallel.produced_by.clear()
        first = next(iter(source.batches("t")))  # no interpreter starts in the time of one batch
        assert set(parallel.produced_by) == {os.getpid()}
        with _plan(1) as alone:
            assert first.equals(next(iter(alone.batches("t"))))


def test_encoded_batches_from_workers_match_this_process() -> None:
    from synthdb.outputs.batch_encoding import BatchEncoding
    from synthdb.outputs.formats.csv_format import CsvLines

    encoding = BatchEncoding("t", CsvLines(None, False), level=1)
    with _plan(2) as source:
        source.wait_until_ready()
        parallel.produced_by.clear()
        pooled = [(rows, payload) for rows, payload in source.encoded("t", encoding)]
        assert os.getpid() not in parallel.produced_by and sum(parallel.produced_by.values()) == 60
    with _plan(1) as alone:
        assert list(alone.encoded("t", encoding)) == pooled
    assert sum(rows for rows, _ in pooled) == 6000


def test_a_worker_killed_mid_run_is_a_clear_error() -> None:
    import pytest

    from synthdb.errors import OutputError

    with _plan(2) as source:
        source.wait_until_ready()
        victim = next(iter(pool_processes().values()))
        victim.kill()
        victim.wait(10)
        with pytest.raises(OutputError, match=r"a worker process stopped abruptly .* --workers 1"):
            list(source.batches("t"))


def _pandas_imported() -> bool:
    import sys

    return "pandas" in sys.modules


def test_workers_do_not_import_pandas() -> None:
    with _plan(2) as source:
        source.wait_until_ready()
        pool = source._get_pool()
        assert list(source.batches("t"))  # pyarrow's arrays were made in the workers
        assert not any(pool.submit(_pandas_imported).result() for _ in range(4))


def _threaded(tmp_path: Path, fmt: str, threads: int, monkeypatch) -> tuple[bytes, set[str]]:  # type: ignore[no-untyped-def]
    import threading

    from synthdb.engine.produce import Producer

    names: set[str] = set()
    make = Producer.batch

    def noting(self, table, start, stop):  # type: ignore[no-untyped-def]
        names.add(threading.current_thread().name)
        return make(self, table, start, stop)

    monkeypatch.setattr(Producer, "batch", noting)
    options = GenerateOptions(fmt, seed=3, batch_size=100, threads=threads)
    path = generate(definition_from_data(DEFINITION), tmp_path / f"{threads}.{fmt}", options)
    monkeypatch.undo()
    return path.read_bytes(), names - {"MainThread"}


def test_one_two_and_four_threads_write_the_same_bytes_from_that_many_threads(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("csv", "jsonl", "parquet", "sql"):
        one, serial = _threaded(tmp_path, fmt, 1, monkeypatch)
        assert not serial, serial  # one thread: every batch made by the caller
        for threads in (2, 4):
            data, makers = _threaded(tmp_path, fmt, threads, monkeypatch)
            assert data == one, f"{threads} threads changed the {fmt} bytes"
            assert len(makers) == threads and all(n.startswith("synthdb-batch") for n in makers), makers


def test_a_failing_batch_on_a_thread_fails_the_run_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from synthdb.engine.produce import Producer

    make = Producer.batch

    def failing(self, table, start, stop):  # type: ignore[no-untyped-def]
        if start >= 3000:
            raise RuntimeError("batch exploded")
        return make(self, table, start, stop)

    monkeypatch.setattr(Producer, "batch", failing)
    out = tmp_path / "t.zip"
    try:
        generate(definition_from_data(DEFINITION), out, GenerateOptions("csv", batch_size=100, threads=3))
    except RuntimeError as exc:
        assert "batch exploded" in str(exc)
    else:
        raise AssertionError("the run did not fail")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_run_of_one_batch_per_table_skips_the_probe_and_still_fails_with_nothing_written(tmp_path: Path,
                                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from synthdb.engine.produce import Producer
    from synthdb.service.run import Run

    probed: list[bool] = []
    monkeypatch.setattr(Run, "probe", lambda self, rows=8: probed.append(True))
    generate(definition_from_data(DEFINITION), tmp_path / "one.zip", GenerateOptions("csv", batch_size=10_000))
    assert probed == []  # 6,000 rows: one batch
    generate(definition_from_data(DEFINITION), tmp_path / "many.zip", GenerateOptions("csv", batch_size=1_000))
    assert probed == [True]
    make = Producer.batch

    def failing(self, table, start, stop):  # type: ignore[no-untyped-def]
        raise RuntimeError("batch exploded")

    monkeypatch.setattr(Producer, "batch", failing)
    out = tmp_path / "failed.zip"
    try:
        generate(definition_from_data(DEFINITION), out, GenerateOptions("csv", batch_size=10_000))
    except RuntimeError as exc:
        assert "batch exploded" in str(exc)
    else:
        raise AssertionError("the run did not fail")
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["many.zip", "one.zip"]
    assert make is not None
