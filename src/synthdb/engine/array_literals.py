"""SQL array columns (`text[]`, `integer[]`): values written as array literal text, `{"a","b"}`.

PostgreSQL reads that form in INSERT string literals, in COPY and in CSV, so one representation serves
every output and the loader; any generator can fill an array column (a scalar becomes a one-item array).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def is_array_type(data_type: str | None) -> bool:
    """True when the declared type is an SQL array (`text[]`, `INTEGER ARRAY`)."""
    if not data_type or ("[" not in data_type and "array" not in data_type.lower()):
        return False  # most columns: decided without loading sqlglot (start-up time)
    from synthdb.column_types import parse_column_type

    parsed = parse_column_type(data_type)
    return parsed is not None and parsed.array


def _element_text(values: pa.Array) -> pa.Array:
    """One element's literal text: strings, dates and times double-quoted and escaped, NULL for nulls."""
    kind = values.type
    if pa.types.is_dictionary(kind):
        return _element_text(values.dictionary_decode())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return array_text(values, nested=True)
    if pa.types.is_boolean(kind):
        text = pc.if_else(values, pa.scalar("t"), pa.scalar("f"))
    elif pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        text = values.cast(pa.string())
    else:
        text = values.cast(pa.string())
        text = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
        text = pc.binary_join_element_wise('"', text, '"', "")
    return pc.fill_null(text, "NULL") if text.null_count else text


def array_text(values: pa.Array, nested: bool = False) -> pa.Array:
    """`{e1,e2}` per list value (null lists stay null); scalars become one-item arrays."""
    kind = values.type
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)):
        wrapped = pc.binary_join_element_wise("{", _element_text(values), "}", "")
        if values.null_count and not nested:
            wrapped = pc.if_else(values.is_null(), pa.scalar(None, pa.string()), wrapped)
        return wrapped
    inner = _element_text(values.flatten())
    offsets = values.offsets.to_numpy()
    offsets = offsets - offsets[0]
    lists = pa.LargeListArray.from_arrays(pa.array(offsets.astype(np.int64)), inner)
    text = pc.binary_join_element_wise("{", pc.binary_join(lists, ","), "}", "")
    if values.null_count:
        nulls = pa.scalar("NULL" if nested else None, pa.string())
        text = pc.if_else(values.is_null(), nulls, text)
    return text
