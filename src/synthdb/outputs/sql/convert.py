"""Vectorized conversions shared by the SQL writers: text of dates and times, hex of bytes, JSON of nested values."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Two ASCII hex digits for every byte value, looked up in one NumPy fancy-indexing step.
_HEX = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint8).reshape(256, 2)


def plain(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous array with dictionaries decoded and float16 widened (writers then see base types)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.cast(array.type.value_type)
    if pa.types.is_float16(array.type):
        array = array.cast(pa.float32())
    if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type):
        array = array.cast(pa.string())
    if pa.types.is_large_binary(array.type) or pa.types.is_fixed_size_binary(array.type):
        array = array.cast(pa.binary())
    return array


def is_nested(kind: pa.DataType) -> bool:
    """Lists, structs and maps: written as JSON text by every SQL output."""
    return pa.types.is_nested(kind)


def is_temporal(kind: pa.DataType) -> bool:
    """Dates, timestamps and times: written as ISO 8601 text."""
    return pa.types.is_date(kind) or pa.types.is_timestamp(kind) or pa.types.is_time(kind)


def temporal_strings(array: pa.Array, separator: str = " ", utc_suffix: str = "+00:00") -> pa.Array:
    """ISO 8601 text of dates, times and timestamps; zoned timestamps in UTC followed by `utc_suffix`."""
    kind = array.type
    zoned = pa.types.is_timestamp(kind) and kind.tz is not None
    if zoned:
        # Dropping the zone keeps the stored instant, so the text is the UTC wall-clock time.
        array = array.cast(pa.timestamp(kind.unit))
    text = array.cast(pa.string())
    if pa.types.is_timestamp(kind) and separator != " ":
        text = pc.replace_substring(text, " ", separator, max_replacements=1)
    if zoned and utc_suffix:
        text = pc.binary_join_element_wise(text, pa.scalar(utc_suffix), "")
    return text


def hex_strings(array: pa.Array) -> pa.Array:
    """Lower-case hex digits of each binary value (nulls stay null), without a per-value Python loop."""
    array = plain(array)
    if len(array) == 0:
        return pa.array([], pa.string())
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + len(array) + 1]
    data_buffer = array.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.empty(0, np.uint8)
    start, stop = int(offsets[0]), int(offsets[-1])
    digits = _HEX[data[start:stop]].reshape(-1)
    new_offsets = ((offsets - start) * 2).astype(np.int32)
    hexed = pa.Array.from_buffers(
        pa.string(), len(array), [None, pa.py_buffer(new_offsets.tobytes()), pa.py_buffer(digits.tobytes())]
    )
    if array.null_count:
        hexed = pc.if_else(array.is_null(), pa.scalar(None, pa.string()), hexed)
    return hexed


def json_strings(array: pa.Array) -> pa.Array:
    """JSON text of nested values (lists, structs, maps), computed by DuckDB in one vectorized query."""
    import duckdb

    connection = duckdb.connect()
    try:
        connection.register("nested_values", pa.table({"v": array}))
        relation = connection.sql("SELECT to_json(v)::VARCHAR AS j FROM nested_values")
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
        result = fetch().column("j")
    finally:
        connection.close()
    return plain(result).cast(pa.string())


def has_any_byte(array: pa.Array, characters: str) -> bool:
    """True when any string of `array` contains one of the ASCII `characters` (one scan of the data buffer).

    Exact for UTF-8: bytes below 0x80 never occur inside a multi-byte character.
    """
    table = np.zeros(256, dtype=bool)
    table[list(characters.encode("ascii"))] = True
    return bool(table[np.frombuffer(string_bytes(array), dtype=np.uint8)].any())


def string_bytes(array: pa.Array) -> memoryview:
    """The concatenated UTF-8 bytes of a string array without nulls (zero-copy view of its data buffer)."""
    if len(array) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + len(array) + 1]
    data = array.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[int(offsets[0]) : int(offsets[-1])]


def tab_separated_rows(batch: pa.RecordBatch, field: Callable[[pa.Array], pa.Array]) -> memoryview:
    """Rows as tab-separated fields, one `\\n`-terminated line each; `field` renders one column."""
    pieces: list[pa.Array | pa.Scalar] = []
    for position, column in enumerate(batch.columns):
        if position:
            pieces.append(pa.scalar("\t"))
        pieces.append(field(column))
    pieces.append(pa.scalar("\n"))
    return string_bytes(pc.binary_join_element_wise(*pieces, ""))
