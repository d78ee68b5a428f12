"""Banking and finance: cards, IBAN, BIC, routing numbers, currencies, stocks and crypto addresses,
checked by independent validators (python-stdnum, schwifty, babel, hashlib)."""

from __future__ import annotations

import hashlib
import re
import warnings
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import stdnum.bic
import stdnum.bitcoin
import stdnum.iban
import stdnum.luhn
import stdnum.us.rtn
from schwifty import BIC, IBAN, registry

import synthdb
from synthdb.errors import DefinitionError
from synthdb.generators.catalog.finance.crypto import eip55
from synthdb.generators.helpers.digests import keccak256, sha256
from synthdb.generators.helpers.iban_rules import all_supported

N = 10_000

# Issuer identification numbers and lengths per brand, written from the brands' published tables
# (independently of the generator's data file).
BRANDS: dict[str, tuple[list[tuple[int, int]], set[int]]] = {
    "Visa": ([(4, 4)], {13, 16, 19}),
    "Mastercard": ([(51, 55), (2221, 2720)], {16}),
    "American Express": ([(34, 34), (37, 37)], {15}),
    "Discover": ([(6011, 6011), (644, 649), (65, 65)], {16, 17, 18, 19}),
    "JCB": ([(3528, 3589)], {16, 17, 18, 19}),
    "Diners Club": ([(300, 305), (36, 36), (38, 39)], {14, 15, 16, 17, 18, 19}),
    "Maestro": ([(5018, 5018), (5020, 5020), (5038, 5038), (5893, 5893), (6304, 6304), (6759, 6759),
                 (6761, 6763)], set(range(12, 20))),
    "UnionPay": ([(62, 62)], {16, 17, 18, 19}),
}


