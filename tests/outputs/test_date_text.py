"""Dates looked up by day print exactly what Arrow's cast prints, nulls and odd ranges included."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from synthdb.outputs.date_text import date_text


@pytest.mark.parametrize(("low", "high"), [
    (-7305, 13514),  # 1950-2006: one or two blocks
    (0, 1),  # one day
    (-800_000, -700_000),  # the 10th century (Arrow's text of early years, whatever it is)
    (2_900_000, 2_932_896),  # up to 9999-12-31
    (-20_000, 400_000),  # wider than the lookup covers: cast
])
def test_looked_up_dates_equal_the_cast(low: int, high: int) -> None:
    rng = np.random.default_rng(low & 0xFFFF)
    days = rng.integers(low, high + 1, 20_000).astype(np.int32)
    mask = rng.random(20_000) < 0.1
    array = pa.array(days, mask=mask).cast(pa.date32())
    text = date_text(array)
    assert text.type == pa.string()
    assert text.equals(array.cast(pa.string()))
    assert text.null_count == int(mask.sum())


def test_short_and_all_null_arrays_are_cast() -> None:
    for array in (pa.array([0, 1, None], pa.int32()).cast(pa.date32()), pa.nulls(10_000, pa.date32()),
                  pa.array([], pa.date32())):
        assert date_text(array).equals(array.cast(pa.string()))


def test_a_sliced_array_keeps_its_offset() -> None:
    array = pa.array(np.arange(10_000, 30_000, dtype=np.int32)).cast(pa.date32()).slice(5_000, 8_000)
    assert date_text(array).equals(array.cast(pa.string()))
