"""Goodness-of-fit checks at a stated significance, for tests of random distributions.

Every check rejects a correct generator with probability ALPHA for a seed drawn at random; the tests
fix their seed, so a given test either always passes or always fails, and a fresh seed would fail a
correct implementation about once in 1/ALPHA runs. The bounds come from the sample size, not by eye.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from scipy import stats

ALPHA = 1e-3  # false-failure rate of each check for a random seed


def chi_square_fits(values: np.ndarray, pmf: Mapping[int, float], min_expected: float = 5.0) -> tuple[bool, str]:
    """Whether integer `values` fit `pmf` (chi-square, cells with fewer than 5 expected pooled at the tails).

    A value outside the pmf's support fails outright: the law gives it probability zero.
    """
    support = sorted(pmf)
    outside = set(np.unique(values).tolist()) - set(support)
    if outside:
        return False, f"values outside the support: {sorted(outside)[:10]}"
    n = len(values)
    uniques, counts = np.unique(values, return_counts=True)
    observed = dict(zip(uniques.tolist(), counts.tolist(), strict=True))
    cells: list[tuple[float, float]] = []  # (observed, expected), merged until each expects >= 5
    pending_o = pending_e = 0.0
    for k in support:
        pending_o += observed.get(k, 0)
        pending_e += n * pmf[k]
        if pending_e >= min_expected:
            cells.append((pending_o, pending_e))
            pending_o = pending_e = 0.0
    if pending_e or pending_o:
        if cells:
            last_o, last_e = cells.pop()
            cells.append((last_o + pending_o, last_e + pending_e))
        else:
            cells.append((pending_o, pending_e))
    if len(cells) < 2:
        return True, "a single cell"
    obs = np.array([c[0] for c in cells])
    exp = np.array([c[1] for c in cells])
    statistic = float(((obs - exp) ** 2 / exp).sum())
    limit = float(stats.chi2.ppf(1 - ALPHA, len(cells) - 1))
    return statistic <= limit, f"chi-square {statistic:.1f} > {limit:.1f} over {len(cells)} cells"


def ks_fits(values: np.ndarray, cdf: Callable[[np.ndarray], np.ndarray]) -> tuple[bool, str]:
    """Whether continuous `values` fit the distribution `cdf` (one-sample Kolmogorov-Smirnov)."""
    result = stats.kstest(values, cdf)
    return result.pvalue >= ALPHA, f"KS D={result.statistic:.4f}, p={result.pvalue:.2g}"


def binomial_interval(n: int, p: float) -> tuple[int, int]:
    """Counts of successes in n trials of probability p that a two-sided test at ALPHA accepts."""
    low = int(stats.binom.ppf(ALPHA / 2, n, p))
    high = int(stats.binom.isf(ALPHA / 2, n, p))
    return low, high
