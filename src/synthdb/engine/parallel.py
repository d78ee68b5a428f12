"""Batches of a table from a pool of worker processes, yielded in row order (same bytes as one worker)."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import Plan
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer

if TYPE_CHECKING:  # a process pool is imported only by runs that use workers
    from concurrent.futures import Future, ProcessPoolExecutor

_worker_producer: Producer | None = None

# Batches produced per process id, in-process ones included: the tests' proof that a pool really ran
# several processes (nothing else reads it; a few ints per process started, so it never grows much).
produced_by: Counter[int] = Counter()


def _init_worker(definition: dict[str, Any], seed: int, variables: Mapping[str, Any]) -> None:
    global _worker_producer
    database = definition_from_data(definition)
    _worker_producer = Producer(build_plan(database, seed, variables))


def _make_batch(table: str, start: int, stop: int) -> tuple[int, pa.RecordBatch]:
    assert _worker_producer is not None, "worker not initialised"
    return os.getpid(), _worker_producer.batch(_worker_producer.plan.tables[table], start, stop)


class BatchSource:
    """Yields a table's batches, computed in this process or in `workers` processes."""

    def __init__(self, plan: Plan, batch_size: int, workers: int = 1) -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.plan = plan
        self.batch_size = batch_size
        self.workers = workers
        self.producer = Producer(plan)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: Arrow and DuckDB hold threads that fork would copy in a broken state.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
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
        plan = self.plan.tables[table]
        ranges = [(s, min(plan.size, s + self.batch_size)) for s in range(0, plan.size, self.batch_size)]
        if self.workers == 1 or len(ranges) <= 1:
            for start, stop in ranges:
                produced_by[os.getpid()] += 1
                yield self.producer.batch(plan, start, stop)
            return
        pool = self._get_pool()
        # A bounded window of work in flight keeps memory flat however many batches the table has.
        window: deque[Future[tuple[int, pa.RecordBatch]]] = deque()
        pending = iter(ranges)
        for start, stop in pending:
            window.append(pool.submit(_make_batch, table, start, stop))
            if len(window) >= 2 * self.workers:
                break
        while window:
            pid, result = window.popleft().result()
            produced_by[pid] += 1
            next_range = next(pending, None)
            if next_range is not None:
                window.append(pool.submit(_make_batch, table, *next_range))
            yield result
