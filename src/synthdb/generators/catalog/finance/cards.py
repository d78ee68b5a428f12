"""Payment cards: number (real IIN prefix, brand length, Luhn), brand, expiry and CVV, agreeing per row.

The brand of a row comes from the entity's Credit Card Type column when it has one (the number, CVV
and type then always agree, whatever that column's parameters or group); otherwise every card column
draws it from the table's "credit_card" group, so they agree too.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.charbuf import ragged_strings, random_digits
from synthdb.generators.helpers.checksums import luhn_digit
from synthdb.generators.helpers.common import FINANCE, find_sibling
from synthdb.generators.registry import normalise, register

_WIDTH = 19  # the longest card number


@cache
def _brands() -> dict[str, Any]:
    return {k: v for k, v in bundled_json("cards.json").items() if not k.startswith("_")}


def brand_keys() -> list[str]:
    """Brand ids in table order (visa, mastercard, amex, ...)."""
    return list(_brands())


def _brand_of(text: str) -> str | None:
    """The brand id for a name such as "American Express", "amex" or "Master Card"."""
    wanted = normalise(text)
    for key, brand in _brands().items():
        if wanted in (normalise(key), normalise(brand["name"])):
            return key
    return None


class CardParams(ParamsModel):
    """Parameters shared by card generators: `types` limits the brands (ids or names)."""

    model_config = ConfigDict(extra="ignore")
    types: list[str] | None = None

    @field_validator("types", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            unknown = [v for v in value if _brand_of(str(v)) is None]
            if unknown:
                names = ", ".join(b["name"] for b in _brands().values())
                raise ValueError(f"unknown card type {unknown[0]!r}; choose from {names}")
            if not value:
                raise ValueError("types must name at least one card type")
            return [_brand_of(str(v)) for v in value]
        return value


def _pair_table(ranges_or_lengths: list[tuple[int, list[tuple[Any, float]]]]) -> tuple[np.ndarray, list[Any]]:
    """Flattened choices with cumulative weights offset by brand: brand b + u picks within brand b."""
    bounds: list[float] = []
    items: list[Any] = []
    for brand_index, options in ranges_or_lengths:
        total = sum(w for _, w in options)
        running = 0.0
        for item, weight in options:
            running += weight
            bounds.append(brand_index + running / total)
            items.append(item)
    return np.array(bounds), items


@cache
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(range bounds, range lows, range highs, range digit counts, length bounds, lengths) for all brands."""
    brands = list(_brands().values())
    range_bounds, ranges = _pair_table([(i, [(r[:2], float(r[2])) for r in b["ranges"]])
                                        for i, b in enumerate(brands)])
    length_bounds, lengths = _pair_table([(i, [(int(k), float(w)) for k, w in b["lengths"].items()])
                                          for i, b in enumerate(brands)])
    lows = np.array([int(r[0]) for r in ranges])
    highs = np.array([int(r[1]) for r in ranges])
    digits = np.array([len(r[0]) for r in ranges])
    return range_bounds, lows, highs, digits, length_bounds, np.array(lengths)


class _CardGenerator(Generator[CardParams]):
    """Finds the row's brand: the sibling Credit Card Type column, else the "credit_card" group."""

    category = FINANCE
    Params = CardParams

    def setup(self) -> None:
        self._sibling = None if isinstance(self, CreditCardType) else find_sibling(self, CreditCardType)

    def dependencies(self) -> list[str]:
        return [self._sibling] if self._sibling else []

    def brands(self, ctx: ColumnContext) -> np.ndarray:
        """Brand index (into brand_keys()) per row."""
        keys = brand_keys()
        allowed = set(self.params.types or keys)
        weights = [b["weight"] if k in allowed else 0.0 for k, b in _brands().items()]
        drawn = ctx.group("credit_card").choice(ctx.rows, len(keys), weights)
        if not self._sibling:
            return drawn
        # Read the type column back: its display names (or ids) map to brand indices; nulls keep the draw.
        names = pa.array([b["name"] for b in _brands().values()] + keys, pa.string())
        found = pc.index_in(ctx.columns[self._sibling].cast(pa.string()), value_set=names)
        index = found.fill_null(-1).to_numpy(zero_copy_only=False)
        return np.where(index >= 0, index % len(keys), drawn)


@register
class CreditCardType(_CardGenerator):
    """Card brands (Visa, Mastercard, American Express, ...), weighted by cards in circulation."""

    display_name = "Credit Card Type"
    key = "credit_card_type"
    aliases = ("card_type", "card_brand", "credit_card_brand")
    description = "Card brands weighted by market share; the row's card number, CVV and expiry agree with it."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        names = pa.array([b["name"] for b in _brands().values()], pa.string())
        return names.take(pa.array(self.brands(ctx)))


