"""Counter-based random streams: every draw is a pure function of (stream key, row index, draw number).

A stream is named by a key derived from (seed, table, column, purpose). Draws hash the row index with
SplitMix64's finaliser, so the value of a cell never depends on batch boundaries, on worker count or on
which other cells were generated.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np

from synthdb import detmath

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_MASK64 = (1 << 64) - 1
_TWO_POW_53 = float(1 << 53)


def mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser over a uint64 array (wrapping arithmetic)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def _mix64_in_place(z: np.ndarray, scratch: np.ndarray) -> None:
    """mix64 into `z` itself, shifting into `scratch`: no array allocated per step (15% of a draw)."""
    np.right_shift(z, _S30, out=scratch)
    z ^= scratch
    z *= _M1
    np.right_shift(z, _S27, out=scratch)
    z ^= scratch
    z *= _M2
    np.right_shift(z, _S31, out=scratch)
    z ^= scratch


# Draws are mixed this many rows at a time: a chunk and its scratch (256 KiB) stay in a core's L2 cache
# through the 19 passes of the two rounds, where a whole 65,536-row batch spilled to L3 and took about
# three times as long. The bits are the same whatever the chunk.
_CHUNK = 16_384


def _mixed_in_place(z: np.ndarray, key: np.uint64, scratch: np.ndarray) -> None:
    """mix64(mix64(z * gamma + key)) into `z` itself (`scratch`: as long as `z`)."""
    z *= _GAMMA
    z += key
    _mix64_in_place(z, scratch)
    _mix64_in_place(z, scratch)


def derive_key(*parts: object) -> int:
    """A 64-bit stream key from any parts (seed, table, column, purpose)."""
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


class Stream:
    """A keyed family of independent uniform draws per row index."""

    __slots__ = ("key",)

    def __init__(self, key: int) -> None:
        self.key = key & _MASK64

    def child(self, *parts: object) -> Stream:
        """An independent stream derived from this one (e.g. per purpose)."""
        return Stream(derive_key(self.key, *parts))

    def bits(self, rows: np.ndarray, draw: int = 0) -> np.ndarray:
        """64 random bits per row; `draw` selects an independent draw for the same cell."""
        z = rows.astype(np.uint64)  # a copy, mixed in place: mix64(mix64(rows * gamma + key))
        key, scratch = self._key(draw), np.empty(min(len(z), _CHUNK), dtype=np.uint64)
        for start in range(0, len(z), _CHUNK):
            part = z[start : start + _CHUNK]
            _mixed_in_place(part, key, scratch[: len(part)])
        return z

    def uniform(self, rows: np.ndarray, draw: int = 0) -> np.ndarray:
        """Floats in [0, 1) per row: the top 53 bits of `bits` over 2**53."""
        z = rows.astype(np.uint64)
        key, scratch = self._key(draw), np.empty(min(len(z), _CHUNK), dtype=np.uint64)
        floats = z.view(np.float64)  # each chunk's floats replace its bits: no second array to fault in
        for start in range(0, len(z), _CHUNK):
            part = z[start : start + _CHUNK]
            spare = scratch[: len(part)]
            _mixed_in_place(part, key, spare)
            np.right_shift(part, np.uint64(11), out=spare)
            # Below 2**53 after the shift, so exact as int64 (whose conversion numpy vectorises).
            chunk = floats[start : start + _CHUNK]
            chunk[:] = spare.view(np.int64)
            chunk /= _TWO_POW_53
        return floats

    def _key(self, draw: int) -> np.uint64:
        return np.uint64(derive_key(self.key, draw) if draw else self.key)

    def integers(self, rows: np.ndarray, low: int, high: int, draw: int = 0) -> np.ndarray:
        """Integers in [low, high] inclusive per row."""
        span = int(high) - int(low) + 1
        if span <= 0:
            raise ValueError(f"empty integer range [{low}, {high}]")
        if span <= 1 << 53:
            # In place where numpy allows: each fresh array of a batch is memory the kernel must fault in.
            scaled = self.uniform(rows, draw)
            scaled *= span
            np.floor(scaled, out=scaled)
            picks = scaled.astype(np.int64)
            np.minimum(picks, span - 1, out=picks)
            picks += np.int64(low)
            return picks
        # Wide ranges: modulo on 64 bits (bias is below 2**-10 for spans under 2**54).
        return (self.bits(rows, draw) % np.uint64(span)).astype(np.int64) + np.int64(low)

    def normal(self, rows: np.ndarray, mean: float = 0.0, stddev: float = 1.0, draw: int = 0) -> np.ndarray:
        """Normally distributed floats per row (Box-Muller over two independent draws)."""
        u1 = self.uniform(rows, 2 * draw + 1)
        u2 = self.uniform(rows, 2 * draw + 2)
        radius = np.sqrt(-2.0 * detmath.log1p(-u1))
        return mean + stddev * radius * detmath.cospi(2.0 * u2)

    def choice(self, rows: np.ndarray, n: int, weights: Sequence[float] | None = None, draw: int = 0) -> np.ndarray:
        """Indices in [0, n) per row, uniform or proportional to `weights`."""
        if weights is None:
            return self.integers(rows, 0, n - 1, draw)
        cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
        scaled = self.uniform(rows, draw)
        scaled *= cumulative[-1]
        picks = np.searchsorted(cumulative, scaled, side="right").astype(np.int64, copy=False)
        np.minimum(picks, n - 1, out=picks)
        return picks

    def poisson(self, rows: np.ndarray, mean: float, draw: int = 0) -> np.ndarray:
        """Poisson counts per row by inverse transform over a precomputed CDF."""
        if mean <= 0:
            return np.zeros(len(rows), dtype=np.int64)
        top = int(mean + 12 * math.sqrt(mean) + 12)
        ks = np.arange(top + 1)
        log_pmf = ks * detmath.log(float(mean)) - mean - np.cumsum(detmath.log(np.maximum(ks, 1)))
        cdf = np.cumsum(detmath.exp(log_pmf))
        return np.searchsorted(cdf, self.uniform(rows, draw) * cdf[-1], side="right").astype(np.int64)
