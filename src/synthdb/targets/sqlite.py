"""SQLite (sqlite:///path): one IMMEDIATE transaction, foreign keys enforced and checked at COMMIT."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy.engine import URL

from synthdb.errors import UsageError
from synthdb.outputs.formats.sqlite_format import sqlite_values
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.ddl import create_table_statements, identifier, insert_placeholders
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.outputs.sql.dialects.sqlite import Sqlite
from synthdb.outputs.sql.inserts import slices
from synthdb.targets.base import LoadError, Report, Target
from synthdb.targets.pipeline import encoded, prefetch
from synthdb.targets.registry import register_target
from synthdb.targets.spec import ConnectionSpec

SQLITE = DIALECTS["sqlite"]
CHUNK_ROWS = 16_384


def database_path(spec: ConnectionSpec | URL, kind: str) -> Path:
    """The file of a `sqlite:///relative/path` or `sqlite:////absolute/path` URL."""
    if isinstance(spec, ConnectionSpec) and not spec.trusted:
        raise UsageError(f"{kind} files are loaded from the command line only")
    if not spec.database or spec.database == ":memory:":
        raise UsageError(f"a {kind} URL needs a file path, e.g. {kind}:///data/my.db")
    return Path(spec.database)


def _rows(batch: pa.RecordBatch) -> list[tuple[Any, ...]]:
    return list(zip(*(sqlite_values(column) for column in batch.columns), strict=True))


@register_target
class SqliteTarget(Target):
    """DDL and rows in one transaction (SQLite's DDL is transactional); a file this load created is
    removed again when the load fails."""

    name = "sqlite"
    schemes = ("sqlite", "sqlite3")
    platform = "sqlite"

    def __init__(self, spec: ConnectionSpec) -> None:
        super().__init__(spec)
        self.path = database_path(spec, "sqlite")
        self.conn: sqlite3.Connection | None = None
        self.new_file = False

    def connect(self) -> None:
        self.new_file = not self.path.exists()
        if self.new_file and not self.path.parent.is_dir():
            raise UsageError(f"the directory of the SQLite file does not exist: {self.path.parent}")
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def existing_tables(self, names: Sequence[str]) -> set[str]:
        assert self.conn is not None
        present = {str(r[0]).lower() for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {n for n in names if n.lower() in present}  # SQLite table names ignore case

    def begin(self) -> None:
        assert self.conn is not None
        # IMMEDIATE takes the write lock now rather than failing halfway on a busy database.
        self.conn.execute("BEGIN IMMEDIATE")
        # Every key is checked at COMMIT, so rows of a cycle may arrive in any order.
        self.conn.execute(Sqlite.defer_constraints)

    def create_tables(self, tables: Sequence[TableOutput], job: OutputJob) -> None:
        assert self.conn is not None
        for table in tables:
            self.current_table = table.name
            for statement in create_table_statements(table, job, SQLITE):
                self.conn.execute(statement)
        self.current_table = None

    def empty_tables(self, tables: Sequence[TableOutput]) -> None:
        assert self.conn is not None
        for table in tables:
            self.current_table = table.name
            self.conn.execute(f"DELETE FROM {identifier(table.name).sql('sqlite')}")
        self.current_table = None

    def load_table(self, table: TableOutput, report: Report) -> int:
        if not table.columns:
            return 0
        assert self.conn is not None
        statement = insert_placeholders(table, SQLITE)
        done = 0
        chunks: Iterator[tuple[int, list[tuple[Any, ...]]]] = prefetch(
            encoded(slices(table.batches(), CHUNK_ROWS), _rows))
        for rows, values in chunks:
            try:
                self.conn.executemany(statement, values)
            except sqlite3.Error as exc:
                raise LoadError(f"{exc} (rows {done + 1:,}-{done + rows:,}); nothing was committed",
                                table.name) from None
            done += rows
            report(table.name, rows)
        return done

    def finish(self, job: OutputJob) -> None:
        assert self.conn is not None
        problems = self.conn.execute("PRAGMA foreign_key_check").fetchmany(1)
        if problems:
            table, rowid, parent, _ = problems[0]
            raise LoadError(f"a row refers to a missing row of '{parent}' (rowid {rowid}); nothing was committed",
                            str(table))

    def commit(self) -> None:
        assert self.conn is not None
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn is not None and self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if self.new_file:
            # The file did not exist before this load: leave no empty database behind.
            self.close()
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{self.path}{suffix}").unlink()

    def translate(self, exc: Exception) -> LoadError:
        if isinstance(exc, sqlite3.Error):
            return LoadError(f"{exc}; nothing was committed", self.current_table)
        return super().translate(exc)
