"""Parts and forms of dates: zoned timestamps, Unix epochs, weekday, month, year, ISO week, durations.

The calendar parts draw a moment uniformly in [start_date, end_date], or read it from another column
of the row (`from_field`), so a Day of Week can describe the row's order date. Names of days and
months come from babel (CLDR) in the locale's language.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator, model_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamError, ParamsModel
from synthdb.generators.catalog.time.datetimes import DAY, Datetime, DatetimeParams, epoch_seconds, to_datetime
from synthdb.generators.helpers.common import DATES, locale_of, require_field
from synthdb.generators.registry import register

_EPOCH_UNITS = {"seconds": 1, "milliseconds": 1_000, "microseconds": 1_000_000}


class TimestampTZParams(DatetimeParams):
    """Parameters of Timestamp with Time Zone: Datetime's, plus the IANA `time_zone` of the column."""

    time_zone: str = "UTC"

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as Europe/Paris)") from None
        return value


@register
class TimestampWithTimeZone(Datetime):
    """Instants in [start_date, end_date] (UTC) held in a zone-aware column (`time_zone`, default UTC)."""

    display_name = "Timestamp with Time Zone"
    key = "timestamp_with_time_zone"
    aliases: ClassVar[tuple[str, ...]] = ("timestamptz", "Datetime with Time Zone", "zoned_datetime", "datetime_tz")
    description = "Zone-aware timestamps: instants in a range (or relative to a field), shown in `time_zone`."
    Params = TimestampTZParams
    params: TimestampTZParams

    def arrow_type(self) -> pa.DataType:
        return pa.timestamp("s", tz=self.params.time_zone)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        naive = super().generate(ctx)  # seconds since the epoch, UTC
        return naive.cast(pa.int64()).cast(pa.timestamp("s", tz=self.params.time_zone))


class PartParams(ParamsModel):
    """Where the moment comes from: a range, or another column of the row (`from_field`)."""

    model_config = ConfigDict(extra="ignore")
    start_date: datetime = datetime(2020, 1, 1)
    end_date: datetime = datetime(2025, 12, 31, 23, 59, 59)
    from_field: str | None = None
    locale: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _nulls(cls, data: Any) -> Any:
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data

    @field_validator("start_date", mode="before")
    @classmethod
    def _start(cls, value: Any) -> datetime:
        return to_datetime(value)

    @field_validator("end_date", mode="before")
    @classmethod
    def _end(cls, value: Any) -> datetime:
        return to_datetime(value, end_of_day=True)


class _DatePart(Generator[PartParams]):
    """Seconds since the epoch per row (drawn, or read from `from_field`), formatted by subclasses."""

    category = DATES
    Params = PartParams

    def setup(self) -> None:
        p = self.params
        if p.end_date < p.start_date:
            raise ParamError("end_date", f"end_date ({p.end_date}) is before start_date ({p.start_date})")
        if p.from_field is not None:
            require_field(self.entity, p.from_field, "from_field", other_than=self.field.name)

    def dependencies(self) -> list[str]:
        return [self.params.from_field] if self.params.from_field else []

    def seconds(self, ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray | None]:
        """(epoch seconds, null mask or None)."""
        p = self.params
        if p.from_field is None:
            return ctx.stream.integers(ctx.rows, epoch_seconds(p.start_date), epoch_seconds(p.end_date)), None
        column = ctx.columns[p.from_field]
        try:
            kind = pa.timestamp("s", column.type.tz) if pa.types.is_timestamp(column.type) else pa.timestamp("s")
            values = column.cast(kind, safe=False).cast(pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise ParamError("from_field", f"field '{p.from_field}' holds {column.type}, not dates") from exc
        nulls = np.asarray(values.is_null()) if values.null_count else None
        return values.fill_null(0).to_numpy(zero_copy_only=False), nulls

    def days(self, ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray | None]:
        seconds, nulls = self.seconds(ctx)
        return np.floor_divide(seconds, DAY), nulls


@cache
def _names(kind: Literal["day", "month"], width: Literal["wide", "abbreviated"], locale: str) -> pa.Array:
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        where = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        where = Locale.parse("en_US")
    if kind == "day":  # babel numbers days 0 = Monday
        table = get_day_names(width, context="stand-alone", locale=where)
        return pa.array([table[i] for i in range(7)], pa.string())
    table = get_month_names(width, context="stand-alone", locale=where)
    return pa.array([table[i] for i in range(1, 13)], pa.string())


class NameParams(PartParams):
    """Parameters of Day of Week and Month: full or abbreviated names."""

    format: Literal["name", "abbreviation"] = "name"


@register
class DayOfWeek(_DatePart):
    """Weekday names in the locale's language (Monday, Montag, lundi)."""

    display_name = "Day of Week"
    key = "day_of_week"
    aliases = ("weekday", "day_name", "weekday_name")
    description = "Weekday names (Monday or Mon) in the locale's language; `from_field` reads a date column."
    Params = NameParams
    params: NameParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        days, nulls = self.days(ctx)
        width: Literal["wide", "abbreviated"] = "wide" if self.params.format == "name" else "abbreviated"
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
        values = _names("day", width, locale_of(self)).take(pa.array(weekday))
        return values if nulls is None else pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), values)


