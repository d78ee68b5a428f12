"""NUL (U+0000) in values: refused, naming table, column and row, by the formats that cannot hold it.

A raw NUL is the one character some readers cannot survive: psql and the mysql/sqlite shells read lines
as C strings, so a NUL cuts a line short and their quote tracking loses step with ours (a later value
line like `\\! touch pwned` would then run as a client command); PostgreSQL text cannot store it at
all; XML 1.0 cannot represent it even as a reference; CSV readers truncate or reject it. Formats that
can hold it keep it: JSONL writes `\\u0000`, Parquet and SQLite store it, MySQL's SQL writes `\\0`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.errors import OutputError
from synthdb.outputs.batch_encoding import BatchEncoding, EncodedStream
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.convert import plain, string_bytes


def has_nul(array: pa.Array) -> bool:
    """True when a string of `array` (already plain) holds a NUL: one vectorized scan of its bytes."""
    data = np.frombuffer(string_bytes(array), dtype=np.uint8)
    return bool(data.size) and not bool(data.all())


def first_nul(array: pa.Array) -> int | None:
    """Index of the first value holding a NUL, or None (only string columns can hold one)."""
    array = plain(array)
    if not pa.types.is_string(array.type) or not has_nul(array):
        return None
    index = pc.index(pc.fill_null(pc.match_substring(array, "\x00"), False), True).as_py()
    return None if index < 0 else int(index)


def check_no_nul(batch: pa.RecordBatch, table: str, first_row: int, what: str) -> None:
    """Raise an OutputError naming table, column and row (`first_row` is the batch's first) at a NUL."""
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        row = first_nul(column)
        if row is not None:
            raise OutputError(
                f"table '{table}', column '{name}', row {first_row + row + 1}: the value holds a NUL "
                f"character (U+0000), which {what} cannot hold; use the jsonl, parquet or sqlite "
                "format, or remove it from the value"
            )


def _refusing(table: TableOutput, what: str) -> TableOutput:
    source, encoded = table.batches, table.encoded

    def batches() -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in source():
            check_no_nul(batch, table.name, done, what)
            done += batch.num_rows
            yield batch

    def encoded_refusing(encoding: BatchEncoding) -> EncodedStream:
        assert encoded is not None
        return encoded(replace(encoding, refuse_nul_as=what))  # checked where each batch is encoded

    return replace(table, batches=batches, encoded=None if encoded is None else encoded_refusing)


def refuse_nul(job: OutputJob, what: str) -> OutputJob:
    """The same job whose batches raise an OutputError at the first NUL in a value (and in view SQL)."""
    for name, query in job.views:
        if "\x00" in query:
            raise OutputError(f"table '{name}': its SQL holds a NUL character (U+0000), which {what} cannot hold")
    return replace(job, tables=[_refusing(t, what) for t in job.tables])
