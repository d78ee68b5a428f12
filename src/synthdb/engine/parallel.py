"""Batches of a table from a pool of worker processes, yielded in row order (same bytes as one worker)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa

from synthdb.defaults import cores
from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import Plan
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer
from synthdb.errors import OutputError
from synthdb.pandas_probe import skip_pandas_probe

if TYPE_CHECKING:  # a process pool is imported only by runs that use workers
    from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
    from multiprocessing.context import BaseContext

    from synthdb.outputs.batch_encoding import BatchEncoding, EncodedStream, Payload

_worker_producer: Producer | None = None

# Batches produced per process id, in-process ones included: the tests' proof that a pool really ran
# several processes (nothing else reads it; a few ints per process started, so it never grows much).
produced_by: Counter[int] = Counter()
_counting = threading.Lock()  # batches are made on several threads
T = TypeVar("T")


def _init_worker(definition: dict[str, Any], seed: int, variables: Mapping[str, Any]) -> None:
    global _worker_producer
    # A worker only makes batches: pyarrow's first look for pandas would import it (0.5-0.9 s of its start).
    skip_pandas_probe()
    database = definition_from_data(definition)
    _worker_producer = Producer(build_plan(database, seed, variables))


@cache
def worker_context() -> BaseContext:
    """How workers start: forked from multiprocessing's fork server (engine/preload.py) where the platform
    has one, else spawned. Never forked from this process: Arrow and DuckDB hold threads that fork would
    copy in a broken state; the fork server is a fresh interpreter that runs none."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["synthdb.engine.preload"])
        return context
    return multiprocessing.get_context("spawn")


def _ping() -> int:
    return os.getpid()


def _make_batch(table: str, start: int, stop: int) -> tuple[int, pa.RecordBatch]:
    assert _worker_producer is not None, "worker not initialised"
    return os.getpid(), _worker_producer.batch(_worker_producer.plan.tables[table], start, stop)


def _make_encoded(table: str, start: int, stop: int, encoding: BatchEncoding) -> tuple[int, Payload]:
    assert _worker_producer is not None, "worker not initialised"
    payload = encoding(_worker_producer.batch(_worker_producer.plan.tables[table], start, stop), start)
    # A memoryview of Arrow's buffer does not pickle; its bytes do.
    return os.getpid(), [(bytes(s) if isinstance(s, memoryview) else s, ends) for s, ends in payload]


