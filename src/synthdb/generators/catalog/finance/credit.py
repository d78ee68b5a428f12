"""Credit and income: Credit Score (FICO 300-850), Salary (log-normal), Account Type, Loan Type and an Interest
Rate inside the row's loan type's range (lower for better credit scores).

Shares, score bands and rate ranges come from synthdb/data/finance/credit.json (sources listed there and in
docs/realism.md). Loan Type and Interest Rate share the row's loan type through coherence group "loan",
and Interest Rate reads a Loan Type or Credit Score column of the row when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, Field, model_validator

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.arrays import decimal_from_scaled
from synthdb.generators.helpers.common import FINANCE, as_strings, find_sibling, require_field
from synthdb.generators.helpers.reference import package_data
from synthdb.generators.registry import register


@dataclass(frozen=True)
class _Credit:
    band_low: np.ndarray
    band_high: np.ndarray
    band_share: tuple[float, ...]
    loans: pa.Array
    loan_share: tuple[float, ...]
    rate_low: np.ndarray
    rate_high: np.ndarray
    accounts: pa.Array
    account_share: tuple[float, ...]


@cache
def credit_table() -> _Credit:
    """credit.json as arrays."""
    data = package_data("finance/credit.json")
    bands, loans, accounts = data["score_bands"], data["loans"], data["accounts"]
    return _Credit(
        np.array([b[0] for b in bands]), np.array([b[1] for b in bands]), tuple(float(b[2]) for b in bands),
        pa.array(list(loans)), tuple(float(v["share"]) for v in loans.values()),
        np.array([v["rate"][0] for v in loans.values()], dtype=float),
        np.array([v["rate"][1] for v in loans.values()], dtype=float),
        pa.array(list(accounts)), tuple(float(v) for v in accounts.values()))


@register
class CreditScore(Generator[NoParams]):
    """FICO scores 300-850, distributed like US consumers' (a fifth above 800, a sixth below 580)."""

    display_name = "Credit Score"
    key = "credit_score"
    aliases = ("fico_score", "fico", "credit_rating_score")
    category = FINANCE
    description = "A FICO score from 300 to 850 with the US distribution (mean about 706, 21% at 800 or more)."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        table, rows, stream = credit_table(), ctx.rows, ctx.stream
        band = stream.choice(rows, len(table.band_share), table.band_share)
        width = table.band_high[band] - table.band_low[band] + 1
        return table.band_low[band] + np.minimum((stream.uniform(rows, draw=1) * width).astype(np.int64), width - 1)


class SalaryParams(ParamsModel):
    """Log-normal pay: `median` and `sigma` (the spread of log pay) of the annual amount, then `period`."""

    model_config = ConfigDict(extra="ignore")
    median: float = Field(default=60_000, gt=0, le=1e12)
    sigma: float = Field(default=0.6, ge=0, le=5)
    period: Literal["annual", "monthly", "hourly"] = "annual"
    round_to: float | None = Field(default=None, gt=0)
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _check(self) -> SalaryParams:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


# An hourly rate is the annual amount over 52 weeks of 40 hours.
_PER_YEAR = {"annual": 1.0, "monthly": 12.0, "hourly": 2080.0}
_ROUND = {"annual": 100.0, "monthly": 10.0, "hourly": 0.01}


@register
class Salary(Generator[SalaryParams]):
    """Pay as people earn it: log-normal around a median (60,000 a year by default), right-skewed."""

    display_name = "Salary"
    key = "salary"
    aliases = ("income", "annual_income", "annual_salary", "wage", "compensation")
    category = FINANCE
    description = "Log-normal pay: median 60,000 a year, sigma 0.6 (mean 72,000); monthly or hourly on request."
    Params = SalaryParams
    arrow = pa.decimal128(18, 2)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        per = _PER_YEAR[p.period]
        value = (p.median / per) * detmath.exp(p.sigma * ctx.stream.normal(ctx.rows))
        if p.min is not None or p.max is not None:
            value = np.clip(value, p.min, p.max)
        step = round((p.round_to or _ROUND[p.period]) * 100)
        cents = np.round(value * 100 / step).astype(np.int64) * step
        return decimal_from_scaled(cents, 18, 2)


