"""XML round trip: ElementTree reads back every value, awkward strings, nulls (xsi:nil) and encoded names."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition
from synthdb.errors import OutputError
from synthdb.outputs.formats.jsonl_format import text_bytes
from synthdb.outputs.formats.xml_format import XSI, row_lines, xml_name
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS

NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def _cell(element: ET.Element) -> str | None:
    if element.get(NIL) == "true":
        return None
    return element.text or ""  # ElementTree reads <a></a> as text None: that is the empty string


def _python(text: str | None, kind: pa.DataType) -> Any:
    """Text back to the Python value Arrow gives for the column's type."""
    if text is None:
        return None
    if pa.types.is_integer(kind):
        return int(text)
    if pa.types.is_floating(kind):
        return float({"INF": "inf", "-INF": "-inf"}.get(text, text))
    if pa.types.is_decimal(kind):
        return Decimal(text)
    if pa.types.is_boolean(kind):
        return {"true": True, "false": False}[text]
    if pa.types.is_timestamp(kind):
        return dt.datetime.fromisoformat(text)
    if pa.types.is_date(kind):
        return dt.date.fromisoformat(text)
    return text


def _rows(root: ET.Element, schema: pa.Schema) -> list[dict[str, Any]]:
    rows = []
    for row in root:
        assert row.tag == "row"
        assert [cell.tag for cell in row] == [xml_name(name) for name in schema.names]
        rows.append({f.name: _python(_cell(cell), f.type) for f, cell in zip(schema, row, strict=True)})
    return rows


