"""DuckDB (duckdb:///path): Arrow batches inserted natively, DDL and rows in one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

import duckdb

from synthdb.errors import UsageError
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.convert import is_nested, json_strings, plain
from synthdb.outputs.sql.ddl import create_schema_statements, create_table_statements, identifier, table_of
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.targets.base import LoadError, Report, Target
from synthdb.targets.pipeline import prefetch
from synthdb.targets.registry import register_target
from synthdb.targets.spec import ConnectionSpec
from synthdb.targets.sqlite import database_path

DUCKDB = DIALECTS["duckdb"]
VIEW = "synthdb_incoming_batch"


def _name(name: str) -> str:
    return identifier(name).sql("duckdb")


def _table(table: TableOutput) -> str:
    return str(table_of(table, DUCKDB).sql("duckdb"))


@register_target
class DuckdbTarget(Target):
    """DuckDB reads the Arrow batches in place (no text round trip); a file this load created is
    removed again when the load fails."""

    name = "duckdb"
    schemes = ("duckdb",)
    platform = "duckdb"

    def __init__(self, spec: ConnectionSpec) -> None:
        super().__init__(spec)
        self.path = database_path(spec, "duckdb")
        self.conn: duckdb.DuckDBPyConnection | None = None
        self.new_file = False

    def connect(self) -> None:
        self.new_file = not self.path.exists()
        if self.new_file and not self.path.parent.is_dir():
            raise UsageError(f"the directory of the DuckDB file does not exist: {self.path.parent}")
        self.conn = duckdb.connect(str(self.path))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def existing_tables(self, names: Sequence[str]) -> set[str]:
        assert self.conn is not None
        rows = self.conn.execute(
            "SELECT CASE WHEN schema_name = current_schema() THEN table_name ELSE schema_name || '.' || table_name "
            "END FROM duckdb_tables() WHERE database_name = current_database()").fetchall()
        present = {str(r[0]).lower() for r in rows}
        # A table's key is `schema.table` when it has a schema (definition/schemas.py).
        return {n for n in names if n.lower() in present}  # DuckDB names ignore case

    def begin(self) -> None:
        assert self.conn is not None
        self.conn.execute("BEGIN TRANSACTION")

    def create_tables(self, tables: Sequence[TableOutput], job: OutputJob) -> None:
        assert self.conn is not None
        for statement in create_schema_statements(OutputJob("", "", list(tables)), DUCKDB):
            self.conn.execute(statement)
        for table in tables:
            self.current_table = table.name
            for statement in create_table_statements(table, job, DUCKDB):
                self.conn.execute(statement)
        self.current_table = None

    def empty_tables(self, tables: Sequence[TableOutput]) -> None:
        assert self.conn is not None
        names = {t.table_name.lower() for t in tables}
        referenced = self.conn.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' "
            "AND database_name = current_database() AND lower(referenced_table) IN (SELECT unnest($1))",
            [sorted(names)]).fetchone()
        if not referenced or not referenced[0]:
            for table in tables:
                self.current_table = table.name
                self.conn.execute(f"DELETE FROM {_table(table)}")
            self.current_table = None
            return
        # DuckDB refuses to delete parent rows whose children were deleted in the same transaction
        # (its foreign-key limitation), so referenced tables are dropped and re-created from their
        # own DDL instead, children first, indexes included, inside the transaction.
        definitions = {}
        for table in tables:
            self.current_table = table.name
            found = self.conn.execute(
                "SELECT sql FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = coalesce($2, current_schema()) AND lower(table_name) = $1",
                [table.table_name.lower(), table.sql_schema]).fetchone()
            indexes = self.conn.execute(
                "SELECT sql FROM duckdb_indexes() WHERE database_name = current_database() "
                "AND schema_name = coalesce($2, current_schema()) AND lower(table_name) = $1 AND sql IS NOT NULL",
                [table.table_name.lower(), table.sql_schema]).fetchall()
            definitions[table.name] = [found[0] if found else "", *(i[0] for i in indexes)]
            self.conn.execute(f"DROP TABLE {_table(table)}")
        for table in reversed(tables):
            self.current_table = table.name
            for statement in definitions[table.name]:
                self.conn.execute(statement)
        self.current_table = None

    def load_table(self, table: TableOutput, report: Report) -> int:
        if not table.columns:
            return 0
        assert self.conn is not None
        names = ", ".join(_name(c.name) for c in table.columns)
        statement = f"INSERT INTO {_table(table)} ({names}) SELECT {names} FROM {VIEW}"
        done = 0
        for batch in prefetch(table.batches()):
            # Nested values go in as JSON text, as the other outputs write them (the columns are JSON).
            columns = [json_strings(plain(c)) if is_nested(c.type) else c for c in batch.columns]
            self.conn.register(VIEW, batch.from_arrays(columns, names=batch.schema.names))
            try:
                self.conn.execute(statement)
            except duckdb.Error as exc:
                raise LoadError(f"{exc} (rows {done + 1:,}-{done + batch.num_rows:,}); nothing was committed",
                                table.name) from None
            finally:
                self.conn.unregister(VIEW)
            done += batch.num_rows
            report(table.name, batch.num_rows)
        return done

    def commit(self) -> None:
        assert self.conn is not None
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(duckdb.Error):
                self.conn.execute("ROLLBACK")
        if self.new_file:
            self.close()
            for suffix in ("", ".wal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{self.path}{suffix}").unlink()

    def translate(self, exc: Exception) -> LoadError:
        if isinstance(exc, duckdb.Error):
            return LoadError(f"{exc}; nothing was committed", self.current_table)
        return super().translate(exc)
