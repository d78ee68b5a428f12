"""PostgreSQL COPY data: CSV files for `\\copy`, and pg_dump-style text rows for COPY ... FROM stdin."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from synthdb.outputs.job import TableOutput
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
from synthdb.outputs.sql.ddl import column_list, table_of
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.outputs.sql.inserts import slices

POSTGRES = DIALECTS["postgres"]
TEXT_NULL = "\\N"
# COPY text format: backslash first, then the characters that would end a field or a row.
_TEXT_ESCAPES = (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
_TEXT_SPECIAL = "\\\n\r\t"


def copy_ready(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The column as PostgreSQL reads it in COPY CSV: bytea as \\x hex, nested values as JSON text."""
    array = plain(array)
    kind = array.type
    if pa.types.is_binary(kind):
        return pc.binary_join_element_wise(pa.scalar("\\x"), hex_strings(array), "")
    if is_nested(kind):
        return json_strings(array)
    if pa.types.is_timestamp(kind) and kind.tz is not None:
        return temporal_strings(array)
    return array


def write_csv(table: TableOutput, out: BinaryIO) -> None:
    """The table as CSV with a header; strings always quoted, so an empty string is "" and NULL is empty."""
    options = pacsv.WriteOptions(include_header=True, quoting_style="needed")
    writer: pacsv.CSVWriter | None = None
    try:
        for batch in table.batches():
            ready = pa.RecordBatch.from_arrays([copy_ready(c) for c in batch.columns], names=batch.schema.names)
            if writer is None:
                writer = pacsv.CSVWriter(out, ready.schema, write_options=options)
            writer.write_batch(ready)
        if writer is None:
            # No rows: still write the header line, so the file loads as an empty table.
            empty = pa.RecordBatch.from_arrays(
                [copy_ready(pa.array([], c.arrow_type)) for c in table.columns], names=[c.name for c in table.columns]
            )
            writer = pacsv.CSVWriter(out, empty.schema, write_options=options)
    finally:
        if writer is not None:
            writer.close()


def _text_strings(array: pa.Array) -> pa.Array:
    if has_any_byte(array, _TEXT_SPECIAL):
        for raw, escaped in _TEXT_ESCAPES:
            array = pc.replace_substring(array, raw, escaped)
    return array


def text_field(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One COPY text-format field per value (`\\N` for nulls)."""
    array = plain(array)
    kind = array.type
    if pa.types.is_null(kind):
        text = pa.nulls(len(array), pa.string())
    elif pa.types.is_boolean(kind):
        text = pc.if_else(array, pa.scalar("t"), pa.scalar("f"))
    elif pa.types.is_string(kind):
        text = _text_strings(array)
    elif pa.types.is_binary(kind):
        # The bytea input '\x..' with its backslash escaped for the text format.
        text = pc.binary_join_element_wise(pa.scalar("\\\\x"), hex_strings(array), "")
    elif is_nested(kind):
        text = _text_strings(json_strings(array))
    elif is_temporal(kind):
        text = temporal_strings(array)
    else:
        # Numbers (floats print as the shortest exact text; nan/inf are read by float8in) and the rest.
        text = _text_strings(array.cast(pa.string()))
    return text.fill_null(TEXT_NULL)


def text_rows(batch: pa.RecordBatch) -> memoryview:
    """The rows of `batch` in COPY text format."""
    return tab_separated_rows(batch, text_field)


def write_text_rows(table: TableOutput, out: BinaryIO) -> None:
    """The table's rows in COPY text format, tab-separated, one line per row."""
    if not table.columns:
        return
    for chunk in slices(table.batches()):
        out.write(text_rows(chunk))


def copy_target(table: TableOutput) -> str:
    """`"t" ("a", "b")`: the table and its columns as COPY names them."""
    names = ", ".join(c.sql("postgres") for c in column_list(table))
    return f"{table_of(table, POSTGRES).sql('postgres')} ({names})"


def data_file_names(tables: Iterable[TableOutput]) -> dict[str, str]:
    """A safe, unique `data/<name>.csv` path per table (names are also used inside psql's quotes)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for table in tables:
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", table.name).strip(".") or "table"
        candidate, number = stem, 2
        while candidate.lower() in taken:
            candidate, number = f"{stem}_{number}", number + 1
        taken.add(candidate.lower())
        names[table.name] = f"data/{candidate}.csv"
    return names
