"""Vectorized building blocks for identifiers: digit matrices, check digits and fixed-width text.

Identifiers are built as NumPy matrices (one row per value, one column per character) so that check
digits are computed column by column over all rows at once; `text` turns such a matrix into an Arrow
string array without any per-row Python work.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

ZERO = ord("0")


def digits_of(values: np.ndarray, width: int) -> np.ndarray:
    """Decimal digits of non-negative integers, most significant first: an (n, width) int64 matrix."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values.astype(np.int64)[:, None] // powers) % 10


def number_of(digits: np.ndarray) -> np.ndarray:
    """The integers whose decimal digits are the rows of `digits` (inverse of `digits_of`)."""
    width = digits.shape[1]
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return digits.astype(np.int64) @ powers


def chars(digits: np.ndarray) -> np.ndarray:
    """ASCII codes of a digit matrix (or vector)."""
    return (np.asarray(digits) + ZERO).astype(np.uint8)


def column(values: np.ndarray) -> np.ndarray:
    """A vector of per-row ASCII codes as a one-column matrix."""
    return np.asarray(values, dtype=np.uint8).reshape(-1, 1)


def compose(n: int, *parts: np.ndarray | str) -> np.ndarray:
    """Concatenate ASCII matrices (n rows each) and literal strings into one (n, width) uint8 matrix."""
    blocks = []
    for part in parts:
        if isinstance(part, str):
            literal = np.frombuffer(part.encode("ascii"), dtype=np.uint8)
            blocks.append(np.broadcast_to(literal, (n, len(literal))))
        else:
            blocks.append(part.reshape(n, -1).astype(np.uint8, copy=False))
    return np.concatenate(blocks, axis=1) if blocks else np.empty((n, 0), dtype=np.uint8)


def text(matrix: np.ndarray, lengths: np.ndarray | None = None) -> pa.Array:
    """An Arrow string array from an (n, width) ASCII/UTF-8 byte matrix; `lengths` trims each row."""
    n, width = matrix.shape
    if lengths is None:
        data = np.ascontiguousarray(matrix, dtype=np.uint8).reshape(-1)
        offsets = np.arange(n + 1, dtype=np.int64) * width
    else:
        lengths = lengths.astype(np.int64)
        data = np.ascontiguousarray(matrix, dtype=np.uint8)[np.arange(width) < lengths[:, None]]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
    small = int(offsets[-1]) < 1 << 31
    kind = pa.string() if small else pa.large_string()
    offsets = offsets.astype(np.int32 if small else np.int64)
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())])


def body_indices(rows: np.ndarray, stream: Stream, size: int, unique: bool) -> np.ndarray:
    """Indices in [0, size): a keyed bijection of the row index when `unique`, else uniform draws."""
    if unique:
        return permute(rows, size, derive_key(stream.key, "unique"))
    return stream.integers(rows, 0, size - 1, draw=7)


def skip_forbidden(indices: np.ndarray, forbidden: Sequence[int] | np.ndarray) -> np.ndarray:
    """Map [0, size - len(forbidden)) onto [0, size) minus `forbidden`, order-preserving (a bijection).

    The i-th allowed value is i + k, where k counts the forbidden values below it; with the forbidden
    values sorted, k is one binary search in (f_j - j), which is non-decreasing.
    """
    f = np.unique(np.asarray(forbidden, dtype=np.int64))
    if not len(f):
        return indices.astype(np.int64)
    shifted = f - np.arange(len(f), dtype=np.int64)
    return indices.astype(np.int64) + np.searchsorted(shifted, indices, side="right")


def luhn_digit(payload: np.ndarray) -> np.ndarray:
    """The Luhn check digit completing each row of a digit matrix."""
    doubled = np.zeros(payload.shape[1], dtype=bool)
    doubled[::-1][::2] = True  # the digit next to the check digit is doubled, then every other one
    d = payload.astype(np.int64)
    d2 = d * 2
    total = np.where(doubled, np.where(d2 > 9, d2 - 9, d2), d).sum(axis=1)
    return (10 - total % 10) % 10


def weighted_sum(digits: np.ndarray, weights: Sequence[int]) -> np.ndarray:
    """Sum of digit * weight per row (weights align with the leading columns)."""
    w = np.asarray(weights, dtype=np.int64)
    return digits[:, : len(w)].astype(np.int64) @ w


def gs1_digit(payload: np.ndarray) -> np.ndarray:
    """The GS1 (EAN/UPC/ISBN-13) check digit: weights 3,1,3,... from the right of the payload."""
    width = payload.shape[1]
    # From the right: the digit next to the check digit weighs 3.
    weights = [3 if (width - 1 - i) % 2 == 0 else 1 for i in range(width)]
    return (10 - weighted_sum(payload, weights) % 10) % 10


def mod97_key(values: np.ndarray) -> np.ndarray:
    """97 - (n mod 97): the key of French NIR and Belgian national numbers."""
    return 97 - values.astype(np.int64) % 97


def random_dates(rows: np.ndarray, stream: Stream, first_year: int, last_year: int) -> tuple[np.ndarray, ...]:
    """(year, month, day) of a uniform date between 1 January first_year and 31 December last_year."""
    start = np.datetime64(f"{first_year}-01-01", "D").astype(np.int64)
    end = np.datetime64(f"{last_year}-12-31", "D").astype(np.int64)
    days = (start + stream.integers(rows, 0, int(end - start), draw=11)).astype("datetime64[D]")
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    year = years.astype(np.int64) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


_VERHOEFF_D = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]])
_VERHOEFF_P = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]])
_VERHOEFF_INV = np.array([0, 4, 3, 2, 1, 5, 6, 7, 8, 9])


def verhoeff_digit(payload: np.ndarray) -> np.ndarray:
    """The Verhoeff check digit (dihedral group D5) completing each row of a digit matrix."""
    c = np.zeros(len(payload), dtype=np.int64)
    for i, col in enumerate(range(payload.shape[1] - 1, -1, -1)):
        c = _VERHOEFF_D[c, _VERHOEFF_P[(i + 1) % 8, payload[:, col]]]
    return _VERHOEFF_INV[c]


LETTERS = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
