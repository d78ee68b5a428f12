"""Name identities for unique emails (a keyed quota layout of first and last names) and unique suffix numbers.

A unique Email Address cannot tell, from one row, whether another row has the same name, so it used to
end every address in a de-duplicating number. Instead, when the table's email is unique, its name
columns take their names from a layout of the table's row positions: a keyed permutation puts row r at
position p in [0, N); first names own consecutive blocks of positions in proportion to their
frequencies (systematic sampling with a random start, so each name appears floor or ceil of N x share
times), and inside a first name's block last names own consecutive sub-blocks the same way, sorted so
that last names sharing an initial are adjacent. A row's position inside its blocks is its *rank*:
rank 0 in (first, last) is the only row that may write first.last, rank 0 of its first name the only
one that may write the bare first name, and so on, which makes the addresses distinct by construction
while most carry no digits. Names are grouped by their ASCII spelling (José and Jose are one key), so
keys are distinct strings. Everything is a pure function of (key, row, N): any batch, any worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.generators.helpers.reference import Choices, ascii_fold, first_names, last_names
from synthdb.generators.helpers.romanize import romanize
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key


@dataclass(frozen=True)
class NamePool:
    """A name list grouped by ASCII key: key g owns the cumulative share [cum[g], cum[g + 1])."""

    keys: pa.Array  # distinct lowercase a-z0-9 spellings, sorted ("" for names nothing folds to)
    cum: np.ndarray  # len(keys) + 1 cumulative shares, cum[0] == 0 and cum[-1] == 1 exactly
    raw: pa.Array  # the list's spellings, ordered by key
    raw_cum: np.ndarray  # cumulative share where each spelling starts (same scale as cum)
    group_of_raw: np.ndarray  # key index of each spelling
    # For each key, the index of the first key with the same initial (keys are sorted, so one initial's
    # keys are adjacent: each key takes the index where its initial's run begins).
    initial_starts: np.ndarray


def shares(pool: Choices) -> np.ndarray:
    """Each value's probability, read back from the list's alias table (uniform when unweighted)."""
    n = len(pool)
    if pool.threshold is None or pool.alias is None:
        return np.full(n, 1.0 / n)
    p = pool.threshold.astype(np.float64).copy()
    np.add.at(p, pool.alias, 1.0 - pool.threshold)
    return p / p.sum()


def fold_keys(values: pa.Array, locale: str) -> pa.Array:
    """The ASCII key of names: Latin letters folded (Müller → mueller), other scripts romanised first."""
    folded = ascii_fold(values)
    romanised = ascii_fold(romanize(values, locale))
    keep = pc.greater(pc.utf8_length(pc.fill_null(folded, "")), 0)
    return pc.fill_null(pc.if_else(keep, folded, romanised), "")


def _pool(pool: Choices, locale: str) -> NamePool:
    keys = fold_keys(pool.values, locale).to_numpy(zero_copy_only=False).astype(str)
    weights = shares(pool)
    distinct, group = np.unique(keys, return_inverse=True)
    order = np.argsort(group, kind="stable")
    raw_cum = np.concatenate([[0.0], np.cumsum(weights[order])])
    raw_cum /= raw_cum[-1]
    starts = np.searchsorted(group[order], np.arange(len(distinct)))
    cum = np.concatenate([raw_cum[starts], [1.0]])
    keys_array = pa.array(distinct.tolist(), pa.string())
    return NamePool(keys_array, cum, pool.values.take(pa.array(order)), raw_cum[:-1], group[order],
                    _initial_starts(keys_array))


def _initial_starts(keys: pa.Array) -> np.ndarray:
    initials = pc.utf8_slice_codeunits(keys, 0, 1).to_numpy(zero_copy_only=False)
    begins = np.ones(len(initials), dtype=bool)
    begins[1:] = initials[1:] != initials[:-1]
    return np.maximum.accumulate(np.where(begins, np.arange(len(initials), dtype=np.int64), 0))


def _cached_pool(locale: str, which: str, build: Callable[[], NamePool]) -> NamePool:
    """A pool from the reference cache: grouping 89,000 census surnames by their ASCII spelling takes about
    0.2 s, which every start of a run with a unique email would pay (one row of list columns, floats kept
    bit for bit)."""
    def as_table() -> pa.Table:
        pool = build()
        return pa.table({"keys": [pool.keys.to_pylist()], "cum": [pool.cum], "raw": [pool.raw.to_pylist()],
                         "raw_cum": [pool.raw_cum], "group_of_raw": [pool.group_of_raw.astype(np.int64)],
                         "initial_starts": [pool.initial_starts]})

    modules = ("identities", "reference", "census", "romanize")
    inputs = [source_of(f"synthdb.generators.helpers.{m}") for m in modules]
    table = cached_table("namepool", ("Faker", "anyascii"), as_table, inputs, (which, locale))

    def column(name: str) -> pa.Array:
        return column_of(table, name).values

    return NamePool(column("keys"), column("cum").to_numpy(), column("raw"), column("raw_cum").to_numpy(),
                    column("group_of_raw").to_numpy(), column("initial_starts").to_numpy())


@cache
def first_pool(locale: str, gender: str) -> NamePool:
    """The locale's first names of one gender (male, female) grouped by ASCII key."""
    return _cached_pool(locale, f"first-{gender}", lambda: _pool(first_names(locale, gender), locale))