def test_zip_round_trips_every_value(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, format="xml", output=tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["children.xml", "parents.xml"]
        for name, table in expected.items():
            data = archive.read(f"{name}.xml")
            assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            root = ET.fromstring(data)
            assert root.tag == "table" and root.get("name") == name
            rows = _rows(root, table.schema)
            assert len(rows) == table.num_rows == (60 if name == "parents" else 120)
            assert rows == table.to_pylist()


def test_awkward_strings_and_nulls_survive(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)["parents"]
    path = synthdb.generate(definition, format="xml", output=tmp_path / "p.xml", entity="parents")
    rows = _rows(ET.parse(path).getroot(), expected.schema)
    assert [r["label"] for r in rows] == expected["label"].to_pylist()
    assert [r["note"] for r in rows] == expected["note"].to_pylist()
    assert None in [r["note"] for r in rows] and "" in [r["label"] for r in rows]


def _write(tmp_path: Path, batches: list[pa.RecordBatch], name: str = "t") -> bytes:
    columns = [ColumnInfo(f.name, f.type) for f in batches[0].schema]
    table = TableOutput(name, columns, sum(b.num_rows for b in batches), lambda: iter(batches))
    path = tmp_path / "t.xml"
    FORMATS.get("xml").write(OutputJob("db", "postgres", [table], single_entity=True), path)
    return path.read_bytes()


def test_every_awkward_string_survives_including_cr(tmp_path: Path) -> None:
    batch = pa.record_batch({"s": pa.array([*AWKWARD_STRINGS, None], pa.string())})
    data = _write(tmp_path, [batch])
    assert b"cr&#13;\nlf" in data and b"&lt;tag attr='x'&gt;&amp;amp;&lt;/tag&gt;" in data
    assert [_cell(row[0]) for row in ET.fromstring(data)] == [*AWKWARD_STRINGS, None]


def test_forbidden_characters_are_replaced(tmp_path: Path) -> None:
    batch = pa.record_batch({"s": ["ab\x01\x0b\x0c\x1f", "\ufffe\uffff", "ok\t\n\x7f\x85"]})
    data = _write(tmp_path, [batch])
    assert [_cell(row[0]) for row in ET.fromstring(data)] == ["ab\ufffd\ufffd\ufffd\ufffd",
                                                              "\ufffd\ufffd", "ok\t\n\x7f\x85"]


def test_nul_is_refused_naming_table_column_and_row(tmp_path: Path) -> None:
    # U+0000 is refused rather than replaced (outputs/nul.py): the data cannot be represented.
    batch = pa.record_batch({"s": ["ok", "a\x00b"]})
    with pytest.raises(OutputError, match="table 't', column 's', row 2: the value holds a NUL"):
        _write(tmp_path, [batch])


def _decode_name(name: str) -> str:
    return re.sub(r"_x([0-9A-F]{8}|[0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), name)


def test_invalid_column_names_are_encoded_reversibly(tmp_path: Path) -> None:
    names = ["order date", "1st", "a:b", "_x0020_", "plain_name", "prénom", "日付", "-x", "emoji😀", "x.y-z"]
    batch = pa.record_batch({name: pa.array([index]) for index, name in enumerate(names)})
    data = _write(tmp_path, [batch], name='t "<&>"\n')
    root = ET.fromstring(data)
    assert root.get("name") == 't "<&>"\n'  # attribute escaping keeps even the newline
    tags = [cell.tag for cell in root[0]]
    assert tags[:6] == ["order_x0020_date", "_x0031_st", "a_x003A_b", "_x005F_x0020_", "plain_name", "prénom"]
    assert tags[9] == "x.y-z"
    assert [_decode_name(tag) for tag in tags] == names
    assert [int(cell.text or "") for cell in root[0]] == list(range(len(names)))
    with pytest.raises(OutputError):
        xml_name("")


def test_typed_values_and_batch_boundaries(tmp_path: Path) -> None:
    batch = pa.record_batch(
        {
            "f": pa.array([1.0, 0.1 + 0.2, -0.0, float("nan"), float("inf"), float("-inf"), 5e-324, None]),
            "d": pa.array([Decimal("12.50")] * 7 + [None], pa.decimal128(10, 2)),
            "b": pa.array([True, False] * 4),
            "ts": pa.array([dt.datetime(2024, 5, 1, 13, 45, tzinfo=dt.UTC)] * 8, pa.timestamp("s", tz="UTC")),
            "day": pa.array([dt.date(2024, 2, 29)] * 8, pa.date32()),
        }
    )
    data = _write(tmp_path, [batch.slice(0, 3), batch.slice(3, 1), batch.slice(4)])
    assert data == _write(tmp_path, [batch])
    text = data.decode()
    assert "<f>1.0</f>" in text and "<f>-0.0</f>" in text and "<f>NaN</f>" in text and "<f>-INF</f>" in text
    assert "<d>12.50</d>" in text and "<ts>2024-05-01T13:45:00Z</ts>" in text and "<day>2024-02-29</day>" in text
    rows = _rows(ET.fromstring(data), batch.schema)
    for got, want in zip(rows, batch.to_pylist(), strict=True):
        for key in want:
            if isinstance(want[key], float) and want[key] != want[key]:
                assert got[key] != got[key]  # NaN
            else:
                assert got[key] == want[key], key


def test_single_entity_is_a_plain_xml_file(tmp_path: Path) -> None:
    path = synthdb.generate(awkward_definition(), format="xml", output=tmp_path, entity="children")
    assert path.name == "children.xml"
    assert not zipfile.is_zipfile(path)
    assert len(ET.parse(path).getroot()) == 120


def test_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = awkward_definition()
    outputs = {
        synthdb.generate(definition, format="xml", output=tmp_path / f"{b}-{w}.zip",
                         batch_size=b, workers=w).read_bytes()
        for b, w in [(7, 1), (65_536, 1), (7, 2), (65_536, 2)]
    }
    assert len(outputs) == 1


_XML_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufffe\uffff"
                                  + "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13))))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), _XML_TEXT), min_size=1, max_size=20))
def test_any_allowed_text_round_trips(values: list[str | None]) -> None:
    batch = pa.record_batch({"v": pa.array(values, pa.string())})
    body = bytes(text_bytes(row_lines(batch, ["v"])))
    root = ET.fromstring(b'<table xmlns:xsi="' + XSI.encode() + b'">' + body + b"</table>")
    assert [_cell(row[0]) for row in root] == values
