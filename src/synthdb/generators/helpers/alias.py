"""Walker's alias tables: pick index i with probability weights[i] / sum from one uniform draw per row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def alias_table(weights: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias table (threshold, alias) for picking index i with probability weights[i] / sum."""
    scaled = np.asarray(weights, dtype=np.float64)
    scaled = scaled * len(scaled) / scaled.sum()
    threshold = np.ones(len(scaled))
    alias = np.arange(len(scaled), dtype=np.int64)
    small = [i for i, p in enumerate(scaled) if p < 1]
    large = [i for i, p in enumerate(scaled) if p >= 1]
    while small and large:  # runs once per list, when the reference data is first loaded
        low, high = small.pop(), large.pop()
        threshold[low], alias[low] = scaled[low], high
        scaled[high] += scaled[low] - 1
        (small if scaled[high] < 1 else large).append(high)
    return threshold, alias
