"""Distribution generators: sample mean and variance of 100,000 draws against the theoretical values."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import synthdb
from synthdb.errors import DefinitionError

N = 100_000

# (parameters, theoretical mean, theoretical variance); formulas written out independently of the code.
CASES: dict[str, tuple[dict[str, Any], float, float]] = {
    "normal": ({"generator": "Normal Distribution", "mean": 5, "stddev": 2}, 5, 4),
    "lognormal": ({"generator": "Log-normal Distribution", "mu": 0.5, "sigma": 0.4},
                  math.exp(0.5 + 0.4**2 / 2), (math.exp(0.4**2) - 1) * math.exp(2 * 0.5 + 0.4**2)),
    "exponential": ({"generator": "Exponential Distribution", "lambda": 2}, 1 / 2, 1 / 4),
    "poisson": ({"generator": "Poisson Distribution", "mean": 3.5}, 3.5, 3.5),
    "poisson_large": ({"generator": "poisson", "lambda": 250}, 250, 250),
    "binomial": ({"generator": "Binomial Distribution", "trials": 20, "probability": 0.3}, 6, 20 * 0.3 * 0.7),
    "geometric": ({"generator": "Geometric Distribution", "p": 0.25}, 4, 0.75 / 0.25**2),
    "beta": ({"generator": "Beta Distribution", "alpha": 2, "beta": 5}, 2 / 7, 2 * 5 / (7**2 * 8)),
    "beta_small": ({"generator": "beta", "alpha": 0.5, "beta": 0.5}, 0.5, 0.25 / 2),
    "triangular": ({"generator": "Triangular Distribution", "min": 1, "mode": 2, "max": 6}, 3,
                   (1 + 4 + 36 - 1 * 2 - 1 * 6 - 2 * 6) / 18),
    "gamma": ({"generator": "Gamma Distribution", "shape": 3, "scale": 2}, 6, 12),
    "gamma_small": ({"generator": "gamma", "shape": 0.5, "scale": 2}, 1, 2),
    "weibull": ({"generator": "Weibull Distribution", "shape": 1.5, "scale": 2}, 2 * math.gamma(1 + 1 / 1.5),
                4 * (math.gamma(1 + 2 / 1.5) - math.gamma(1 + 1 / 1.5) ** 2)),
    "pareto": ({"generator": "Pareto Distribution", "shape": 4, "scale": 1}, 4 / 3, 4 / (3**2 * 2)),
}


def zipf_moments(exponent: float, n: int) -> tuple[float, float]:
    ranks = np.arange(1, n + 1, dtype=np.float64)
    p = ranks**-exponent / (ranks**-exponent).sum()
    mean = float((ranks * p).sum())
    return mean, float((ranks**2 * p).sum() - mean**2)


CASES["zipf"] = ({"generator": "Zipf Distribution", "exponent": 1.5, "n": 100}, *zipf_moments(1.5, 100))


def draws(**fields: dict[str, Any]) -> dict[str, np.ndarray]:
    definition = {"name": "t", "seed": 21, "entities": [
        {"name": "t", "record_count": str(N), "fields": [{"name": k, **v} for k, v in fields.items()]}]}
    table = synthdb.to_tables(definition)["t"]
    return {k: table[k].to_numpy() for k in fields}


@pytest.fixture(scope="module")
def samples() -> dict[str, np.ndarray]:
    return draws(**{name: params for name, (params, _, _) in CASES.items()})


@pytest.mark.parametrize("name", list(CASES))
def test_sample_moments_match_theory(samples: dict[str, np.ndarray], name: str) -> None:
    _, mean, variance = CASES[name]
    x = samples[name]
    # Five standard errors of the mean; the variance within 5 % (heavier tails get a wider margin).
    assert abs(x.mean() - mean) < 5 * math.sqrt(variance / N), (x.mean(), mean)
    tolerance = 0.15 if name == "pareto" else 0.05
    assert abs(x.var() - variance) < tolerance * variance, (x.var(), variance)


def test_supports_and_types(samples: dict[str, np.ndarray]) -> None:
    for name in ("poisson", "binomial", "geometric", "zipf"):
        assert samples[name].dtype == np.int64
    assert samples["binomial"].min() >= 0 and samples["binomial"].max() <= 20
    assert samples["geometric"].min() == 1 and samples["zipf"].min() == 1 and samples["zipf"].max() <= 100
    assert samples["beta"].min() >= 0 and samples["beta"].max() <= 1
    assert samples["triangular"].min() >= 1 and samples["triangular"].max() <= 6
    assert samples["pareto"].min() >= 1 and samples["exponential"].min() >= 0
    # Shape, not just moments: the normal's quartiles and the exponential's median.
    assert abs(np.quantile(samples["normal"], 0.75) - (5 + 2 * 0.6745)) < 0.05
    assert abs(np.median(samples["exponential"]) - math.log(2) / 2) < 0.01


def test_decimals_round_the_values() -> None:
    got = draws(x={"generator": "normal", "mean": 10, "stddev": 3, "decimals": 2})["x"]
    assert np.allclose(got, np.round(got, 2))


@pytest.mark.parametrize(("params", "where"), [
    ({"generator": "Normal Distribution", "stddev": -1}, "stddev"),
    ({"generator": "Binomial Distribution", "probability": 1.5}, "probability"),
    ({"generator": "Triangular Distribution", "min": 3, "mode": 1, "max": 2}, "min"),
    ({"generator": "Beta Distribution", "alpha": 0}, "alpha"),
])
def test_invalid_parameters_are_rejected(params: dict[str, Any], where: str) -> None:
    definition = {"entities": [{"name": "t", "record_count": "5", "fields": [{"name": "x", **params}]}]}
    with pytest.raises(DefinitionError) as error:
        synthdb.to_tables(definition)
    assert error.value.path.startswith("entities[0].fields[0]")


def test_rejection_sampling_is_batch_independent() -> None:
    fields = [{"name": k, **v} for k, v in (("g", {"generator": "gamma", "shape": 0.7}),
                                            ("b", {"generator": "beta", "alpha": 0.3, "beta": 2}),
                                            ("z", {"generator": "zipf"}), ("p", {"generator": "poisson"}))]
    def run(batch: int) -> Any:
        return synthdb.to_tables({"entities": [{"name": "t", "record_count": "3000", "fields": fields}]},
                                 batch_size=batch)["t"]
    assert run(7).equals(run(1000))
