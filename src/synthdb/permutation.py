"""Keyed bijections of [0, n): unique values by construction (a Feistel network with cycle-walking)."""

from __future__ import annotations

import numpy as np

from synthdb.randomness import derive_key, mix64

_ROUNDS = 4


def permute(rows: np.ndarray, n: int, key: int) -> np.ndarray:
    """Map each row index in [0, n) to a distinct index in [0, n), pseudo-randomly by `key`."""
    if n <= 0:
        raise ValueError("cannot permute an empty range")
    if n == 1:
        return np.zeros(len(rows), dtype=np.int64)
    bits = max(2, (n - 1).bit_length())
    bits += bits % 2  # a balanced Feistel network needs an even width
    half = bits // 2
    mask = np.uint64((1 << half) - 1)
    round_keys = [np.uint64(derive_key(key, "feistel", r)) for r in range(_ROUNDS)]
    values = rows.astype(np.uint64)
    pending = np.ones(len(values), dtype=bool)
    # Cycle-walking: re-encrypt values that land outside [0, n); the domain is under 4n so few rounds run.
    while pending.any():
        idx = np.nonzero(pending)[0]
        values[idx] = _encrypt(values[idx], round_keys, half, mask)
        pending[idx] = values[idx] >= np.uint64(n)
    return values.astype(np.int64)


def _encrypt(values: np.ndarray, round_keys: list[np.uint64], half: int, mask: np.uint64) -> np.ndarray:
    shift = np.uint64(half)
    left = values >> shift
    right = values & mask
    for round_key in round_keys:
        left, right = right, left ^ (mix64(right ^ round_key) & mask)
    return (left << shift) | right
