"""Time shapes of Datetime and Date: hour-of-day and weekday profiles, monthly seasonality and a trend.

Real timestamps have rhythm (few orders at 3 am, fewer on Sundays, a December peak, growth year on
year). A shape gives each hour of the range a weight, the product of its hour-of-day, weekday and month
weights and the trend; a row picks an hour with probability proportional to its weight (inverse CDF of
one uniform draw) and a second within it uniformly. Every draw is a pure function of (stream, row).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ParamsModel
from synthdb.randomness import Stream

HOUR = 3_600
DAY = 86_400
# Above this many hour cells (about 500 years) the weights would cost more memory than they are worth.
MAX_CELLS = 4_400_000

# Hour-of-day profiles (00:00 .. 23:00), relative weights.
HOUR_PROFILES: dict[str, tuple[float, ...]] = {
    "uniform": (1.0,) * 24,
    # Office hours: a morning ramp, a lunch dip, little at night.
    "business": (0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.45, 0.9, 1.0, 1.0, 0.95,
                 0.8, 0.9, 1.0, 0.95, 0.85, 0.6, 0.35, 0.2, 0.15, 0.1, 0.08, 0.06),
    # Consumer activity: awake hours with an evening peak (shopping, streaming).
    "daytime": (0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.35, 0.55, 0.65, 0.7, 0.75,
                0.8, 0.75, 0.7, 0.7, 0.75, 0.85, 0.95, 1.0, 1.0, 0.9, 0.6, 0.3),
    "evening": (0.3, 0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3,
                0.35, 0.3, 0.3, 0.35, 0.45, 0.65, 0.85, 1.0, 1.0, 0.95, 0.8, 0.55),
    # Batch jobs and backups: the small hours.
    "nightly": (1.0, 1.0, 0.95, 0.9, 0.7, 0.4, 0.1, 0.04, 0.02, 0.02, 0.02, 0.02,
                0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.05, 0.1, 0.4, 0.8),
}
# Weekday profiles, Monday .. Sunday.
WEEKDAY_PROFILES: dict[str, tuple[float, ...]] = {
    "uniform": (1.0,) * 7,
    "weekdays": (1.0, 1.0, 1.0, 1.0, 0.95, 0.15, 0.1),
    "business": (1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0),
    "weekend": (0.55, 0.5, 0.5, 0.55, 0.8, 1.0, 0.95),
}
# Month profiles, January .. December.
MONTH_PROFILES: dict[str, tuple[float, ...]] = {
    "uniform": (1.0,) * 12,
    # Retail: a slow start to the year, back-to-school in August, the holiday peak.
    "retail": (0.8, 0.75, 0.85, 0.85, 0.9, 0.9, 0.9, 1.0, 0.9, 0.95, 1.3, 1.6),
    "summer": (0.5, 0.55, 0.7, 0.85, 1.0, 1.3, 1.5, 1.45, 1.0, 0.75, 0.55, 0.5),
    "winter": (1.5, 1.4, 1.1, 0.8, 0.6, 0.5, 0.45, 0.5, 0.65, 0.9, 1.2, 1.5),
}


def _weights(value: Any, profiles: dict[str, tuple[float, ...]], size: int, what: str) -> tuple[float, ...]:
    if isinstance(value, str):
        key = value.strip().lower()
        if key not in profiles:
            raise ValueError(f"unknown {what} profile '{value}' (profiles: {', '.join(profiles)}; "
                             f"or a list of {size} weights)")
        return profiles[key]
    if isinstance(value, (list, tuple)):
        try:
            weights = tuple(float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"{what} weights must be numbers") from None
        if len(weights) != size:
            raise ValueError(f"{what} weights need {size} numbers, got {len(weights)}")
        if any(not np.isfinite(w) or w < 0 for w in weights) or not any(weights):
            raise ValueError(f"{what} weights must be finite, not negative, and not all zero")
        return weights
    raise ValueError(f"expected a {what} profile name or a list of {size} weights, got {value!r}")


class TimeShape(ParamsModel):
    """The shape parameters: each a profile name or a list of weights; trend is yearly growth (0.2 = +20%)."""

    model_config = ConfigDict(extra="forbid")
    hours: tuple[float, ...] = HOUR_PROFILES["uniform"]
    weekdays: tuple[float, ...] = WEEKDAY_PROFILES["uniform"]
    months: tuple[float, ...] = MONTH_PROFILES["uniform"]
    trend: float = 0.0

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> tuple[float, ...]:
        return _weights(value, HOUR_PROFILES, 24, "hour-of-day")

    @field_validator("weekdays", mode="before")
    @classmethod
    def _weekdays(cls, value: Any) -> tuple[float, ...]:
        return _weights(value, WEEKDAY_PROFILES, 7, "weekday")

    @field_validator("months", mode="before")
    @classmethod
    def _months(cls, value: Any) -> tuple[float, ...]:
        return _weights(value, MONTH_PROFILES, 12, "month")

    @field_validator("trend")
    @classmethod
    def _trend(cls, value: float) -> float:
        if not np.isfinite(value) or value <= -1:
            raise ValueError(f"trend is the yearly growth and must be above -1 (e.g. 0.2 for +20%), got {value}")
        return value

    @property
    def is_flat(self) -> bool:
        """True when the shape is uniform (the plain sampler gives the same distribution, cheaper)."""
        return (self.trend == 0 and len(set(self.hours)) == 1 and len(set(self.weekdays)) == 1
                and len(set(self.months)) == 1)


def _cell_weights(starts: np.ndarray, widths: np.ndarray, shape: TimeShape, cell: int) -> np.ndarray:
    """Weight of each cell (an hour or a day starting at `starts`, epoch seconds) under the shape."""
    days = starts // DAY
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    weights = widths.astype(np.float64) * np.asarray(shape.weekdays)[weekday] * np.asarray(shape.months)[month]
    if cell == HOUR:
        weights *= np.asarray(shape.hours)[(starts // HOUR) % 24]
    if shape.trend:
        years = (starts - starts[0]) / (365.2425 * DAY)
        weights *= np.power(1.0 + shape.trend, years)
    return weights


def sample_shaped(stream: Stream, rows: np.ndarray, low: int, high: int, shape: TimeShape, cell: int) -> np.ndarray:
    """Values in [low, high] (epoch seconds, or days when cell is DAY and bounds are in days) under the shape.

    Cells are hours for Datetime and days for Date; the first and last cell count only their part
    inside the range, so the bounds hold exactly.
    """
    unit = 1 if cell == HOUR else DAY  # Date passes bounds in days
    lo, hi = low * unit, high * unit + (unit - 1)
    span = cell if cell == HOUR else DAY
    first, last = lo // span, hi // span
    if last - first + 1 > MAX_CELLS:
        raise ValueError(f"the range spans {last - first + 1:,} {'hours' if cell == HOUR else 'days'}; "
                         f"a time shape allows at most {MAX_CELLS:,}")
    starts = np.arange(first, last + 1, dtype=np.int64) * span
    begin = np.maximum(starts, lo)
    width = np.minimum(starts + span, hi + 1) - begin
    cdf = np.cumsum(_cell_weights(starts, width, shape, cell))
    if not cdf[-1] > 0:
        raise ValueError("the time shape gives every moment of the range a weight of zero")
    pick = np.searchsorted(cdf, stream.child("cell").uniform(rows) * cdf[-1], side="right")
    pick = np.minimum(pick, len(cdf) - 1)
    within = np.floor(stream.child("within").uniform(rows) * width[pick]).astype(np.int64)
    values = begin[pick] + within
    return values if unit == 1 else values // DAY
