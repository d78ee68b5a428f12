"""Streaming multi-row INSERT statements: a fixed number of rows per statement, whatever the batch size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.outputs.job import TableOutput
from synthdb.outputs.sql.convert import string_bytes
from synthdb.outputs.sql.ddl import insert_header
from synthdb.outputs.sql.dialects import SqlDialect
from synthdb.outputs.sql.literals import render_rows

# SQL Server accepts at most 1000 rows in one VALUES list; the same size keeps statements modest elsewhere.
ROWS_PER_INSERT = 1000
# Rows rendered per pyarrow call: large enough to amortise the calls, small enough to bound memory.
RENDER_ROWS = 16_384


def slices(batches: Iterator[pa.RecordBatch], size: int = RENDER_ROWS) -> Iterator[pa.RecordBatch]:
    """The rows of `batches` in order, in record batches of at most `size` rows (zero-copy slices)."""
    for batch in batches:
        for start in range(0, batch.num_rows, size):
            yield batch.slice(start, size)


def write_inserts(
    table: TableOutput, dialect: SqlDialect, out: BinaryIO, rows_per_insert: int = ROWS_PER_INSERT,
    *, end: str = ";\n",
) -> int:
    """Write `table` as INSERT statements of `rows_per_insert` rows each; returns the number of rows.

    `end` closes every statement (`;` and what follows it, e.g. the sql format's flush marker).
    Each row's text depends only on its global row number (which statement it opens, continues or
    follows), so the bytes are identical whatever the sizes of the batches that arrive.
    """
    if not table.columns:
        return 0
    header = insert_header(table, dialect) + " VALUES\n"
    # 0: continue the statement, 1: open the first statement, 2: close the previous one and open a new one.
    joints = pa.array([",\n", header, end + header], pa.string())
    written = 0
    for chunk in slices(table.batches()):
        numbers = np.arange(written, written + chunk.num_rows, dtype=np.int64)
        codes = np.where(numbers % rows_per_insert == 0, np.where(numbers == 0, 1, 2), 0)
        lines = pc.binary_join_element_wise(joints.take(pa.array(codes)), render_rows(chunk, dialect), "")
        out.write(string_bytes(lines))
        written += chunk.num_rows
    if written:
        out.write(end.encode())
    return written
