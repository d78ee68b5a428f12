"""Datetime, Date and Time: values in a range, or offset from another column of the same row."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, ValidationError, field_validator, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.common import require_field
from synthdb.generators.helpers.time_shapes import HOUR, TimeShape, sample_shaped
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


class DatetimeParams(ParamsModel):
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
    # Time shapes (see helpers/time_shapes.py): a profile name or a list of weights each; trend is yearly growth.
    hours: str | list[float] | None = None
    weekdays: str | list[float] | None = None
    months: str | list[float] | None = None
    trend: float | None = None
    # No value after this moment (e.g. "delivered" dates of a data set frozen on that day).
    as_of: datetime | None = None
    after_as_of: Literal["shrink", "null"] = "shrink"

    _nulls = model_validator(mode="before")(_drop_nulls)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> datetime | None:
        return None if value is None else to_datetime(value, end_of_day=True)

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

    _shape: TimeShape | None = None

    def setup(self) -> None:
        p = self.params
        self._shape = self._time_shape()
        if not p.relative:
            if p.end_date < p.start_date:
                raise ParamError("end_date", f"end_date ({p.end_date}) is before start_date ({p.start_date})")
            if p.as_of is not None and p.as_of < p.start_date:
                raise ParamError("as_of", f"as_of ({p.as_of}) is before start_date ({p.start_date}): "
                                 "no value could be generated")
            return
        if self._shape is not None:
            raise ParamError("hours", "time shapes (hours, weekdays, months, trend) apply to a date range, "
                             "not to dates relative to another field")
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

    def _time_shape(self) -> TimeShape | None:
        """The shape asked for, or None when every shape parameter is left out or flat."""
        p = self.params
        asked = {name: getattr(p, name) for name in ("hours", "weekdays", "months", "trend")
                 if getattr(p, name) is not None}
        if not asked:
            return None
        try:
            shape = TimeShape(**asked)
        except ValidationError as exc:
            error = exc.errors()[0]
            raise ParamError(str(error["loc"][0]), error["msg"].removeprefix("Value error, ")) from None
        return None if shape.is_flat else shape

    def _bounds(self, unit: int) -> tuple[int, int]:
        """The absolute range in `unit` seconds, its end brought back to as_of when that comes first."""
        p = self.params
        end = p.end_date if p.as_of is None else min(p.end_date, p.as_of)
        return epoch_seconds(p.start_date) // unit, epoch_seconds(end) // unit

    def _sample(self, ctx: ColumnContext, unit: int) -> np.ndarray:
        """Absolute values in `unit` seconds: shaped when a shape is set, else uniform or normal."""
        low, high = self._bounds(unit)
        if self._shape is not None:
            return sample_shaped(ctx.stream, ctx.rows, low, high, self._shape, HOUR if unit == 1 else DAY)
        return sample_range(ctx.stream, ctx.rows, low, high, self.params.distribution)

    def _cap(self, ctx: ColumnContext, seconds: np.ndarray, nulls: np.ndarray | None,
             earliest: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Relative values past as_of: redrawn between the earliest allowed value (base + min) and as_of
        ("shrink"), or null ("null")."""
        p = self.params
        if p.as_of is None:
            return seconds, nulls
        limit = epoch_seconds(p.as_of)
        late = seconds > limit
        if not late.any():
            return seconds, nulls
        if p.after_as_of == "null":
            return seconds, late if nulls is None else (nulls | late)
        # A fresh draw within the window left before as_of, so the minimum offset holds and nothing passes
        # as_of. When even base + min is past as_of there is no window: the value is base + min (the
        # relation wins; give the base column an earlier as_of to avoid it).
        if p.date_operator == "-":
            return np.minimum(seconds, limit), nulls  # still before its base, which is later than as_of
        fraction = ctx.stream.child("as_of").uniform(ctx.rows)
        window = np.maximum(limit - earliest + 1, 1)
        redrawn = np.where(earliest > limit, earliest, earliest + np.floor(fraction * window).astype(np.int64))
        return np.where(late, redrawn, seconds), nulls

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
            earliest = add_months(base, np.full(len(base), sign * int(p.min) * _MONTHS_PER_UNIT[p.date_unit]))
            return self._cap(ctx, add_months(base, sign * count * _MONTHS_PER_UNIT[p.date_unit]), nulls, earliest)
        unit = _FIXED_UNITS[p.date_unit]
        if whole_units:
            offset = ctx.stream.integers(ctx.rows, int(np.ceil(p.min)), int(np.floor(p.max))) * unit
        else:
            # Datetimes move by any number of seconds in [min, max] units, so times of day vary too.
            offset = ctx.stream.integers(ctx.rows, int(np.ceil(p.min * unit)), int(np.floor(p.max * unit)))
        least = int(np.ceil(p.min)) * unit if whole_units else int(np.ceil(p.min * unit))
        return self._cap(ctx, base + sign * offset, nulls, base + sign * least)


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
        return pa.array(self._sample(ctx, 1), pa.timestamp("s"))


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
        return pa.array(self._sample(ctx, DAY).astype(np.int32), pa.date32())


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


class TimeParams(ParamsModel):
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
