"""A table's bytes made batch by batch where its rows are made (a worker process or a thread), not by the writer.

A per-table format (CSV, JSONL) writes each batch independently of the others, so its bytes for a batch
are a pure function of the batch. `BatchEncoding` carries that function, and for a zip member the
deflate too, to wherever the batch is produced (engine/parallel.py), so the writing process only
appends finished bytes in row order: encoding and compression run on every core, and the output is the
same whoever made each piece.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TypeAlias

import pyarrow as pa

from synthdb.outputs.zipwriter import DeflatedPiece, deflate_piece

# Rows per chunk of a zip member encoded where its rows are made: a member is deflated in chunks of
# this many rows (each in 1 MiB parts, zipwriter.deflate_piece), so its bytes depend on the rows only,
# never on the batch size or the worker count; a chunk inside one batch (the default batch size is a
# multiple) is deflated where the batch was made, a chunk split across batches here when it completes.
CHUNK_ROWS = 8_192

Segment: TypeAlias = bytes | memoryview | DeflatedPiece
# What one batch becomes: segments in order, each with whether a chunk ends after it.
Payload: TypeAlias = list[tuple[Segment, bool]]
# A table's payloads in row order, each with its row count (TableOutput.encoded).
EncodedStream: TypeAlias = Iterator[tuple[int, Payload]]


@dataclass(frozen=True)
class BatchEncoding:
    """One batch of table `table` to bytes. `encode` must be picklable (a module-level class instance) and
    pure; `level` deflates the bytes for a zip member; `refuse_nul_as` names the format refusing NULs."""

    table: str
    encode: Callable[[pa.RecordBatch], bytes | memoryview]
    level: int | None = None
    refuse_nul_as: str | None = None

    def __call__(self, batch: pa.RecordBatch, first_row: int) -> Payload:
        if self.refuse_nul_as is not None:
            from synthdb.outputs.nul import check_no_nul

            check_no_nul(batch, self.table, first_row, self.refuse_nul_as)
        if self.level is None:
            return [(self.encode(batch) if batch.num_rows else b"", False)]
        segments: Payload = []
        start, stop = first_row, first_row + batch.num_rows
        while start < stop:
            end = min(stop, (start // CHUNK_ROWS + 1) * CHUNK_ROWS)
            data = self.encode(batch.slice(start - first_row, end - start))
            ends = end % CHUNK_ROWS == 0
            whole = ends and start % CHUNK_ROWS == 0
            segments.append((deflate_piece(data, self.level) if whole else data, ends))
            start = end
        return segments


def write_payload(out: BinaryIO, payload: Payload) -> None:
    """Append one batch's payload to `out` (a zip member takes deflated chunks whole and ends chunks)."""
    for segment, ends_chunk in payload:
        if isinstance(segment, DeflatedPiece):
            out.write_piece(segment)  # type: ignore[attr-defined]
            continue
        if len(segment):
            out.write(segment)
        if ends_chunk:
            out.end_chunk()  # type: ignore[attr-defined]


def encoded_locally(batches: Iterator[pa.RecordBatch], encoding: BatchEncoding) -> EncodedStream:
    """The payloads of `batches` encoded in this thread (tables with no batch source, such as SQL tables)."""
    done = 0
    for batch in batches:
        yield batch.num_rows, encoding(batch, done)
        done += batch.num_rows
