"""index_in_pool (the lookup of a batch's names in a large reference list) gives pc.index_in's positions."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from synthdb.generators.helpers.arrays import index_in_pool
from synthdb.generators.helpers.name_tokens import folded_names
from synthdb.randomness import Stream


@pytest.mark.parametrize("part", ["first", "last"])
def test_positions_are_those_of_index_in(part: str) -> None:
    pool, _ = folded_names("en_US", part)
    drawn = pool.values.take(pa.array(pool.indices(np.arange(3000, dtype=np.int64), Stream(5))))
    samples = [drawn, drawn.slice(10, 50), pa.array(["Smith", None, "not-a-name", "Smith"]),
               pa.array([None, None], pa.string()), pa.array([], pa.string())]
    for values in samples:
        expected = pc.index_in(values, value_set=pool.values).cast(pa.int64())
        assert index_in_pool(values, pool.values).equals(expected)


def test_a_repeated_pool_entry_is_found_at_its_first_position() -> None:
    pool = pa.array(["b", "a", "c", "a", "b", "d", "e", "f"])
    values = pa.array(["a", "b", None, "z", "a"])
    assert index_in_pool(values, pool).to_pylist() == [1, 0, None, None, 1]
    assert index_in_pool(values, pool).to_pylist() == pc.index_in(values, value_set=pool).to_pylist()


def test_a_pool_with_nulls_matches_null_values_as_index_in_does() -> None:
    pool = pa.array(["a", None, "b", "c", "d", "e", "f", "g"])
    values = pa.array([None, "b"])
    assert index_in_pool(values, pool).to_pylist() == [1, 2]
