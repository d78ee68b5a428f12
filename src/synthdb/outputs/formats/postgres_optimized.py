"""PostgreSQL-optimized: schema, per-table CSV files for `\\copy` and a `load.sql` psql script, one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from synthdb.outputs.archive import DeterministicZip
from synthdb.outputs.base import OutputFormat
from synthdb.outputs.job import OutputJob
from synthdb.outputs.nul import refuse_nul
from synthdb.outputs.registry import register_format
from synthdb.outputs.sql.copy import POSTGRES, copy_target, data_file_names, write_csv, write_text_rows
from synthdb.outputs.sql.ddl import (
    comment,
    create_schema_statements,
    create_table_statements,
    create_view_sql,
    forward_foreign_keys,
    table_of,
)

# Stop at the first error: together with the single transaction, a failed load leaves nothing behind.
_STOP_ON_ERROR = "\\set ON_ERROR_STOP on\n"
_ENCODING = "SET client_encoding = 'UTF8';\n"


def _schema(job: OutputJob) -> str:
    schemas = "".join(statement + "\n" for statement in create_schema_statements(job, POSTGRES))
    tables = schemas + "".join(statement + "\n" for t in job.tables
                     for statement in create_table_statements(t, job, POSTGRES, if_not_exists=True))
    return tables + "".join(create_view_sql(n, q, POSTGRES, replace=True) + "\n" for n, q in job.views)


def load_script(job: OutputJob, files: dict[str, str]) -> str:
    """psql script that creates missing tables and `\\copy`s every data file, in FK order, in one transaction."""
    lines = [
        comment(f"Load database '{job.database_name}' into PostgreSQL. From the unzipped folder run:").rstrip(),
        "--     psql -d DBNAME -f load.sql",
        "-- Everything runs in one transaction: on any error nothing is left behind.",
        _STOP_ON_ERROR + _ENCODING + "BEGIN;",
        "\\ir schema.sql",
    ]
    for table in job.tables:
        lines.append(
            f"\\copy {copy_target(table)} FROM '{files[table.name]}' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
        )
    # Keys that close a cycle between tables, once every row is in (still inside the transaction).
    lines.extend(statement.rstrip() for statement in forward_foreign_keys(job, POSTGRES))
    lines.append("COMMIT;")
    # Fresh statistics so the first queries on the new data get sensible plans.
    lines.extend(f"ANALYZE {table_of(t, POSTGRES).sql('postgres')};" for t in job.tables)
    return "\n".join(lines) + "\n"


def write_entity_script(job: OutputJob, out: BinaryIO) -> None:
    """One plain psql script: CREATE TABLE IF NOT EXISTS and COPY ... FROM stdin with the rows inline."""
    table = job.tables[0]
    title = f"Table '{table.name}' of database '{job.database_name}': psql -d DBNAME -f <this file>"
    out.write(comment(title).encode())
    out.write((_STOP_ON_ERROR + _ENCODING + "BEGIN;\n\n").encode())
    out.write((_schema(job)).encode())
    out.write(f"COPY {copy_target(table)} FROM stdin;\n".encode())
    write_text_rows(table, out)
    out.write(b"\\.\n\nCOMMIT;\n")
    out.write(f"ANALYZE {table_of(table, POSTGRES).sql('postgres')};\n".encode())


@register_format
class PostgresOptimizedFormat(OutputFormat):
    """The fastest way into PostgreSQL: COPY instead of INSERT, loaded by one psql command."""

    name = "postgres-optimized"
    description = "zip of schema.sql, data/<table>.csv COPY files and a psql load.sql (one transaction)"
    suffix = ".zip"
    entity_suffix = ".sql"
    entity_content_type = "application/sql"
    supports_views = True

    def write(self, job: OutputJob, path: Path) -> None:
        # PostgreSQL text cannot store NUL, and a raw one in a psql script desynchronises its quote tracking.
        job = refuse_nul(job, "the postgres-optimized format (PostgreSQL text)")
        if job.single_entity:
            with open(path, "wb") as out:
                write_entity_script(job, out)
            return
        files = data_file_names(job.tables)
        with DeterministicZip(path) as archive:
            archive.write_bytes("load.sql", load_script(job, files).encode())
            archive.write_bytes("schema.sql", (_ENCODING + "\n" + _schema(job)).encode())
            for table in job.tables:
                with archive.open(files[table.name]) as out:
                    write_csv(table, out)