def table(fields: list[dict[str, Any]], rows: int = N, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 9, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def issued_by(number: str, brand: str) -> bool:
    ranges, lengths = BRANDS[brand]
    return len(number) in lengths and any(
        low <= int(number[: len(str(low))]) <= high for low, high in ranges)


def test_card_numbers_are_luhn_valid_with_the_rows_brand() -> None:
    t = table([{"name": k, "generator": k} for k in ("Credit Card Type", "Credit Card Number", "CVV",
                                                    "Credit Card Expiry")])
    rows = t.to_pylist()
    for row in rows:
        number = row["Credit Card Number"]
        assert stdnum.luhn.is_valid(number), number
        assert issued_by(number, row["Credit Card Type"]), row
        assert len(row["CVV"]) == (4 if row["Credit Card Type"] == "American Express" else 3) and row["CVV"].isdigit()
    brands = {r["Credit Card Type"] for r in rows}
    assert brands == set(BRANDS)


def test_card_number_follows_a_type_column_in_another_group() -> None:
    t = table([
        {"name": "kind", "generator": "Credit Card Type", "types": ["amex", "JCB"], "group_key": "other",
         "percent_null": 20},
        {"name": "number", "generator": "Credit Card #"},
        {"name": "cvv", "generator": "cvv"},
    ])
    for row in t.to_pylist():
        assert stdnum.luhn.is_valid(row["number"])
        if row["kind"] is not None:
            assert issued_by(row["number"], row["kind"])
            assert len(row["cvv"]) == (4 if row["kind"] == "American Express" else 3)
    alone = table([{"name": "n", "generator": "credit_card_number", "types": "visa, mastercard"}])["n"].to_pylist()
    assert all(issued_by(n, "Visa") or issued_by(n, "Mastercard") for n in alone)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.types.*unknown card type"):
        table([{"name": "n", "generator": "Credit Card Number", "types": ["Vissa"]}], rows=3)


def test_card_expiry_is_in_the_future_of_the_reference_date() -> None:
    got = table([{"name": "e", "generator": "Credit Card Expiry", "reference_date": "2024-06-15", "max_years": 3}])
    months = set()
    for text in got["e"].to_pylist():
        month, year = re.fullmatch(r"(0[1-9]|1[0-2])/(\d\d)", text).groups()  # type: ignore[union-attr]
        when = date(2000 + int(year), int(month), 1)
        assert date(2024, 7, 1) <= when <= date(2027, 6, 1)
        months.add(when)
    assert len(months) == 36
    long = table([{"name": "e", "generator": "card_expiry", "format": "MM/YYYY"}], rows=100)["e"].to_pylist()
    assert all(re.fullmatch(r"(0[1-9]|1[0-2])/20\d\d", v) for v in long)


def test_default_ibans_are_valid_for_schwifty_and_stdnum() -> None:
    t = table([{"name": k, "generator": k} for k in ("IBAN", "BIC", "Bank Name")])
    countries = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # schwifty notes countries without a national check to verify
        for row in t.to_pylist():
            iban = IBAN(row["IBAN"], validate_bban=True)
            assert stdnum.iban.is_valid(row["IBAN"]), row["IBAN"]
            countries.add(iban.country_code)
            # The BIC and the bank name belong to the bank whose code the IBAN carries.
            banks = registry.get_banks_by_code(iban.country_code, iban.bank_code) or registry.get_banks_by_code(
                iban.country_code, iban.bank_code + iban.branch_code)
            assert row["BIC"] in {b.bic for b in banks} and row["Bank Name"] in {b.name for b in banks}, row
            BIC(row["BIC"])
            assert stdnum.bic.is_valid(row["BIC"])
    assert countries == {"DE", "GB", "FR", "ES", "IT", "NL", "AT", "CH", "PL", "IE"}


def test_ibans_of_every_supported_country_pass_national_checks() -> None:
    supported = all_supported()
    assert {"DE", "FR", "ES", "IT", "BE", "NO", "FI", "CZ", "IS", "PT", "BR"} <= set(supported)
    fields = [{"name": c, "generator": "IBAN", "country": c} for c in supported]
    t = table(fields, rows=150)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for country in supported:
            for text in t[country].to_pylist():
                assert IBAN(text, validate_bban=True).country_code == country
                # stdnum's Belgian bank table predates a few banks schwifty lists (bunq, Trade Republic).
                assert stdnum.iban.is_valid(text, check_country=country != "BE"), text


def test_iban_options_and_errors() -> None:
    formatted = table([{"name": "i", "generator": "iban", "country": ["NO", "IS"], "formatted": True}], rows=500)
    for text in formatted["i"].to_pylist():
        assert re.fullmatch(r"[A-Z]{2}\d\d( [0-9A-Z]{1,4})+", text) and stdnum.iban.is_valid(text)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.country.*no IBANs for country 'US'"):
        table([{"name": "i", "generator": "IBAN", "country": "US"}], rows=3)


def test_bic_lengths_and_routing_numbers() -> None:
    t = table([{"name": "b8", "generator": "SWIFT", "length": 8}, {"name": "b11", "generator": "bic", "length": 11},
               {"name": "rtn", "generator": "US Routing Number"}, {"name": "acct", "generator": "Account Number"}])
    assert all(len(v) == 8 and stdnum.bic.is_valid(v) for v in t["b8"].to_pylist())
    assert all(len(v) == 11 and stdnum.bic.is_valid(v) for v in t["b11"].to_pylist())
    for number in t["rtn"].to_pylist():
        assert stdnum.us.rtn.is_valid(number)
        assert 1 <= int(number[:2]) <= 12 or 21 <= int(number[:2]) <= 32
    assert all(re.fullmatch(r"\d{10}", v) for v in t["acct"].to_pylist())
    unique = table([{"name": "a", "generator": "account_number", "unique": True, "length": 6}], rows=50_000)
    assert len(set(unique["a"].to_pylist())) == 50_000


def test_currency_columns_agree_with_babel() -> None:
    import pycountry
    from babel.numbers import get_currency_name

    t = table([{"name": k, "generator": k} for k in ("Currency Code", "Currency", "Currency Symbol")])
    rows = t.to_pylist()
    iso = {c.alpha_3 for c in pycountry.currencies}
    for row in rows:
        assert row["Currency Code"] in iso
        assert row["Currency"] == get_currency_name(row["Currency Code"], locale="en_US")
    pairs = {(r["Currency Code"], r["Currency Symbol"]) for r in rows}
    assert {("USD", "$"), ("EUR", "€"), ("GBP", "£"), ("JPY", "￥")} <= pairs
    codes = [r["Currency Code"] for r in rows]
    assert codes.count("USD") > codes.count("EUR") > codes.count("CHF")
    german = table([{"name": "c", "generator": "Currency Code"}, {"name": "n", "generator": "currency_name",
                                                                  "locale": "de_DE"}], rows=500)
    assert all(n == get_currency_name(c, locale="de_DE") for c, n in zip(german["c"].to_pylist(),
                                                                        german["n"].to_pylist(), strict=True))


def test_stock_columns_describe_one_company() -> None:
    from synthdb.generators.helpers.bundled import bundled_csv

    companies = {r["symbol"]: r for r in bundled_csv("stocks.csv")}
    names = ("Stock Symbol", "Stock Name", "Stock Market", "Stock Sector", "Stock Industry", "Stock Market Cap")
    t = table([{"name": k, "generator": k} for k in names])
    for row in t.to_pylist():
        company = companies[row["Stock Symbol"]]
        assert (company["name"], company["exchange"], company["sector"], company["industry"]) == (
            row["Stock Name"], row["Stock Market"], row["Stock Sector"], row["Stock Industry"])
        value, unit = re.fullmatch(r"\$(\d+(?:\.\d+)?)([MBT])", row["Stock Market Cap"]).groups()  # type: ignore[union-attr]
        billions = float(value) * {"M": 1e-3, "B": 1, "T": 1e3}[unit]
        assert 0.6 < billions / float(company["market_cap_billions"]) < 1.6
    assert len(set(t["Stock Symbol"].to_pylist())) > 150


def test_bitcoin_addresses_verify() -> None:
    got = table([{"name": "a", "generator": "Bitcoin Address"}])["a"].to_pylist()
    assert all(stdnum.bitcoin.is_valid(a) for a in got)
    kinds = {a[0] if a[0] in "13" else a[:4] for a in got}
    assert kinds == {"1", "3", "bc1q"}
    for kind, start in (("p2pkh", "1"), ("p2sh", "3"), ("bech32", "bc1q")):
        only = table([{"name": "a", "generator": "btc_address", "address_type": kind}], rows=2000)["a"].to_pylist()
        assert all(a.startswith(start) and stdnum.bitcoin.is_valid(a) for a in only)


def test_keccak_and_sha256_match_hashlib() -> None:
    rng = np.random.default_rng(3)
    for length in (0, 20, 40, 135):
        messages = rng.integers(0, 256, (300, length), dtype=np.uint8)
        # keccak256 with NIST's padding byte is SHA3-256, which hashlib has.
        got = keccak256(messages, pad=0x06)
        assert all(bytes(got[i]) == hashlib.sha3_256(bytes(messages[i])).digest() for i in range(300))
    for length in (0, 21, 32, 55):
        messages = rng.integers(0, 256, (300, length), dtype=np.uint8)
        got = sha256(messages)
        assert all(bytes(got[i]) == hashlib.sha256(bytes(messages[i])).digest() for i in range(300))
    empty = keccak256(np.zeros((1, 0), dtype=np.uint8))
    assert bytes(empty[0]).hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def test_ethereum_addresses_carry_the_eip55_checksum() -> None:
    # The examples of the EIP-55 specification.
    spec = ["5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"]
    raw = np.array([list(bytes.fromhex(a)) for a in spec], dtype=np.uint8)
    assert [bytes(r).decode() for r in eip55(raw)] == spec
    got = table([{"name": "a", "generator": "Ethereum Address"}])["a"].to_pylist()
    assert all(re.fullmatch(r"0x[0-9a-fA-F]{40}", a) for a in got)
    again = eip55(np.array([list(bytes.fromhex(a[2:])) for a in got], dtype=np.uint8))
    assert [bytes(r).decode() for r in again] == [a[2:] for a in got]
    assert sum(a[2:] != a[2:].lower() for a in got) > 0.99 * len(got)
    lower = table([{"name": "a", "generator": "eth_address", "checksum": False}], rows=100)["a"].to_pylist()
    assert all(re.fullmatch(r"0x[0-9a-f]{40}", a) for a in lower)


def test_finance_columns_are_batch_independent() -> None:
    names = ["Credit Card Type", "Credit Card Number", "Credit Card Expiry", "CVV", "IBAN", "BIC", "Bank Name",
             "US Routing Number", "Account Number", "Currency", "Currency Code", "Currency Symbol", "Cryptocurrency",
             "Stock Symbol", "Stock Market Cap", "Bitcoin Address", "Ethereum Address"]
    fields = [{"name": n, "generator": n} for n in names]
    assert table(fields, rows=700, batch_size=7).equals(table(fields, rows=700, batch_size=1000))
