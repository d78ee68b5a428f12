"""SQL: `schema.sql` (CREATE TABLE in FK order) and `load.sql` (multi-row INSERTs) in the platform's dialect."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from synthdb.outputs.archive import DeterministicZip
from synthdb.outputs.base import OutputFormat
from synthdb.outputs.job import OutputJob
from synthdb.outputs.nul import refuse_nul
from synthdb.outputs.registry import register_format
from synthdb.outputs.sql.ddl import (
    begin,
    comment,
    commit,
    create_table_statements,
    create_view_sql,
    late_foreign_keys,
    preamble,
)
from synthdb.outputs.sql.dialects import SqlDialect, dialect_for
from synthdb.outputs.sql.inserts import write_inserts


def _comment(job: OutputJob, dialect: SqlDialect, what: str) -> bytes:
    return comment(f"{what} of database '{job.database_name}' for {dialect.name}, written by synthdb.").encode()


def write_schema(job: OutputJob, dialect: SqlDialect, out: BinaryIO) -> None:
    """Every table's CREATE TABLE, parents before children."""
    out.write(_comment(job, dialect, "Tables"))
    out.write(preamble(dialect).encode())
    for table in job.tables:
        out.write(b"\n" + "".join(create_table_statements(table, job, dialect)).encode())
    for name, query in job.views:
        out.write(b"\n" + create_view_sql(name, query, dialect).encode())


def write_load(job: OutputJob, dialect: SqlDialect, out: BinaryIO, *, with_preamble: bool = True) -> None:
    """Every table's rows as INSERT statements inside one transaction (all or nothing)."""
    if with_preamble:
        out.write(preamble(dialect).encode())
    out.write(b"\n" + begin(dialect).encode())
    for table in job.tables:
        out.write(b"\n")
        write_inserts(table, dialect, out)
    late = "".join(late_foreign_keys(job, dialect)).encode()
    # Where DDL is transactional (SQL Server) the keys join the load's transaction; elsewhere (MySQL,
    # whose DDL commits implicitly) they follow the COMMIT.
    transactional = dialect.late_keys_in_transaction
    if late and transactional:
        out.write(b"\n" + late)
    out.write(b"\n" + commit(dialect).encode())
    if late and not transactional:
        out.write(b"\n" + late)


@register_format
class SqlFormat(OutputFormat):
    """Portable SQL scripts; run `schema.sql` then `load.sql` with the database's own client."""

    name = "sql"
    description = "zip of schema.sql and load.sql (multi-row INSERTs) in the definition's SQL dialect"
    suffix = ".zip"
    entity_suffix = ".sql"
    entity_content_type = "application/sql"
    supports_views = True

    def write(self, job: OutputJob, path: Path) -> None:
        dialect = dialect_for(job.platform)
        if not dialect.backslash_escapes:
            # Only MySQL/MariaDB have an escape for NUL in a literal (`\0`); a raw one desynchronises
            # psql's and sqlite3's quote tracking, and PostgreSQL text cannot store it anyway.
            job = refuse_nul(job, f"the sql format for {dialect.name}")
        if job.single_entity:
            with open(path, "wb") as out:
                write_schema(job, dialect, out)
                write_load(job, dialect, out, with_preamble=False)
            return
        with DeterministicZip(path) as archive:
            with archive.open("schema.sql") as out:
                write_schema(job, dialect, out)
            with archive.open("load.sql") as out:
                out.write(_comment(job, dialect, "Rows"))
                write_load(job, dialect, out)
