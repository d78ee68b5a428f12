"""Oracles for "Dates and times": the calendar and datetime modules, CLDR names (babel), ISO 8601, KS tests."""

from __future__ import annotations

import datetime
import re
from collections import Counter

from babel import Locale
from scipy import stats

from generators.oracles.base import Sample, custom, entry, matches, member_of
from generators.oracles.stats import chi_square, ks, spread

START = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
SPAN = (END - START).total_seconds()


def _epoch(value: datetime.datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.timestamp()


def _days_in_range() -> list[datetime.date]:
    day, out = START.date(), []
    while day <= END.date():
        out.append(day)
        day += datetime.timedelta(days=1)
    return out


def _share_by(key: callable) -> dict:  # type: ignore[valid-type]
    """Expected category shares when a uniform day of 2020-2025 is mapped through `key`."""
    return dict(Counter(key(d) for d in _days_in_range()))


_EN = Locale("en")
_WEEKDAYS = [_EN.days["format"]["wide"][i] for i in range(7)]  # Monday first, as CLDR numbers them
_MONTHS = [_EN.months["format"]["wide"][m] for m in range(1, 13)]


def _iso_duration_seconds(text: str) -> float:
    m = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", text)
    assert m and text not in ("P", "PT") and not text.endswith("T"), text
    d, h, mi, s = (int(x or 0) for x in m.groups())
    return d * 86400 + h * 3600 + mi * 60 + s


def _iso_week_ok(text: str) -> bool:
    m = re.fullmatch(r"(\d{4})-W(\d\d)", text)
    assert m
    monday = datetime.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return START.date() - datetime.timedelta(days=6) <= monday <= END.date()


@custom("spec", "ISO week in range (datetime.date.fromisocalendar)")
def _iso_weeks(sample: Sample) -> None:
    bad = [v for v in sample.values if not _iso_week_ok(v)]
    assert not bad, bad[:5]


ENTRIES = {
    "date": entry(ks(stats.uniform(START.date().toordinal(), (END.date() - START.date()).days + 1),
                     "uniform days 2020-01-01..2025-12-31", transform=lambda d: d.toordinal() + 0.5)),
    "datetime": entry(ks(stats.uniform(START.timestamp(), SPAN), "uniform instants 2020..2025 (UTC)",
                         transform=_epoch)),
    "day_of_week": entry(chi_square(_share_by(lambda d: _WEEKDAYS[d.weekday()]),
                                    "CLDR English weekday names of uniform days 2020-2025")),
    "day_of_week_number": entry(chi_square(_share_by(lambda d: d.isoweekday()), "ISO weekday numbers of uniform days",
                                           transform=int)),
    "duration": entry(ks(stats.uniform(0, 7 * 86400), "uniform 0-7 days, ISO 8601 durations",
                         transform=_iso_duration_seconds)),
    "frequency": entry(member_of(lambda: {"Never", "Once", "Seldom", "Often", "Daily", "Weekly", "Monthly", "Yearly"},
                                 "the documented frequency words", kind="spec"),
                       spread(8, 0.3, "all eight words, none over 30%", kind="statistical")),
    "iso_week": entry(matches(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", "ISO 8601 week YYYY-Www"), _iso_weeks),
    "month": entry(chi_square(_share_by(lambda d: _MONTHS[d.month - 1]), "CLDR English month names of uniform days")),
    "month_number": entry(chi_square(_share_by(lambda d: d.month), "months of uniform days 2020-2025", transform=int)),
    "time": entry(ks(stats.uniform(0, 86400), "uniform seconds of the day",
                     transform=lambda t: t.hour * 3600 + t.minute * 60 + t.second + 0.5)),
    "timestamp_with_time_zone": entry(ks(stats.uniform(START.timestamp(), SPAN), "uniform instants 2020..2025",
                                         transform=_epoch)),
    "unix_epoch": entry(ks(stats.uniform(START.timestamp(), SPAN), "uniform seconds 2020..2025")),
    "unix_epoch_milliseconds": entry(ks(stats.uniform(START.timestamp() * 1000, SPAN * 1000),
                                        "uniform milliseconds 2020..2025")),
    "year": entry(chi_square(_share_by(lambda d: d.year), "years of uniform days (366 in leap years)",
                             transform=int)),
}
