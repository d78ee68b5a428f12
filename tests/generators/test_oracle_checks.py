"""The hand-written check-digit algorithms of the oracle suite, against their specs' worked examples."""

from __future__ import annotations

import hashlib

import pytest

from generators.oracles.checks import dea_valid, eip55_valid, keccak256, npi_valid, vin_valid, vin_year_code


@pytest.mark.parametrize("message", [b"", b"abc", b"x" * 135, b"y" * 136, b"z" * 300])
def test_keccak_core_matches_sha3_when_padded_like_sha3(message: bytes) -> None:
    # FIPS 202 SHA3-256 is Keccak-256 with domain byte 0x06 instead of 0x01: same permutation, same sponge.
    assert keccak256(message, suffix=0x06) == hashlib.sha3_256(message).digest()


def test_keccak256_of_empty_input() -> None:
    # The well-known Ethereum constant keccak256("").
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


@pytest.mark.parametrize("address", ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                                     "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                                     "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                                     "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"])
def test_eip55_examples(address: str) -> None:
    """The test vectors of EIP-55 itself; the all-lowercase form of each has the wrong case pattern."""
    assert eip55_valid(address)
    assert not eip55_valid(address.lower())


def test_vin_worked_example() -> None:
    # The check-digit example of 49 CFR 565 / NHTSA: 1M8GDM9AXKP042788 (X = 10).
    assert vin_valid("1M8GDM9AXKP042788")
    assert not vin_valid("1M8GDM9A1KP042788")
    assert vin_year_code(1989) == "K" and vin_year_code(2010) == "A" and vin_year_code(2025) == "S"


def test_dea_and_npi_worked_examples() -> None:
    assert dea_valid("AB1234563") and not dea_valid("AB1234564")  # DEA's published example
    assert npi_valid("1234567893") and not npi_valid("1234567890")  # the CMS NPI check-digit example
