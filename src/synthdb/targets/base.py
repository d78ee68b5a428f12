"""The load target contract: the hooks a database implements and the all-or-nothing load every target follows."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import ClassVar

from synthdb.errors import SynthdbError
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.targets.hosts import HostRefused
from synthdb.targets.spec import CANNOT_CONNECT, ConnectionSpec
from synthdb.targets.urls import scrub

log = logging.getLogger("synthdb.targets")

# Called after each batch reaches the database: (table, rows in that batch).
Report = Callable[[str, int], None]


class LoadError(SynthdbError):
    """Loading failed and the target was left as it was; names the table and, where known, the row."""

    exit_code = 1

    def __init__(self, message: str, table: str | None = None, row: int | None = None) -> None:
        self.table = table
        self.row = row
        self.message = message
        where = ""
        if table is not None:
            where = f"table '{table}'" + (f", row {row:,}" if row is not None else "") + ": "
        super().__init__(f"{where}{message}")


class Target:
    """One kind of database. Subclasses implement the hooks; `load` runs them in one transaction.

    The order is fixed here so every target behaves the same: check which tables exist, create the
    missing ones (when asked), empty the existing ones (when asked, children first), stream every
    table parents first, run the checks the database defers, commit. Any exception, Ctrl-C included,
    rolls everything back; targets whose DDL cannot be rolled back drop the tables they created.
    """

    name: ClassVar[str]
    schemes: ClassVar[tuple[str, ...]]
    platform: ClassVar[str]  # key of outputs.sql.dialects.DIALECTS for DDL and literals
    transactional_ddl: ClassVar[bool] = True

    def __init__(self, spec: ConnectionSpec) -> None:
        self.spec = spec
        self.current_table: str | None = None
        self.connected = False
        self.job = OutputJob("", "", [])

    # --- hooks -------------------------------------------------------------------------------
    def connect(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def existing_tables(self, names: Sequence[str]) -> set[str]:
        raise NotImplementedError

    def begin(self) -> None:
        raise NotImplementedError

    def create_tables(self, tables: Sequence[TableOutput], job: OutputJob) -> None:
        raise NotImplementedError

    def empty_tables(self, tables: Sequence[TableOutput]) -> None:
        """Delete every row of `tables`, given children first."""
        raise NotImplementedError

    def load_table(self, table: TableOutput, report: Report) -> int:
        raise NotImplementedError

    def finish(self, job: OutputJob) -> None:
        """Last checks and adjustments inside the transaction (deferred constraints, sequences)."""

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def drop_tables(self, tables: Sequence[TableOutput]) -> None:
        """Drop tables this load created (only for targets whose DDL commits by itself)."""

    def deferred_columns(self) -> set[tuple[str, str]]:
        """(table, column) of foreign keys to a table loaded later: a cycle the engine broke."""
        return {(t.name, c.name) for t in self.job.tables for c in t.columns if c.deferred}

    def deferred_tables(self) -> set[str]:
        """Tables with a foreign key to a table loaded later."""
        return {table for table, _column in self.deferred_columns()}

    def translate(self, exc: Exception) -> LoadError:
        """A driver exception as a LoadError naming the table (and row when the driver says)."""
        return LoadError(str(exc) or type(exc).__name__, self.current_table)

    # --- the load ----------------------------------------------------------------------------
    def secrets(self) -> list[str | None]:
        return self.spec.secrets()

    def connect_failed(self, exc: Exception) -> LoadError:
        """The error for a failed connect. Untrusted callers get one text whatever happened (refused,
        timed out, unknown host, bad password: no port-scan or name oracle); the details go to the log."""
        if isinstance(exc, HostRefused):
            return LoadError(str(exc))
        error = self._scrubbed(self.translate(exc))
        if self.spec.trusted:
            return error
        log.warning("%s", scrub(f"connect to {self.spec.label()} failed: {error.message}", self.secrets()))
        return LoadError(CANNOT_CONNECT)

    def load(self, job: OutputJob, *, create: bool = False, truncate: bool = False,
             report: Report | None = None) -> dict[str, int]:
        """Load every table of `job` (already in foreign-key order); all or nothing."""
        report = report or (lambda table, rows: None)
        created: list[TableOutput] = []
        self.job = job
        try:
            self.connect()
            self.connected = True
        except Exception as exc:
            raise self.connect_failed(exc) from None
        try:
            existing = self.existing_tables([t.name for t in job.tables])
            missing = [t for t in job.tables if t.name not in existing]
            if missing and not create:
                names = ", ".join(f"'{t.name}'" for t in missing)
                raise LoadError(f"table(s) {names} do not exist in the target; create them first or use --create")
            if not self.transactional_ddl:
                created = missing
                self.create_tables(missing, job)
            self.begin()
            if self.transactional_ddl and missing:
                self.create_tables(missing, job)
            if truncate:
                self.empty_tables([t for t in reversed(job.tables) if t.name in existing])
            counts: dict[str, int] = {}
            for table in job.tables:
                self.current_table = table.name
                counts[table.name] = self.load_table(table, report)
            self.current_table = None
            self.finish(job)
            self.commit()
            return counts
        except BaseException as exc:
            leftover = self._undo(created)
            if isinstance(exc, LoadError):
                raise self._scrubbed(exc, leftover) from None
            if isinstance(exc, Exception) and not isinstance(exc, SynthdbError):
                raise self._scrubbed(self.translate(exc), leftover) from None
            raise
        finally:
            with contextlib.suppress(Exception):
                self.close()

    def _undo(self, created: list[TableOutput]) -> str:
        """Roll back, and drop the tables a non-transactional CREATE made; says what could not be undone."""
        # The connection may be gone (killed, Ctrl-C mid-statement): the server then rolls back itself.
        with contextlib.suppress(Exception):
            self.rollback()
        if not created:
            return ""
        try:
            self.drop_tables(list(reversed(created)))
        except Exception as exc:  # the server went away: say so rather than hide the first error
            names = ", ".join(t.name for t in created)
            return f"; the tables this load created ({names}) could not be dropped: {exc}"
        return ""

    def _scrubbed(self, error: LoadError, leftover: str = "") -> LoadError:
        return LoadError(scrub(error.message + leftover, self.secrets()), error.table, error.row)