@cache
def last_pool(locale: str) -> NamePool:
    """The locale's last names grouped by ASCII key (sorted, so one initial's names are adjacent)."""
    return _cached_pool(locale, "last", lambda: _pool(last_names(locale), locale))


def initial_starts(locale: str) -> np.ndarray:
    """For each last-name key, the index of the first key with the same initial (kept with the pool:
    comparing 89,000 initials took 6 ms of a start)."""
    return last_pool(locale).initial_starts


UNRANKED = np.iinfo(np.int64).max


@dataclass
class Layout:
    """Per row: its first and last name keys (indices into the pools) and where it ranks among them."""

    first: np.ndarray
    last: np.ndarray
    rank: np.ndarray  # position among the rows of the same (first, last)
    first_of_name: np.ndarray  # the first row of its first name
    first_of_initial: np.ndarray  # the first row of its (first name, last initial)


def _boundaries(n: np.ndarray | float, phi: np.ndarray | float, cum: np.ndarray) -> np.ndarray:
    """Integer starts ceil(n * cum - phi): where each share's block begins among n positions."""
    return np.ceil(n * cum - phi).astype(np.int64)


def layout(rows: np.ndarray, size: int, key: int, locale: str, gender: str) -> Layout:
    """The identities of `rows` in a table of `size` rows (pure in key, row and size)."""
    firsts, lasts = first_pool(locale, gender), last_pool(locale)
    p = permute(rows, size, derive_key(key, "position"))
    phi = float(Stream(derive_key(key, "start")).uniform(np.zeros(1, dtype=np.int64))[0])
    bounds = _boundaries(float(size), phi, firsts.cum)
    f = np.searchsorted(bounds, p, side="right") - 1
    start, n = bounds[f], (bounds[f + 1] - bounds[f]).astype(np.float64)
    local = p - start
    # Inside the first name's block, last names by share, from a random start per first name.
    phi_f = Stream(derive_key(key, "start-of-name")).uniform(f.astype(np.int64))
    lcum = lasts.cum
    last = np.clip(np.searchsorted(lcum, (local + phi_f) / n, side="right") - 1, 0, len(lcum) - 2)
    # The block a row belongs to is defined by the integer starts alone, whatever float rounding did.
    for _ in range(3):
        low = _boundaries(n, phi_f, lcum[last])
        high = _boundaries(n, phi_f, lcum[last + 1])
        last = np.clip(np.where(local < low, last - 1, np.where(local >= high, last + 1, last)), 0, len(lcum) - 2)
    low, high = _boundaries(n, phi_f, lcum[last]), _boundaries(n, phi_f, lcum[last + 1])
    # A row left outside its block (never seen; float rounding) gets no rank: its address takes a number.
    rank = np.where((local >= low) & (local < high), local - low, UNRANKED)
    initial_start = _boundaries(n, phi_f, lcum[initial_starts(locale)[last]])
    return Layout(f, last, rank, local == 0, local == initial_start)


def pick_spelling(pool: NamePool, groups: np.ndarray, u: np.ndarray) -> pa.Array:
    """A spelling of each key, by its share within the key (u: one uniform per row)."""
    low, high = pool.cum[groups], pool.cum[groups + 1]
    index = np.searchsorted(pool.raw_cum, low + u * (high - low), side="right") - 1
    index = np.clip(index, 0, len(pool.raw_cum) - 1)
    # Float rounding at a key's edge must not step into a neighbouring key's spellings.
    first = np.searchsorted(pool.group_of_raw, groups, side="left")
    last = np.searchsorted(pool.group_of_raw, groups, side="right") - 1
    return pool.raw.take(pa.array(np.clip(index, first, last)))


def suffix_numbers(rows: np.ndarray, key: int) -> np.ndarray:
    """A keyed bijection from row indices onto numbers of 1, 3, 5, 6, 7... digits.

    Never 2 or 4 digits, so a number can never read as a year (87, 1987) that another row's address
    carries; rows 0-8 get one digit, the next 900 three, and so on, each block shuffled by its own key.
    """
    out = np.zeros(len(rows), dtype=np.int64)
    start = 0
    for digits in (1, 3, *range(5, 19)):
        low = 10 ** (digits - 1) if digits > 1 else 1
        size = 10 ** digits - low
        mask = (rows >= start) & (rows < start + size)
        if mask.any():
            out[mask] = low + permute(rows[mask] - start, size, derive_key(key, digits))
        start += size
        if start > int(rows.max(initial=0)):
            break
    return out


def unique_numbers(rows: np.ndarray, key: int) -> np.ndarray:
    """A keyed bijection from row indices onto the integers >= 10, keeping numbers short.

    Rows 0..89 map onto the 2-digit numbers, the next 900 rows onto the 3-digit ones, and so on, each
    block shuffled by its own Feistel permutation. The result does not depend on the table size, and
    since a name part never ends in a digit, the trailing number alone makes each address distinct.
    """
    out = np.empty(len(rows), dtype=np.int64)
    width = np.ones(len(rows), dtype=np.int64) * 2
    start = 0
    starts = {}
    for d in range(2, 19):
        size = 9 * 10 ** (d - 1)
        starts[d] = start
        width[rows >= start + size] = d + 1
        start += size
        if start > int(rows.max(initial=0)):
            break
    for d in np.unique(width):
        mask = width == d
        size = 9 * 10 ** (int(d) - 1)
        out[mask] = 10 ** (int(d) - 1) + permute(rows[mask] - starts[int(d)], size, derive_key(key, int(d)))
    return out
