"""Oracles for "Banking and finance": schwifty and python-stdnum, babel's CLDR currencies, card IIN ranges."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal

import pycountry
import schwifty
from babel import Locale, localedata
from babel.numbers import get_currency_name, get_currency_symbol, get_territory_currencies
from mimesis.datasets import STOCK_EXCHANGES, STOCK_TICKERS
from scipy import stats as st
from stdnum import bitcoin, iban, luhn
from stdnum.us import rtn

from generators.oracles.base import (
    Oracle,
    Sample,
    cached,
    companion,
    custom,
    each,
    entry,
    matches,
    member_of,
    per_row,
)
from generators.oracles.checks import eip55_valid
from generators.oracles.stats import chi_square, ks, spread

# Issuer identification ranges and lengths as the networks publish them (ISO/IEC 7812 IINs).
_BRANDS: dict[str, tuple[list[tuple[int, int]], set[int]]] = {
    "Visa": ([(4, 4)], {13, 16, 19}),
    "Mastercard": ([(51, 55), (2221, 2720)], {16}),
    "American Express": ([(34, 34), (37, 37)], {15}),
    "Discover": ([(6011, 6011), (644, 649), (65, 65), (622126, 622925)], {16, 17, 18, 19}),
    "JCB": ([(3528, 3589)], {16, 17, 18, 19}),
    "Diners Club": ([(300, 305), (3095, 3095), (36, 36), (38, 39)], {14, 15, 16, 17, 18, 19}),
    "UnionPay": ([(62, 62), (81, 81)], {16, 17, 18, 19}),
    "Maestro": ([(50, 50), (56, 58), (6, 6)], {12, 13, 14, 15, 16, 17, 18, 19}),
}


def _card_matches(number: str, brand: str) -> bool:
    ranges, lengths = _BRANDS[brand]
    in_range = any(lo <= int(number[:len(str(lo))]) <= hi for lo, hi in ranges)
    return in_range and len(number) in lengths and luhn.is_valid(number)


# CoinMarketCap tickers and names of the largest cryptocurrencies.
_CRYPTO = {
    "BTC": "Bitcoin", "ETH": "Ethereum", "USDT": "Tether", "SOL": "Solana", "BNB": "BNB", "XRP": "XRP",
    "USDC": "USD Coin", "DOGE": "Dogecoin", "ADA": "Cardano", "DOT": "Polkadot", "LINK": "Chainlink",
    "LTC": "Litecoin", "AVAX": "Avalanche", "BCH": "Bitcoin Cash", "TRX": "TRON", "DAI": "Dai",
    "SHIB": "Shiba Inu", "XMR": "Monero", "NEAR": "NEAR Protocol", "ATOM": "Cosmos", "POL": "Polygon",
    "MATIC": "Polygon", "UNI": "Uniswap", "ALGO": "Algorand", "XLM": "Stellar", "FIL": "Filecoin",
    "ETC": "Ethereum Classic", "AAVE": "Aave", "DASH": "Dash", "ZEC": "Zcash", "XTZ": "Tezos", "TON": "Toncoin",
    "APT": "Aptos", "ICP": "Internet Computer", "HBAR": "Hedera", "VET": "VeChain", "EOS": "EOS",
}

# GICS (MSCI / S&P, 2023 structure): the 11 sectors and the industries that appear among US large caps.
_GICS_SECTORS = {"Energy", "Materials", "Industrials", "Consumer Discretionary", "Consumer Staples", "Health Care",
                 "Financials", "Information Technology", "Communication Services", "Utilities", "Real Estate"}
_GICS_INDUSTRIES = {
    "Energy Equipment & Services", "Oil, Gas & Consumable Fuels", "Chemicals", "Construction Materials",
    "Containers & Packaging", "Metals & Mining", "Paper & Forest Products", "Aerospace & Defense",
    "Building Products", "Construction & Engineering", "Electrical Equipment", "Industrial Conglomerates",
    "Machinery", "Trading Companies & Distributors", "Commercial Services & Supplies", "Professional Services",
    "Air Freight & Logistics", "Passenger Airlines", "Marine Transportation", "Ground Transportation",
    "Transportation Infrastructure", "Automobile Components", "Automobiles", "Household Durables",
    "Leisure Products", "Textiles, Apparel & Luxury Goods", "Hotels, Restaurants & Leisure",
    "Diversified Consumer Services", "Distributors", "Broadline Retail", "Specialty Retail",
    "Consumer Staples Distribution & Retail", "Beverages", "Food Products", "Tobacco", "Household Products",
    "Personal Care Products", "Health Care Equipment & Supplies", "Health Care Providers & Services",
    "Health Care Technology", "Biotechnology", "Pharmaceuticals", "Life Sciences Tools & Services", "Banks",
    "Financial Services", "Consumer Finance", "Capital Markets", "Mortgage Real Estate Investment Trusts (REITs)",
    "Insurance", "IT Services", "Software", "Communications Equipment", "Technology Hardware, Storage & Peripherals",
    "Technology Hardware & Equipment", "Electronic Equipment, Instruments & Components",
    "Semiconductors & Semiconductor Equipment", "Semiconductors", "Semiconductor Equipment",
    "Diversified Telecommunication Services", "Wireless Telecommunication Services", "Media", "Entertainment",
    "Interactive Media & Services", "Electric Utilities", "Gas Utilities", "Multi-Utilities", "Water Utilities",
    "Independent Power and Renewable Electricity Producers", "Diversified REITs", "Industrial REITs",
    "Hotel & Resort REITs", "Office REITs", "Health Care REITs", "Residential REITs", "Retail REITs",
    "Specialized REITs", "Real Estate Management & Development"}


@cached
def _home_symbols() -> dict[str, set[str]]:
    """Currency code -> the symbols CLDR gives it in the locales of the territories that use it."""
    symbols: dict[str, set[str]] = {}
    for ident in localedata.locale_identifiers():
        locale = Locale.parse(ident)
        if not locale.territory:
            continue
        for code in get_territory_currencies(locale.territory, datetime.date(2025, 1, 1)):
            symbols.setdefault(code, set()).add(_plain(get_currency_symbol(code, locale)))
    return symbols


def _bic_of_iban(bic: str, number: str) -> bool:
    account = schwifty.IBAN(number)
    return bic[:8] in {str(account.bic)[:8], str(account.bank.bic)[:8]}


def _plain(symbol: str) -> str:
    """Without the bidi marks CLDR puts around right-to-left symbols."""
    return symbol.replace("\u200f", "").replace("\u200e", "").replace("\u061c", "")


def _expiry_ok(text: str) -> bool:
    m = re.fullmatch(r"(0[1-9]|1[0-2])/(\d\d)", text)
    assert m
    months = (2000 + int(m.group(2)) - 2025) * 12 + int(m.group(1)) - 1
    return 0 <= months <= 5 * 12  # the months after reference_date 2025-01-01, at most max_years (5) ahead


# Well-known listings (issuer's registered name, primary exchange) for checking symbol, name and market agree.
_LISTINGS = {
    "AAPL": ("Apple Inc.", "NASDAQ"), "MSFT": ("Microsoft Corporation", "NASDAQ"),
    "AMZN": ("Amazon.com, Inc.", "NASDAQ"),
    "GOOGL": ("Alphabet Inc.", "NASDAQ"), "META": ("Meta Platforms, Inc.", "NASDAQ"),
    "NVDA": ("NVIDIA Corporation", "NASDAQ"), "TSLA": ("Tesla, Inc.", "NASDAQ"), "NFLX": ("Netflix, Inc.", "NASDAQ"),
    "INTC": ("Intel Corporation", "NASDAQ"), "CSCO": ("Cisco Systems, Inc.", "NASDAQ"),
    "ADBE": ("Adobe Inc.", "NASDAQ"),
    "KO": ("The Coca-Cola Company", "NYSE"), "JPM": ("JPMorgan Chase & Co.", "NYSE"),
    "JNJ": ("Johnson & Johnson", "NYSE"), "XOM": ("Exxon Mobil Corporation", "NYSE"),
    "PG": ("The Procter & Gamble Company", "NYSE"), "DIS": ("The Walt Disney Company", "NYSE"),
    "IBM": ("International Business Machines Corporation", "NYSE"), "BA": ("The Boeing Company", "NYSE"),
    "F": ("Ford Motor Company", "NYSE"), "GM": ("General Motors Company", "NYSE"), "V": ("Visa Inc.", "NYSE"),
    "MA": ("Mastercard Incorporated", "NYSE"), "PFE": ("Pfizer Inc.", "NYSE"),
    "MCD": ("McDonald's Corporation", "NYSE"),
    "NKE": ("NIKE, Inc.", "NYSE"), "T": ("AT&T Inc.", "NYSE"), "VZ": ("Verizon Communications Inc.", "NYSE"),
    "CVX": ("Chevron Corporation", "NYSE"), "BAC": ("Bank of America Corporation", "NYSE"),
}


def _known_listing(position: int, column: str) -> Oracle:
    @custom("spec", f"issuer's {'name' if position == 0 else 'exchange'} of well-known tickers agrees with the row")
    def check(sample: Sample) -> None:
        if column == "value":
            rows = [(s, v) for v, s in sample.pairs("symbol") if s in _LISTINGS]
        else:
            rows = [(s, v) for s, v in sample.pairs(column) if s in _LISTINGS]
        assert len(rows) >= len(sample.values) // 20, f"only {len(rows)} rows of well-known tickers"
        bad = [(s, v) for s, v in rows if _norm(_LISTINGS[s][position]) != _norm(v)]
        assert not bad, f"{len(bad)} disagree, e.g. {bad[:5]}"
    return check


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold().removeprefix("the "))


@custom("statistical", "BTC is the most common (weighted by market size)")
def _btc_first(sample: Sample) -> None:
    top = Counter(sample.values).most_common(2)
    assert top[0][0] in ("BTC", "Bitcoin") and len(Counter(sample.values)) >= 10, top


@custom("statistical", "USD or EUR is the most common currency (weighted by trade)")
def _usd_first(sample: Sample) -> None:
    assert Counter(sample.values).most_common(1)[0][0] in ("USD", "EUR"), Counter(sample.values).most_common(3)


@custom("spec", "market cap text: $ amount with T/B/M suffix, between $1M and $5T (listed companies)")
def _market_cap(sample: Sample) -> None:
    scale = {"T": 1e12, "B": 1e9, "M": 1e6}
    bad = []
    for v in sample.values:
        m = re.fullmatch(r"\$(\d{1,3}(?:\.\d{1,2})?)([TBM])", v)
        if not m or not 1e6 <= float(m.group(1)) * scale[m.group(2)] <= 5e12:
            bad.append(v)
    assert not bad, bad[:5]


ENTRIES = {
    "account_number": entry(matches(r"\d{10}", "10 digits (length default)"),
                            chi_square({str(d): 1 for d in range(10)}, "uniform last digit",
                                       transform=lambda v: v[-1])),
    "bank_name": entry(per_row("iban", lambda v, i: schwifty.IBAN(i).bank_name == v, "schwifty bank of the row's IBAN"),
                       companions=[companion("iban", "iban")]),
    "bic": entry(each(lambda v: schwifty.BIC(v).country_code is not None, "schwifty BIC (ISO 9362)"),
                 per_row("iban", _bic_of_iban, "schwifty: a BIC registered for the row's IBAN bank code"),
                 companions=[companion("iban", "iban")]),
    "bitcoin_address": entry(each(bitcoin.is_valid, "stdnum.bitcoin (base58check / bech32 checksums)")),
    "credit_card_expiry": entry(each(_expiry_ok, "MM/YY within 5 years after 2025-01")),
    "credit_card_number": entry(
        each(luhn.is_valid, "stdnum.luhn (ISO/IEC 7812)"),
        per_row("brand", _card_matches, "the brand's published IIN range and length"),
        companions=[companion("brand", "credit_card_type")]),
    "credit_card_type": entry(
        per_row("number", lambda v, n: _card_matches(n, v), "IIN range of the row's card number"),
        companions=[companion("number", "credit_card_number")]),
    "cryptocurrency_code": entry(member_of(lambda: set(_CRYPTO), "CoinMarketCap tickers"), _btc_first,
                                 per_row("name", lambda v, n: _CRYPTO[v] == n, "CoinMarketCap name of the ticker"),
                                 companions=[companion("name", "cryptocurrency_name")]),
    "cryptocurrency_name": entry(member_of(lambda: set(_CRYPTO.values()), "CoinMarketCap names"), _btc_first),
    "currency_code": entry(member_of(lambda: {c.alpha_3 for c in pycountry.currencies}, "pycountry ISO 4217"),
                           _usd_first),
    "currency_name": entry(per_row("code", lambda v, c: get_currency_name(c, locale="en") == v,
                                   "babel (CLDR) English name of the row's code"),
                           companions=[companion("code", "currency_code")]),
    "currency_symbol": entry(per_row("code", lambda v, c: v in _home_symbols()[c],
                                     "babel (CLDR) symbol of the code in a locale of a country using it"),
                             companions=[companion("code", "currency_code")]),
    "ethereum_address": entry(each(eip55_valid, "EIP-55 checksum (Keccak-256 from FIPS 202)")),
    "iban": entry(each(iban.is_valid, "stdnum.iban (ISO 13616 mod 97-10)"),
                  each(lambda v: schwifty.IBAN(v).bank is not None, "schwifty: a bank of its registry"),
                  each(lambda v: v[:2] in {"DE", "GB", "FR", "ES", "IT", "NL", "AT", "CH", "PL", "IE"},
                       "country in the default list")),
    "money": entry(each(lambda v: Decimal(v).as_tuple().exponent >= -2 and 0 <= v <= 1000, "2 decimals in [0, 1000]"),
                   ks(st.uniform(0, 1000), "uniform(0, 1000) (min, max defaults)")),
    "stock_industry": entry(member_of(lambda: _GICS_INDUSTRIES, "GICS industries (2023)"),
                            spread(20, 0.2, "several industries")),
    "stock_market": entry(member_of(lambda: set(STOCK_EXCHANGES), "mimesis stock exchanges"),
                          spread(2, 0.8, "both US exchanges"), _known_listing(1, "value"),
                          companions=[companion("symbol", "stock_symbol")]),
    "stock_market_cap": entry(_market_cap),
    "stock_name": entry(spread(50, 0.1, "many companies"), _known_listing(0, "value"),
                        companions=[companion("symbol", "stock_symbol")]),
    "stock_sector": entry(member_of(lambda: _GICS_SECTORS, "GICS sectors"), spread(11, 0.35, "all 11 sectors")),
    "stock_symbol": entry(matches(r"[A-Z]{1,5}(\.[A-Z])?", "NYSE/NASDAQ ticker"),
                          custom("validator", "at least 90% are in mimesis' US ticker list")(
                              lambda s: _listed_share(s)),
                          _known_listing(0, "name"), companions=[companion("name", "stock_name")]),
    "us_routing_number": entry(each(rtn.is_valid, "stdnum.us.rtn (ABA checksum)"),
                               each(lambda v: int(v[:2]) in {*range(1, 13), *range(21, 33)},
                                    "Federal Reserve district prefix 01-12 / 21-32")),
}


def _listed_share(sample: Sample) -> None:
    listed = set(STOCK_TICKERS)
    hits = sum(1 for v in sample.values if v in listed)
    assert hits >= 0.9 * len(sample.values), f"only {hits} of {len(sample.values)} tickers are listed"


ENTRIES["cvv"] = entry(
    matches(r"\d{3,4}", "3 or 4 digits"),
    per_row("brand", lambda v, b: len(v) == (4 if b == "American Express" else 3), "4 digits for Amex, else 3"),
    companions=[companion("brand", "credit_card_type")])
