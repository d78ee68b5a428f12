"""SQL: `load.sql` (Fabricate's self-contained delete-then-insert script) and `schema.sql` (our DDL), per platform."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from synthdb.outputs.archive import DeterministicZip
from synthdb.outputs.base import OutputFormat
from synthdb.outputs.job import OutputJob
from synthdb.outputs.nul import refuse_nul
from synthdb.outputs.registry import register_format
from synthdb.outputs.sql.ddl import (
    comment,
    create_schema_statements,
    create_table_statements,
    create_view_sql,
    late_foreign_keys,
    preamble,
)
from synthdb.outputs.sql.dialects import SqlDialect, dialect_for
from synthdb.outputs.sql.load_script import write_replace_load


def _comment(job: OutputJob, dialect: SqlDialect, what: str) -> str:
    return comment(f"{what} of database '{job.database_name}' for {dialect.name}, written by synthdb.")


def write_schema(job: OutputJob, dialect: SqlDialect, out: BinaryIO) -> None:
    """Every table's CREATE TABLE, parents before children, then the keys that need every table to exist."""
    out.write(_comment(job, dialect, "Tables").encode())
    out.write(preamble(dialect).encode())
    schemas = create_schema_statements(job, dialect)
    if schemas:
        out.write(b"\n" + "".join(schemas).encode())
    for table in job.tables:
        out.write(b"\n" + "".join(create_table_statements(table, job, dialect)).encode())
    # Self-references and cycles (MySQL, SQL Server: ALTER TABLE; PostgreSQL: cycles, DEFERRABLE) are
    # declared here, before any row: load.sql switches checks off or defers them, so it holds no DDL
    # and can run again and again.
    late = "".join(late_foreign_keys(job, dialect, deferrable=dialect.deferred_constraints))
    if late:
        out.write(b"\n" + late.encode())
    for name, query in job.views:
        out.write(b"\n" + create_view_sql(name, query, dialect).encode())


def write_load(job: OutputJob, dialect: SqlDialect, out: BinaryIO, *, with_preamble: bool = True) -> None:
    """The rows as Fabricate's load.sql: every table's rows replaced in one transaction, re-runnable."""
    settings = dialect.preamble if dialect.load_preamble is None else dialect.load_preamble
    opening = [_comment(job, dialect, "Rows (replacing every table's rows)"), *settings]
    write_replace_load(job, dialect, out, opening=opening if with_preamble else [])


@register_format
class SqlFormat(OutputFormat):
    """Portable SQL scripts; `load.sql` replaces the rows of existing tables, `schema.sql` creates them."""

    name = "sql"
    description = "zip of load.sql (Fabricate's delete-then-insert script) and schema.sql in the platform's dialect"
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
                out.write(b"\n")
                write_load(job, dialect, out, with_preamble=False)
            return
        with DeterministicZip(path) as archive:
            # load.sql is the file Fabricate's export holds; schema.sql, our addition, comes first as it runs first.
            with archive.open("schema.sql") as out:
                write_schema(job, dialect, out)
            with archive.open("load.sql") as out:
                write_load(job, dialect, out)