@register
class DayOfWeekNumber(_DatePart):
    """ISO weekday numbers: 1 = Monday ... 7 = Sunday."""

    display_name = "Day of Week Number"
    key = "day_of_week_number"
    aliases = ("weekday_number", "iso_weekday")
    description = "ISO weekday numbers, 1 (Monday) to 7 (Sunday)."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        days, nulls = self.days(ctx)
        return pa.array((days + 3) % 7 + 1, pa.int64(), mask=nulls)


def _months(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


@register
class Month(_DatePart):
    """Month names in the locale's language (January, Januar, janvier)."""

    display_name = "Month"
    key = "month"
    aliases = ("month_name",)
    description = "Month names (January or Jan) in the locale's language; `from_field` reads a date column."
    Params = NameParams
    params: NameParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        days, nulls = self.days(ctx)
        width: Literal["wide", "abbreviated"] = "wide" if self.params.format == "name" else "abbreviated"
        values = _names("month", width, locale_of(self)).take(pa.array(_months(days) % 12))
        return values if nulls is None else pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), values)


@register
class MonthNumber(_DatePart):
    """Month numbers, 1-12."""

    display_name = "Month Number"
    key = "month_number"
    aliases = ("month_of_year",)
    description = "Month numbers from 1 to 12."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        days, nulls = self.days(ctx)
        return pa.array(_months(days) % 12 + 1, pa.int64(), mask=nulls)


class YearParams(PartParams):
    """Parameters of Year: `min`/`max` years, or the year of a date range / of `from_field`."""

    min: int | None = None
    max: int | None = None


