"""Datetime, Date and Time: ranges, uniformity, relative offsets, validation and determinism."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import synthdb
from fit_checks import chi_square_fits
from synthdb.errors import DefinitionError


def table(fields: list[dict[str, Any]], rows: int = 20_000, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 11, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def seconds(column: pa.ChunkedArray) -> np.ndarray:
    return column.cast(pa.timestamp("s")).cast(pa.int64()).to_numpy()


def test_datetimes_fill_the_range_uniformly() -> None:
    t = table([{"name": "at", "generator": "Datetime", "start_date": "2021-01-01", "end_date": "2021-12-31"}])
    assert t.schema.field("at").type == pa.timestamp("s")
    values = seconds(t["at"])
    low = int(datetime(2021, 1, 1).timestamp() - datetime(1970, 1, 1).timestamp())
    high = low + 365 * 86400 - 1  # a bare end date includes that whole day
    assert values.min() >= low and values.max() <= high
    # Four equal spans of the range are equally likely: chi-square at a 1e-3 false-failure rate (tests/fit_checks.py).
    quarter = ((values - low) * 4) // (high + 1 - low)
    ok, why = chi_square_fits(quarter, {0: 0.25, 1: 0.25, 2: 0.25, 3: 0.25})
    assert ok, why
    assert values.max() - values.min() > 360 * 86400
    assert len(np.unique(values % 86400)) > 1000  # times of day vary


def test_datetime_accepts_datetimes_dates_and_the_date_time_alias() -> None:
    t = table([
        {"name": "a", "generator": "Date Time", "start_date": "2024-03-01T08:00:00", "end_date": "2024-03-01 09:00"},
        {"name": "b", "generator": "datetime", "start_date": date(2024, 1, 1), "end_date": datetime(2024, 1, 2, 12)},
        {"name": "c", "generator": "Datetime", "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-01-01"},
    ], rows=2000)
    a = t["a"].to_pylist()
    assert min(a) >= datetime(2024, 3, 1, 8) and max(a) <= datetime(2024, 3, 1, 9)
    b = t["b"].to_pylist()
    assert min(b) >= datetime(2024, 1, 1) and max(b) <= datetime(2024, 1, 2, 12)
    assert all(v.date() == date(2024, 1, 1) for v in t["c"].to_pylist())


def test_default_range_and_normal_distribution() -> None:
    t = table([
        {"name": "d", "generator": "Datetime"},
        {"name": "n", "generator": "Datetime", "distribution": "normal", "start_date": "2020-01-01",
         "end_date": "2020-12-31"},
    ])
    d = t["d"].to_pylist()
    assert min(d) >= datetime(2020, 1, 1) and max(d) <= datetime(2025, 12, 31, 23, 59, 59)
    n = seconds(t["n"])
    middle = (n.min() + n.max()) / 2
    assert np.mean(np.abs(n - middle) < (n.max() - n.min()) / 6) > 0.55  # most mass near the middle


def test_dates_are_date32_within_range_and_cover_every_day() -> None:
    t = table([{"name": "d", "generator": "Date", "start_date": "2024-02-01", "end_date": "2024-02-29"}], rows=5000)
    assert t.schema.field("d").type == pa.date32()
    values = t["d"].to_pylist()
    assert set(values) == {date(2024, 2, 1) + timedelta(days=i) for i in range(29)}


def test_times_stay_within_their_window() -> None:
    t = table([{"name": "t", "generator": "Time", "start_time": "08:30", "end_time": "17:00:00"}], rows=5000)
    assert t.schema.field("t").type == pa.time32("s")
    values = t["t"].to_pylist()
    assert min(values) >= time(8, 30) and max(values) <= time(17, 0)
    assert max(values) > time(16, 30) and min(values) < time(9)


@pytest.mark.parametrize(("unit", "size"), [("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400),
                                            ("weeks", 7 * 86400)])
@pytest.mark.parametrize("operator", ["+", "-"])
def test_relative_datetimes_are_offset_within_min_max_units(unit: str, size: int, operator: str) -> None:
    t = table([
        {"name": "ordered", "generator": "Datetime", "start_date": "2023-01-01", "end_date": "2023-12-31"},
        {"name": "shipped", "generator": "Datetime", "date_type": "relative", "date_relative_to_field": "ordered",
         "date_unit": unit, "date_operator": operator, "min": 2, "max": 5},
    ], rows=5000)
    offset = seconds(t["shipped"]) - seconds(t["ordered"])
    if operator == "-":
        offset = -offset
    assert offset.min() >= 2 * size and offset.max() <= 5 * size
    assert offset.max() - offset.min() > 2 * size  # the whole span is used


def test_relative_months_and_years_follow_the_calendar() -> None:
    t = table([
        {"name": "start", "generator": "Date", "start_date": "2023-01-01", "end_date": "2023-12-31"},
        {"name": "renewal", "generator": "Date", "date_type": "relative", "date_relative_to_field": "start",
         "date_unit": "months", "min": 1, "max": 3},
        {"name": "born", "generator": "Datetime", "date_type": "relative", "date_relative_to_field": "start",
         "date_unit": "year", "date_operator": "-", "min": 18, "max": 18},
    ], rows=3000)
    for start, renewal, born in zip(t["start"].to_pylist(), t["renewal"].to_pylist(), t["born"].to_pylist(),
                                    strict=True):
        months = (renewal.year - start.year) * 12 + renewal.month - start.month
        assert 1 <= months <= 3
        assert renewal.day == start.day or (start.day > 28 and renewal.day < start.day)
        assert born.year == start.year - 18 and born.month == start.month


def test_relative_dates_follow_a_null_or_date_base() -> None:
    t = table([
        {"name": "a", "generator": "Date", "percent_null": 30},
        {"name": "b", "generator": "Date", "date_relative_to_field": "a", "date_unit": "days", "min": 0, "max": 0},
    ], rows=2000)
    assert t["a"].to_pylist() == t["b"].to_pylist()
    assert t["b"].null_count > 400


def test_relative_without_a_field_names_date_relative_to_field() -> None:
    with pytest.raises(DefinitionError) as info:
        table([{"name": "x", "generator": "Datetime", "date_type": "relative"}])
    assert info.value.path.endswith(".date_relative_to_field")
    with pytest.raises(DefinitionError, match="did you mean 'ordered'") as info:
        table([{"name": "ordered", "generator": "Datetime"},
               {"name": "x", "generator": "Datetime", "date_type": "relative", "date_relative_to_field": "orderd"}])
    assert info.value.path.endswith(".date_relative_to_field")


@pytest.mark.parametrize(
    ("field", "param"),
    [
        ({"generator": "Datetime", "start_date": "2024-01-02", "end_date": "2024-01-01"}, "end_date"),
        ({"generator": "Date", "start_date": "not a date"}, "start_date"),
        ({"generator": "Time", "start_time": "18:00", "end_time": "09:00"}, "end_time"),
        ({"generator": "Datetime", "date_unit": "fortnights"}, "date_unit"),
    ],
)
def test_bad_parameters_name_the_parameter(field: dict[str, Any], param: str) -> None:
    with pytest.raises(DefinitionError) as info:
        table([{"name": "x", **field}])
    assert info.value.path == f"entities[0].fields[0].{param}"


def test_same_seed_and_any_batch_size_give_the_same_dates() -> None:
    fields = [
        {"name": "a", "generator": "Datetime"},
        {"name": "b", "generator": "Datetime", "date_relative_to_field": "a", "date_unit": "hours", "max": 48},
        {"name": "c", "generator": "Date", "distribution": "normal"},
        {"name": "d", "generator": "Time"},
    ]
    small = table(fields, rows=2000, batch_size=7)
    assert small.equals(table(fields, rows=2000, batch_size=1000))
    other = synthdb.to_tables({"name": "t", "seed": 12, "entities": [
        {"name": "t", "record_count": "2000", "fields": fields}]})["t"]
    assert not other["a"].equals(small["a"])
