"""The random streams and the keyed permutation against independent pure-Python re-implementations.

tests/engine/test_properties.py checks statistical properties, which a changed constant, shift, draw
index or round key keeps intact; but every generated value depends on these exact functions, and the
golden digests promise the same bytes across versions and machines. Here each primitive is written out
again from its specification (SplitMix64's finaliser, BLAKE2b keys, Box-Muller, a 4-round balanced
Feistel network with cycle-walking) in plain integers and floats, and must agree value for value.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest

from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key, mix64

M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
KEYS = [0, 1, 0xDEADBEEF, M64, derive_key(7, "t", "c")]
ROWS = [0, 1, 2, 3, 1000, 123_456_789, (1 << 40) + 5, (1 << 62) + 11]


def mix64_ref(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def derive_key_ref(*parts: object) -> int:
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def bits_ref(key: int, row: int, draw: int = 0) -> int:
    k = derive_key_ref(key, draw) if draw else key
    return mix64_ref(mix64_ref((row * GAMMA + k) & M64))


def uniform_ref(key: int, row: int, draw: int = 0) -> float:
    return (bits_ref(key, row, draw) >> 11) / 2.0**53


def rows() -> np.ndarray:
    return np.array(ROWS, dtype=np.int64)


def test_mix64_is_splitmix64s_finaliser() -> None:
    values = [0, 1, 2, GAMMA, M64, 0x0123456789ABCDEF, 1 << 63]
    got = mix64(np.array(values, dtype=np.uint64)).tolist()
    assert got == [mix64_ref(v) for v in values]
    # A published value: SplitMix64 seeded with 0 first returns mix64(GAMMA) = 0xE220A8397B1DCDAF.
    assert mix64_ref(GAMMA) == 0xE220A8397B1DCDAF


def test_derive_key_is_blake2b_of_the_parts() -> None:
    for parts in [(1,), (1, "a"), ("seed", "table", "column", "purpose"), (M64, "é", 3.5), ()]:
        assert derive_key(*parts) == derive_key_ref(*parts)
    assert derive_key("a", "b") != derive_key("a\x1fb", "") and derive_key(1) != derive_key("1", "")


@pytest.mark.parametrize("key", KEYS)
def test_bits_and_uniform_match_the_reference(key: int) -> None:
    stream = Stream(key)
    for draw in (0, 1, 5):
        assert stream.bits(rows(), draw).tolist() == [bits_ref(key, r, draw) for r in ROWS]
        assert stream.uniform(rows(), draw).tolist() == [uniform_ref(key, r, draw) for r in ROWS]
    # The draw defaults to 0, and keys wider than 64 bits wrap.
    assert stream.bits(rows()).tolist() == [bits_ref(key, r) for r in ROWS]
    assert Stream(key + (1 << 64)).key == key


def test_every_draw_defaults_to_draw_zero() -> None:
    stream = Stream(777)
    assert stream.uniform(rows()).tolist() == [uniform_ref(777, r) for r in ROWS]
    assert stream.integers(rows(), 0, 99).tolist() == stream.integers(rows(), 0, 99, 0).tolist()
    assert stream.integers(rows(), 0, 99).tolist() != stream.integers(rows(), 0, 99, 1).tolist()
    weights = [1.0, 2.0, 3.0]
    assert stream.choice(rows(), 3, weights).tolist() == stream.choice(rows(), 3, weights, 0).tolist()
    assert stream.choice(rows(), 50).tolist() == stream.integers(rows(), 0, 49, 0).tolist()
    assert stream.poisson(rows(), 30.0).tolist() == stream.poisson(rows(), 30.0, 0).tolist()
    assert stream.poisson(rows(), 30.0).tolist() != stream.poisson(rows(), 30.0, 1).tolist()


def test_child_streams_are_keyed_by_the_parent_and_the_parts() -> None:
    parent = Stream(12345)
    assert parent.child("a").key == derive_key_ref(12345, "a")
    assert parent.child("a", 2).key == derive_key_ref(12345, "a", 2)
    assert parent.child("a").key != Stream(54321).child("a").key
    assert parent.child("a").key != parent.child("b").key


@pytest.mark.parametrize("key", KEYS)
def test_integers_match_the_reference(key: int) -> None:
    stream = Stream(key)
    for low, high, draw in [(0, 9, 0), (-5, 5, 3), (7, 7, 0), (0, (1 << 53) - 1, 1)]:
        span = high - low + 1
        expected = [min(math.floor(uniform_ref(key, r, draw) * span), span - 1) + low for r in ROWS]
        assert stream.integers(rows(), low, high, draw).tolist() == expected
    # Wider than 2**53: 64 random bits modulo the span (as int64, not floats that would lose digits).
    for low, high in [(-(1 << 60), 1 << 60), (0, 1 << 53)]:
        expected = [bits_ref(key, r, 2) % (high - low + 1) + low for r in ROWS]
        got = stream.integers(rows(), low, high, 2)
        assert got.dtype == np.int64 and got.tolist() == expected
    assert stream.integers(rows(), 0, 9).dtype == np.int64
    with pytest.raises(ValueError, match=r"empty integer range \[3, 2\]"):
        stream.integers(rows(), 3, 2)


@pytest.mark.parametrize("key", KEYS)
def test_normal_is_box_muller_over_draws_one_and_two(key: int) -> None:
    stream = Stream(key)
    for mean, sd, draw in [(0.0, 1.0, 0), (5.0, 2.0, 0), (-3.0, 0.5, 2)]:
        expected = [mean + sd * math.sqrt(-2.0 * math.log1p(-uniform_ref(key, r, 2 * draw + 1)))
                    * math.cos(2.0 * math.pi * uniform_ref(key, r, 2 * draw + 2)) for r in ROWS]
        assert stream.normal(rows(), mean, sd, draw) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert stream.normal(rows()).tolist() == stream.normal(rows(), 0.0, 1.0, 0).tolist()


@pytest.mark.parametrize("key", KEYS)
def test_choice_and_poisson_invert_their_cdf(key: int) -> None:
    stream = Stream(key)
    weights = [1.0, 0.0, 3.0, 6.0]
    cumulative = [1.0, 1.0, 4.0, 10.0]
    expected = [next(i for i, c in enumerate(cumulative) if uniform_ref(key, r, 1) * 10.0 < c) for r in ROWS]
    assert stream.choice(rows(), 4, weights, draw=1).tolist() == expected
    assert stream.choice(rows(), 6, draw=4).tolist() == stream.integers(rows(), 0, 5, 4).tolist()
    for mean in (0.5, 3.0, 40.0):
        pmf = [math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(200)]
        cdf = np.cumsum(pmf)
        expected = [int(np.searchsorted(cdf, uniform_ref(key, r, 3) * cdf[int(mean + 12 * math.sqrt(mean) + 12)],
                                        side="right")) for r in ROWS]
        assert stream.poisson(rows(), mean, draw=3).tolist() == expected
    for mean in (0, -1.5):
        zeros = stream.poisson(rows(), mean)
        assert zeros.dtype == np.int64 and zeros.tolist() == [0] * len(ROWS)
    assert stream.poisson(rows(), 3.0).dtype == np.int64
    assert stream.choice(rows(), 4, weights).dtype == np.int64


def permute_ref(row: int, n: int, key: int) -> int:
    """A 4-round balanced Feistel network over the smallest even bit width covering n (at least 2 bits),
    re-encrypting until the value falls inside [0, n)."""
    if n == 1:
        return 0
    bits = max(2, (n - 1).bit_length())
    bits += bits % 2
    half = bits // 2
    mask = (1 << half) - 1
    round_keys = [derive_key_ref(key, "feistel", r) for r in range(4)]
    value = row
    while True:
        left, right = value >> half, value & mask
        for round_key in round_keys:
            left, right = right, left ^ (mix64_ref(right ^ round_key) & mask)
        value = (left << half) | right
        if value < n:
            return value


@pytest.mark.parametrize("key", [3, 0xDEADBEEF, M64])
def test_permute_matches_the_reference_for_every_small_range(key: int) -> None:
    for n in range(1, 70):
        got = permute(np.arange(n), n, key)
        assert got.dtype == np.int64
        assert got.tolist() == [permute_ref(r, n, key) for r in range(n)], n
        assert sorted(got.tolist()) == list(range(n))


def test_permute_matches_the_reference_on_large_ranges() -> None:
    for n in (1 << 20, (1 << 31) + 7, 10**15 + 3):
        picks = [0, 1, n // 3, n - 2, n - 1]
        assert permute(np.array(picks), n, 99).tolist() == [permute_ref(r, n, 99) for r in picks]


def test_permute_refuses_an_empty_range() -> None:
    for n in (0, -4):
        for picks in (np.array([], dtype=np.int64), np.arange(3)):
            with pytest.raises(ValueError) as error:
                permute(picks, n, 1)
            assert str(error.value) == "cannot permute an empty range"
