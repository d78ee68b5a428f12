"""JSONL round trip: the json module reads back exactly the generated values, typed, in column order."""

from __future__ import annotations

import datetime as dt
import json
import math
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition
from synthdb.outputs.formats.jsonl_format import json_lines, text_bytes
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS


def _read_lines(data: bytes) -> list[dict[str, Any]]:
    text = data.decode("utf-8")
    assert text.endswith("\n") or text == ""
    # Floats as Decimal: decimals must come back exactly, floats are compared after float().
    return [json.loads(line, parse_float=Decimal) for line in text.split("\n")[:-1]]


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float):
        return isinstance(got, Decimal) and float(got) == want
    if isinstance(want, Decimal):
        return isinstance(got, Decimal | int) and Decimal(got) == want
    return type(got) is type(want) and got == want


def test_zip_round_trips_every_value(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, format="jsonl", output=tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["children.jsonl", "parents.jsonl"]
        for name, table in expected.items():
            rows = _read_lines(archive.read(f"{name}.jsonl"))
            assert len(rows) == table.num_rows == (60 if name == "parents" else 120)
            for got, want in zip(rows, table.to_pylist(), strict=True):
                assert list(got) == table.column_names  # keys in column order
                for column in table.column_names:
                    assert _same(got[column], want[column]), (name, column, got[column], want[column])


def test_awkward_strings_and_nulls_survive(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)["parents"]
    path = synthdb.generate(definition, format="jsonl", output=tmp_path / "parents.jsonl", entity="parents")
    assert not zipfile.is_zipfile(path)
    rows = _read_lines(path.read_bytes())
    labels = [row["label"] for row in rows]
    notes = [row["note"] for row in rows]
    assert labels == expected["label"].to_pylist()
    assert notes == expected["note"].to_pylist()
    assert set(labels) <= set(AWKWARD_STRINGS) and len(set(labels)) >= 15
    assert None in notes and "" in labels


def test_every_awkward_string_survives(tmp_path: Path) -> None:
    batch = pa.record_batch({"s": pa.array([*AWKWARD_STRINGS, None], pa.string())})
    rows = _read_lines(_write(tmp_path, [batch]))
    assert [row["s"] for row in rows] == [*AWKWARD_STRINGS, None]


def test_single_entity_is_a_plain_jsonl_file(tmp_path: Path) -> None:
    path = synthdb.generate(awkward_definition(), format="jsonl", output=tmp_path, entity="children")
    assert path.name == "children.jsonl"
    assert not zipfile.is_zipfile(path)
    assert len(_read_lines(path.read_bytes())) == 120


def test_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = awkward_definition()
    runs = [(7, 1), (65_536, 1), (7, 2), (65_536, 2)]
    outputs = {
        synthdb.generate(definition, format="jsonl", output=tmp_path / f"{b}-{w}.zip",
                         batch_size=b, workers=w).read_bytes()
        for b, w in runs
    }
    assert len(outputs) == 1


def _write(tmp_path: Path, batches: list[pa.RecordBatch]) -> bytes:
    schema = batches[0].schema
    columns = [ColumnInfo(f.name, f.type) for f in schema]
    table = TableOutput("t", columns, sum(b.num_rows for b in batches), lambda: iter(batches))
    path = tmp_path / "t.jsonl"
    FORMATS.get("jsonl").write(OutputJob("db", "postgres", [table], single_entity=True), path)
    return path.read_bytes()


def test_every_arrow_type_is_typed_json(tmp_path: Path) -> None:
    utc = dt.UTC
    floats = [1.0, 0.1 + 0.2, 1e16, 1e22, 1e-7, -0.0, 5e-324, 1.7976931348623157e308, None]
    batch = pa.record_batch(
        {
            "int": pa.array([1, -2, 2**62, None, 0, 7, 8, 9, 10], pa.int64()),
            "float": pa.array(floats, pa.float64()),
            "decimal": pa.array([Decimal("12.50"), Decimal("-0.05"), Decimal("0.00"), None,
                                 Decimal("99999999999999999999999999.123456789012")] + [Decimal("1.10")] * 4,
                                pa.decimal128(38, 12)),
            "bool": pa.array([True, False, None] * 3),
            "text": pa.array(['q"uote', "back\\slash", "nl\n", "\x00\x01\x1f\x7f", "\u2028é😀", None, "",
                              "</script>", "\t\b\f\r"]),
            "date": pa.array([dt.date(2024, 2, 29), dt.date(1, 1, 1), None] * 3, pa.date32()),
            "ts": pa.array([dt.datetime(2024, 5, 1, 13, 45), None, dt.datetime(1970, 1, 1)] * 3, pa.timestamp("s")),
            "ts_us": pa.array([dt.datetime(2024, 5, 1, 13, 45, 0, 123456)] * 9, pa.timestamp("us")),
            "tstz": pa.array([dt.datetime(2024, 5, 1, 13, 45, tzinfo=utc)] * 9, pa.timestamp("s", tz="UTC")),
            "tsparis": pa.array([dt.datetime(2024, 5, 1, 13, 45, tzinfo=utc)] * 9,
                                pa.timestamp("s", tz="Europe/Paris")),
            "time": pa.array([dt.time(13, 45, 1)] * 9, pa.time32("s")),
            "dict": pa.array(["a", "b", None] * 3).dictionary_encode(),
            "none": pa.nulls(9),
        }
    )
    # Split unevenly: the bytes must not show it.
    data = _write(tmp_path, [batch.slice(0, 2), batch.slice(2, 5), batch.slice(7)])
    assert data == _write(tmp_path, [batch])
    rows = _read_lines(data)
    assert [list(row) for row in rows] == [batch.schema.names] * 9
    for got, want in zip(rows, batch.to_pylist(), strict=True):
        for name in ("int", "decimal", "bool", "text", "dict", "none"):
            assert _same(got[name], want[name]), (name, got[name], want[name])
        if want["float"] is None:
            assert got["float"] is None
        else:
            # Shortest repr, exact round trip, sign of zero kept.
            assert float(got["float"]) == want["float"]
            assert math.copysign(1, float(got["float"])) == math.copysign(1, want["float"])
        for name in ("date", "ts", "ts_us", "tstz", "time"):
            value = got[name]
            parsed = None if value is None else type(want[name]).fromisoformat(value)
            assert parsed == want[name], (name, value)
    text = data.decode()
    assert '"ts":"2024-05-01T13:45:00"' in text and '"tstz":"2024-05-01T13:45:00Z"' in text
    assert '"tsparis":"2024-05-01T15:45:00+02:00"' in text
    assert '"float":1.0,' in text and '"float":-0.0,' in text and '"decimal":12.500000000000,' in text
    assert '"text":"\\u0000\\u0001\\u001f\x7f"' in text and '"text":"\\t\\b\\f\\r"' in text


def test_nan_and_infinity_become_null(tmp_path: Path) -> None:
    batch = pa.record_batch({"f": pa.array([math.nan, math.inf, -math.inf, 2.5])})
    rows = [json.loads(line) for line in _write(tmp_path, [batch]).decode().splitlines()]
    assert rows == [{"f": None}, {"f": None}, {"f": None}, {"f": 2.5}]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=20), st.text(min_size=1, max_size=10))
def test_any_text_round_trips(values: list[str | None], key: str) -> None:
    batch = pa.record_batch({"k": pa.array(values, pa.string())})
    data = bytes(text_bytes(json_lines(batch, [json.dumps(key, ensure_ascii=False)])))
    assert [json.loads(line)[key] for line in data.decode().split("\n")[:-1]] == values
