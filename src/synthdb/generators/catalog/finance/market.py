"""Currencies (ISO 4217 via babel), cryptocurrencies and listed stocks, each coherent within a row.

Currency Name, Code and Symbol draw one currency from the table's "currency" group; the stock columns
(symbol, name, market, sector, industry, market cap) draw one company from the "stock" group, and the
two cryptocurrency columns one coin from the "crypto" group.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import bundled_csv, bundled_json
from synthdb.generators.helpers.common import FINANCE, locale_of
from synthdb.generators.helpers.reference import LocaleParams
from synthdb.generators.registry import register

_TODAY = datetime.date(2025, 1, 1)  # fixed: which currencies are "current" must not depend on the clock


@cache
def currency_codes() -> tuple[list[str], list[float]]:
    """Legal-tender ISO 4217 codes in use by some territory (babel/CLDR) and current in ISO 4217 (pycountry)."""
    import pycountry
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    current = {c.alpha_3 for c in pycountry.currencies}  # drops codes retired since CLDR's data (BGN)
    used = {c for t in get_global("territory_currencies") for c in get_territory_currencies(t, _TODAY)}
    codes = sorted(used & current)
    data = bundled_json("currencies.json")
    return codes, [float(data["weights"].get(c, data["other"])) for c in codes]


def _babel_locale(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(locale.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "en_US"


@cache
def currency_names(locale: str) -> pa.Array:
    """Currency names in a language ("US Dollar", "US-Dollar", "dollar des États-Unis")."""
    from babel.numbers import get_currency_name

    where = _babel_locale(locale)
    return pa.array([get_currency_name(c, locale=where) for c in currency_codes()[0]], pa.string())


@cache
def currency_symbols() -> pa.Array:
    """Each currency's symbol as written where it is used ($, €, £, ¥, ₹, kr, ...)."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_currency_symbol, get_territory_currencies

    users: dict[str, list[str]] = {}
    for territory in sorted(get_global("territory_currencies")):
        for code in get_territory_currencies(territory, _TODAY):
            users.setdefault(code, []).append(territory)
    symbols = []
    for code in currency_codes()[0]:
        territories = users.get(code, [])
        home = code[:2] if code[:2] in territories else (territories[0] if territories else "US")
        try:  # the symbol in the home territory's main language (USD in en_US, INR in hi_IN)
            symbol = get_currency_symbol(code, Locale.parse(f"und_{home}"))
        except Exception:  # babel raises several lookup errors for unusual territories
            symbol = get_currency_symbol(code, "en_US")
        symbols.append(symbol.replace("\u200f", ""))  # CLDR marks right-to-left symbols; not part of them
    return pa.array(symbols, pa.string())


class _Currency(Generator[Any]):  # subclasses differ in parameters
    """One currency per row from the "currency" group."""

    category = FINANCE

    def currency(self, ctx: ColumnContext) -> pa.Array:
        codes, weights = currency_codes()
        return pa.array(ctx.group("currency").choice(ctx.rows, len(codes), weights))


@register
class CurrencyCode(_Currency):
    """ISO 4217 currency codes (USD, EUR, JPY, ...), weighted by use in trade."""

    display_name = "Currency Code"
    key = "currency_code"
    aliases = ("iso_currency_code", "currency_iso")
    description = "ISO 4217 codes of currencies in use, weighted by trade (USD, EUR, JPY, GBP, CNY, ...)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(currency_codes()[0], pa.string()).take(self.currency(ctx))


@register
class CurrencyName(_Currency):
    """Currency names in the locale's language, matching the row's currency code."""

    display_name = "Currency"
    key = "currency_name"
    aliases = ("Currency Name",)
    description = "Currency names (Euro, US Dollar) in the locale's language, agreeing with the row's code."
    Params = LocaleParams
    params: LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return currency_names(locale_of(self)).take(self.currency(ctx))


@register
class CurrencySymbol(_Currency):
    """Currency symbols ($, €, £, ¥, ₹), matching the row's currency code."""

    display_name = "Currency Symbol"
    key = "currency_symbol"
    aliases = ("money_symbol",)
    description = "Currency symbols as used at home ($, €, £, ¥, ₹, kr), agreeing with the row's code."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return currency_symbols().take(self.currency(ctx))


class _Crypto(Generator[NoParams]):
    category = FINANCE
    column: ClassVar[int]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        coins = bundled_json("currencies.json")["crypto"]
        values = pa.array([c[self.column] for c in coins], pa.string())
        return values.take(pa.array(ctx.group("crypto").choice(ctx.rows, len(coins), [c[2] for c in coins])))


