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

from synthdb.generators.helpers.hashing import sha256_digests

_CHUNK = 8192  # rows per pass: a chunk's working arrays stay in the CPU cache (measured fastest)


def sha256(messages: np.ndarray) -> np.ndarray:
    """SHA-256 of each row of an (n, length) uint8 matrix (length <= 55): an (n, 32) uint8 matrix.

    The compression function is the one in hashing.py; this runs it in cache-sized chunks.
    """
    lengths = np.full(min(len(messages), _CHUNK), messages.shape[1], dtype=np.int64)
    return np.concatenate([sha256_digests(messages[s : s + _CHUNK], lengths[: len(messages[s : s + _CHUNK])])
                           for s in range(0, len(messages), _CHUNK)]) if len(messages) else \
        np.zeros((0, 32), dtype=np.uint8)


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
