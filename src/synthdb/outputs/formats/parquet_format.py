"""Parquet: one `<table>.parquet` per table, zstd-compressed, in row groups of a fixed number of rows.

The engine's batch size and worker count must not show in the bytes, so incoming batches are
re-chunked: every row group holds exactly `ROW_GROUP_ROWS` rows (the last one the remainder) and is
written from one contiguous chunk per column. Peak memory is one row group plus one batch.
"""

from __future__ import annotations

from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.registry import register_format

# 128 Ki rows: big enough for good compression and fast scans, small enough to buffer per table.
ROW_GROUP_ROWS = 131_072
COMPRESSION = "zstd"


class _RowGroupWriter:
    """Buffers batches and writes row groups of exactly `rows` rows."""

    def __init__(self, writer: pq.ParquetWriter, schema: pa.Schema, rows: int) -> None:
        self._writer = writer
        self._schema = schema
        self._rows = rows
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        if not batch.schema.equals(self._schema):
            # Same columns, e.g. a different nullability flag: the file's schema is the table's.
            batch = pa.RecordBatch.from_arrays(batch.columns, schema=self._schema)
        self._pending.append(batch)
        self._pending_rows += batch.num_rows
        while self._pending_rows >= self._rows:
            buffered = pa.Table.from_batches(self._pending, schema=self._schema)
            self._write(buffered.slice(0, self._rows))
            rest = buffered.slice(self._rows)
            self._pending = rest.to_batches()
            self._pending_rows = rest.num_rows

    def flush(self) -> None:
        if self._pending_rows:
            self._write(pa.Table.from_batches(self._pending, schema=self._schema))
        self._pending, self._pending_rows = [], 0

    def _write(self, group: pa.Table) -> None:
        # One chunk per column: how the rows were split into batches cannot change page layout.
        self._writer.write_table(group.combine_chunks(), row_group_size=self._rows)


@register_format
class ParquetFormat(PerTableFormat):
    """Apache Parquet via pyarrow, deterministic row groups."""

    name = "parquet"
    description = "zip of one Parquet file per table (zstd)"
    suffix = ".zip"
    entity_suffix = ".parquet"
    entity_content_type = "application/vnd.apache.parquet"

    def write_table(self, table: TableOutput, job: OutputJob, out: BinaryIO) -> None:
        schema = table.schema
        with pq.ParquetWriter(out, schema, compression=COMPRESSION) as writer:
            groups = _RowGroupWriter(writer, schema, ROW_GROUP_ROWS)
            for batch in table.batches():
                groups.add(batch)
            groups.flush()
