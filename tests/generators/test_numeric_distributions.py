"""Every numeric parameter shapes the values as declared: KS and chi-square tests at a stated significance.

Continuous generators are compared with scipy's distribution of the same parameters (one-sample
Kolmogorov-Smirnov), discrete ones and integer/Money ranges with a chi-square over the support. The
bounds come from tests/fit_checks.py: a correct generator fails each check with probability 1e-3 for a
random seed (the seed here is fixed, so the outcome never changes between runs), while a parameter
read wrongly (a stddev off by 10 %, a rate inverted, a bound dropped) fails by a wide margin.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from scipy import stats as sps

import synthdb
from fit_checks import binomial_interval, chi_square_fits, ks_fits

N = 20_000


def sample(params: dict[str, Any], rows: int = N, seed: int = 29) -> np.ndarray:
    definition = {"seed": seed, "entities": [{"name": "t", "record_count": str(rows), "fields": [
        {"name": "x", **params}]}]}
    return np.asarray(synthdb.to_tables(definition)["t"]["x"].to_pylist())


# (generator parameters, the same law in scipy)
CONTINUOUS: dict[str, tuple[dict[str, Any], Any]] = {
    "normal": ({"generator": "Normal Distribution", "mean": 5, "stddev": 2}, sps.norm(5, 2)),
    "normal_sd_alias": ({"generator": "normal", "mean": -3, "sigma": 0.5}, sps.norm(-3, 0.5)),
    "lognormal": ({"generator": "Log-normal Distribution", "mu": 0.5, "sigma": 0.4},
                  sps.lognorm(s=0.4, scale=np.exp(0.5))),
    "exponential": ({"generator": "Exponential Distribution", "lambda": 2}, sps.expon(scale=1 / 2)),
    "exponential_rate": ({"generator": "exponential", "rate": 0.25}, sps.expon(scale=4)),
    "gamma": ({"generator": "Gamma Distribution", "shape": 3, "scale": 2}, sps.gamma(3, scale=2)),
    "gamma_small_shape": ({"generator": "gamma", "shape": 0.5, "scale": 2}, sps.gamma(0.5, scale=2)),
    "beta": ({"generator": "Beta Distribution", "alpha": 2, "beta": 5}, sps.beta(2, 5)),
    "beta_u": ({"generator": "beta", "alpha": 0.5, "beta": 0.5}, sps.beta(0.5, 0.5)),
    "triangular": ({"generator": "Triangular Distribution", "min": 1, "mode": 2, "max": 6},
                   sps.triang(c=(2 - 1) / (6 - 1), loc=1, scale=5)),
    "weibull": ({"generator": "Weibull Distribution", "shape": 1.5, "scale": 2}, sps.weibull_min(1.5, scale=2)),
    "pareto": ({"generator": "Pareto Distribution", "shape": 4, "scale": 1.5}, sps.pareto(4, scale=1.5)),
}


@pytest.mark.parametrize("name", list(CONTINUOUS))
def test_continuous_generators_follow_their_law(name: str) -> None:
    params, law = CONTINUOUS[name]
    ok, why = ks_fits(sample(params), law.cdf)
    assert ok, why


def _pmf(law: Any, support: range) -> dict[int, float]:
    pmf = {k: float(law.pmf(k)) for k in support}
    pmf[support[-1]] += float(law.sf(support[-1]))  # the tail beyond the last cell joins it
    return pmf


def _zipf(exponent: float, n: int) -> dict[int, float]:
    weights = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    return {k + 1: float(w) for k, w in enumerate(weights / weights.sum())}


DISCRETE: dict[str, tuple[dict[str, Any], dict[int, float]]] = {
    "poisson": ({"generator": "Poisson Distribution", "mean": 3.5}, _pmf(sps.poisson(3.5), range(0, 40))),
    "poisson_lambda": ({"generator": "poisson", "lambda": 0.3}, _pmf(sps.poisson(0.3), range(0, 20))),
    "binomial": ({"generator": "Binomial Distribution", "trials": 20, "probability": 0.3},
                 _pmf(sps.binom(20, 0.3), range(0, 21))),
    "binomial_np": ({"generator": "binomial", "n": 7, "p": 0.9}, _pmf(sps.binom(7, 0.9), range(0, 8))),
    "geometric": ({"generator": "Geometric Distribution", "p": 0.25}, _pmf(sps.geom(0.25), range(1, 80))),
    "zipf": ({"generator": "Zipf Distribution", "exponent": 1.5, "n": 100}, _zipf(1.5, 100)),
    "zipf_steep": ({"generator": "zipf", "s": 3, "n": 10}, _zipf(3, 10)),
    "zipf_defaults": ({"generator": "zipf"}, _zipf(1.2, 1000)),
}


@pytest.mark.parametrize("name", list(DISCRETE))
def test_discrete_generators_follow_their_law(name: str) -> None:
    params, pmf = DISCRETE[name]
    ok, why = chi_square_fits(sample(params), pmf)
    assert ok, why


@pytest.mark.parametrize(("low", "high"), [(1, 6), (-50, 49), (0, 0)])
def test_uniform_integers_cover_min_to_max_evenly(low: int, high: int) -> None:
    got = sample({"generator": "Number", "min": low, "max": high})
    ok, why = chi_square_fits(got, {k: 1 / (high - low + 1) for k in range(low, high + 1)})
    assert ok, why
    assert got.min() == low and got.max() == high


def test_uniform_decimals_are_even_on_the_grid() -> None:
    got = sample({"generator": "Number", "min": 0.5, "max": 2.5, "decimals": 1})
    tenths = np.rint(got * 10).astype(np.int64)
    assert np.allclose(got * 10, tenths)
    ok, why = chi_square_fits(tenths, {k: 1 / 21 for k in range(5, 26)})
    assert ok, why


@pytest.mark.parametrize(("mean", "stddev"), [(50, 10), (-2, 0.5), (1000, 250)])
def test_number_normal_has_its_mean_and_stddev(mean: float, stddev: float) -> None:
    got = sample({"generator": "Number", "distribution": "normal", "mean": mean, "stddev": stddev,
                  "decimals": 6})
    ok, why = ks_fits(got, sps.norm(mean, stddev).cdf)
    assert ok, why


def test_number_normal_is_clipped_to_min_and_max() -> None:
    # The tails beyond min and max pile up on the bounds: how many is binomial with the tail's probability.
    got = sample({"generator": "Number", "distribution": "normal", "mean": 10, "stddev": 4, "min": 5,
                  "max": 18, "decimals": 6})
    law = sps.norm(10, 4)
    assert got.min() == 5 and got.max() == 18
    low, high = binomial_interval(N, float(law.cdf(5)))
    assert low <= (got == 5).sum() <= high
    low, high = binomial_interval(N, float(law.sf(18)))
    assert low <= (got == 18).sum() <= high
    inside = got[(got > 5) & (got < 18)]
    truncated = sps.truncnorm((5 - 10) / 4, (18 - 10) / 4, loc=10, scale=4)
    ok, why = ks_fits(inside, truncated.cdf)
    assert ok, why


def test_number_normal_defaults_to_the_middle_of_min_and_max_and_stddev_one() -> None:
    got = sample({"generator": "Number", "distribution": "normal", "min": 0, "max": 40, "decimals": 6})
    ok, why = ks_fits(got, sps.norm(20, 1).cdf)
    assert ok, why


@pytest.mark.parametrize(("low", "high", "decimals"), [(0.5, 2.5, 2), (10, 20, 0), (-1, 1, 3)])
def test_money_is_uniform_over_the_cents_between_min_and_max(low: float, high: float, decimals: int) -> None:
    got = sample({"generator": "Money", "min": low, "max": high, "decimals": decimals})
    assert all(isinstance(v, Decimal) and -v.as_tuple().exponent == decimals for v in got[:50])
    scale = 10**decimals
    units = np.array([int(v * scale) for v in got])
    lo, hi = round(low * scale), round(high * scale)
    ok, why = chi_square_fits(units, {k: 1 / (hi - lo + 1) for k in range(lo, hi + 1)})
    assert ok, why
    assert units.min() == lo and units.max() == hi


def test_the_checks_have_power() -> None:
    # The same samples against a neighbouring law fail: a 10 % error in stddev or exponent would be caught.
    normal = sample(CONTINUOUS["normal"][0])
    assert not ks_fits(normal, sps.norm(5, 2.2).cdf)[0]
    zipf = sample(DISCRETE["zipf"][0])
    assert not chi_square_fits(zipf, _zipf(1.35, 100))[0]
    exponential = sample(CONTINUOUS["exponential"][0])
    assert not ks_fits(exponential, sps.expon(scale=1 / 2.2).cdf)[0]
