"""CSV: one `<table>.csv` per table, header row, RFC 4180 quoting (nulls are empty, empty strings "");
lists and objects as JSON text, bytes as base64."""

from __future__ import annotations

from typing import BinaryIO

import pyarrow.csv as pacsv

from synthdb.outputs.archive import PerTableFormat
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

    def write_table(self, table: TableOutput, job: OutputJob, out: BinaryIO) -> None:
        options = pacsv.WriteOptions(include_header=True, delimiter=",", quoting_style="needed")
        with pacsv.CSVWriter(out, text_schema(table.schema), write_options=options) as writer:
            for batch in table.batches():
                writer.write_batch(scalar_batch(batch))
