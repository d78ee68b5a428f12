"""SQLite: one `.sqlite` file with tables, column types, primary and foreign keys, filled in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from synthdb.errors import OutputError
from synthdb.outputs.base import OutputFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.registry import register_format
from synthdb.outputs.sql.convert import is_nested, is_temporal, json_strings, plain, temporal_strings
from synthdb.outputs.sql.ddl import create_table_statements, create_view_sql, insert_placeholders
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.outputs.sql.inserts import slices

SQLITE = DIALECTS["sqlite"]
# Fixed so the file's bytes do not depend on the library's compile-time default.
PAGE_SIZE = 4096


def sqlite_values(array: pa.Array | pa.ChunkedArray) -> list[Any]:
    """Python values SQLite stores natively: conversions are vectorized, only `to_pylist` is per value."""
    array = plain(array)
    kind = array.type
    if pa.types.is_null(kind):
        return [None] * len(array)
    if pa.types.is_decimal(kind):
        # SQLite has no exact decimal: DECIMAL columns hold the nearest REAL. Through text, because
        # Arrow's direct decimal->double cast divides in floating point (25.33 -> 25.330000000000002).
        return array.cast(pa.string()).cast(pa.float64()).to_pylist()
    if is_temporal(kind):
        # ISO 8601 text, the form SQLite's date and time functions read.
        return temporal_strings(array).to_pylist()
    if is_nested(kind):
        return json_strings(array).to_pylist()
    if pa.types.is_binary(kind) or pa.types.is_string(kind) or pa.types.is_primitive(kind):
        return array.to_pylist()
    # Anything else (durations, intervals, ...) as its text.
    return array.cast(pa.string()).to_pylist()


def table_rows(table: TableOutput) -> Iterator[tuple[Any, ...]]:
    """Every row of `table` as a tuple, in order."""
    for chunk in slices(table.batches()):
        yield from zip(*(sqlite_values(column) for column in chunk.columns), strict=True)


def fill(connection: sqlite3.Connection, job: OutputJob) -> None:
    """Create the tables and insert every row inside one transaction."""
    connection.execute("BEGIN")
    for table in job.tables:
        for statement in create_table_statements(table, job, SQLITE):
            connection.execute(statement)
    for table in job.tables:
        if table.columns:
            connection.executemany(insert_placeholders(table, SQLITE), table_rows(table))
    for name, query in job.views:
        connection.execute(create_view_sql(name, query, SQLITE))
    connection.execute("COMMIT")


@register_format
class SqliteFormat(OutputFormat):
    """A ready-to-query SQLite database file (also for a single entity)."""

    name = "sqlite"
    description = "one SQLite database file with tables, types, primary and foreign keys"
    suffix = ".sqlite"
    entity_suffix = ".sqlite"
    supports_views = True
    content_type = "application/vnd.sqlite3"
    entity_content_type = "application/vnd.sqlite3"

    def write(self, job: OutputJob, path: Path) -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            # The file is a temporary one renamed into place only on success: no journal, no fsync.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            # 64 MiB of page cache (a bound, not an allocation): fewer page spills while indexes grow.
            connection.execute("PRAGMA cache_size = -65536")
            fill(connection, job)
            problems = connection.execute("PRAGMA foreign_key_check").fetchmany(5)
            if problems:
                raise OutputError(f"foreign keys without a parent row in the SQLite output: {problems}")
        finally:
            connection.close()
