"""Properties of the random streams (synthdb/randomness.py) and the keyed permutation (synthdb/permutation.py).

Statistical checks use a stated false-alarm rate: a chi-square above its 1e-6 upper quantile, or a
correlation beyond 5 standard errors, fails; over the examples Hypothesis draws that is a false alarm
in well under one run in a thousand.
"""

from __future__ import annotations

import math
from functools import cache

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

KEYS = st.integers(min_value=0, max_value=(1 << 64) - 1)
SAMPLES = 20_000
Z_1E6 = 4.7534  # standard normal upper quantile at 1e-6
FALSE_ALARM = 1e-6


@cache
def chi_square_limit(dof: int) -> float:
    """Upper 1e-6 quantile of chi-square with `dof` degrees of freedom (solved with mpmath)."""
    c = 2 / (9 * dof)
    start = dof * (1 - c + Z_1E6 * math.sqrt(c)) ** 3  # Wilson-Hilferty, a few % off for few dof
    tail = lambda x: mpmath.gammainc(dof / 2, x / 2, mpmath.inf, regularized=True) - FALSE_ALARM  # noqa: E731
    return float(mpmath.findroot(tail, start))


def chi_square(counts: np.ndarray) -> float:
    expected = counts.sum() / counts.size
    return float(((counts - expected) ** 2).sum() / expected)


def test_chi_square_limit_matches_tables() -> None:
    # Tabulated 1e-6 quantiles: 63 dof 131.37, 7 dof 40.52.
    assert chi_square_limit(63) == pytest.approx(131.37, abs=0.01)
    assert chi_square_limit(7) == pytest.approx(40.52, abs=0.01)
    # And the statistic catches a skew: all draws in one of 64 cells.
    assert chi_square(np.array([SAMPLES] + [0] * 63)) > chi_square_limit(63)


# --- the permutation -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=5_000), key=KEYS)
def test_permutation_is_a_bijection_of_the_range(n: int, key: int) -> None:
    values = permute(np.arange(n), n, key)
    assert values.dtype == np.int64
    assert np.array_equal(np.sort(values), np.arange(n))


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=2, max_value=(1 << 62)), key=KEYS,
       rows=st.lists(st.integers(min_value=0, max_value=(1 << 62) - 1), min_size=1, max_size=300, unique=True))
def test_permutation_of_a_huge_range_stays_in_range_and_distinct(n: int, key: int, rows: list[int]) -> None:
    picked = np.array([r % n for r in rows], dtype=np.int64)
    picked = np.unique(picked)
    values = permute(picked, n, key)
    assert values.min() >= 0 and values.max() < n
    assert len(np.unique(values)) == len(picked)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=1, max_value=3_000), key=KEYS, data=st.data())
def test_permutation_does_not_depend_on_the_batch(n: int, key: int, data: st.DataObject) -> None:
    a = data.draw(st.integers(min_value=0, max_value=n - 1))
    b = data.draw(st.integers(min_value=a, max_value=n))
    whole = permute(np.arange(b), n, key)
    assert np.array_equal(permute(np.arange(a, b), n, key), whole[a:b])
    # Any order and any subset: each value is a function of its own row only.
    shuffled = np.array(data.draw(st.permutations(list(range(b)))), dtype=np.int64)
    assert np.array_equal(permute(shuffled, n, key), whole[shuffled])


@settings(max_examples=100, deadline=None)
@given(n=st.integers(min_value=16, max_value=5_000), k1=KEYS, k2=KEYS)
def test_other_keys_give_other_permutations(n: int, k1: int, k2: int) -> None:
    assume(k1 != k2)
    rows = np.arange(n)
    assert not np.array_equal(permute(rows, n, k1), permute(rows, n, k2))


def test_permutation_edge_cases() -> None:
    assert permute(np.arange(5) * 0, 1, 3).tolist() == [0] * 5
    with pytest.raises(ValueError, match="empty"):
        permute(np.arange(3), 0, 1)


def test_permutation_spreads_rows_uniformly() -> None:
    # Consecutive rows land anywhere: the image of the first 20,000 rows of a range of 2**40, in 64 bins.
    n = 1 << 40
    values = permute(np.arange(SAMPLES), n, derive_key("spread"))
    counts = np.bincount(values // (n // 64), minlength=64)
    assert chi_square(counts) < chi_square_limit(63)


# --- the streams ---------------------------------------------------------------------------------


ROWS = st.integers(min_value=0, max_value=(1 << 62))


@settings(max_examples=100, deadline=None)
@given(key=KEYS, start=ROWS, length=st.integers(min_value=1, max_value=500), data=st.data())
def test_streams_do_not_depend_on_the_batch(key: int, start: int, length: int, data: st.DataObject) -> None:
    stream = Stream(key)
    rows = np.arange(start, start + length, dtype=np.int64)
    cut = data.draw(st.integers(min_value=0, max_value=length))
    draw = data.draw(st.integers(min_value=0, max_value=5))
    for method in (lambda r: stream.bits(r, draw), lambda r: stream.uniform(r, draw),
                   lambda r: stream.normal(r, 3.0, 2.0, draw), lambda r: stream.integers(r, -5, 1 << 60, draw),
                   lambda r: stream.choice(r, 7, [1, 2, 3, 0, 5, 1, 1], draw), lambda r: stream.poisson(r, 4.2, draw)):
        whole = method(rows)
        assert np.array_equal(np.concatenate([method(rows[:cut]), method(rows[cut:])]), whole)
        assert np.array_equal(method(rows[::-1]), whole[::-1])


@settings(max_examples=100, deadline=None)
@given(key=KEYS, start=ROWS, low=st.integers(min_value=-(1 << 62), max_value=1 << 62),
       span=st.one_of(st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=1 << 62)))
