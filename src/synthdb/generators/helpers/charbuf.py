"""Text as byte matrices: random digits, hex and alphabet picks per row, turned into Arrow strings.

Generators of identifiers (card numbers, IBANs, hashes, addresses) build an (n, width) uint8 matrix of
ASCII codes with NumPy, then hand it to Arrow without a per-row Python loop.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from synthdb.generators.helpers.checksums import digits_of
from synthdb.randomness import Stream

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_DIGITS_PER_DRAW = 15  # 2**64 / 10**15 ≈ 18,446: the modulo bias is below 0.01 %
_POWERS = 10 ** np.arange(_DIGITS_PER_DRAW, dtype=np.uint64)


def expand(rows: np.ndarray, k: int) -> np.ndarray:
    """Keys r*k + j (j < k) for k independent draws per row r, whatever the batch."""
    return (rows.astype(np.uint64)[:, None] * np.uint64(k) + np.arange(k, dtype=np.uint64)).ravel()


def _offsets(lengths: np.ndarray) -> tuple[np.ndarray, pa.DataType]:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] < 1 << 31:
        return offsets.astype(np.int32), pa.string()
    return offsets, pa.large_string()


def fixed_strings(matrix: np.ndarray) -> pa.Array:
    """One string per row of an (n, width) matrix of ASCII/UTF-8 bytes."""
    n, width = matrix.shape
    offsets, kind = _offsets(np.full(n, width, dtype=np.int64))
    data = np.ascontiguousarray(matrix, dtype=np.uint8)
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def ragged_strings(matrix: np.ndarray, lengths: np.ndarray, starts: np.ndarray | None = None) -> pa.Array:
    """Row i becomes matrix[i, starts[i] : starts[i] + lengths[i]] (starts default to 0)."""
    n, width = matrix.shape
    columns = np.arange(width)[None, :]
    begin = np.zeros((n, 1), dtype=np.int64) if starts is None else starts.astype(np.int64)[:, None]
    keep = (columns >= begin) & (columns < begin + lengths.astype(np.int64)[:, None])
    data = np.ascontiguousarray(matrix, dtype=np.uint8)[keep]  # row-major: each row's bytes stay in order
    offsets, kind = _offsets(lengths.astype(np.int64))
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())])


def random_bytes(stream: Stream, rows: np.ndarray, width: int) -> np.ndarray:
    """An (n, width) matrix of uniform random bytes (little-endian words: the same on every machine)."""
    k = (width + 7) // 8
    words = stream.bits(expand(rows, k)).astype("<u8")
    return words.view(np.uint8).reshape(len(rows), k * 8)[:, :width]


def random_digits(stream: Stream, rows: np.ndarray, width: int) -> np.ndarray:
    """An (n, width) matrix of uniform decimal digit values 0-9 (not ASCII)."""
    k = (width + _DIGITS_PER_DRAW - 1) // _DIGITS_PER_DRAW
    values = stream.bits(expand(rows, k)) % np.uint64(10**_DIGITS_PER_DRAW)
    digits = (values[:, None] // _POWERS) % np.uint64(10)
    return digits.reshape(len(rows), k * _DIGITS_PER_DRAW)[:, :width].astype(np.uint8)


def random_picks(stream: Stream, rows: np.ndarray, width: int, alphabet: bytes) -> np.ndarray:
    """An (n, width) matrix of bytes drawn uniformly from `alphabet` (ASCII codes)."""
    letters = np.frombuffer(alphabet, dtype=np.uint8)
    u = stream.uniform(expand(rows, width)).reshape(len(rows), width)
    return letters[np.minimum((u * len(letters)).astype(np.int64), len(letters) - 1)]


def hex_bytes(matrix: np.ndarray, upper: bool = False) -> np.ndarray:
    """(n, w) bytes → (n, 2w) ASCII lowercase (or uppercase) hex digits."""
    n, width = matrix.shape
    out = np.empty((n, 2 * width), dtype=np.uint8)
    out[:, 0::2] = _HEX[matrix >> 4]
    out[:, 1::2] = _HEX[matrix & 0x0F]
    if upper:
        out[out >= ord("a")] -= 32
    return out


def number_text(values: np.ndarray, width: int) -> np.ndarray:
    """(n,) non-negative integers → (n, width) ASCII digits, zero-padded on the left."""
    return (digits_of(values, width) + ord("0")).astype(np.uint8)


def concat(parts: list[np.ndarray | bytes], n: int) -> np.ndarray:
    """Join byte matrices and literal byte strings column-wise into one (n, total) matrix."""
    blocks = [np.broadcast_to(np.frombuffer(p, dtype=np.uint8), (n, len(p))) if isinstance(p, bytes) else p
              for p in parts]
    return np.concatenate(blocks, axis=1).astype(np.uint8, copy=False)