@contextmanager
def _worker_deaths() -> Iterator[None]:
    """A worker killed mid-run (out of memory, a signal) breaks the pool: say so plainly."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except BrokenProcessPool as error:
        raise OutputError(
            "a worker process stopped abruptly (killed by the system, often for lack of memory); nothing "
            "was written; run again with --workers 1, or with a smaller --batch-size"
        ) from error


class BatchSource:
    """Yields a table's batches, computed in this process or in `workers` processes."""

    # Make batches here while the workers start (False: wait for the pool and let it make every batch;
    # the bytes are the same either way, as tests comparing worker counts check with this off).
    make_while_starting = True

    def __init__(self, plan: Plan, batch_size: int, workers: int = 1, threads: int | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if threads is not None and threads < 1:
            raise ValueError("threads must be at least 1")
        self.plan = plan
        self.batch_size = batch_size
        self.workers = workers
        # Batches made in this process are made on this many threads: NumPy's and Arrow's kernels release
        # the GIL, so two threads made the 10-column customers table 1.7-1.9x as fast as one (2 cores).
        self.threads = threads if threads is not None else cores()
        self.producer = Producer(plan)
        self._pool: ProcessPoolExecutor | None = None
        self._ready: list[Future[int]] | None = None
        self._threads: ThreadPoolExecutor | None = None

    def __enter__(self) -> BatchSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            self._ready = None
        if self._threads is not None:
            self._threads.shutdown(cancel_futures=True)
            self._threads = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=worker_context(),
                initializer=_init_worker,
                initargs=(
                    self.plan.definition.model_dump(mode="json", by_alias=True),
                    self.plan.seed,
                    self.plan.variables,
                ),
            )
        return self._pool

    def batches(self, table: str) -> Iterator[pa.RecordBatch]:
        """Every batch of `table`, in row order."""
        with _worker_deaths():
            yield from self._batches(table)

    def _batches(self, table: str) -> Iterator[pa.RecordBatch]:
        ranges = self._ranges(table)
        if len(ranges) <= 1:
            for start, stop in ranges:
                yield self._here(table, start, stop)
            return
        if self.workers == 1:
            yield from self._on_threads(ranges, lambda start, stop: self._here(table, start, stop))
            return
        pool, ready = self._start()
        # A worker takes a while to start (the fork server's imports the first time, then the plan). Until
        # the first one answers, this process makes the batches itself, so a short run never waits for the
        # pool; the output is the same either way (a batch is a pure function of its rows).
        while self.make_while_starting and ranges and not any(ping.done() for ping in ready):
            yield self._here(table, *ranges.popleft())
        # A bounded window of work in flight keeps memory flat however many batches the table has.
        window: deque[Future[tuple[int, pa.RecordBatch]]] = deque()
        while ranges or window:
            while ranges and len(window) < 2 * self.workers:
                window.append(pool.submit(_make_batch, table, *ranges.popleft()))
            pid, result = window.popleft().result()
            with _counting:
                produced_by[pid] += 1
            yield result

    def _ranges(self, table: str) -> deque[tuple[int, int]]:
        """The [start, stop) row ranges of `table`'s batches, in order."""
        size = self.plan.tables[table].size
        return deque((s, min(size, s + self.batch_size)) for s in range(0, size, self.batch_size))

    def encoded(self, table: str, encoding: BatchEncoding) -> EncodedStream:
        """(rows, payload) of every batch of `table` in row order, each encoded where it was made: in a
        worker process, or here on a thread while the next batch is made (the same bytes either way)."""
        with _worker_deaths():
            yield from self._encoded(table, encoding)

    def _encoded(self, table: str, encoding: BatchEncoding) -> EncodedStream:
        ranges = self._ranges(table)
        if len(ranges) <= 1:
            for start, stop in ranges:
                yield stop - start, encoding(self._here(table, start, stop), start)
            return

        def make(start: int, stop: int) -> tuple[int, Payload]:
            return stop - start, encoding(self._here(table, start, stop), start)

        if self.workers == 1:
            yield from self._on_threads(ranges, make)
            return
        threads = self._making_threads()
        # In row order: (rows, a thread's payload or a worker's (pid, payload), whether a worker made it).
        window: deque[tuple[int, Future[Any], bool]] = deque()
        pool_ready = not self.make_while_starting
        pool, ready = self._start()
        while ranges or window:
            # Until a worker answers, batches are made and encoded here on threads (as with one worker).
            pool_ready = pool_ready or any(ping.done() for ping in ready)
            if ranges and len(window) < 2 * (self.workers if pool_ready else self.threads):
                start, stop = ranges.popleft()
                if pool_ready:
                    window.append((stop - start, pool.submit(_make_encoded, table, start, stop, encoding), True))
                else:
                    window.append((stop - start, threads.submit(make, start, stop), False))
                continue
            rows, future, remote = window.popleft()
            made, result = future.result()  # (a worker's pid, or the rows made here; the payload)
            if remote:
                with _counting:
                    produced_by[made] += 1
            yield rows, result

    def _making_threads(self) -> ThreadPoolExecutor:
        if self._threads is None:
            from concurrent.futures import ThreadPoolExecutor

            self._threads = ThreadPoolExecutor(self.threads, thread_name_prefix="synthdb-batch")
        return self._threads

    def _on_threads(self, ranges: deque[tuple[int, int]], make: Callable[[int, int], T]) -> Iterator[T]:
        """make(start, stop) of every range, on the threads, yielded in row order; a bounded window of
        batches in flight keeps memory flat however many the table has."""
        if self.threads == 1:
            for start, stop in ranges:
                yield make(start, stop)
            return
        threads = self._making_threads()
        window: deque[Future[T]] = deque()
        while ranges or window:
            while ranges and len(window) < 2 * self.threads:
                window.append(threads.submit(make, *ranges.popleft()))
            yield window.popleft().result()

    def _start(self) -> tuple[ProcessPoolExecutor, list[Future[int]]]:
        pool = self._get_pool()
        if self._ready is None:  # one ping per worker: each answers once its process has started
            self._ready = [pool.submit(_ping) for _ in range(self.workers)]
        return pool, self._ready

    def one_batch_each(self) -> bool:
        """Whether every table of the plan is at most one batch (then this process makes them all)."""
        return all(t.size <= self.batch_size for t in self.plan.tables.values())

    def start(self) -> None:
        """Start the worker processes now, without waiting for them (the run goes on meanwhile); only when
        some table has more than one batch, the only tables workers make."""
        if self.workers > 1 and not self.one_batch_each():
            self._start()

    def wait_until_ready(self) -> None:
        """Start the worker processes now and wait until the pool takes work (then no batch is made here)."""
        if self.workers > 1:
            for ping in self._start()[1]:
                ping.result()

    def _here(self, table: str, start: int, stop: int) -> pa.RecordBatch:
        with _counting:
            produced_by[os.getpid()] += 1
        return self.producer.batch(self.plan.tables[table], start, stop)