@register
class CreditCardNumber(_CardGenerator):
    """Card numbers with a real IIN prefix and length for the brand and a valid Luhn check digit."""

    display_name = "Credit Card Number"
    key = "credit_card_number"
    aliases = ("Credit Card #", "credit_card", "card_number", "cc_number", "pan")
    description = "Card numbers with the brand's real IIN prefix and length and a Luhn check digit."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        n = len(ctx.rows)
        brand = self.brands(ctx)
        range_bounds, lows, highs, widths, length_bounds, lengths = _tables()
        s = ctx.stream
        pick = np.minimum(np.searchsorted(range_bounds, brand + s.uniform(ctx.rows, 1), side="right"),
                          np.searchsorted(range_bounds, brand + 1.0, side="left"))
        size = np.minimum(np.searchsorted(length_bounds, brand + s.uniform(ctx.rows, 2), side="right"),
                          np.searchsorted(length_bounds, brand + 1.0, side="left"))
        length = lengths[size]
        prefix = lows[pick] + np.floor(s.uniform(ctx.rows, 3) * (highs[pick] - lows[pick] + 1)).astype(np.int64)
        width = widths[pick]
        digits = random_digits(s.child("digits"), ctx.rows, _WIDTH).astype(np.int64)
        columns = np.arange(_WIDTH)
        # Left-align the prefix: digit j of a w-digit prefix is prefix // 10**(w-1-j) % 10.
        exponent = np.clip(width[:, None] - 1 - columns, 0, None)
        prefix_digits = (prefix[:, None] // 10**exponent) % 10
        digits = np.where(columns < width[:, None], prefix_digits, digits)
        # Luhn over the first length-1 digits: right-align each number, then append its check digit.
        shift = _WIDTH - (length - 1)
        aligned = np.zeros_like(digits)
        source = columns[None, :] - shift[:, None]
        valid = source >= 0
        aligned[valid] = digits[np.nonzero(valid)[0], source[valid]]
        check = luhn_digit(aligned)
        digits[np.arange(n), length - 1] = check
        return ragged_strings((digits + ord("0")).astype(np.uint8), length)


class ExpiryParams(CardParams):
    """Parameters of Credit Card Expiry."""

    reference_date: date = date(2025, 1, 1)
    max_years: int = 5
    format: Literal["MM/YY", "MM/YYYY", "YYYY-MM"] = "MM/YY"

    @field_validator("max_years")
    @classmethod
    def _years(cls, value: int) -> int:
        if not 1 <= value <= 20:
            raise ValueError("max_years must be between 1 and 20")
        return value


@register
class CreditCardExpiry(Generator[ExpiryParams]):
    """Expiry dates (MM/YY) in the months after `reference_date`, up to `max_years` ahead."""

    display_name = "Credit Card Expiry"
    key = "credit_card_expiry"
    aliases = ("card_expiry", "expiration_date", "credit_card_expiration", "cc_expiry")
    category = FINANCE
    description = "Card expiry dates such as 08/27, in the months after reference_date (2025-01-01)."
    Params = ExpiryParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        start = p.reference_date.year * 12 + p.reference_date.month - 1
        month_index = start + ctx.stream.integers(ctx.rows, 1, 12 * p.max_years)
        year, month = month_index // 12, month_index % 12 + 1
        mm = pc.utf8_lpad(pa.array(month).cast(pa.string()), 2, "0")
        if p.format == "MM/YYYY":
            return pc.binary_join_element_wise(mm, pa.array(year).cast(pa.string()), "/")
        if p.format == "YYYY-MM":
            return pc.binary_join_element_wise(pa.array(year).cast(pa.string()), mm, "-")
        yy = pc.utf8_lpad(pa.array(year % 100).cast(pa.string()), 2, "0")
        return pc.binary_join_element_wise(mm, yy, "/")


@register
class CVV(_CardGenerator):
    """Card security codes: 3 digits, 4 for American Express (the row's card type)."""

    display_name = "CVV"
    key = "cvv"
    aliases = ("cvc", "card_security_code", "cvv2", "Credit Card CVV")
    description = "Card security codes: 3 digits, or 4 when the row's card is American Express."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        sizes = np.array([b["cvv"] for b in _brands().values()])[self.brands(ctx)]
        scale = np.array([1.0, 10.0, 100.0, 1000.0, 10000.0])[sizes]  # 10**size by lookup, not a float power
        value = np.floor(ctx.stream.uniform(ctx.rows) * scale).astype(np.int64)
        # Pad to 4 digits, then drop the first for 3-digit codes (whose value is below 1000).
        text = pc.utf8_lpad(pa.array(value).cast(pa.string()), 4, "0")
        return pc.if_else(pa.array(sizes == 4), text, pc.utf8_slice_codeunits(text, 1, 4))

