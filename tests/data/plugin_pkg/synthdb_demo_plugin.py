"""A third-party synthdb plugin for the tests: a generator, an output format and a load target.

The generator registers itself on import (its entry point names this module); the format and the
target are named as classes by their entry points, so the registry adds them.
"""

from __future__ import annotations

from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from pydantic import BaseModel, ConfigDict

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.registry import register
from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.text_values import scalar_batch, text_schema
from synthdb.targets.sqlite import SqliteTarget


class TicketParams(BaseModel):
    """Parameters of Demo Ticket."""

    model_config = ConfigDict(extra="forbid")
    prefix: str = "TCK"


@register
class DemoTicket(Generator):
    """`<prefix>-<row number, 6 digits>`."""

    display_name = "Demo Ticket"
    key = "demo_ticket"
    category = "Plugins"
    Params = TicketParams
    params: TicketParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array([f"{self.params.prefix}-{row:06d}" for row in np.asarray(ctx.rows).tolist()])


class TsvFormat(PerTableFormat):
    """Tab-separated values, one `<table>.tsv` per table."""

    name = "demo-tsv"
    description = "zip of one TSV file per table (demo plugin)"
    suffix = ".zip"
    entity_suffix = ".tsv"
    entity_content_type = "text/tab-separated-values"
    refuses_nul = True

    def write_table(self, table: TableOutput, job: OutputJob, out: BinaryIO) -> None:
        options = pacsv.WriteOptions(include_header=True, delimiter="\t", quoting_style="needed")
        with pacsv.CSVWriter(out, text_schema(table.schema), write_options=options) as writer:
            for batch in table.batches():
                writer.write_batch(scalar_batch(batch))


class DemoSqliteTarget(SqliteTarget):
    """SQLite under another URL scheme: `demosqlite:///path/file.db`."""

    name = "demosqlite"
    schemes = ("demosqlite",)
