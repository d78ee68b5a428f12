"""Statistical oracles: KS and chi-square goodness of fit, and mean tests, at one stated significance.

Every statistical oracle rejects at ALPHA = 0.001. The seed is fixed, so a run is deterministic; the
false-failure rate is the chance that a correct generator, re-seeded (e.g. after a change to how draws are
made), fails one test: at most ALPHA per oracle, so with the ~90 statistical oracles of the suite at most
~9% that some one of them needs a second look after such a change (none fails today). Tolerances come from
the sample size through the test's null distribution, never by eye.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from scipy import stats

from generators.oracles.base import Oracle, Sample

ALPHA = 1e-3
Z = float(stats.norm.ppf(1 - ALPHA / 2))  # two-sided critical value, ~3.29


def ks(dist: Any, source: str, transform: Callable[[Any], float] = float) -> Oracle:
    """Kolmogorov-Smirnov test of continuous values against a frozen scipy distribution."""
    def check(sample: Sample) -> None:
        xs = [transform(v) for v in sample.values]
        result = stats.kstest(xs, dist.cdf)
        assert result.pvalue >= ALPHA, f"KS against {source}: D={result.statistic:.4f}, p={result.pvalue:.2e}"
    return Oracle("statistical", f"KS vs {source}, alpha={ALPHA}", check)


def chi_square(expected: Mapping[Any, float] | Callable[[Sample], Mapping[Any, float]], source: str,
               kind: str = "statistical", transform: Callable[[Any], Any] = lambda v: v) -> Oracle:
    """Pearson chi-square goodness of fit against category probabilities (normalised); any value outside
    the categories fails outright. Categories expecting fewer than 5 draws are pooled, as the test needs."""
    def check(sample: Sample) -> None:
        probs = expected(sample) if callable(expected) else expected
        total_p = sum(probs.values())
        counts = Counter(transform(v) for v in sample.values)
        n = sum(counts.values())
        outside = [v for v in counts if v not in probs]
        assert not outside, f"values outside {source}: {outside[:5]!r}"
        observed, wanted, pool_o, pool_e = [], [], 0.0, 0.0
        for category, p in probs.items():
            e = n * p / total_p
            if e < 5:
                pool_o += counts.get(category, 0)
                pool_e += e
            else:
                observed.append(counts.get(category, 0))
                wanted.append(e)
        if pool_e > 0:
            observed.append(pool_o)
            wanted.append(pool_e)
        assert len(observed) >= 2, f"too few categories to test {source}"
        result = stats.chisquare(observed, wanted)
        assert result.pvalue >= ALPHA, f"chi-square against {source}: X2={result.statistic:.1f}, p={result.pvalue:.2e}"
    return Oracle(kind, f"chi-square vs {source}, alpha={ALPHA}", check)


def discrete(pmf: Callable[[int], float], support: range, source: str) -> Oracle:
    """Chi-square of integer values against a probability mass function over `support`."""
    return chi_square({k: pmf(k) for k in support}, source, transform=int)


def mean_is(mu: float, sigma: float, source: str, transform: Callable[[Any], float] = float) -> Oracle:
    """z-test of the sample mean against the declared mean; the tolerance is Z * sigma / sqrt(n)."""
    def check(sample: Sample) -> None:
        xs = [transform(v) for v in sample.values]
        n = len(xs)
        mean = sum(xs) / n
        tol = Z * sigma / math.sqrt(n)
        assert abs(mean - mu) <= tol, f"mean {mean:.4f} is not {mu} ± {tol:.4f} ({source})"
    return Oracle("statistical", f"mean = {mu} (z-test, alpha={ALPHA}): {source}", check)


def share_is(predicate: Callable[[Any], bool], p: float, source: str) -> Oracle:
    """Exact binomial test that the share of values satisfying `predicate` is p."""
    def check(sample: Sample) -> None:
        hits = sum(1 for v in sample.values if predicate(v))
        result = stats.binomtest(hits, len(sample.values), p)
        assert result.pvalue >= ALPHA, f"{hits}/{len(sample.values)} is not a share of {p} ({source})"
    return Oracle("statistical", f"binomial share {p} (alpha={ALPHA}): {source}", check)


def spread(min_distinct: int, max_share: float, source: str, kind: str = "membership") -> Oracle:
    """Frequency property for lists without known weights: several distinct values, none dominating.
    max_share is a bound the declared weights imply (e.g. 1/k·(1 + Z·...) for a uniform pick)."""
    def check(sample: Sample) -> None:
        counts = Counter(sample.values)
        top, top_n = counts.most_common(1)[0]
        assert len(counts) >= min_distinct, f"only {len(counts)} distinct values ({source})"
        assert top_n / len(sample.values) <= max_share, f"{top!r} is {top_n / len(sample.values):.1%} ({source})"
    return Oracle(kind, f"{source}: >= {min_distinct} distinct, none over {max_share:.0%}", check)
