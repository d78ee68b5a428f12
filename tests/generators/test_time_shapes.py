"""Time shapes of Datetime and Date (hour, weekday and month profiles, trend) and as_of, at a stated significance."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any

import numpy as np
import pytest
from tests.fit_checks import chi_square_fits, ks_fits

import synthdb
from synthdb.errors import DefinitionError
from synthdb.generators.helpers.time_shapes import HOUR_PROFILES, MONTH_PROFILES, WEEKDAY_PROFILES

ROWS = 20_000


def _column(field: dict[str, Any], rows: int = ROWS, others: list[dict[str, Any]] | None = None,
            name: str = "v") -> list[Any]:
    definition = {"name": "t", "seed": 11, "entities": [{"name": "e", "record_count": str(rows),
                                                          "fields": [*(others or []), {"name": "v", **field}]}]}
    return synthdb.to_tables(definition)["e"].column(name).to_pylist()


def _pmf(weights: tuple[float, ...] | list[float]) -> dict[int, float]:
    total = sum(weights)
    return {i: w / total for i, w in enumerate(weights)}


@pytest.mark.parametrize("profile", ["business", "daytime", "evening", "nightly"])
def test_hour_of_day_follows_the_profile(profile: str) -> None:
    values = _column({"generator": "Datetime", "start_date": "2024-01-01", "end_date": "2024-12-31",
                      "hours": profile})
    ok, detail = chi_square_fits(np.array([v.hour for v in values]), _pmf(HOUR_PROFILES[profile]))
    assert ok, detail


@pytest.mark.parametrize("profile", ["weekdays", "business", "weekend"])
def test_weekday_follows_the_profile(profile: str) -> None:
    # 2024-01-01 is a Monday; 52 whole weeks give every weekday the same number of days.
    values = _column({"generator": "Date", "start_date": "2024-01-01", "end_date": "2024-12-29",
                      "weekdays": profile})
    pmf = {d: p for d, p in _pmf(WEEKDAY_PROFILES[profile]).items() if p > 0}
    ok, detail = chi_square_fits(np.array([v.weekday() for v in values]), pmf)
    assert ok, detail


def test_month_seasonality_weighs_each_day_and_reaches_the_month_ends() -> None:
    values = _column({"generator": "Date", "start_date": "2023-01-01", "end_date": "2023-12-31",
                      "months": "retail"})
    weights = [MONTH_PROFILES["retail"][m] * calendar.monthrange(2023, m + 1)[1] for m in range(12)]
    ok, detail = chi_square_fits(np.array([v.month - 1 for v in values]), _pmf(weights))
    assert ok, detail
    assert {v.day for v in values} >= {29, 30, 31}


def test_a_listed_month_profile_and_days_29_to_31() -> None:
    weights = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3]
    values = _column({"generator": "Datetime", "start_date": "2025-01-01", "end_date": "2025-12-31",
                      "months": weights})
    assert {v.month for v in values} == {11, 12}
    december = sum(v.month == 12 for v in values)
    # Expected share 3*31 / (30 + 3*31); 4-sigma binomial bounds.
    p = 93 / 123
    assert abs(december - p * ROWS) < 4 * (ROWS * p * (1 - p)) ** 0.5
    assert {v.day for v in values if v.month == 12} >= {29, 30, 31}


def test_trend_grows_the_density_exponentially() -> None:
    growth = 1.0  # doubling each year
    start, end = datetime(2020, 1, 1), datetime(2023, 12, 31, 23, 59, 59)
    values = _column({"generator": "Datetime", "start_date": "2020-01-01", "end_date": "2023-12-31",
                      "trend": growth})
    year = 365.2425 * 86_400
    t = np.array([(v - start).total_seconds() / year for v in values])
    span = (end - start).total_seconds() / year

    def cdf(x: np.ndarray) -> np.ndarray:
        return np.asarray(((1 + growth) ** x - 1) / ((1 + growth) ** span - 1))

    ok, detail = ks_fits(t, cdf)
    assert ok, detail


def test_shapes_keep_the_bounds_exactly() -> None:
    values = _column({"generator": "Datetime", "start_date": "2024-03-05T10:17:00",
                      "end_date": "2024-03-09T04:02:00", "hours": "nightly", "weekdays": "weekend"})
    assert min(values) >= datetime(2024, 3, 5, 10, 17) and max(values) <= datetime(2024, 3, 9, 4, 2)


def test_as_of_bounds_absolute_and_relative_values_and_keeps_their_order() -> None:
    as_of = datetime(2025, 6, 30, 23, 59, 59)
    others = [{"name": "ordered", "generator": "Datetime", "start_date": "2025-01-01", "end_date": "2025-12-31",
               "as_of": "2025-06-30"}]
    shipped = _column({"generator": "Datetime", "date_relative_to_field": "ordered", "min": 0, "max": 20,
                       "as_of": "2025-06-30"}, rows=5_000, others=others)
    ordered = _column(shipped_field := {"generator": "Datetime", "date_relative_to_field": "ordered", "min": 0,
                                        "max": 20, "as_of": "2025-06-30"}, rows=5_000, others=others, name="ordered")
    assert _column(shipped_field, rows=5_000, others=others) == shipped
    assert max(ordered) <= as_of and max(shipped) <= as_of
    assert all(s >= o for s, o in zip(shipped, ordered, strict=True))
    # Orders placed in the last days before as_of still ship, inside the window left.
    assert any(s.date() == as_of.date() for s in shipped)


def test_after_as_of_null_leaves_the_future_empty() -> None:
    others = [{"name": "ordered", "generator": "Date", "start_date": "2025-06-01", "end_date": "2025-06-30"}]
    field = {"generator": "Date", "date_relative_to_field": "ordered", "min": 0, "max": 10,
             "as_of": "2025-06-25", "after_as_of": "null"}
    delivered = _column(field, rows=3_000, others=others)
    ordered = _column(field, rows=3_000, others=others, name="ordered")
    for d, o in zip(delivered, ordered, strict=True):
        assert d is None or o <= d <= date(2025, 6, 25)
        if o <= date(2025, 6, 15):
            assert d is not None  # ten days at most: everything ordered by the 15th is delivered
    assert any(d is None for d in delivered)


@pytest.mark.parametrize(("field", "param", "words"), [
    ({"hours": "lunchtime"}, "hours", "unknown hour-of-day profile 'lunchtime'"),
    ({"weekdays": [1, 2, 3]}, "weekdays", "need 7 numbers"),
    ({"months": [0] * 12}, "months", "not all zero"),
    ({"trend": -1}, "trend", "above -1"),
    ({"as_of": "2019-01-01"}, "as_of", "before start_date"),
    ({"date_relative_to_field": "x", "hours": "business"}, "hours", "relative"),
])
def test_bad_shapes_name_the_parameter(field: dict[str, Any], param: str, words: str) -> None:
    definition = {"name": "t", "entities": [{"name": "e", "record_count": "5", "fields": [
        {"name": "x", "generator": "Datetime"},
        {"name": "v", "generator": "Datetime", "start_date": "2020-01-01", **field}]}]}
    with pytest.raises(DefinitionError) as caught:
        synthdb.to_tables(definition)
    assert f"fields[1].{param}" in str(caught.value) or param in str(caught.value)
    assert words in str(caught.value)


def test_status_by_age_through_conditions_on_a_date_column() -> None:
    recent = {"subset_field": "ordered", "operator": "greater_or_equal", "subset_value": "2025-06-23"}
    definition = {"name": "t", "seed": 2, "entities": [{"name": "e", "record_count": "2000", "fields": [
        {"name": "ordered", "generator": "Date", "start_date": "2025-01-01", "end_date": "2025-06-30",
         "as_of": "2025-06-30"},
        {"name": "status", "generator": "Custom List", "values": [
            {"value": "pending", "weight": 0, "default_weight": 0, "conditions": [{**recent, "weight": 1}]},
            {"value": "delivered", "weight": 1, "default_weight": 1, "conditions": [{**recent, "weight": 0}]}]}]}]}
    rows = synthdb.to_tables(definition)["e"].to_pylist()
    assert all((r["status"] == "pending") == (r["ordered"] >= date(2025, 6, 23)) for r in rows)
    assert {r["status"] for r in rows} == {"pending", "delivered"}
