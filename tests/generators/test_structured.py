"""Array, Object, Image, Template, Naughty String, Digit Sequence and the Lorem presets; and a CSV/JSONL
round trip for every generator of the networks, finance, dates-extra and data-type modules."""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import struct
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import synthdb
from synthdb.errors import DefinitionError
from synthdb.generators.registry import REGISTRY

N = 10_000


def table(fields: list[dict[str, Any]], rows: int = N, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 17, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def test_array_counts_follow_the_distribution_and_items_the_generator() -> None:
    t = table([
        {"name": "fixed", "generator": "Array", "items": {"generator": "Number", "min": 10, "max": 20},
         "distribution": "fixed", "exact_value": 3},
        {"name": "uniform", "generator": "Array", "items": {"generator": "Words", "min": 1, "max": 1}, "min": 0,
         "max": 6},
        {"name": "normal", "generator": "Array", "items": {"generator": "Boolean"}, "distribution": "normal",
         "mean": 8, "stddev": 2, "min": 0, "max": 20},
        {"name": "ips", "generator": "Array", "items": {"generator": "IPv4 Address"}},
    ])
    assert t.schema.field("fixed").type == pa.list_(pa.int64())
    assert t.schema.field("uniform").type == pa.list_(pa.string())
    assert t.schema.field("normal").type == pa.list_(pa.bool_())
    fixed = t["fixed"].to_pylist()
    assert all(len(v) == 3 and all(10 <= x <= 20 for x in v) for v in fixed)
    counts = np.array([len(v) for v in t["uniform"].to_pylist()])
    assert set(counts) == set(range(7)) and abs(counts.mean() - 3) < 0.1
    assert all(len(w.split()) == 1 for v in t["uniform"].to_pylist() for w in v)
    normal = np.array([len(v) for v in t["normal"].to_pylist()])
    assert abs(normal.mean() - 8) < 0.1 and abs(normal.std() - 2) < 0.15
    import ipaddress

    assert all(ipaddress.ip_address(a).is_global for v in t["ips"].to_pylist() for a in v)
    # Items differ between positions and rows (each is a pure function of row and position).
    flat = [x for v in t["ips"].to_pylist() for x in v]
    assert len(set(flat)) > 0.99 * len(flat)


def test_array_as_json_and_nested_errors() -> None:
    t = table([{"name": "a", "generator": "Array", "format": "json", "items": {"generator": "Naughty String"}}],
              rows=2000)
    for text in t["a"].to_pylist():
        assert isinstance(json.loads(text), list)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.items\.generator.*did you mean 'First Name'"):
        table([{"name": "a", "generator": "Array", "items": {"generator": "Frist Name"}}], rows=2)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.items\.min"):
        table([{"name": "a", "generator": "Array", "items": {"generator": "Number", "min": "low"}}], rows=2)
    with pytest.raises(DefinitionError, match=r"fields\[0\]"):
        table([{"name": "a", "generator": "Array", "items": {"generator": "Words"}, "distribution": "fixed"}], rows=2)


def test_objects_are_json_with_agreeing_members() -> None:
    t = table([{"name": "o", "generator": "Object", "fields": [
        {"name": "type", "generator": "Credit Card Type"},
        {"name": "number", "generator": "Credit Card Number"},
        {"name": "born", "generator": "Date"},
        {"name": "tags", "generator": "Array", "items": {"generator": "Words", "max": 2}},
        {"name": "where", "generator": "Object", "fields": [{"name": "ip", "generator": "IPv6 Address"},
                                                             {"name": "port", "generator": "Port"}]},
        {"name": "note", "generator": "Naughty String"},
        {"name": "label", "generator": "Template", "template": "{type} card"},
        {"name": "score", "generator": "Normal Distribution"},
    ]}])
    import stdnum.luhn

    for text in t["o"].to_pylist():
        value = json.loads(text)
        assert list(value) == ["type", "number", "born", "tags", "where", "note", "label", "score"]
        assert stdnum.luhn.is_valid(value["number"]) and value["label"] == f"{value['type']} card"
        assert date.fromisoformat(value["born"]) and isinstance(value["tags"], list)
        assert set(value["where"]) == {"ip", "port"} and isinstance(value["where"]["port"], int)
        assert isinstance(value["score"], float) and isinstance(value["note"], str)
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.fields\[0\].*'b'"):
        table([{"name": "o", "generator": "Object", "fields": [
            {"name": "a", "generator": "Template", "template": "{b}!"}, {"name": "b", "generator": "Words"}]}], rows=2)


def _png_chunks(png: bytes) -> dict[bytes, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind, body = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks[kind] = body
        position += 12 + length
    return chunks


@pytest.mark.parametrize(("params", "width", "height"), [({}, 32, 32), ({"width": 50, "height": 9}, 50, 9),
                                                         ({"format": "binary", "width": 5, "height": 64}, 5, 64),
                                                         ({"format": "data_uri"}, 32, 32)])
def test_images_are_valid_pngs(params: dict[str, Any], width: int, height: int) -> None:
    got = table([{"name": "i", "generator": "Image", **params}], rows=2000)["i"].to_pylist()
    for value in got:
        if isinstance(value, str):
            if params.get("format") == "data_uri":
                assert value.startswith("data:image/png;base64,")
                value = value.split(",", 1)[1]
            value = base64.b64decode(value, validate=True)
        chunks = _png_chunks(value)
        assert list(chunks) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
        assert struct.unpack(">II", chunks[b"IHDR"][:8]) == (width, height)
        assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + (width + 7) // 8)
    assert len(set(map(bytes, got) if params.get("format") == "binary" else got)) > 1900


def test_template_renders_the_rows_columns() -> None:
    t = table([{"name": "id", "generator": "Row Number"}, {"name": "first", "generator": "First Name"},
               {"name": "company", "generator": "Company Name", "percent_null": 20},
               {"name": "line", "generator": "Template", "template": "{first} works at {company} (#{id}) {{x}}"}])
    for row in t.to_pylist():
        assert row["line"] == f"{row['first']} works at {row['company'] or ''} (#{row['id']}) {{x}}"
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.template.*did you mean 'first'"):
        table([{"name": "t", "generator": "Template", "template": "{frist}"}, {"name": "first",
                                                                               "generator": "First Name"}], rows=2)


def test_naughty_strings_digit_sequences_and_lorem_presets() -> None:
    from synthdb.generators.helpers.bundled import bundled_json

    t = table([{"name": "n", "generator": "Naughty String"}, {"name": "d", "generator": "Digit Sequence"},
               {"name": "d4", "generator": "digits", "length": 4, "leading_zeros": False, "unique": True},
               {"name": "w", "generator": "Words"}, {"name": "s", "generator": "Sentences"},
               {"name": "p", "generator": "Paragraphs"}], rows=9000)
    listed = set(bundled_json("naughty_strings.json")["strings"])
    naughty = t["n"].to_pylist()
    assert set(naughty) <= listed and len(set(naughty)) > 0.9 * len(listed)
    assert all(len(v) == 10 and v.isdigit() for v in t["d"].to_pylist())
    d4 = t["d4"].to_pylist()
    assert len(set(d4)) == 9000 and all(v[0] != "0" and len(v) == 4 for v in d4)
    assert all(5 <= len(v.split()) <= 12 for v in t["w"].to_pylist())
    assert all(1 <= v.count(".") <= 3 for v in t["s"].to_pylist())
    assert all(1 <= v.count("\n") + 1 <= 3 for v in t["p"].to_pylist())


# -- round trips through the CSV and JSONL outputs ---------------------------------------------------

MODULES = {"network", "web", "files", "colors", "cards", "banking", "market", "crypto", "datetime_parts",
           "distributions", "shaped_distributions", "structured", "media", "strings"}
PARAMS: dict[str, dict[str, Any]] = {
    "array": {"items": {"generator": "Words", "max": 2}},
    "object": {"fields": [{"name": "a", "generator": "Words"}, {"name": "n", "generator": "Number"}]},
    "template": {"template": "<{row}>"},
}
MINE = sorted(c.key for c in REGISTRY.all() if c.__module__.rsplit(".", 1)[-1] in MODULES)
LISTS_OR_BYTES = {"array", "image_binary"}


def _definition(keys: list[str]) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [{"name": "row", "generator": "Row Number"}]
    for key in keys:
        if key == "image_binary":
            fields.append({"name": key, "generator": "Image", "format": "binary", "width": 8, "height": 8})
        else:
            fields.append({"name": key, "generator": key, **PARAMS.get(key, {})})
    return {"name": "roundtrip", "seed": 2, "entities": [{"name": "t", "record_count": "150", "fields": fields}]}


def _read(path: Path, suffix: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"t.{suffix}").decode("utf-8")


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bytes):
        return base64.b64decode(got) == expected
    if isinstance(expected, float):
        return math.isclose(expected, float(got), rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(expected, datetime):
        return datetime.fromisoformat(str(got).replace("Z", "+00:00")) == expected
    if isinstance(expected, list):
        return len(expected) == len(got) and all(_same(e, g) for e, g in zip(expected, got, strict=True))
    return bool(expected == got)


def test_my_generators_are_many() -> None:
    assert len(MINE) >= 80, len(MINE)


def test_every_generator_round_trips_through_jsonl(tmp_path: Path) -> None:
    assert "image_binary" in MINE  # the preset Image (binary) lives in media
    definition = _definition(MINE)
    expected = synthdb.to_tables(definition)["t"].to_pylist()
    # Split on "\n" only: strings may hold U+2028 and friends, which str.splitlines() would cut at.
    lines = _read(synthdb.generate(definition, "jsonl", tmp_path / "out.zip"), "jsonl").split("\n")[:-1]
    assert len(lines) == len(expected)
    for line, row in zip(lines, expected, strict=True):
        got = json.loads(line)
        for key, value in row.items():
            assert _same(value, got[key]), (key, value, got[key])


def test_every_scalar_generator_round_trips_through_csv(tmp_path: Path) -> None:
    keys = [k for k in MINE if k not in LISTS_OR_BYTES]
    definition = _definition(keys)
    expected = synthdb.to_tables(definition)["t"]
    text = _read(synthdb.generate(definition, "csv", tmp_path / "out.zip"), "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == expected.num_rows
    for key in ["row", *keys]:
        column = expected[key]
        strings = column.cast(pa.string()) if not pa.types.is_timestamp(column.type) else column
        for value, got in zip(strings.to_pylist(), (r[key] for r in rows), strict=True):
            if isinstance(value, datetime):
                assert datetime.fromisoformat(got.replace("Z", "+00:00")) == value, (key, value, got)
            elif pa.types.is_floating(column.type):
                assert math.isclose(float(value), float(got), rel_tol=1e-12), (key, value, got)
            else:
                assert value == got, (key, value, got)


@pytest.mark.parametrize("key", sorted(LISTS_OR_BYTES))
def test_lists_and_bytes_through_csv(tmp_path: Path, key: str) -> None:
    """Lists and objects arrive as JSON text, bytes as base64 text."""
    import base64
    import csv
    import json as json_module
    import zipfile

    definition = _definition([key])
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, "csv", tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist())
        rows = list(csv.DictReader(archive.read(name).decode("utf-8").splitlines(keepends=True)))
    table_values = next(iter(expected.values()))[key].to_pylist()
    for value, got in zip(table_values, (r[key] for r in rows), strict=True):
        if value is None:
            assert got == ""
        elif isinstance(value, bytes):
            assert base64.b64decode(got) == value
        else:
            assert json_module.loads(got) == json_module.loads(json_module.dumps(value, default=str))


def test_structured_columns_are_batch_independent() -> None:
    fields = [{"name": k, "generator": k, **PARAMS.get(k, {})} for k in ("array", "object", "image", "naughty_string",
                                                                           "digit_sequence", "words", "paragraphs")]
    fields.append({"name": "row", "generator": "Row Number"})
    fields.append({"name": "template", "generator": "Template", "template": "{words}/{row}"})
    assert table(fields, rows=1200, batch_size=7).equals(table(fields, rows=1200, batch_size=1000))
