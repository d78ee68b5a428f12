"""Aggregates of a child table per parent row (Sum From Another Table): pure, from the child's columns.

When the child's row count is driven by that foreign key, a parent's children are one contiguous range
of child rows (prefix sums), so the aggregate is computed from those rows alone and nothing is stored.
Otherwise one pass over the child table accumulates per-parent results, held in memory (8-16 bytes per
parent row) and computed once per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from synthdb.generators.helpers.arrays import as_numbers, decimal_from_scaled
from synthdb.generators.helpers.once import kept_item

if TYPE_CHECKING:
    from synthdb.engine.produce import Producer

_CHUNK = 1 << 18


class ChildAggregator:
    """Computes child aggregates per parent row for one Producer (its caches live as long as it does)."""

    def __init__(self, producer: Producer) -> None:
        self.producer = producer
        # One pass over the child table per aggregate, shared by every thread making batches (helpers/once).
        self._totals: dict[tuple[str, str, str | None], tuple[np.ndarray, np.ndarray, int | None]] = {}

    def __call__(self, child: str, fk: str, value: str | None, parents: np.ndarray, how: str) -> pa.Array:
        table = self.producer.plan.tables[child]
        driver = table.driver
        if driver is not None and driver.name == fk and table.offsets is not None:
            sums, counts, scale = self._from_ranges(child, value, table.offsets, parents)
        else:
            all_sums, all_counts, scale = self._full_pass(child, fk, value)
            sums, counts = all_sums[parents], all_counts[parents]
        return _finish(sums, counts, scale, how)

    def _from_ranges(self, child: str, value: str | None, offsets: np.ndarray, parents: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, int | None]:
        starts, stops = offsets[parents], offsets[parents + 1]
        counts = (stops - starts).astype(np.float64)
        if value is None:
            return counts, counts, None
        lengths = stops - starts
        # Every parent's child rows, concatenated in order: start + position within its range.
        owner = np.repeat(np.arange(len(parents)), lengths)
        first = np.cumsum(lengths) - lengths
        rows = (starts[owner] + np.arange(int(lengths.sum())) - first[owner]).astype(np.int64)
        numbers, scale = as_numbers(self.producer.lookup(child, value, rows))
        valid = ~np.isnan(numbers)
        sums = np.bincount(owner[valid], weights=numbers[valid], minlength=len(parents))
        counts = np.bincount(owner[valid], minlength=len(parents)).astype(np.float64)
        return sums, counts, scale

    def _full_pass(self, child: str, fk: str, value: str | None) -> tuple[np.ndarray, np.ndarray, int | None]:
        return kept_item(self._totals, (child, fk, value), lambda: self._pass(child, fk, value))

    def _pass(self, child: str, fk: str, value: str | None) -> tuple[np.ndarray, np.ndarray, int | None]:
        table = self.producer.plan.tables[child]
        parent = table.columns[fk].generator.references()[0][0]
        size = self.producer.plan.tables[parent].size
        sums, counts = np.zeros(size), np.zeros(size)
        scale: int | None = None
        wanted = {fk} | ({value} if value else set())
        for start in range(0, table.size, _CHUNK):
            rows = np.arange(start, min(table.size, start + _CHUNK), dtype=np.int64)
            built, picked = self.producer.columns_and_parents(table, rows, wanted)
            owner = picked[fk]
            if value is None:
                numbers = np.ones(len(rows))
            else:
                numbers, scale = as_numbers(built[value])
            valid = (owner >= 0) & ~np.isnan(numbers)
            sums += np.bincount(owner[valid], weights=numbers[valid], minlength=size)
            counts += np.bincount(owner[valid], minlength=size)
        return sums, counts, scale


def _finish(sums: np.ndarray, counts: np.ndarray, scale: int | None, how: str) -> pa.Array:
    if how == "count":
        return pa.array(counts.astype(np.int64))
    if how == "avg":
        with np.errstate(invalid="ignore", divide="ignore"):
            averages = sums / counts / (10**scale if scale else 1)
        return pa.array(averages, mask=counts == 0)
    if scale is not None:
        return decimal_from_scaled(sums.astype(np.int64), 38, scale)
    return pa.array(sums)
