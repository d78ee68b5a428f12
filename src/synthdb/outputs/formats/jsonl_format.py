"""JSON Lines: one `<table>.jsonl` per table, one typed JSON object per row, built with Arrow compute.

Values: integers and floats are JSON numbers (floats in their shortest round-trip form, always with a
`.` or an exponent so readers keep them floats; NaN and ±Infinity, which JSON cannot hold, become
`null`), decimals are JSON numbers written exactly from their decimal text (`12.50`), booleans are
`true`/`false`, nulls are `null`, strings are UTF-8 with `"`, `\\` and control characters escaped,
dates / times / timestamps are ISO-8601 strings (`2024-05-01`, `13:45:00`, `2024-05-01T13:45:00`, with
`Z` or `+01:00` for zoned timestamps). Keys follow the column order.

Each batch becomes one Arrow string array of complete lines whose bytes are written as they are, so the
output depends only on the rows, never on how they were batched. The helpers here (float and
date/time text, string bytes) are shared with the XML format.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.registry import register_format

# JSON's short escapes; every other control character is written as \u00XX.
_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}


def text_bytes(array: pa.Array) -> memoryview:
    """The concatenated UTF-8 bytes of a string array's values, without copying."""
    offsets_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    _, offsets, data = array.buffers()
    if data is None or len(array) == 0:
        return memoryview(b"")
    start = array.offset * np.dtype(offsets_type).itemsize
    bounds = np.frombuffer(offsets, dtype=offsets_type, count=len(array) + 1, offset=start)
    return memoryview(data)[int(bounds[0]) : int(bounds[-1])]


def bytes_present(array: pa.Array) -> np.ndarray:
    """Which byte values occur in a string array's text (a 256-entry boolean mask).

    UTF-8 never uses bytes below 0x80 inside multi-byte sequences, so an ASCII byte seen here is that
    character; one counting pass tells which escaping passes are needed at all.
    """
    view = np.frombuffer(text_bytes(array), dtype=np.uint8)
    return np.bincount(view, minlength=256) > 0


def plain_strings(array: pa.Array) -> pa.Array:
    """A string array of the values (dictionary-decoded, large strings kept as they are)."""
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    return array


def float_text(array: pa.Array) -> pa.Array:
    """Shortest round-trip text of floats, with `.0` added to integral values (`nan`, `inf` kept)."""
    text = array.cast(pa.string())
    # Arrow prints 1.0 as "1" and -0.0 as "-0"; a ".0" keeps them floats (and the sign of zero).
    return pc.replace_substring_regex(text, r"^(-?[0-9]+)$", r"\1.0")


def is_temporal(kind: pa.DataType) -> bool:
    return pa.types.is_date(kind) or pa.types.is_time(kind) or pa.types.is_timestamp(kind)


def iso_text(array: pa.Array) -> pa.Array:
    """ISO-8601 text of dates, times and timestamps (`T` separator, `Z` or `+HH:MM` offsets)."""
    text = array.cast(pa.string())
    if pa.types.is_timestamp(array.type):
        # Arrow writes "2024-05-01 13:45:00+0100"; ISO-8601 extended form wants "T" and "+01:00".
        text = pc.replace_substring(text, " ", "T", max_replacements=1)
        if array.type.tz is not None:
            text = pc.replace_substring_regex(text, r"([+-][0-9]{2})([0-9]{2})$", r"\1:\2")
    return text


def _escape_json(array: pa.Array) -> pa.Array:
    present = bytes_present(array)
    if present[0x5C]:
        array = pc.replace_substring(array, "\\", "\\\\")  # first, so later escapes stay single
    if present[0x22]:
        array = pc.replace_substring(array, '"', '\\"')
    for code in np.flatnonzero(present[:0x20]):
        escape = _SHORT_ESCAPES.get(int(code), f"\\u{int(code):04x}")
        array = pc.replace_substring(array, chr(int(code)), escape)
    return array


def _fallback_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    return str(value)


def _fallback(array: pa.Array) -> pa.Array:
    # Types no generator produces today (lists, structs, binary, durations): correct but per value.
    def dump(value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, default=_fallback_default)

    return pa.array([dump(v) for v in array.to_pylist()], pa.string())


# A literal (the same text on every row) or a string array.
Piece: TypeAlias = str | pa.Array


def join_pieces(pieces: list[Piece]) -> pa.Array:
    """Concatenate literals and string arrays row by row (adjacent literals merged: fewer inputs)."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    if any(isinstance(p, pa.Array) and pa.types.is_large_string(p.type) for p in merged):
        # Arrow joins only arrays of one string type; large strings keep 64-bit offsets.
        merged = [p.cast(pa.large_string()) if isinstance(p, pa.Array) else p for p in merged]
    return pc.binary_join_element_wise(*merged, "")


def _quoted(text: pa.Array) -> list[Piece]:
    # Without nulls the quotes can ride on the neighbouring literals: no extra pass over the column.
    if text.null_count == 0:
        return ['"', text, '"']
    return [pc.fill_null(pc.binary_join_element_wise('"', text, '"', ""), "null")]


def json_pieces(array: pa.Array) -> list[Piece]:
    """The JSON text of a column's values (nulls written `null`), as pieces for `join_pieces`."""
    array = plain_strings(array)
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _quoted(_escape_json(array))
    if is_temporal(kind):
        return _quoted(iso_text(array))
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = array.cast(pa.string())
    elif pa.types.is_floating(kind):
        # JSON has no NaN or Infinity: they become null.
        text = pc.if_else(pc.is_finite(array), float_text(array), pa.scalar(None, pa.string()))
    elif pa.types.is_null(kind):
        text = pa.nulls(len(array), pa.string())
    else:
        text = _fallback(array)
    return [pc.fill_null(text, "null") if text.null_count else text]


def json_lines(batch: pa.RecordBatch, keys: list[str]) -> pa.Array:
    """One complete line (`{...}\\n`) per row of `batch`, as a string array; `keys` are JSON-quoted."""
    if not keys:
        return pa.array(["{}\n"] * batch.num_rows, pa.string())
    pieces: list[Piece] = []
    for index, key in enumerate(keys):
        pieces.append(("{" if index == 0 else ",") + key + ":")
        pieces.extend(json_pieces(batch.column(index)))
    pieces.append("}\n")
    return join_pieces(pieces)


@register_format
class JsonlFormat(PerTableFormat):
    """JSON Lines via Arrow compute: typed values, one object per row."""

    name = "jsonl"
    description = "zip of one JSON Lines file per table (typed values)"
    suffix = ".zip"
    entity_suffix = ".jsonl"
    entity_content_type = "application/jsonl"

    def batch_encoder(self, table: TableOutput, job: OutputJob) -> JsonLines:
        return JsonLines(tuple(json.dumps(c.name, ensure_ascii=False) for c in table.columns))


@dataclass(frozen=True)
class JsonLines:
    """One batch as JSON Lines (picklable: it runs in worker processes); `keys` are JSON-quoted."""

    keys: tuple[str, ...]

    def __call__(self, batch: pa.RecordBatch) -> memoryview:
        return text_bytes(json_lines(batch, list(self.keys)))