@register
class CryptocurrencyName(_Crypto):
    """Cryptocurrency names (Bitcoin, Ethereum, ...), weighted by market size."""

    display_name = "Cryptocurrency"
    key = "cryptocurrency_name"
    aliases = ("Cryptocurrency Name", "crypto_currency")
    description = "Cryptocurrency names weighted by market size (Bitcoin, Ethereum, Tether, ...)."
    column = 1


@register
class CryptocurrencyCode(_Crypto):
    """Cryptocurrency tickers (BTC, ETH, ...), matching the row's Cryptocurrency."""

    display_name = "Cryptocurrency Code"
    key = "cryptocurrency_code"
    aliases = ("crypto_code", "crypto_ticker")
    description = "Cryptocurrency tickers (BTC, ETH, USDT, ...), agreeing with the row's Cryptocurrency."
    column = 0


@cache
def stocks() -> dict[str, pa.Array]:
    """The stock table, column by column."""
    rows = bundled_csv("stocks.csv")
    table = {name: pa.array([r[name] for r in rows], pa.string()) for name in rows[0] if name != "market_cap_billions"}
    table["market_cap_billions"] = pa.array([float(r["market_cap_billions"]) for r in rows], pa.float64())
    return table


class _Stock(Generator[Any]):  # subclasses differ in parameters
    """One listed company per row from the "stock" group (larger companies are not favoured)."""

    category = FINANCE
    column: ClassVar[str]

    def company(self, ctx: ColumnContext) -> np.ndarray:
        return ctx.group("stock").integers(ctx.rows, 0, len(stocks()["symbol"]) - 1)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return stocks()[self.column].take(pa.array(self.company(ctx)))


@register
class StockSymbol(_Stock):
    """Ticker symbols of listed companies (AAPL, JPM, XOM, ...)."""

    display_name = "Stock Symbol"
    key = "stock_symbol"
    aliases = ("ticker", "ticker_symbol")
    description = "Ticker symbols of real listed companies; the row's other stock columns describe the same one."
    column = "symbol"


@register
class StockName(_Stock):
    """Names of listed companies, matching the row's Stock Symbol."""

    display_name = "Stock Name"
    key = "stock_name"
    aliases = ("listed_company",)
    description = "Names of listed companies (Apple Inc., Exxon Mobil Corporation), agreeing with the symbol."
    column = "name"


@register
class StockMarket(_Stock):
    """The exchange where the row's stock is listed (NASDAQ, NYSE)."""

    display_name = "Stock Market"
    key = "stock_market"
    aliases = ("stock_exchange",)
    description = "The exchange listing the row's stock (NASDAQ, NYSE)."
    column = "exchange"


@register
class StockSector(_Stock):
    """GICS-style sector of the row's stock (Information Technology, Health Care, ...)."""

    display_name = "Stock Sector"
    key = "stock_sector"
    aliases = ("stock_sector_name",)
    description = "The sector of the row's stock (Information Technology, Financials, Energy, ...)."
    column = "sector"


@register
class StockIndustry(_Stock):
    """GICS-style industry of the row's stock (Semiconductors, Banks, ...)."""

    display_name = "Stock Industry"
    key = "stock_industry"
    aliases = ("stock_industry_name",)
    description = "The industry of the row's stock (Semiconductors, Banks, Beverages, ...)."
    column = "industry"


class MarketCapParams(ParamsModel):
    """Parameters of Stock Market Cap: text like $2.9T, or the number of dollars."""

    model_config = ConfigDict(extra="ignore")
    format: Literal["text", "number"] = "text"


@register
class StockMarketCap(_Stock):
    """Market capitalisation of the row's stock: its size class, varied by ±15 % per row."""

    display_name = "Stock Market Cap"
    key = "stock_market_cap"
    aliases = ("market_cap", "market_capitalization")
    description = "Market capitalisation of the row's company, as text ($2.91T, $184.3B) or dollars (format: number)."
    Params = MarketCapParams
    params: MarketCapParams

    def arrow_type(self) -> pa.DataType:
        return pa.float64() if self.params.format == "number" else pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        base = stocks()["market_cap_billions"].to_numpy()[self.company(ctx)]
        billions = base * detmath.exp(np.clip(ctx.stream.normal(ctx.rows, 0, 0.15), -0.4, 0.4))
        if self.params.format == "number":
            return pa.array(np.round(billions * 1e9, -6))
        unit = np.select([billions >= 1000, billions >= 1], [2, 1], 0)
        scaled = billions / np.array([1e-3, 1.0, 1e3])[unit]
        scale = np.where(scaled < 100, 100.0, 10.0)  # two decimals below 100, else one
        rounded = np.round(scaled * scale) / scale
        text = pc.utf8_rtrim(pa.array(rounded).cast(pa.string()), ".")  # 2.5 stays 2.5
        return pc.binary_join_element_wise("$", text, pa.array(np.array(["M", "B", "T"])[unit]), "")
