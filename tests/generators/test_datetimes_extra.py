"""Zoned timestamps, Unix epochs, weekdays, months, years, ISO weeks, durations: checked with datetime and babel."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest

import synthdb
from synthdb.errors import DefinitionError

N = 10_000
START, END = datetime(2021, 1, 1), datetime(2024, 12, 31, 23, 59, 59)


def table(fields: list[dict[str, Any]], rows: int = N, locale: str = "en_US", **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 13, "locale": locale,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def test_timestamp_with_time_zone_is_zone_aware_and_in_range() -> None:
    t = table([{"name": "utc", "generator": "Timestamp with Time Zone", "start_date": "2021-01-01",
                "end_date": "2024-12-31"},
               {"name": "paris", "generator": "timestamptz", "time_zone": "Europe/Paris"}])
    assert t.schema.field("utc").type == pa.timestamp("s", tz="UTC")
    assert t.schema.field("paris").type == pa.timestamp("s", tz="Europe/Paris")
    values = t["utc"].to_pylist()
    assert all(START.replace(tzinfo=UTC) <= v <= END.replace(tzinfo=UTC) for v in values)
    offsets = {v.utcoffset() for v in t["paris"].to_pylist()}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # winter and summer time
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.time_zone.*unknown time zone"):
        table([{"name": "z", "generator": "timestamptz", "time_zone": "Mars/Olympus"}], rows=2)


def test_parts_read_another_date_column() -> None:
    fields = [{"name": "at", "generator": "Datetime", "start_date": "2021-01-01", "end_date": "2024-12-31",
               "percent_null": 10}]
    for name, generator in (("dow", "Day of Week"), ("dn", "Day of Week Number"), ("mon", "Month"),
                            ("mn", "Month Number"), ("yr", "Year"), ("wk", "ISO Week"), ("ep", "Unix Epoch")):
        fields.append({"name": name, "generator": generator, "from_field": "at"})
    fields.append({"name": "ms", "generator": "Unix Epoch Milliseconds", "from_field": "at"})
    for row in table(fields).to_pylist():
        at = row["at"]
        if at is None:
            assert all(row[k] is None for k in ("dow", "dn", "mon", "mn", "yr", "wk", "ep", "ms"))
            continue
        iso = at.isocalendar()
        assert row["dow"] == at.strftime("%A") and row["dn"] == at.isoweekday()
        assert row["mon"] == at.strftime("%B") and row["mn"] == at.month and row["yr"] == at.year
        assert row["wk"] == f"{iso.year}-W{iso.week:02d}"
        assert row["ep"] == int(at.replace(tzinfo=UTC).timestamp()) and row["ms"] == row["ep"] * 1000


def test_drawn_parts_cover_their_ranges() -> None:
    t = table([{"name": k, "generator": k, "start_date": "2021-01-01", "end_date": "2024-12-31"}
               for k in ("Day of Week", "Month", "Year", "ISO Week", "Unix Epoch", "Unix Epoch Milliseconds")]
              + [{"name": "weeks", "generator": "iso_week", "format": "number"},
                 {"name": "years", "generator": "year", "min": 1950, "max": 1959},
                 {"name": "short", "generator": "weekday", "format": "abbreviation"}])
    assert set(t["Day of Week"].to_pylist()) == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                 "Saturday", "Sunday"}
    assert len(set(t["Month"].to_pylist())) == 12 and set(t["Year"].to_pylist()) == {2021, 2022, 2023, 2024}
    assert set(t["years"].to_pylist()) == set(range(1950, 1960))
    assert set(t["short"].to_pylist()) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    for text in t["ISO Week"].to_pylist():
        year, week = map(int, re.fullmatch(r"(\d{4})-W(\d\d)", text).groups())  # type: ignore[union-attr]
        assert datetime.fromisocalendar(year, week, 1)  # a real ISO week (W53 only in long years)
    assert set(t["weeks"].to_pylist()) <= set(range(1, 54))
    low, high = int(START.replace(tzinfo=UTC).timestamp()), int(END.replace(tzinfo=UTC).timestamp())
    assert all(low <= v <= high for v in t["Unix Epoch"].to_pylist())
    ms = t["Unix Epoch Milliseconds"].to_pylist()
    assert all(low * 1000 <= v <= high * 1000 + 999 for v in ms) and len({v % 1000 for v in ms}) > 900


@pytest.mark.parametrize(("locale", "monday", "january"), [("de_DE", "Montag", "Januar"), ("fr_FR", "lundi", "janvier"),
                                                            ("ja_JP", "月曜日", "1月"), ("es_ES", "lunes", "enero")])
def test_names_follow_the_locale(locale: str, monday: str, january: str) -> None:
    t = table([{"name": "d", "generator": "Day of Week"}, {"name": "m", "generator": "Month"}], rows=2000,
              locale=locale)
    assert monday in t["d"].to_pylist() and january in t["m"].to_pylist()
    assert len(set(t["d"].to_pylist())) == 7


def _iso_seconds(text: str) -> int:
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", text)
    assert match and text not in ("P", "PT") and not text.endswith("T"), text
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def test_durations_in_every_form() -> None:
    t = table([{"name": "iso", "generator": "Duration", "min": 1, "max": 3, "unit": "hours"},
               {"name": "sec", "generator": "duration", "min": 30, "max": 90, "unit": "minutes", "format": "seconds"},
               {"name": "clock", "generator": "duration", "max": 2, "unit": "days", "format": "clock"},
               {"name": "days", "generator": "duration"}])
    assert all(3600 <= _iso_seconds(v) <= 3 * 3600 for v in t["iso"].to_pylist())
    assert all(1800 <= v <= 5400 for v in t["sec"].to_pylist())
    for text in t["clock"].to_pylist():
        hours, minutes, seconds = map(int, text.split(":"))
        assert 0 <= hours <= 48 and minutes < 60 and seconds < 60
    assert all(0 <= _iso_seconds(v) <= 7 * 86400 for v in t["days"].to_pylist())
    with pytest.raises(DefinitionError, match=r"fields\[0\]"):
        table([{"name": "d", "generator": "Duration", "min": 5, "max": 1}], rows=2)


def test_from_field_must_exist() -> None:
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.from_field.*did you mean 'created'"):
        table([{"name": "d", "generator": "Day of Week", "from_field": "craeted"},
               {"name": "created", "generator": "Date"}], rows=2)


def test_date_parts_are_batch_independent() -> None:
    fields = [{"name": "at", "generator": "Datetime"}] + [
        {"name": k, "generator": k} for k in ("Timestamp with Time Zone", "Unix Epoch", "Unix Epoch Milliseconds",
                                              "Day of Week", "Month", "Year", "ISO Week", "Duration", "Frequency")]
    fields.append({"name": "wk", "generator": "ISO Week", "from_field": "at"})
    assert table(fields, rows=1500, batch_size=7).equals(table(fields, rows=1500, batch_size=1000))
