"""Small Arrow helpers shared by generators (nulls, decimals, picking from value lists)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa


def decimal_from_scaled(values: np.ndarray, precision: int, scale: int) -> pa.Array:
    """A decimal128 array from integers that already carry `scale` decimal digits (1234 → 12.34)."""
    ints = values.astype(np.int64)
    pairs = np.empty((len(ints), 2), dtype=np.int64)
    pairs[:, 0] = ints
    pairs[:, 1] = np.where(ints < 0, -1, 0)  # two's complement sign extension to 128 bits
    return pa.Array.from_buffers(pa.decimal128(precision, scale), len(ints), [None, pa.py_buffer(pairs.tobytes())])


def take_strings(values: Sequence[Any] | pa.Array, indices: np.ndarray) -> pa.Array:
    """values[indices] as an Arrow array (fast path for choosing from a list)."""
    array = values if isinstance(values, pa.Array) else pa.array(list(values))
    return array.take(pa.array(indices, type=pa.int64()))


def join_columns(parts: Sequence[pa.Array | str], separator: str = "") -> pa.Array:
    """Concatenate string arrays (and literal strings) element-wise."""
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*parts, separator)


def as_numbers(values: pa.Array) -> tuple[np.ndarray, int | None]:
    """Values as float64 (nulls as NaN), or, for decimals, scaled to integers (exact sums) with their scale."""
    if pa.types.is_decimal(values.type):
        scale = values.type.scale
        scaled = values.cast(pa.float64()).to_numpy(zero_copy_only=False) * 10**scale
        return np.rint(scaled), scale
    return values.cast(pa.float64()).to_numpy(zero_copy_only=False), None


def index_in_pool(values: pa.Array, pool: pa.Array) -> pa.Array:
    """pc.index_in(values, value_set=pool), the first position of each value in the pool (null: not there),
    for pools larger than the batch (89,000 surnames against 8 probe rows): the batch's distinct values are
    hashed and the pool probed against them, instead of hashing the whole pool for every batch (24 ms)."""
    import pyarrow.compute as pc

    if len(pool) <= len(values) or not isinstance(values, pa.Array) or pool.null_count:
        return pc.index_in(values, value_set=pool)
    encoded = pc.dictionary_encode(values)
    distinct = len(encoded.dictionary)
    hit = pc.index_in(pool, value_set=encoded.dictionary)
    found = hit.is_valid()
    # Per distinct value, the first pool position holding it (np.unique's index is the first occurrence).
    which, first = np.unique(hit.filter(found).to_numpy(), return_index=True)
    position = np.full(distinct + 1, -1, dtype=np.int64)  # the last slot stands for null values
    position[which] = np.flatnonzero(found.to_numpy(zero_copy_only=False))[first]
    picked = position[encoded.indices.fill_null(distinct).to_numpy()]
    return pa.array(picked, mask=picked < 0)
