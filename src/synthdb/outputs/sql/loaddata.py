"""MySQL/MariaDB LOAD DATA text: tab-separated rows with backslash escapes, `\\N` for NULL."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.outputs.sql.convert import (
    has_any_byte,
    hex_strings,
    is_nested,
    is_temporal,
    json_strings,
    plain,
    tab_separated_rows,
    temporal_strings,
)

NULL = "\\N"
# LOAD DATA's default FIELDS ESCAPED BY '\\': the backslash first, then what would end a field or a
# line, and NUL (which some clients would cut strings at).
_ESCAPES = (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\x00", "\\0"))
_SPECIAL = "\\\n\r\t\x00"


def _escaped(array: pa.Array) -> pa.Array:
    if has_any_byte(array, _SPECIAL):
        for raw, escaped in _ESCAPES:
            array = pc.replace_substring(array, raw, escaped)
    return array


def is_binary(kind: pa.DataType) -> bool:
    """Bytes travel as hex text and are decoded by UNHEX() in the statement (see `load_data_sql`)."""
    return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind))


def field_text(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One LOAD DATA field per value (`\\N` for nulls), as MySQL/MariaDB read them."""
    array = plain(array)
    kind = array.type
    if pa.types.is_null(kind):
        text = pa.nulls(len(array), pa.string())
    elif pa.types.is_boolean(kind):
        text = pc.if_else(array, pa.scalar("1"), pa.scalar("0"))
    elif pa.types.is_string(kind):
        text = _escaped(array)
    elif is_binary(kind):
        text = hex_strings(array)
    elif is_nested(kind):
        text = _escaped(json_strings(array))
    elif is_temporal(kind):
        # Zoned timestamps as their UTC wall time: MySQL has no offset syntax MariaDB also reads, and
        # the loader sets the session time zone to UTC.
        text = temporal_strings(array, utc_suffix="")
    elif pa.types.is_floating(kind):
        # MySQL has no NaN or infinity: they become NULL, as in the `sql` format.
        text = pc.if_else(pc.is_finite(array), array.cast(pa.string()), pa.scalar(None, pa.string()))
    else:
        text = _escaped(array.cast(pa.string()))
    return text.fill_null(NULL)


def data_rows(batch: pa.RecordBatch) -> memoryview:
    """The rows of `batch` as LOAD DATA text (tab-separated, one line per row)."""
    return tab_separated_rows(batch, field_text)
