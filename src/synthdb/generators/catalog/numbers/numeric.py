"""Number, Money and Row Number: numeric columns with autoincrement, uniform and normal distributions."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, model_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamError, ParamsModel
from synthdb.generators.helpers.arrays import decimal_from_scaled
from synthdb.generators.helpers.common import require_field
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


class NumberParams(ParamsModel):
    """Parameters of Number."""

    model_config = ConfigDict(extra="ignore")
    distribution: Literal["autoincrement", "uniform", "normal", "none"] = "uniform"
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    stddev: float | None = None
    decimals: int = 0
    step: float = 1

    @model_validator(mode="after")
    def _check(self) -> NumberParams:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if not 0 <= self.decimals <= 12:
            raise ValueError("decimals must be between 0 and 12")
        if self.stddev is not None and self.stddev < 0:
            raise ValueError("stddev must not be negative")
        return self


@register
class Number(Generator[NumberParams]):
    """Numbers: autoincrement (min + row), uniform in [min, max] or normal(mean, stddev) clipped."""

    display_name = "Number"
    key = "number"
    unique_values = True
    aliases = ("integer", "autoincrement", "sequence")
    Params = NumberParams

    def _is_autoincrement(self) -> bool:
        p = self.params
        if p.distribution == "autoincrement":
            return True
        # A primary key with no distribution and no max counts up from min (default 1), as users expect.
        return self.field.primary_key and "distribution" not in p.model_fields_set and p.max is None

    def _unique(self) -> bool:
        return self.field.unique or self.field.primary_key

    def setup(self) -> None:
        p = self.params
        if self._unique() and not self._is_autoincrement() and p.distribution == "normal":
            raise ParamError("distribution", "a unique or primary key Number cannot use a normal distribution")

    def arrow_type(self) -> pa.DataType:
        return pa.int64() if self.params.decimals == 0 else pa.float64()

    def _bounds(self) -> tuple[float, float]:
        p = self.params
        low = p.min if p.min is not None else 0.0
        high = p.max if p.max is not None else max(low, 0) + 1000.0
        return low, high

    def capacity(self) -> int | None:
        if self._is_autoincrement():
            return None
        low, high = self._bounds()
        scale = 10**self.params.decimals
        return int(np.floor(high * scale) - np.ceil(low * scale)) + 1

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> np.ndarray | None:
        if self._is_autoincrement():
            return None
        low, _ = self._bounds()
        scale = 10**self.params.decimals
        values = int(np.ceil(low * scale)) + indices
        return values if self.params.decimals == 0 else values / scale

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        p = self.params
        scale = 10**p.decimals
        if self._is_autoincrement():
            start = p.min if p.min is not None else 1
            values = start + ctx.rows * p.step
            return values.astype(np.int64) if p.decimals == 0 else values.astype(np.float64)
        low, high = self._bounds()
        lo_i, hi_i = int(np.ceil(low * scale)), int(np.floor(high * scale))
        if self._unique():
            # A keyed bijection of the row index: distinct values without any retry loop.
            picks = lo_i + permute(ctx.rows, hi_i - lo_i + 1, derive_key(ctx.stream.key, "unique"))
            return picks if p.decimals == 0 else picks / scale
        if p.distribution == "normal":
            mean = p.mean if p.mean is not None else (low + high) / 2 if p.max is not None else 0.0
            stddev = p.stddev if p.stddev is not None else 1.0
            values = ctx.stream.normal(ctx.rows, mean, stddev)
            if p.min is not None or p.max is not None:
                values = np.clip(values, p.min if p.min is not None else -np.inf,
                                 p.max if p.max is not None else np.inf)
            values = np.round(values * scale) / scale
            return values.astype(np.int64) if p.decimals == 0 else values
        picks = ctx.stream.integers(ctx.rows, lo_i, hi_i)
        return picks if p.decimals == 0 else picks / scale


class MoneyParams(ParamsModel):
    """Parameters of Money."""

    model_config = ConfigDict(extra="ignore")
    min: float = 0
    max: float = 1000
    decimals: int = 2
    # As Number's: uniform in [min, max], or normal(mean, stddev) clipped to [min, max].
    distribution: Literal["uniform", "normal"] = "uniform"
    mean: float | None = None
    stddev: float | None = None

    @model_validator(mode="after")
    def _check(self) -> MoneyParams:
        if self.stddev is not None and self.stddev < 0:
            raise ValueError("stddev must not be negative")
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if not 0 <= self.decimals <= 6:
            raise ValueError("decimals must be between 0 and 6")
        return self


@register
class Money(Generator[MoneyParams]):
    """Amounts of money as exact decimals, uniform in [min, max] or normal around a mean, clipped to it."""

    display_name = "Money"
    key = "money"
    category = "Banking and finance"
    aliases = ("price", "amount")
    Params = MoneyParams

    def arrow_type(self) -> pa.DataType:
        return pa.decimal128(18, self.params.decimals)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        scale = 10**p.decimals
        low, high = int(np.ceil(p.min * scale)), int(np.floor(p.max * scale))
        if p.distribution == "normal":
            # Without mean / stddev: centred in the range, which then holds about ±3 standard deviations.
            mean = p.mean if p.mean is not None else (p.min + p.max) / 2
            stddev = p.stddev if p.stddev is not None else (p.max - p.min) / 6
            drawn = np.round(ctx.stream.normal(ctx.rows, mean, stddev) * scale)
            picks = np.clip(drawn, low, high).astype(np.int64)
        else:
            picks = ctx.stream.integers(ctx.rows, low, high)
        return decimal_from_scaled(picks, 18, p.decimals)


@register
class RowNumber(Generator[NoParams]):
    """The 1-based row number."""

    display_name = "Row Number"
    key = "row_number"
    unique_values = True
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        return ctx.rows + 1


class VariantParams(ParamsModel):
    """Parameters of Number with Variants: a base (`field` of the row, or `value`) and how far to stray."""

    model_config = ConfigDict(extra="ignore")
    field: str | None = None
    value: float = 100.0
    variance: float = 0.1
    decimals: int = 2

    @model_validator(mode="after")
    def _check(self) -> VariantParams:
        if not 0 <= self.variance <= 10:
            raise ValueError(f"variance is a fraction of the base (0.1 = up to 10% either way), got {self.variance}")
        if not 0 <= self.decimals <= 9:
            raise ValueError(f"decimals must be 0..9, got {self.decimals}")
        return self


@register
class NumberWithVariants(Generator[VariantParams]):
    """A number near a base value: base * (1 + u), u uniform in [-variance, variance], rounded to `decimals`."""

    display_name = "Number with Variants"
    key = "number_with_variants"
    aliases = ("number_variant", "varied_number", "Number with variants")
    category = "Calculated or related values"
    description = ("A number within ±variance (a fraction) of a base: the row's `field` (e.g. a list price, so "
                   "sale prices vary around it) or a fixed `value`.")
    Params = VariantParams
    arrow = pa.float64()

    def setup(self) -> None:
        if self.params.field is not None:
            require_field(self.entity, self.params.field, "field", other_than=self.field.name)

    def dependencies(self) -> list[str]:
        return [self.params.field] if self.params.field else []

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if p.field is None:
            base: np.ndarray = np.full(len(ctx.rows), p.value)
            nulls = None
        else:
            column = ctx.columns[p.field]
            try:
                numbers = column.cast(pa.float64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise ParamError("field", f"field '{p.field}' holds {column.type} values, not numbers") from exc
            base = numbers.fill_null(0).to_numpy(zero_copy_only=False)
            nulls = np.asarray(numbers.is_null()) if numbers.null_count else None
        factor = 1 + (2 * ctx.stream.uniform(ctx.rows) - 1) * p.variance
        return pa.array(np.round(base * factor, p.decimals), pa.float64(), mask=nulls)