@register
class AccountType(Generator[NoParams]):
    """Bank account types: Checking, Savings, Certificate of Deposit, Money Market, IRA, Brokerage, HSA."""

    display_name = "Account Type"
    key = "account_type"
    aliases = ("bank_account_type",)
    category = FINANCE
    description = "A bank account type (Checking 40%, Savings 30%, Certificate of Deposit, Money Market, ...)."

    def capacity(self) -> int | None:
        return len(credit_table().accounts)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = credit_table()
        return table.accounts.take(pa.array(ctx.stream.choice(ctx.rows, len(table.account_share),
                                                              table.account_share)))


def _loan(ctx: ColumnContext) -> np.ndarray:
    """The row's loan type: one draw shared by the loan columns of the group."""
    table = credit_table()
    return ctx.group("loan").child("type").choice(ctx.rows, len(table.loan_share), table.loan_share)


@register
class LoanType(Generator[NoParams]):
    """Consumer and small-business loans: Credit Card, Auto Loan, Mortgage, Student Loan, ..."""

    display_name = "Loan Type"
    key = "loan_type"
    aliases = ("loan_product", "credit_product")
    category = FINANCE
    description = "A loan type (Credit Card, Auto Loan, Mortgage, Student Loan, ...) agreeing with Interest Rate."

    def capacity(self) -> int | None:
        return len(credit_table().loans)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return credit_table().loans.take(pa.array(_loan(ctx)))


class RateParams(ParamsModel):
    """`loan_type_field` / `credit_score_field`: columns to follow (found by themselves when the table has them);
    `unit`: percent (6.75) or fraction (0.0675)."""

    model_config = ConfigDict(extra="ignore")
    loan_type_field: str | None = None
    credit_score_field: str | None = None
    unit: Literal["percent", "fraction"] = "percent"


@register
class InterestRate(Generator[RateParams]):
    """An APR inside the row's loan type's range (a mortgage 5.5-8%, a credit card 15-30%), lower for better scores."""

    display_name = "Interest Rate"
    key = "interest_rate"
    aliases = ("apr", "loan_rate", "annual_percentage_rate")
    category = FINANCE
    description = "An APR in the range of the row's loan type (mortgage 5.5-8%, card 15-30%), lower for better scores."
    Params = RateParams
    arrow = pa.decimal128(9, 4)
    _loan_column: str | None = None
    _score_column: str | None = None

    def setup(self) -> None:
        p = self.params
        for param, name in (("loan_type_field", p.loan_type_field), ("credit_score_field", p.credit_score_field)):
            if name is not None and "." not in name:
                require_field(self.entity, name, param, other_than=self.field.name)
        self._loan_column = p.loan_type_field or find_sibling(self, LoanType)
        self._score_column = p.credit_score_field or find_sibling(self, CreditScore)

    def dependencies(self) -> list[str]:
        return [c for c in (self._loan_column, self._score_column) if c]

    def arrow_type(self) -> pa.DataType:
        return pa.decimal128(9, 2 if self.params.unit == "percent" else 4)

    def _loan_index(self, ctx: ColumnContext) -> np.ndarray:
        drawn = _loan(ctx)
        if not self._loan_column:
            return drawn
        found = pc.index_in(as_strings(ctx.columns[self._loan_column]), value_set=credit_table().loans)
        missing = pc.is_null(found).to_numpy(zero_copy_only=False)
        return np.where(missing, drawn, np.nan_to_num(found.to_numpy(zero_copy_only=False))).astype(np.int64)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table, rows, stream = credit_table(), ctx.rows, ctx.stream
        loan = self._loan_index(ctx)
        # Where in the range: the mean of two uniforms (most rates mid-range), or, with a credit score,
        # mostly the borrower's risk (850 gets the bottom of the range, 300 the top) plus some noise.
        spread = (stream.uniform(rows, draw=1) + stream.uniform(rows, draw=2)) / 2
        position = spread
        if self._score_column:
            score = ctx.columns[self._score_column].cast(pa.float64()).to_numpy(zero_copy_only=False)
            risk = np.clip((850.0 - np.nan_to_num(score, nan=np.nan)) / 550.0, 0.0, 1.0)
            position = np.where(np.isnan(risk), spread, 0.75 * np.nan_to_num(risk) + 0.25 * spread)
        percent = table.rate_low[loan] + position * (table.rate_high[loan] - table.rate_low[loan])
        # Hundredths of a percent (6.75%): four decimals as a fraction (0.0675).
        hundredths = np.clip(np.round(percent * 100).astype(np.int64), np.round(table.rate_low[loan] * 100),
                             np.round(table.rate_high[loan] * 100)).astype(np.int64)
        scale = 2 if self.params.unit == "percent" else 4
        return decimal_from_scaled(hundredths, 9, scale)
