"""Hash functions over many short messages at once (one NumPy lane per message): SHA-256 and Keccak-256.

hashlib hashes one message per call, which would mean a Python loop per row; addresses that embed a
checksum (Base58Check, EIP-55) need a hash of every row, so these run the compression function once
over arrays of words. Only single-block messages are supported (up to 55 bytes for SHA-256, 135 for
Keccak-256), which is all the address formats need. Keccak-256 is Ethereum's hash (original Keccak
padding), not NIST SHA3-256, which hashlib has but which pads differently; `keccak256(..., pad=0x06)`
is SHA3-256 and is what the tests compare against hashlib.
"""

from __future__ import annotations

import numpy as np

_CHUNK = 8192  # rows per pass: a chunk's working arrays stay in the CPU cache (measured fastest)
_SHA_K = np.array([
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
], dtype=np.uint32)
_SHA_H0 = np.array([0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB,
                    0x5BE0CD19], dtype=np.uint32)


def _rotr32(x: np.ndarray, n: int) -> np.ndarray:
    return (x >> np.uint32(n)) | (x << np.uint32(32 - n))


def sha256(messages: np.ndarray) -> np.ndarray:
    """SHA-256 of each row of an (n, length) uint8 matrix (length <= 55): an (n, 32) uint8 matrix."""
    if len(messages) > _CHUNK:
        return np.concatenate([sha256(messages[s : s + _CHUNK]) for s in range(0, len(messages), _CHUNK)])
    n, length = messages.shape
    if length > 55:
        raise ValueError("sha256 here handles single-block messages of up to 55 bytes")
    block = np.zeros((n, 64), dtype=np.uint8)
    block[:, :length] = messages
    block[:, length] = 0x80
    block[:, 56:] = np.frombuffer((8 * length).to_bytes(8, "big"), dtype=np.uint8)
    words = [w for w in block.view(">u4").astype(np.uint32).T]
    for t in range(16, 64):
        s0 = _rotr32(words[t - 15], 7) ^ _rotr32(words[t - 15], 18) ^ (words[t - 15] >> np.uint32(3))
        s1 = _rotr32(words[t - 2], 17) ^ _rotr32(words[t - 2], 19) ^ (words[t - 2] >> np.uint32(10))
        words.append(words[t - 16] + s0 + words[t - 7] + s1)
    a, b, c, d, e, f, g, h = (np.full(n, v, dtype=np.uint32) for v in _SHA_H0)
    for t in range(64):
        s1 = _rotr32(e, 6) ^ _rotr32(e, 11) ^ _rotr32(e, 25)
        t1 = h + s1 + ((e & f) ^ (~e & g)) + _SHA_K[t] + words[t]
        s0 = _rotr32(a, 2) ^ _rotr32(a, 13) ^ _rotr32(a, 22)
        t2 = s0 + ((a & b) ^ (a & c) ^ (b & c))
        a, b, c, d, e, f, g, h = t1 + t2, a, b, c, d + t1, e, f, g
    state = np.stack([a, b, c, d, e, f, g, h], axis=1) + _SHA_H0
    return state.astype(">u4").view(np.uint8).reshape(n, 32)


_KECCAK_RC = np.array([
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
], dtype=np.uint64)
# Rotation offsets r[x][y] of the rho step.
_KECCAK_ROT = ((0, 36, 3, 41, 18), (1, 44, 10, 45, 2), (62, 6, 43, 15, 61), (28, 55, 25, 21, 56),
               (27, 20, 39, 8, 14))
_RATE = 136  # bytes absorbed per block by Keccak-256 (1600 - 2 * 256 bits)


def _rotl64(x: np.ndarray, n: int) -> np.ndarray:
    if n == 0:
        return x
    return (x << np.uint64(n)) | (x >> np.uint64(64 - n))


def _keccak_f(lanes: list[np.ndarray]) -> list[np.ndarray]:
    """The Keccak-f[1600] permutation; lanes[x + 5*y] holds one 64-bit lane per message."""
    a = lanes
    for rc in _KECCAK_RC:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl64(c[(x + 1) % 5], 1) for x in range(5)]
        b: list[np.ndarray] = [a[0]] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rotl64(a[x + 5 * y] ^ d[x], _KECCAK_ROT[x][y])
        a = [b[i] ^ (~b[(i + 1) % 5 + 5 * (i // 5)] & b[(i + 2) % 5 + 5 * (i // 5)]) for i in range(25)]
        a[0] = a[0] ^ rc
    return a


def keccak256(messages: np.ndarray, pad: int = 0x01) -> np.ndarray:
    """Keccak-256 (Ethereum) of each row of an (n, length) uint8 matrix (length < 136): (n, 32) uint8."""
    if len(messages) > _CHUNK:
        return np.concatenate([keccak256(messages[s : s + _CHUNK], pad) for s in range(0, len(messages), _CHUNK)])
    n, length = messages.shape
    if length >= _RATE:
        raise ValueError("keccak256 here handles single-block messages of up to 135 bytes")
    block = np.zeros((n, _RATE), dtype=np.uint8)
    block[:, :length] = messages
    block[:, length] ^= pad
    block[:, _RATE - 1] ^= 0x80
    words = block.view("<u8").astype(np.uint64)
    zero = np.zeros(n, dtype=np.uint64)
    lanes = [words[:, i].copy() if i < _RATE // 8 else zero for i in range(25)]
    out = _keccak_f(lanes)
    return np.stack(out[:4], axis=1).astype("<u8").view(np.uint8).reshape(n, 32)
