"""Air travel: a row's airport columns are one airportsdata record; airline columns and flight numbers agree."""

from __future__ import annotations

import csv
import re
from importlib import resources
from typing import Any

import airportsdata
import pyarrow as pa
import pytest

import synthdb
from synthdb import DefinitionError

AIRPORTS = airportsdata.load("IATA")


def table(fields: list[dict[str, Any]], rows: int = 10_000, locale: str = "en_US", **options: Any) -> pa.Table:
    definition = {"name": "air", "seed": 31, "locale": locale,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["t"]


def airlines() -> dict[str, dict[str, str]]:
    with resources.files("synthdb").joinpath("data", "travel", "airlines.csv").open(encoding="utf-8") as handle:
        return {r["iata"]: r for r in csv.DictReader(handle)}


def test_airport_columns_are_one_airportsdata_record() -> None:
    rows = table([
        {"name": "code", "generator": "Airport Code"},
        {"name": "icao", "generator": "Airport ICAO Code"},
        {"name": "name", "generator": "Airport Name"},
        {"name": "city", "generator": "Airport City"},
        {"name": "country", "generator": "Airport Country", "code": "alpha2"},
        {"name": "tz", "generator": "Airport Time Zone"},
        {"name": "dest", "generator": "Airport Code", "group_key": "destination"},
        {"name": "dest_city", "generator": "Airport City", "group_key": "destination"},
    ]).to_pylist()
    for row in rows:
        record = AIRPORTS[row["code"]]
        assert (record["icao"], record["name"], record["city"], record["country"], record["tz"]) == (
            row["icao"], row["name"], row["city"], row["country"], row["tz"]), row
        assert AIRPORTS[row["dest"]]["city"] == row["dest_city"]
    assert sum(r["code"] != r["dest"] for r in rows) > 9_900
    international = sum("International" in r["name"] for r in rows) / len(rows)
    assert international > 0.4  # big airports are favoured
    assert len({r["country"] for r in rows}) > 100


def test_airports_of_one_country_and_country_names() -> None:
    rows = table([{"name": "code", "generator": "Airport Code", "country": "de"},
                  {"name": "country", "generator": "Airport Country", "country": "DE"}], rows=2_000).to_pylist()
    assert {AIRPORTS[r["code"]]["country"] for r in rows} == {"DE"} and {r["country"] for r in rows} == {"Germany"}
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.country"):
        table([{"name": "code", "generator": "Airport Code", "country": "XX"}], rows=1)


def test_airlines_and_flight_numbers_agree() -> None:
    known = airlines()
    rows = table([{"name": "airline", "generator": "Airline Name"}, {"name": "iata", "generator": "Airline Code"},
                  {"name": "icao", "generator": "Airline ICAO Code"},
                  {"name": "flight", "generator": "Flight Number"},
                  {"name": "spaced", "generator": "Flight Number", "space": True, "group_key": "other"}]).to_pylist()
    for row in rows:
        record = known[row["iata"]]
        assert (record["name"], record["icao"]) == (row["airline"], row["icao"]), row
        match = re.fullmatch(r"([A-Z0-9]{2})([1-9]\d{0,3})", row["flight"])
        assert match and match.group(1) == row["iata"], row
        assert re.fullmatch(r"[A-Z0-9]{2} [1-9]\d{0,3}", row["spaced"]) and row["spaced"][:2] in known
    assert len({r["iata"] for r in rows}) == len(known)
    assert len({k["iata"] for k in known.values()}) == len({k["icao"] for k in known.values()}) == len(known)


def test_seats_references_gates_types_and_registrations() -> None:
    rows = table([{"name": "seat", "generator": "Seat"}, {"name": "pnr", "generator": "Booking Reference",
                                                          "unique": True},
                  {"name": "gate", "generator": "Gate"}, {"name": "type", "generator": "Aircraft Type"},
                  {"name": "icao_type", "generator": "Aircraft Type", "format": "icao"},
                  {"name": "cabin", "generator": "Cabin Class"}]).to_pylist()
    for row in rows:
        assert re.fullmatch(r"([1-9]|[1-3]\d|40)[A-F]", row["seat"]), row
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", row["pnr"]), row
        assert re.fullmatch(r"[A-F]([1-9]|[1-5]\d|60)", row["gate"]), row
        assert row["type"].split(" ")[0] in {"Airbus", "Boeing", "Embraer", "Bombardier", "ATR", "De"}
        assert re.fullmatch(r"[A-Z0-9]{4}", row["icao_type"])
    assert len({r["pnr"] for r in rows}) == len(rows)
    assert 0.7 < sum(r["cabin"] == "Economy" for r in rows) / len(rows) < 0.9
    seats = table([{"name": "s", "generator": "Seat", "unique": True, "rows": 30, "letters": "ABCDEFGHJK"}],
                  rows=300)["s"].to_pylist()
    assert len(set(seats)) == 300
    us_n_number = r"N[1-9](\d{1,3}[A-HJ-NP-Z]?|\d{1,2}[A-HJ-NP-Z]{2}|\d{4})"  # FAA 14 CFR 47.15
    for locale, pattern in {"en_US": us_n_number, "de_DE": r"D-A[A-Z]{3}",
                            "en_GB": r"G-[A-Z]{4}", "ja_JP": r"JA\d{3}[A-Z]"}.items():
        marks = table([{"name": "r", "generator": "Aircraft Registration"}], rows=500, locale=locale)["r"]
        assert all(re.fullmatch(pattern, m) for m in marks.to_pylist()), locale


def test_determinism_across_batches() -> None:
    fields = [{"name": "code", "generator": "Airport Code"}, {"name": "city", "generator": "Airport City"},
              {"name": "flight", "generator": "Flight Number"}, {"name": "seat", "generator": "Seat"}]
    base = table(fields, rows=3_000)
    assert table(fields, rows=3_000, batch_size=101) == base
