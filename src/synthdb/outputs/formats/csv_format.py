"""CSV: one `<table>.csv` per table, header row, RFC 4180 quoting (nulls are empty, empty strings "");
lists and objects as JSON text, bytes as base64."""

from __future__ import annotations

from typing import BinaryIO

import pyarrow.csv as pacsv

from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.formulas import escape_batch, escape_schema
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.registry import register_format
from synthdb.outputs.text_values import scalar_batch, text_schema


@register_format
class CsvFormat(PerTableFormat):
    """Comma-separated values via Arrow's CSV writer."""

    name = "csv"
    description = "zip of one CSV file per table"
    suffix = ".zip"
    entity_suffix = ".csv"
    entity_content_type = "text/csv"
    refuses_nul = True

    def write_table(self, table: TableOutput, job: OutputJob, out: BinaryIO) -> None:
        # A partitioned run (synthdb.scale) writes the header in a table's first part only, so the parts
        # concatenated are the one-file output byte for byte.
        header = bool(job.options.get("csv_header", True))
        options = pacsv.WriteOptions(include_header=header, delimiter=",", quoting_style="needed")
        escape = bool(job.options.get("csv_escape_formulas"))
        schema = text_schema(table.schema)
        with pacsv.CSVWriter(out, escape_schema(schema) if escape else schema, write_options=options) as writer:
            for batch in table.batches():
                batch = scalar_batch(batch)
                writer.write_batch(escape_batch(batch) if escape else batch)
