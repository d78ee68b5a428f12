"""Datetime, Date and Time: values in a range, or offset from another column of the same row."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.helpers.common import require_field
from synthdb.generators.registry import register
from synthdb.randomness import Stream

DAY = 86_400
_FIXED_UNITS = {"seconds": 1, "minutes": 60, "hours": 3_600, "days": DAY, "weeks": 7 * DAY}
_MONTHS_PER_UNIT = {"months": 1, "years": 12}
_OPERATORS = {"+": "+", "plus": "+", "after": "+", "-": "-", "minus": "-", "before": "-"}
_EPOCH = datetime(1970, 1, 1)


def to_datetime(value: Any, end_of_day: bool = False) -> datetime:
    """A naive UTC datetime from an ISO text, a date or a datetime; a bare date may mean its last second."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day, 23, 59, 59) if end_of_day else \
            datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"'{value}' is not an ISO date or datetime (e.g. 2024-01-31 or 2024-01-31T08:00:00)"
            ) from None
        if end_of_day and len(text) <= 10:
            parsed = parsed.replace(hour=23, minute=59, second=59)
    else:
        raise ValueError(f"expected an ISO date or datetime, got {value!r}")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970-01-01 (naive UTC)."""
    return (moment - _EPOCH) // timedelta(seconds=1)


def _drop_nulls(data: Any) -> Any:
    """Exports may carry `"min": null`; a null parameter means "use the default"."""
    return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


def sample_range(stream: Stream, rows: np.ndarray, low: int, high: int, distribution: str) -> np.ndarray:
    """Integers in [low, high]: uniform, or normal centred on the middle with 3 sigma to each end."""
    if distribution == "normal":
        values = stream.normal(rows, (low + high) / 2, max((high - low) / 6, 1e-9))
        return np.clip(np.rint(values), low, high).astype(np.int64)
    return stream.integers(rows, low, high)


class DatetimeParams(BaseModel):
    """Parameters of Datetime and Date: an absolute range, or an offset from another field."""

    model_config = ConfigDict(extra="ignore")
    start_date: datetime = datetime(2020, 1, 1)
    end_date: datetime = datetime(2025, 12, 31, 23, 59, 59)
    distribution: Literal["uniform", "normal"] = "uniform"
    date_type: Literal["absolute", "range", "relative"] | None = None
    date_relative_to_field: str | None = None
    date_unit: Literal["seconds", "minutes", "hours", "days", "weeks", "months", "years"] = "days"
    date_operator: Literal["+", "-"] = "+"
    min: float = 0
    max: float = 30

    _nulls = model_validator(mode="before")(_drop_nulls)

    @field_validator("start_date", mode="before")
    @classmethod
    def _start(cls, value: Any) -> datetime:
        return to_datetime(value)

    @field_validator("end_date", mode="before")
    @classmethod
    def _end(cls, value: Any) -> datetime:
        # "end_date: 2025-12-31" includes that whole day.
        return to_datetime(value, end_of_day=True)

    @field_validator("date_unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            return value if value.endswith("s") else value + "s"
        return value

    @field_validator("date_operator", mode="before")
    @classmethod
    def _operator(cls, value: Any) -> Any:
        return _OPERATORS.get(value.strip().lower(), value) if isinstance(value, str) else value

    @field_validator("date_type", mode="before")
    @classmethod
    def _date_type(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def relative(self) -> bool:
        """Relative mode: explicit, or implied by naming a field to be relative to."""
        return self.date_type == "relative" or (self.date_type is None and bool(self.date_relative_to_field))


class _Temporal(Generator[DatetimeParams]):
    """Shared checks and sampling of Datetime and Date (values computed as seconds since the epoch)."""

    category = "Dates and times"
    Params = DatetimeParams

    def setup(self) -> None:
        p = self.params
        if not p.relative:
            if p.end_date < p.start_date:
                raise ParamError("end_date", f"end_date ({p.end_date}) is before start_date ({p.start_date})")
            return
        if not p.date_relative_to_field:
            raise ParamError("date_relative_to_field", "a relative date needs date_relative_to_field "
                             "(the field of this entity it is relative to)")
        if p.date_relative_to_field == self.field.name:
            raise ParamError("date_relative_to_field", "a field cannot be relative to itself")
        # A dotted name (customer_id.signup_at) is a parent column, resolved and checked by the engine.
        if "." not in p.date_relative_to_field:
            require_field(self.entity, p.date_relative_to_field, "date_relative_to_field")
        if p.min < 0 or p.max < p.min:
            raise ParamError("max", f"need 0 <= min <= max units, got min {p.min:g} and max {p.max:g}")
        if p.date_unit in _MONTHS_PER_UNIT and (p.min != int(p.min) or p.max != int(p.max)):
            raise ParamError("min", f"min and max must be whole numbers of {p.date_unit}")

    def dependencies(self) -> list[str]:
        p = self.params
        return [p.date_relative_to_field] if p.relative and p.date_relative_to_field else []

    def _base_seconds(self, ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray | None]:
        """The referenced column as seconds since the epoch, and its null mask (None when no nulls)."""
        name = self.params.date_relative_to_field or ""
        base = ctx.columns[name]
        if not (pa.types.is_temporal(base.type) or pa.types.is_string(base.type)
                or pa.types.is_large_string(base.type)):
            raise ParamError("date_relative_to_field", f"field '{name}' holds {base.type} values, not dates")
        try:
            if pa.types.is_timestamp(base.type):
                seconds = base.cast(pa.timestamp("s", base.type.tz), safe=False)
            else:
                seconds = base.cast(pa.timestamp("s"), safe=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise ParamError("date_relative_to_field",
                             f"field '{name}' holds {base.type} values, not dates or datetimes") from exc
        values = seconds.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        return values, (np.asarray(base.is_null()) if base.null_count else None)

    def _relative(self, ctx: ColumnContext, whole_units: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """Base + or - an offset of min..max units; calendar months and years keep the day of month."""
        p = self.params
        base, nulls = self._base_seconds(ctx)
        sign = 1 if p.date_operator == "+" else -1
        if p.date_unit in _MONTHS_PER_UNIT:
            count = ctx.stream.integers(ctx.rows, int(p.min), int(p.max))
            return add_months(base, sign * count * _MONTHS_PER_UNIT[p.date_unit]), nulls
        unit = _FIXED_UNITS[p.date_unit]
        if whole_units:
            offset = ctx.stream.integers(ctx.rows, int(np.ceil(p.min)), int(np.floor(p.max))) * unit
        else:
            # Datetimes move by any number of seconds in [min, max] units, so times of day vary too.
            offset = ctx.stream.integers(ctx.rows, int(np.ceil(p.min * unit)), int(np.floor(p.max * unit)))
        return base + sign * offset, nulls


def add_months(seconds: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Calendar month arithmetic on epoch seconds; the day is clamped to the target month's length."""
    days = np.floor_divide(seconds, DAY)
    time_of_day = seconds - days * DAY
    day = days.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    day_of_month = (day - month.astype("datetime64[D]")).astype(np.int64)
    target = month + months.astype("timedelta64[M]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64)
    new_day = target.astype("datetime64[D]") + np.minimum(day_of_month, length - 1).astype("timedelta64[D]")
    return new_day.astype(np.int64) * DAY + time_of_day


@register
class Datetime(_Temporal):
    """Timestamps uniform (or normal) in [start_date, end_date], or relative to another field."""

    display_name = "Datetime"
    key = "datetime"
    aliases: ClassVar[tuple[str, ...]] = ("Date Time", "timestamp")
    description = "Timestamps in a date range, or a number of units before/after another field."
    arrow = pa.timestamp("s")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if p.relative:
            seconds, nulls = self._relative(ctx, whole_units=False)
            return pa.array(seconds, pa.timestamp("s"), mask=nulls)
        low, high = epoch_seconds(p.start_date), epoch_seconds(p.end_date)
        return pa.array(sample_range(ctx.stream, ctx.rows, low, high, p.distribution), pa.timestamp("s"))


@register
class Date(_Temporal):
    """Calendar dates uniform (or normal) in [start_date, end_date], or relative to another field."""

    display_name = "Date"
    key = "date"
    description = "Dates in a range, or a whole number of units before/after another field."
    arrow = pa.date32()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if p.relative:
            seconds, nulls = self._relative(ctx, whole_units=True)
            return pa.array(np.floor_divide(seconds, DAY).astype(np.int32), pa.date32(), mask=nulls)
        low, high = epoch_seconds(p.start_date) // DAY, epoch_seconds(p.end_date) // DAY
        days = sample_range(ctx.stream, ctx.rows, low, high, p.distribution)
        return pa.array(days.astype(np.int32), pa.date32())


def to_seconds_of_day(value: Any) -> int:
    """Seconds since midnight from "HH:MM[:SS]", a time, or an int (YAML reads 12:30:00 as 45000)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a time of day, got {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
    elif isinstance(value, str):
        try:
            return to_seconds_of_day(time.fromisoformat(value.strip()))
        except ValueError:
            raise ValueError(f"'{value}' is not a time of day (e.g. 08:30 or 17:45:00)") from None
    else:
        raise ValueError(f"expected a time of day, got {value!r}")
    if not 0 <= seconds < DAY:
        raise ValueError(f"{seconds} seconds is not within a day")
    return seconds


def time_text(seconds: int) -> str:
    """HH:MM:SS for seconds since midnight."""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class TimeParams(BaseModel):
    """Parameters of Time."""

    model_config = ConfigDict(extra="ignore")
    start_time: int = 0
    end_time: int = DAY - 1
    distribution: Literal["uniform", "normal"] = "uniform"

    _nulls = model_validator(mode="before")(_drop_nulls)

    @field_validator("start_time", "end_time", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> int:
        return to_seconds_of_day(value)


@register
class Time(Generator[TimeParams]):
    """Times of day uniform (or normal) in [start_time, end_time]."""

    display_name = "Time"
    key = "time"
    aliases = ("time_of_day",)
    category = "Dates and times"
    description = "Times of day between start_time and end_time."
    Params = TimeParams
    arrow = pa.time32("s")

    def setup(self) -> None:
        p = self.params
        if p.end_time < p.start_time:
            raise ParamError("end_time", f"end_time ({time_text(p.end_time)}) is before start_time "
                             f"({time_text(p.start_time)})")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        values = sample_range(ctx.stream, ctx.rows, p.start_time, p.end_time, p.distribution)
        return pa.array(values.astype(np.int32), pa.time32("s"))