@register
class Year(_DatePart):
    """Years: uniform in [min, max], the years of [start_date, end_date], or of `from_field`."""

    display_name = "Year"
    key = "year"
    aliases = ("calendar_year",)
    description = "Years between min and max (default: the years of start_date..end_date, 2020-2025)."
    Params = YearParams
    params: YearParams
    arrow = pa.int64()

    def setup(self) -> None:
        super().setup()
        p = self.params
        if p.min is not None and p.max is not None and p.min > p.max:
            raise ParamError("max", f"max ({p.max}) is less than min ({p.min})")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if p.from_field is None and (p.min is not None or p.max is not None):
            low = p.min if p.min is not None else min(p.max or 2025, p.start_date.year)
            high = p.max if p.max is not None else max(low, p.end_date.year)
            return pa.array(ctx.stream.integers(ctx.rows, low, high), pa.int64())
        days, nulls = self.days(ctx)
        return pa.array(_months(days) // 12 + 1970, pa.int64(), mask=nulls)


class WeekParams(PartParams):
    """Parameters of ISO Week: text 2024-W05, or the week number."""

    format: Literal["iso", "number"] = "iso"


@register
class ISOWeek(_DatePart):
    """ISO 8601 weeks (2024-W05); the ISO year may differ from the calendar year near New Year."""

    display_name = "ISO Week"
    key = "iso_week"
    aliases = ("week", "week_of_year", "iso_week_number")
    description = "ISO 8601 weeks as 2024-W05 (or the week number with format: number)."
    Params = WeekParams
    params: WeekParams

    def arrow_type(self) -> pa.DataType:
        return pa.int64() if self.params.format == "number" else pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        days, nulls = self.days(ctx)
        thursday = days - (days + 3) % 7 + 3  # the week belongs to the year of its Thursday
        year_start = thursday.astype("datetime64[D]").astype("datetime64[Y]")
        week = (thursday - year_start.astype("datetime64[D]").astype(np.int64)) // 7 + 1
        if self.params.format == "number":
            return pa.array(week, pa.int64(), mask=nulls)
        year = pa.array(year_start.astype(np.int64) + 1970).cast(pa.string())
        text = pc.binary_join_element_wise(year, "-W", pc.utf8_lpad(pa.array(week).cast(pa.string()), 2, "0"), "")
        return text if nulls is None else pc.if_else(pa.array(nulls), pa.scalar(None, pa.string()), text)


class EpochParams(PartParams):
    """Parameters of Unix Epoch: the unit."""

    unit: Literal["seconds", "milliseconds", "microseconds"] = "seconds"


@register
class UnixEpoch(_DatePart):
    """Unix time: seconds (or milliseconds) since 1970-01-01 UTC."""

    display_name = "Unix Epoch"
    key = "unix_epoch"
    aliases: ClassVar[tuple[str, ...]] = ("Unix Timestamp", "epoch", "epoch_seconds", "unix_time")
    description = "Seconds since 1970-01-01 UTC (unit: milliseconds/microseconds too) in a range or of `from_field`."
    Params = EpochParams
    params: EpochParams
    arrow = pa.int64()
    default_unit: ClassVar[str] = "seconds"

    def generate(self, ctx: ColumnContext) -> pa.Array:
        unit = self.params.unit if "unit" in self.params.model_fields_set else self.default_unit
        seconds, nulls = self.seconds(ctx)
        scale = _EPOCH_UNITS[unit]
        if scale > 1 and self.params.from_field is None:  # sub-second digits vary too
            seconds = seconds * scale + ctx.stream.integers(ctx.rows, 0, scale - 1, draw=1)
        else:
            seconds = seconds * scale
        return pa.array(seconds, pa.int64(), mask=nulls)


@register
class UnixEpochMilliseconds(UnixEpoch):
    """Unix time in milliseconds (JavaScript's Date.now())."""

    display_name = "Unix Epoch Milliseconds"
    key = "unix_epoch_milliseconds"
    aliases = ("epoch_ms", "unix_timestamp_ms", "epoch_millis")
    description = "Milliseconds since 1970-01-01 UTC, as JavaScript's Date.now() gives them."
    default_unit = "milliseconds"


_DURATION_UNITS = {"seconds": 1, "minutes": 60, "hours": 3_600, "days": DAY}


class DurationParams(ParamsModel):
    """Parameters of Duration: a range in `unit`, and the output form."""

    model_config = ConfigDict(extra="ignore")
    min: float = 0
    max: float = 7
    unit: Literal["seconds", "minutes", "hours", "days"] = "days"
    format: Literal["iso", "seconds", "clock"] = "iso"

    @model_validator(mode="after")
    def _check(self) -> DurationParams:
        if not 0 <= self.min <= self.max:
            raise ValueError(f"need 0 <= min <= max, got min {self.min:g} and max {self.max:g}")
        return self


def _piece(values: np.ndarray, suffix: str) -> pa.Array:
    text = pc.binary_join_element_wise(pa.array(values).cast(pa.string()), suffix, "")
    return pc.if_else(pa.array(values > 0), text, "")


@register
class Duration(Generator[DurationParams]):
    """Durations between `min` and `max` units: ISO 8601 (P2DT3H15M), seconds, or clock time (51:15:00)."""

    display_name = "Duration"
    key = "duration"
    aliases = ("iso_duration", "time_span", "elapsed_time")
    category = DATES
    description = "Durations in [min, max] `unit`s as ISO 8601 text (P1DT2H30M), seconds, or clock text (26:30:00)."
    Params = DurationParams

    def arrow_type(self) -> pa.DataType:
        return pa.int64() if self.params.format == "seconds" else pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        scale = _DURATION_UNITS[p.unit]
        total = ctx.stream.integers(ctx.rows, int(np.ceil(p.min * scale)), int(np.floor(p.max * scale)))
        if p.format == "seconds":
            return pa.array(total, pa.int64())
        days, rest = np.divmod(total, DAY)
        hours, rest = np.divmod(rest, 3600)
        minutes, seconds = np.divmod(rest, 60)
        if p.format == "clock":
            pad = [pc.utf8_lpad(pa.array(v).cast(pa.string()), 2, "0") for v in (days * 24 + hours, minutes, seconds)]
            return pc.binary_join_element_wise(*pad, ":")
        clock = pc.binary_join_element_wise(_piece(hours, "H"), _piece(minutes, "M"), _piece(seconds, "S"), "")
        time_part = pc.if_else(pa.array(hours + minutes + seconds > 0), pc.binary_join_element_wise("T", clock, ""), "")
        text = pc.binary_join_element_wise("P", _piece(days, "D"), time_part, "")
        return pc.if_else(pa.array(total == 0), "PT0S", text)


_FREQUENCIES = {"Never": 4, "Once": 8, "Seldom": 10, "Often": 10, "Daily": 20, "Weekly": 20, "Monthly": 16,
                "Yearly": 12}


@register
class Frequency(Generator[NoParams]):
    """How often something happens: Never, Once, Seldom, Often, Daily, Weekly, Monthly, Yearly."""

    display_name = "Frequency"
    key = "frequency"
    aliases = ("how_often",)
    category = DATES
    description = "Frequency words: Never, Once, Seldom, Often, Daily, Weekly, Monthly, Yearly."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        names = pa.array(list(_FREQUENCIES), pa.string())
        return names.take(pa.array(ctx.stream.choice(ctx.rows, len(names), list(_FREQUENCIES.values()))))
