"""How a foreign key picks parent rows: children per parent, filters, weights, caps and hierarchies.

Everything is a pure function of the child row index: caps come from a keyed bijection of the child
rows onto parent "slots" (parents x cap), hierarchies from levels of contiguous row ranges.
"""

from __future__ import annotations

import math

import numpy as np

from synthdb import detmath
from synthdb.permutation import permute
from synthdb.randomness import Stream

_ZIPF_TOP = 10_000


def children_counts(distribution: str, rows: np.ndarray, stream: Stream, *, low: int, high: int | None,
                    mean: float | None, stddev: float | None, exact: int | None, exponent: float) -> np.ndarray:
    """Children per parent row for a count distribution, clipped to [low, high]."""
    if distribution == "uniform":
        assert high is not None
        counts = stream.integers(rows, low, high)
    elif distribution == "normal":
        assert mean is not None
        sd = stddev if stddev is not None else max(1.0, math.sqrt(mean))
        counts = np.rint(stream.normal(rows, mean, sd)).astype(np.int64)
    elif distribution == "poisson":
        assert mean is not None
        counts = stream.poisson(rows, mean)
    elif distribution == "zipf":
        # P(k) proportional to k**-exponent over k in [max(low, 1), high]: a few parents get many children.
        first = max(low, 1)
        last = high if high is not None else first + _ZIPF_TOP
        ks = np.arange(first, last + 1, dtype=np.float64)
        cdf = np.cumsum(detmath.pow(ks, -exponent))
        counts = first + np.searchsorted(cdf, stream.uniform(rows) * cdf[-1], side="right").astype(np.int64)
    else:  # fixed
        counts = np.full(len(rows), exact if exact is not None else low, dtype=np.int64)
    return np.clip(counts, low, high if high is not None else np.iinfo(np.int64).max)


def capped_picks(rows: np.ndarray, parents: int, cap: int, key: int) -> np.ndarray:
    """Parent index per child row, each parent used at most `cap` times (needs rows < parents*cap)."""
    slots = permute(rows, parents * cap, key)
    return slots // cap


def weighted_picks(rows: np.ndarray, stream: Stream, cumulative: np.ndarray) -> np.ndarray:
    """Parent index per child row, proportional to weights given as their running total."""
    picks = np.searchsorted(cumulative, stream.uniform(rows) * cumulative[-1], side="right")
    return np.minimum(picks, len(cumulative) - 1).astype(np.int64)


def hierarchy_levels(size: int, depth: int, fanout: float) -> np.ndarray:
    """First row of each level (and `size` at the end): level k holds about fanout**k rows per root."""
    if size == 0:
        return np.zeros(depth + 1, dtype=np.int64)
    # fanout**k as running products: exact operations, unlike a vectorised float power.
    weights = np.concatenate([[1.0], np.cumprod(np.full(max(depth - 1, 0), float(fanout)))])[:depth]
    sizes = np.floor(size * weights / weights.sum()).astype(np.int64)
    sizes[0] = max(sizes[0], 1)
    sizes[-1] += size - sizes.sum()
    while sizes[-1] < 0:  # rounding pushed the last level negative: take rows from the widest earlier level
        widest = int(np.argmax(sizes[:-1]))
        sizes[widest] -= 1
        sizes[-1] += 1
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


def hierarchy_parents(rows: np.ndarray, stream: Stream, bounds: np.ndarray) -> np.ndarray:
    """Parent row per row: a row of level k > 0 points at a row of level k-1; roots get -1.

    Parents always have smaller row indices, so the hierarchy is acyclic, its depth is bounded by the
    number of levels, and rows inserted in order never reference a row not yet inserted.
    """
    level = np.searchsorted(bounds, rows, side="right") - 1
    previous = np.maximum(level - 1, 0)
    start, stop = bounds[previous], bounds[previous + 1]
    width = np.maximum(stop - start, 1)
    picks = start + np.floor(stream.uniform(rows) * width).astype(np.int64)
    return np.where(level == 0, -1, np.minimum(picks, stop - 1))
