"""SHA-256 over many short strings at once (NumPy, one 64-byte block per row), and 64-bit words as hex.

Password Hash digests the row's password; hashing row by row with hashlib would be a Python loop per
value, so the compression function runs column-wise over all rows of a batch instead. Messages must fit
in one block (at most 55 bytes), which every generated password does.
"""

from __future__ import annotations

import numpy as np

from synthdb.generators.helpers.charbuf import hex_bytes

_K = np.array([
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
], dtype=np.uint32)
_H0 = np.array([0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19],
               dtype=np.uint32)
MAX_MESSAGE = 55


def _rotr(x: np.ndarray, r: int) -> np.ndarray:
    return (x >> np.uint32(r)) | (x << np.uint32(32 - r))


def sha256_digests(messages: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """SHA-256 of each row's first `lengths[i]` bytes of `messages` (n, w): an (n, 32) uint8 matrix."""
    n, width = messages.shape
    if width > MAX_MESSAGE and int(lengths.max(initial=0)) > MAX_MESSAGE:
        raise ValueError(f"messages longer than {MAX_MESSAGE} bytes need more than one block")
    lengths = lengths.astype(np.int64)
    block = np.zeros((n, 64), dtype=np.uint8)
    keep = min(width, MAX_MESSAGE)
    block[:, :keep] = np.where(np.arange(keep) < lengths[:, None], messages[:, :keep], 0)
    block[np.arange(n), lengths] = 0x80  # padding: one bit, zeros, then the length in bits
    bits = lengths * 8
    block[:, 62] = bits >> 8
    block[:, 63] = bits & 0xFF
    w = [col.astype(np.uint32) for col in block.view(">u4").T]
    with np.errstate(over="ignore"):
        for t in range(16, 64):
            s0 = _rotr(w[t - 15], 7) ^ _rotr(w[t - 15], 18) ^ (w[t - 15] >> np.uint32(3))
            s1 = _rotr(w[t - 2], 17) ^ _rotr(w[t - 2], 19) ^ (w[t - 2] >> np.uint32(10))
            w.append(w[t - 16] + s0 + w[t - 7] + s1)
        a, b, c, d, e, f, g, h = (np.full(n, v, dtype=np.uint32) for v in _H0)
        for t in range(64):
            t1 = h + (_rotr(e, 6) ^ _rotr(e, 11) ^ _rotr(e, 25)) + ((e & f) ^ (~e & g)) + _K[t] + w[t]
            t2 = (_rotr(a, 2) ^ _rotr(a, 13) ^ _rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))
            a, b, c, d, e, f, g, h = t1 + t2, a, b, c, d + t1, e, f, g
        state = np.column_stack([a, b, c, d, e, f, g, h]) + _H0
    return state.astype(">u4").view(np.uint8).reshape(n, 32)


def uint64_hex(values: np.ndarray) -> np.ndarray:
    """16 lowercase hex digits per 64-bit value: an (n, 16) ASCII matrix."""
    return hex_bytes(values.astype(">u8").view(np.uint8).reshape(-1, 8))
