"""Partitioned generation: each table cut into fixed row ranges that any process can produce on its own.

A `RunSpec` (the definition as JSON, the seed and the variables: never data) is all a worker needs; it
plans once per process and then produces "rows [start, stop) of table T" as Arrow batches. Every cell is
a pure function of (seed, table, column, row), so the bytes of a range do not depend on which process,
machine or cluster computes it. The parts of each table are fixed by `rows_per_part` alone, never by the
number of workers, so the files of a partitioned run are the same on any cluster.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from synthdb.defaults import DEFAULT_BATCH_SIZE
from synthdb.engine.plan import Plan, TablePlan
from synthdb.engine.produce import Producer

# About 1M rows: a part is a few seconds of one core, large enough that per-task overhead vanishes,
# and a multiple of Parquet's 128 Ki-row groups so a part's row groups line up with a one-file run's.
DEFAULT_ROWS_PER_PART = 1_048_576

# Plans built per process, by spec digest: a worker serving several runs keeps a few, never many.
_PRODUCERS: OrderedDict[str, Producer] = OrderedDict()
_KEEP = 4


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same text for the same value on every machine."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to produce any row range: the definition (as JSON data), the seed, the variables."""

    definition: Mapping[str, Any]
    seed: int
    variables: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_plan(cls, plan: Plan) -> RunSpec:
        """The spec of an already-built plan (its seed and variables resolved)."""
        return cls(plan.definition.model_dump(mode="json", by_alias=True), plan.seed, dict(plan.variables))

    @property
    def definition_hash(self) -> str:
        """SHA-256 of the definition's canonical JSON (the manifest records it)."""
        return hashlib.sha256(canonical_json(self.definition).encode()).hexdigest()

    @property
    def digest(self) -> str:
        """SHA-256 of the whole spec: two specs with the same digest produce the same rows."""
        text = canonical_json({"definition": self.definition, "seed": self.seed, "variables": self.variables})
        return hashlib.sha256(text.encode()).hexdigest()

    def producer(self) -> Producer:
        """This process's producer for the spec, planned on first use and then reused."""
        key = self.digest
        producer = _PRODUCERS.get(key)
        if producer is None:
            from synthdb.definition.loader import definition_from_data
            from synthdb.engine.planner import build_plan

            database = definition_from_data(dict(self.definition))
            producer = Producer(build_plan(database, self.seed, self.variables))
            _PRODUCERS[key] = producer
            while len(_PRODUCERS) > _KEEP:
                _PRODUCERS.popitem(last=False)
        else:
            _PRODUCERS.move_to_end(key)
        return producer

    def plan(self) -> Plan:
        """The plan of the spec (built once per process)."""
        return self.producer().plan


@dataclass(frozen=True)
class Part:
    """Rows [start, stop) of one table: the unit a worker produces and writes as one file."""

    table: str
    index: int
    start: int
    stop: int

    @property
    def rows(self) -> int:
        return self.stop - self.start


def table_parts(table: TablePlan, rows_per_part: int = DEFAULT_ROWS_PER_PART) -> list[Part]:
    """The parts of `table`; an empty table has one empty part (so formats with a header still write it)."""
    if rows_per_part < 1:
        raise ValueError("rows per part must be at least 1")
    if table.size == 0:
        return [Part(table.name, 0, 0, 0)]
    return [Part(table.name, index, start, min(table.size, start + rows_per_part))
            for index, start in enumerate(range(0, table.size, rows_per_part))]


def part_batches(spec: RunSpec, table: str, start: int, stop: int,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[pa.RecordBatch]:
    """Rows [start, stop) of `table` as record batches of at most `batch_size` rows, in order."""
    producer = spec.producer()
    plan = producer.plan.tables[table]
    if not 0 <= start <= stop <= plan.size:
        raise ValueError(f"rows [{start}, {stop}) are outside table '{table}' of {plan.size} rows")
    for first in range(start, stop, batch_size):
        yield producer.batch(plan, first, min(stop, first + batch_size))
