"""Children per parent follow the declared law: chi-square tests of every Foreign Key distribution.

Each test draws children for a few thousand parents with a fixed seed and compares the histogram of
children per parent with the law's probabilities, worked out here from the definition (not from the
code). The limits come from tests/fit_checks.py: a correct implementation fails with probability 1e-3 for
a random seed, and a wrong exponent, stddev, mean or count fails by a wide margin.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import pytest
from scipy import stats as sps

import synthdb
from fit_checks import chi_square_fits

PARENTS = 4000


def counts(children: dict[str, Any], parents: int = PARENTS, seed: int = 17) -> np.ndarray:
    """Children of each parent, for a Foreign Key with these parameters."""
    definition = {"seed": seed, "entities": [
        {"name": "p", "record_count": str(parents), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True}]},
        {"name": "c", "record_count": "20000", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "pid", "generator": "Foreign Key", "primary_key_entity": "p", "primary_key_field": "id",
             **children}]},
    ]}
    tables = synthdb.to_tables(definition)
    counter = Counter(tables["c"]["pid"].to_pylist())
    return np.array([counter.get(p, 0) for p in tables["p"]["id"].to_pylist()])


def rounded_normal_pmf(mean: float, sd: float, low: int, high: int) -> dict[int, float]:
    """P(k) of a normal rounded to the nearest integer, clipped to [low, high] (the ends take the tails)."""
    cdf = sps.norm(mean, sd).cdf
    pmf = {k: cdf(k + 0.5) - cdf(k - 0.5) for k in range(low, high + 1)}
    pmf[low] = cdf(low + 0.5)
    pmf[high] = 1 - cdf(high - 0.5)
    return pmf


def zipf_pmf(exponent: float, first: int, last: int) -> dict[int, float]:
    weights = {k: k ** -exponent for k in range(first, last + 1)}
    total = math.fsum(weights.values())
    return {k: w / total for k, w in weights.items()}


def assert_fits(values: np.ndarray, pmf: dict[int, float]) -> None:
    ok, why = chi_square_fits(values, pmf)
    assert ok, why


@pytest.mark.parametrize(("low", "high"), [(1, 5), (0, 3), (2, 2)])
def test_uniform_children_per_parent(low: int, high: int) -> None:
    got = counts({"distribution": "uniform", "min": low, "max": high})
    assert_fits(got, {k: 1 / (high - low + 1) for k in range(low, high + 1)})
    assert got.min() == low and got.max() == high


@pytest.mark.parametrize(("mean", "sd", "low", "high"), [(6, 2, 0, 14), (5, 0.7, 2, 8), (3, 3, 1, 6)])
def test_normal_children_per_parent_has_its_mean_stddev_and_clipping(mean: float, sd: float, low: int,
                                                                    high: int) -> None:
    got = counts({"distribution": "normal", "mean": mean, "stddev": sd, "min": low, "max": high})
    assert_fits(got, rounded_normal_pmf(mean, sd, low, high))


def test_normal_children_without_stddev_use_the_square_root_of_the_mean() -> None:
    # Documented default: stddev = max(1, sqrt(mean)); mean 9 gives 3, bounded by the default max (none).
    got = counts({"distribution": "normal", "mean": 9, "max": 30})
    assert_fits(got, rounded_normal_pmf(9, 3, 0, 30))


@pytest.mark.parametrize(("mean", "low", "high"), [(4, 0, None), (0.5, 0, None), (7, 2, 9)])
def test_poisson_children_per_parent(mean: float, low: int, high: int | None) -> None:
    params: dict[str, Any] = {"distribution": "poisson", "mean": mean, "min": low}
    if high is not None:
        params["max"] = high
    top = high if high is not None else 60
    law = sps.poisson(mean)
    pmf = {k: float(law.pmf(k)) for k in range(low, top + 1)}
    pmf[low] = float(law.cdf(low))
    pmf[top] = float(law.sf(top - 1))
    assert_fits(counts(params), pmf)


@pytest.mark.parametrize(("exponent", "low", "high"), [(1.5, 1, 20), (2.5, 1, None), (1.0, 3, 12), (0.5, 0, 8)])
def test_zipf_children_per_parent_follow_the_exponent(exponent: float, low: int, high: int | None) -> None:
    params: dict[str, Any] = {"distribution": "zipf", "exponent": exponent, "min": low}
    if high is not None:
        params["max"] = high
    first = max(low, 1)  # rank 0 has no weight: a zipf law starts at 1 child
    # Without max the law runs over 10,000 ranks; pooling the tail makes that one chi-square cell.
    last = high if high is not None else first + 10_000
    assert_fits(counts(params), zipf_pmf(exponent, first, last))


def test_zipf_default_exponent_is_two() -> None:
    assert_fits(counts({"distribution": "zipf", "max": 15}), zipf_pmf(2.0, 1, 15))


@pytest.mark.parametrize(("params", "expected"), [
    ({"distribution": "fixed", "exact_value": 3}, 3),
    ({"distribution": "fixed", "exact_value": 0}, 0),
    ({"distribution": "fixed", "min": 2}, 2),  # no exact_value: min children each
])
def test_fixed_children_per_parent(params: dict[str, Any], expected: int) -> None:
    got = counts(params, parents=500)
    assert (got == expected).all(), Counter(got.tolist())


def test_no_distribution_picks_each_parent_with_equal_probability() -> None:
    # Each of the 20,000 children picks one of 200 parents: a multinomial with equal cells.
    got = counts({}, parents=200)
    assert got.sum() == 20_000
    expected = 20_000 / 200
    statistic = float(((got - expected) ** 2 / expected).sum())
    assert statistic <= sps.chi2.ppf(1 - 1e-3, 199), statistic


def test_the_chi_square_check_rejects_a_wrong_law() -> None:
    # The check itself has power: a zipf of exponent 1.5 is not one of exponent 1.3, nor a normal of sd 2 one of 2.4.
    assert not chi_square_fits(counts({"distribution": "zipf", "exponent": 1.5, "max": 20}), zipf_pmf(1.3, 1, 20))[0]
    assert not chi_square_fits(counts({"distribution": "normal", "mean": 6, "stddev": 2, "max": 14}),
                               rounded_normal_pmf(6, 2.4, 0, 14))[0]
