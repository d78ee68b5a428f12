"""Parents picked without repeats inside each group of child rows (no product twice in one order).

A group is the children of one driving parent: contiguous rows, so a row's position in its group is
`row - partition_start`. Each group has a fixed sequence of draws (a pure function of the group and the
draw number, whatever the batch); its picks are the distinct parents of that sequence in order of first
appearance. Drawing with replacement and skipping repeats is sampling without replacement in proportion
to the popularity weights (successive sampling), so best-sellers stay best-sellers.

A group whose first `32 * size + 256` draws hold fewer distinct parents than it has rows (a group nearly
as large as the parent table, under a steep popularity) takes its remaining picks in popularity order,
most popular unused parent first. Both rules depend only on the group, so any row computes the same value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from synthdb.randomness import Stream, mix64

Sampler = Callable[[np.ndarray], np.ndarray]


def draw_limit(size: np.ndarray) -> np.ndarray:
    """How many draws a group of `size` rows makes before it falls back to popularity order."""
    return 32 * size + 256


def distinct_picks(group: np.ndarray, position: np.ndarray, group_size: np.ndarray, available: int,
                   sample: Sampler, by_rank: Sampler, stream: Stream) -> np.ndarray:
    """The parent index per row, distinct within each group.

    `group` is the driving parent row of each row, `position` its place in the group, `group_size` the
    group's number of rows (at most `available`); `sample(u)` maps uniform draws to parent indices and
    `by_rank(r)` gives the parent of popularity rank r.
    """
    groups, inverse = np.unique(group, return_inverse=True)
    inverse = inverse.reshape(-1)
    need = np.zeros(len(groups), dtype=np.int64)
    np.maximum.at(need, inverse, position + 1)
    size = np.zeros(len(groups), dtype=np.int64)
    size[inverse] = group_size
    limit = draw_limit(size)
    starts = np.concatenate([[0], np.cumsum(need)[:-1]]).astype(np.int64)
    picks = np.full(int(need.sum()), -1, dtype=np.int64)
    found = np.zeros(len(groups), dtype=np.int64)
    draws = np.minimum(2 * need + 8, limit)
    pending = np.arange(len(groups))
    seeds = mix64(groups.astype(np.uint64) ^ np.uint64(stream.key))
    while len(pending):
        count = draws[pending]
        local = np.repeat(np.arange(len(pending)), count)
        k = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        parents = sample(stream.uniform(seeds[pending][local] + k.astype(np.uint64)))
        _, first = np.unique(local * np.int64(available) + parents, return_index=True)
        first.sort()  # first appearances, grouped by owner in draw order
        owner = local[first]
        distinct = np.bincount(owner, minlength=len(pending))
        done = (distinct >= need[pending]) | (count >= limit[pending])
        place = np.arange(len(first)) - (np.cumsum(distinct) - distinct)[owner]
        keep = done[owner] & (place < need[pending][owner])
        picks[starts[pending][owner[keep]] + place[keep]] = parents[first[keep]]
        found[pending[done]] = np.minimum(distinct[done], need[pending][done])
        draws[pending] = np.minimum(count * 4, limit[pending])
        pending = pending[~done]
    short = np.nonzero(found < need)[0]
    if len(short):
        _fill_by_rank(picks, short, starts, found, need, available, by_rank)
    return picks[starts[inverse] + position]


def _fill_by_rank(picks: np.ndarray, short: np.ndarray, starts: np.ndarray, found: np.ndarray, need: np.ndarray,
                  available: int, by_rank: Sampler) -> None:
    """Complete the groups in `short` with their most popular unused parents, in rank order."""
    span = need[short]  # ranks 0 .. need-1 hold at least need - found unused parents
    local = np.repeat(np.arange(len(short)), span)
    ranks = np.arange(int(span.sum()), dtype=np.int64) - np.repeat(np.cumsum(span) - span, span)
    candidates = by_rank(ranks)
    used_owner = np.repeat(np.arange(len(short)), found[short])
    used_at = np.concatenate([np.arange(starts[g], starts[g] + found[g]) for g in short])
    used = used_owner * np.int64(available) + picks[used_at]
    fresh = ~np.isin(local * np.int64(available) + candidates, used)
    local, candidates = local[fresh], candidates[fresh]
    counts = np.bincount(local, minlength=len(short))
    place = np.arange(len(local)) - (np.cumsum(counts) - counts)[local]
    keep = place < (need[short] - found[short])[local]
    target = starts[short][local[keep]] + found[short][local[keep]] + place[keep]
    picks[target] = candidates[keep]
