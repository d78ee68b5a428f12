"""Email's lookup of sibling names in a large reference list names the same foldings as pc.index_in."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from synthdb.generators.helpers.name_tokens import folded_names, positions_in
from synthdb.randomness import Stream


@pytest.mark.parametrize("part", ["first", "last"])
def test_positions_give_the_foldings_of_index_in(part: str) -> None:
    pool, folded = folded_names("en_US", part)
    drawn = pool.values.take(pa.array(pool.indices(np.arange(3000, dtype=np.int64), Stream(5))))
    samples = [drawn, drawn.slice(10, 50), pa.array(["Smith", None, "not-a-name", "Smith"]),
               pa.array([None, None], pa.string()), pa.array([], pa.string())]
    for values in samples:
        expected = folded.take(pc.index_in(values, value_set=pool.values))
        assert folded.take(positions_in(values, pool.values)).equals(expected)
