"""Numbers from named probability distributions, sampled from the counter-based uniforms (no scipy).

Continuous distributions use inverse CDFs or transforms (Box-Muller); discrete ones invert a CDF
table built once per parameter set. Gamma, beta, triangular, Weibull and Pareto live in
shaped_distributions.py. The samplers (`binomial_cdf`, `zipf_cdf`, `gamma_values`, `beta_values`) are
plain functions other generators may reuse.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
from pydantic import AliasChoices, ConfigDict, Field, model_validator

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.common import DATA_TYPES
from synthdb.generators.registry import register
from synthdb.randomness import Stream

_TABLE_LIMIT = 2_000_000  # largest discrete support tabulated; beyond it a normal approximation is used


class _Params(ParamsModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    decimals: int | None = None

    @model_validator(mode="after")
    def _decimals(self) -> Any:
        if self.decimals is not None and not 0 <= self.decimals <= 12:
            raise ValueError("decimals must be between 0 and 12")
        return self


DP = TypeVar("DP", bound=_Params)


class _Distribution(Generator[DP]):
    """Continuous distributions return floats, rounded to `decimals` when given."""

    category = DATA_TYPES
    arrow = pa.float64()

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        values = self.sample(ctx.stream, ctx.rows)
        decimals = self.params.decimals
        return np.round(values, decimals) if decimals is not None else values


class _Discrete(_Distribution[DP]):
    arrow = pa.int64()


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be greater than 0, got {value:g}")


def _probability(value: float) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"probability must be in (0, 1], got {value:g}")


def _invert(stream: Stream, rows: np.ndarray, cdf: np.ndarray, offset: int = 0) -> np.ndarray:
    picks = np.searchsorted(cdf, stream.uniform(rows) * cdf[-1], side="right")
    return np.minimum(picks, len(cdf) - 1).astype(np.int64) + offset


class NormalParams(_Params):
    """Parameters of Normal Distribution."""

    mean: float = 0.0
    stddev: float = Field(1.0, validation_alias=AliasChoices("stddev", "standard_deviation", "sd", "sigma"))

    @model_validator(mode="after")
    def _check(self) -> NormalParams:
        _positive(stddev=self.stddev)
        return self


@register
class NormalDistribution(_Distribution[NormalParams]):
    """Normal (Gaussian) values with `mean` and `stddev`."""

    display_name = "Normal Distribution"
    key = "normal_distribution"
    aliases = ("gaussian", "normal", "gaussian_distribution")
    description = "Normally distributed floats: mean (0), stddev (1), optional decimals."
    Params = NormalParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return stream.normal(rows, self.params.mean, self.params.stddev)


class LogNormalParams(_Params):
    """Parameters of Log-normal Distribution: mean and stddev of the underlying normal (of log x)."""

    mu: float = Field(0.0, validation_alias=AliasChoices("mu", "meanlog", "log_mean"))
    sigma: float = Field(1.0, validation_alias=AliasChoices("sigma", "sdlog", "log_stddev"))

    @model_validator(mode="after")
    def _check(self) -> LogNormalParams:
        _positive(sigma=self.sigma)
        return self


@register
class LogNormalDistribution(_Distribution[LogNormalParams]):
    """exp(N(mu, sigma)): positive, right-skewed values (incomes, prices, file sizes)."""

    display_name = "Log-normal Distribution"
    key = "lognormal_distribution"
    aliases = ("lognormal", "log_normal", "log_normal_distribution")
    description = "exp(normal(mu, sigma)): positive right-skewed floats; mean exp(mu + sigma²/2)."
    Params = LogNormalParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return detmath.exp(stream.normal(rows, self.params.mu, self.params.sigma))


class ExponentialParams(_Params):
    """Parameters of Exponential Distribution: `rate` (lambda), mean 1/rate."""

    rate: float = Field(1.0, validation_alias=AliasChoices("rate", "lambda", "lambda_"))

    @model_validator(mode="after")
    def _check(self) -> ExponentialParams:
        _positive(rate=self.rate)
        return self


@register
class ExponentialDistribution(_Distribution[ExponentialParams]):
    """Waiting times with `rate` events per unit (mean 1/rate)."""

    display_name = "Exponential Distribution"
    key = "exponential_distribution"
    aliases = ("exponential",)
    description = "Exponentially distributed floats (waiting times): rate (lambda, 1), mean 1/rate."
    Params = ExponentialParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return -detmath.log1p(-stream.uniform(rows)) / self.params.rate


class PoissonParams(_Params):
    """Parameters of Poisson Distribution: the mean number of events (lambda)."""

    mean: float = Field(1.0, validation_alias=AliasChoices("mean", "lambda", "lambda_", "rate"))

    @model_validator(mode="after")
    def _check(self) -> PoissonParams:
        _positive(mean=self.mean)
        return self


@register
class PoissonDistribution(_Discrete[PoissonParams]):
    """Counts of events with a given `mean` (lambda)."""

    display_name = "Poisson Distribution"
    key = "poisson_distribution"
    aliases = ("poisson",)
    description = "Poisson counts (integers) with mean lambda (1); variance equals the mean."
    Params = PoissonParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        mean = self.params.mean
        if mean > _TABLE_LIMIT / 2:  # normal approximation: exact to well below one count per million
            return np.maximum(np.rint(stream.normal(rows, mean, np.sqrt(mean))), 0).astype(np.int64)
        return stream.poisson(rows, mean)


@cache
def binomial_cdf(trials: int, probability: float) -> np.ndarray:
    """CDF of Binomial(trials, probability) over 0..trials, from log-pmf ratios (no factorials)."""
    if probability >= 1:
        cdf = np.zeros(trials + 1)
        cdf[-1] = 1.0
        return cdf
    ks = np.arange(trials)
    steps = detmath.log((trials - ks) / (ks + 1)) + detmath.log(probability / (1 - probability))
    log_pmf = np.concatenate([[0.0], np.cumsum(steps)])
    return np.cumsum(detmath.exp(log_pmf - log_pmf.max()))


class BinomialParams(_Params):
    """Parameters of Binomial Distribution."""

    trials: int = Field(10, validation_alias=AliasChoices("trials", "n"))
    probability: float = Field(0.5, validation_alias=AliasChoices("probability", "p"))

    @model_validator(mode="after")
    def _check(self) -> BinomialParams:
        if self.trials < 1:
            raise ValueError("trials must be at least 1")
        _probability(self.probability)
        return self


@register
class BinomialDistribution(_Discrete[BinomialParams]):
    """Successes in `trials` independent tries that each succeed with `probability`."""

    display_name = "Binomial Distribution"
    key = "binomial_distribution"
    aliases = ("binomial",)
    description = "Binomial counts: successes in trials (10) with probability (0.5); mean n·p."
    Params = BinomialParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        n, p = self.params.trials, self.params.probability
        if n > _TABLE_LIMIT:
            values = np.rint(stream.normal(rows, n * p, np.sqrt(n * p * (1 - p))))
            return np.clip(values, 0, n).astype(np.int64)
        return _invert(stream, rows, binomial_cdf(n, p))


class GeometricParams(_Params):
    """Parameters of Geometric Distribution."""

    probability: float = Field(0.5, validation_alias=AliasChoices("probability", "p"))

    @model_validator(mode="after")
    def _check(self) -> GeometricParams:
        _probability(self.probability)
        return self


@register
class GeometricDistribution(_Discrete[GeometricParams]):
    """The number of tries up to and including the first success (1, 2, 3, ...)."""

    display_name = "Geometric Distribution"
    key = "geometric_distribution"
    aliases = ("geometric",)
    description = "Tries until the first success (>= 1) with success probability (0.5); mean 1/p."
    Params = GeometricParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        p = self.params.probability
        if p >= 1:
            return np.ones(len(rows), dtype=np.int64)
        u = stream.uniform(rows)
        return np.maximum(np.ceil(detmath.log1p(-u) / detmath.log1p(-p)), 1).astype(np.int64)


@cache
def zipf_cdf(exponent: float, count: int) -> np.ndarray:
    """CDF of the bounded Zipf law over ranks 1..count (weight of rank k: k**-exponent)."""
    return np.cumsum(detmath.pow(np.arange(1, count + 1, dtype=np.float64), -exponent))


class ZipfParams(_Params):
    """Parameters of Zipf Distribution: rank k in 1..n with weight k**-exponent."""

    exponent: float = Field(1.2, validation_alias=AliasChoices("exponent", "s", "a"))
    n: int = Field(1000, validation_alias=AliasChoices("n", "max", "ranks"))

    @model_validator(mode="after")
    def _check(self) -> ZipfParams:
        _positive(exponent=self.exponent)
        if not 1 <= self.n <= _TABLE_LIMIT:
            raise ValueError(f"n must be between 1 and {_TABLE_LIMIT:,}")
        return self


@register
class ZipfDistribution(_Discrete[ZipfParams]):
    """Ranks 1..n where rank k is drawn in proportion to k**-exponent (word or product popularity)."""

    display_name = "Zipf Distribution"
    key = "zipf_distribution"
    aliases = ("zipf", "zipfian", "power_law_rank")
    description = "Zipf ranks 1..n (1000), P(k) ∝ k^-exponent (1.2): a few very common, a long tail."
    Params = ZipfParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return _invert(stream, rows, zipf_cdf(self.params.exponent, self.params.n), offset=1)
