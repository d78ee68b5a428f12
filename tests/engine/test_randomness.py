"""Draws are SplitMix64 of (row, stream key, draw): the in-place computation gives the reference formula's bits."""

from __future__ import annotations

import numpy as np

from synthdb.randomness import Stream, derive_key, mix64

_GAMMA = np.uint64(0x9E3779B97F4A7C15)


def test_bits_and_uniforms_are_the_reference_formula() -> None:
    rows = np.concatenate([np.arange(0, 5000), np.random.default_rng(3).integers(0, 2**62, 5000)]).astype(np.int64)
    for key in (0, 12345, 2**64 - 1):
        stream = Stream(key)
        for draw in (0, 1, 7):
            salt = derive_key(stream.key, draw) if draw else stream.key
            reference = mix64(mix64(rows.astype(np.uint64) * _GAMMA + np.uint64(salt)))
            assert (stream.bits(rows, draw) == reference).all()
            assert (stream.uniform(rows, draw) == (reference >> np.uint64(11)).astype(np.float64) / 2.0**53).all()
    assert stream.bits(rows[:0]).shape == (0,)
    assert rows[0] == 0 and stream.uniform(rows[:1])[0] < 1.0