def test_draws_stay_in_their_ranges(key: int, start: int, low: int, span: int) -> None:
    stream = Stream(key)
    rows = np.arange(start, start + 2_000, dtype=np.int64)
    u = stream.uniform(rows)
    assert u.min() >= 0.0 and u.max() < 1.0
    high = low + span - 1
    values = stream.integers(rows, low, high)
    assert values.min() >= low and values.max() <= high
    picks = stream.choice(rows, 5, [0, 1, 0, 2, 0])
    assert set(np.unique(picks)) <= {1, 3}
    assert stream.poisson(rows, 3.0).min() >= 0


def test_small_integer_ranges_are_uniform_and_reach_both_ends() -> None:
    values = Stream(derive_key("ints")).integers(np.arange(SAMPLES), 3, 10)
    counts = np.bincount(values - 3, minlength=8)
    assert counts.size == 8 and counts.min() > 0
    assert chi_square(counts) < chi_square_limit(7)


@settings(max_examples=60, deadline=None)
@given(k1=KEYS, k2=KEYS, start=ROWS)
def test_streams_of_different_keys_are_independent(k1: int, k2: int, start: int) -> None:
    assume(k1 != k2)
    rows = np.arange(start, start + SAMPLES, dtype=np.int64)
    u1, u2 = Stream(k1).uniform(rows), Stream(k2).uniform(rows)
    assert not np.array_equal(u1, u2)
    # Each is uniform on its own, and the pair is uniform on the 8x8 grid (no joint structure).
    for u in (u1, u2):
        assert chi_square(np.bincount((u * 64).astype(np.int64), minlength=64)) < chi_square_limit(63)
    cells = (u1 * 8).astype(np.int64) * 8 + (u2 * 8).astype(np.int64)
    assert chi_square(np.bincount(cells, minlength=64)) < chi_square_limit(63)
    assert abs(np.corrcoef(u1, u2)[0, 1]) < 5 / math.sqrt(SAMPLES)


@settings(max_examples=60, deadline=None)
@given(key=KEYS, start=ROWS)
def test_draws_of_one_cell_and_neighbouring_rows_are_independent(key: int, start: int) -> None:
    stream = Stream(key)
    rows = np.arange(start, start + SAMPLES + 1, dtype=np.int64)
    first, second = stream.uniform(rows, 0), stream.uniform(rows, 1)
    child = stream.child("purpose").uniform(rows)
    limit = 5 / math.sqrt(SAMPLES)
    assert abs(np.corrcoef(first, second)[0, 1]) < limit  # two draws of the same cell
    assert abs(np.corrcoef(first, child)[0, 1]) < limit  # a derived stream
    assert abs(np.corrcoef(first[:-1], first[1:])[0, 1]) < limit  # row i and row i + 1
    pairs = (first[:-1] * 8).astype(np.int64) * 8 + (first[1:] * 8).astype(np.int64)
    assert chi_square(np.bincount(pairs, minlength=64)) < chi_square_limit(63)


def test_normals_and_poisson_have_their_moments() -> None:
    rows = np.arange(SAMPLES)
    normal = Stream(derive_key("normal")).normal(rows, 5.0, 2.0)
    assert abs(normal.mean() - 5.0) < 5 * 2.0 / math.sqrt(SAMPLES)
    assert abs(normal.std() - 2.0) < 5 * 2.0 / math.sqrt(2 * SAMPLES)
    counts = Stream(derive_key("poisson")).poisson(rows, 4.0)
    assert abs(counts.mean() - 4.0) < 5 * 2.0 / math.sqrt(SAMPLES)
    assert abs(counts.var() - 4.0) < 0.3


def test_keys_depend_on_every_part() -> None:
    base = derive_key(1, "table", "column")
    assert len({base, derive_key(2, "table", "column"), derive_key(1, "tablE", "column"),
                derive_key(1, "table", "column", "null"), derive_key(1, "tablecolumn")}) == 5
    assert derive_key(1, "table", "column") == base
