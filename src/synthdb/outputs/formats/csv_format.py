"""CSV: one `<table>.csv` per table and a README.md; header row, minimal RFC 4180 quoting by default (nulls are
empty, empty strings ""); lists and objects as JSON text, bytes as base64."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from synthdb.outputs.archive import DeterministicZip, PerTableFormat
from synthdb.outputs.csv_quoting import QuotingStyle, minimal_header, minimal_lines, quoting_style
from synthdb.outputs.csv_readme import readme
from synthdb.outputs.formulas import escape_batch, escape_schema
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.nul import refuse_nul
from synthdb.outputs.registry import register_format
from synthdb.outputs.text_values import scalar_batch, text_schema

README = "README.md"


def _style(job: OutputJob) -> QuotingStyle:
    return quoting_style(job.options.get("csv_quoting"))


@register_format
class CsvFormat(PerTableFormat):
    """Comma-separated values: Arrow renders the values, quoting is minimal unless `csv_quoting` asks otherwise."""

    name = "csv"
    description = "zip of one CSV file per table and a README.md"
    suffix = ".zip"
    entity_suffix = ".csv"
    entity_content_type = "text/csv"
    refuses_nul = True

    def write(self, job: OutputJob, path: Path) -> None:
        style = _style(job)  # an unknown style fails before anything is written
        if job.single_entity:
            super().write(job, path)
            return
        job = refuse_nul(job, f"the {self.name} format")
        with DeterministicZip(path) as archive:
            files = {}
            for table in job.tables:
                files[table.name] = self.entry_name(table)
                with archive.open(files[table.name]) as out:
                    self.write_table(table, job, out)
            # Last: it reports each table's rows, which the engine knows before writing, and the files.
            archive.write_bytes(README, readme(job, files, style))

    def head(self, table: TableOutput, job: OutputJob) -> bytes:
        # A partitioned run (synthdb.engine.partition) writes the header in a table's first part only, so
        # the parts concatenated are the one-file output byte for byte.
        if not job.options.get("csv_header", True):
            return b""
        style = _style(job)
        schema = text_schema(table.schema)
        schema = escape_schema(schema) if job.options.get("csv_escape_formulas") else schema
        if style.arrow is None:
            return minimal_header(schema.names)
        sink = pa.BufferOutputStream()
        pacsv.write_csv(schema.empty_table(), sink,
                        pacsv.WriteOptions(include_header=True, delimiter=",", quoting_style=style.arrow))
        return bytes(sink.getvalue())

    def batch_encoder(self, table: TableOutput, job: OutputJob) -> CsvLines:
        return CsvLines(_style(job).arrow, bool(job.options.get("csv_escape_formulas")))


@dataclass(frozen=True)
class CsvLines:
    """One batch as CSV lines without a header (picklable: it runs in worker processes)."""

    arrow_quoting: str | None  # Arrow's quoting style, or None for our minimal quoting
    escape_formulas: bool

    def __call__(self, batch: pa.RecordBatch) -> bytes | memoryview:
        batch = scalar_batch(batch)
        batch = escape_batch(batch) if self.escape_formulas else batch
        if self.arrow_quoting is not None:
            sink = pa.BufferOutputStream()
            options = pacsv.WriteOptions(include_header=False, delimiter=",", quoting_style=self.arrow_quoting)
            pacsv.write_csv(batch, sink, options)
            return memoryview(sink.getvalue())
        if not batch.num_columns:
            return b""
        return minimal_lines(batch.columns)
