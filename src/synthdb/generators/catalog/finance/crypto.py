"""Bitcoin addresses (Base58Check P2PKH/P2SH, bech32 P2WPKH) and EIP-55 checksummed Ethereum addresses.

The key hashes inside are random bytes (no key pair stands behind them), but every checksum is real:
Base58Check's double SHA-256, bech32's BCH code and EIP-55's Keccak-256 case pattern all verify.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.charbuf import concat, fixed_strings, hex_bytes, ragged_strings, random_bytes
from synthdb.generators.helpers.common import FINANCE
from synthdb.generators.helpers.digests import keccak256, sha256
from synthdb.generators.registry import register

_BASE58 = np.frombuffer(b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", dtype=np.uint8)
_BECH32 = np.frombuffer(b"qpzry9x8gf2tvdw0s3jn54khce6mua7l", dtype=np.uint8)
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_CHUNK = 58**5  # five base-58 digits per long-division pass (below 2**30, so limb arithmetic fits 64 bits)


def base58check(payload: np.ndarray) -> pa.Array:
    """Base58Check text of (n, k) payloads (version byte first): payload + 4 checksum bytes, base 58."""
    n = len(payload)
    data = np.concatenate([payload, sha256(sha256(payload))[:, :4]], axis=1)
    width = data.shape[1]
    limbs_count = (width + 3) // 4
    padded = np.zeros((n, limbs_count * 4), dtype=np.uint8)
    padded[:, limbs_count * 4 - width :] = data
    limbs = padded.view(">u4").astype(np.uint64)  # big-endian 32-bit limbs, most significant first
    groups = int(np.ceil(width * 8 * detmath.log(2.0) / detmath.log(float(_CHUNK)))) + 1
    digits = np.zeros((n, groups * 5), dtype=np.int64)
    for g in range(groups):  # long division of the whole number by 58**5, least significant chunk first
        remainder = np.zeros(n, dtype=np.uint64)
        for j in range(limbs_count):
            current = (remainder << np.uint64(32)) | limbs[:, j]
            limbs[:, j] = current // np.uint64(_CHUNK)
            remainder = current % np.uint64(_CHUNK)
        chunk = remainder.astype(np.int64)
        for k in range(5):
            digits[:, (groups - g) * 5 - 1 - k] = chunk % 58
            chunk //= 58
    total = digits.shape[1]
    significant = total - np.argmax(np.concatenate([digits, np.ones((n, 1), dtype=np.int64)], axis=1) != 0, axis=1)
    zeros = np.argmax(np.concatenate([data, np.ones((n, 1), dtype=np.uint8)], axis=1) != 0, axis=1)
    # Each leading zero byte is written as "1"; then the number's own digits.
    matrix = np.concatenate([np.full((n, width), ord("1"), dtype=np.uint8), _BASE58[digits]], axis=1)
    return ragged_strings(matrix, zeros + significant, width - zeros + (total - significant))


def _polymod(values: np.ndarray) -> np.ndarray:
    check = np.ones(len(values), dtype=np.int64)
    for j in range(values.shape[1]):
        top = check >> 25
        check = ((check & 0x1FFFFFF) << 5) ^ values[:, j]
        for i, generator in enumerate(_BECH32_GEN):
            check ^= np.where((top >> i) & 1 == 1, generator, 0)
    return check


def bech32_segwit(program: np.ndarray, hrp: str = "bc") -> pa.Array:
    """Bech32 (BIP 173) text of version-0 witness programs, one (n, 20 or 32) byte row each."""
    n = len(program)
    bits = np.unpackbits(program, axis=1)
    pad = (-bits.shape[1]) % 5
    bits = np.concatenate([bits, np.zeros((n, pad), dtype=np.uint8)], axis=1)
    groups = bits.reshape(n, -1, 5) @ np.array([16, 8, 4, 2, 1])
    data = np.concatenate([np.zeros((n, 1), dtype=np.int64), groups], axis=1)  # witness version 0
    prefix = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    expanded = np.concatenate([np.broadcast_to(np.array(prefix), (n, len(prefix))), data,
                               np.zeros((n, 6), dtype=np.int64)], axis=1)
    polymod = _polymod(expanded) ^ 1
    checksum = np.stack([(polymod >> (5 * (5 - i))) & 31 for i in range(6)], axis=1)
    return fixed_strings(concat([f"{hrp}1".encode(), _BECH32[data], _BECH32[checksum]], n))


class BitcoinParams(ParamsModel):
    """Parameters of Bitcoin Address."""

    model_config = ConfigDict(extra="ignore")
    address_type: Literal["any", "p2pkh", "p2sh", "bech32"] = "any"


_TYPE_WEIGHTS = {"p2pkh": 0.3, "p2sh": 0.25, "bech32": 0.45}


@register
class BitcoinAddress(Generator[BitcoinParams]):
    """Bitcoin mainnet addresses with valid checksums: legacy 1..., script 3... and bech32 bc1q..."""

    display_name = "Bitcoin Address"
    key = "bitcoin_address"
    aliases = ("btc_address", "bitcoin_wallet")
    category = FINANCE
    description = "Bitcoin addresses whose checksums verify: P2PKH (1...), P2SH (3...) and bech32 (bc1q...)."
    Params = BitcoinParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        n = len(ctx.rows)
        kinds = list(_TYPE_WEIGHTS)
        wanted = self.params.address_type
        weights = [_TYPE_WEIGHTS[k] if wanted in ("any", k) else 0.0 for k in kinds]
        kind = ctx.stream.choice(ctx.rows, len(kinds), weights)
        key_hash = random_bytes(ctx.stream.child("hash"), ctx.rows, 20)
        pieces = []
        version = np.where(kind == 0, 0x00, 0x05).astype(np.uint8)
        legacy = np.nonzero(kind != 2)[0]
        segwit = np.nonzero(kind == 2)[0]
        if len(legacy):
            pieces.append((legacy, base58check(np.column_stack([version[legacy], key_hash[legacy]]))))
        if len(segwit):
            pieces.append((segwit, bech32_segwit(key_hash[segwit])))
        order = np.concatenate([where for where, _ in pieces])
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.arange(n)
        return pa.concat_arrays([text for _, text in pieces]).take(pa.array(inverse))


def eip55(address: np.ndarray) -> np.ndarray:
    """(n, 20) address bytes → (n, 40) hex whose letters are upper-cased where Keccak-256 says (EIP-55)."""
    text = hex_bytes(address)
    digest = keccak256(text)
    nibbles = np.empty((len(address), 40), dtype=np.uint8)
    nibbles[:, 0::2], nibbles[:, 1::2] = digest[:, :20] >> 4, digest[:, :20] & 0x0F
    upper = (text >= ord("a")) & (nibbles >= 8)
    return np.where(upper, text - 32, text).astype(np.uint8)


class EthereumParams(ParamsModel):
    """Parameters of Ethereum Address: `checksum` false gives all-lowercase hex."""

    model_config = ConfigDict(extra="ignore")
    checksum: bool = True


@register
class EthereumAddress(Generator[EthereumParams]):
    """Ethereum addresses: 0x and 40 hex digits, mixed-case EIP-55 checksum."""

    display_name = "Ethereum Address"
    key = "ethereum_address"
    aliases = ("eth_address", "ethereum_wallet")
    category = FINANCE
    description = "Ethereum addresses (0x + 40 hex) with the EIP-55 mixed-case checksum (Keccak-256)."
    Params = EthereumParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        address = random_bytes(ctx.stream, ctx.rows, 20)
        body = eip55(address) if self.params.checksum else hex_bytes(address)
        return fixed_strings(concat([b"0x", body], len(ctx.rows)))
