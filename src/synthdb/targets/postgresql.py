"""PostgreSQL: one transaction, one streaming COPY per table (text format) through psycopg 3."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql

from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.copy import copy_target, text_rows
from synthdb.outputs.sql.ddl import create_schema_statements, create_table_statements, forward_foreign_keys, table_of
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.outputs.sql.dialects.postgres import Postgres
from synthdb.outputs.sql.inserts import slices
from synthdb.targets.base import LoadError, Report, Target
from synthdb.targets.pipeline import encoded, prefetch
from synthdb.targets.registry import register_target
from synthdb.targets.spec import ConnectionSpec

POSTGRES = DIALECTS["postgres"]
# COPY reports the failing input line as "COPY t, line 42, column x: ..."; one COPY per table, so line = row.
_COPY_LINE = re.compile(r"\bline (\d+)\b")
# A path that cannot exist (under a device, not a directory): libpq skips it silently, /dev/null itself
# would make it warn on stderr at every connect.
NO_FILE = os.path.join(os.devnull, "synthdb-none")
# Rows handed to the server per write: 16k rows keep every encoded chunk far below Arrow's 2 GiB string limit.
CHUNK_ROWS = 16_384


def _name(table: TableOutput) -> sql.Identifier:
    """The table as psycopg composes it: `"schema"."table"` when it has a schema."""
    return sql.Identifier(table.sql_schema, table.table_name) if table.sql_schema else sql.Identifier(table.name)


def _regclass(table: TableOutput) -> str:
    """The table's quoted (schema-qualified) name as text, for to_regclass and pg_get_serial_sequence."""
    return str(table_of(table, POSTGRES).sql("postgres"))


def connect_kwargs(spec: ConnectionSpec) -> dict[str, Any]:
    """psycopg/libpq connection keywords: the one place a spec becomes PostgreSQL parameters.

    Keywords, not a conninfo URL: no value can add parameters of its own (`?host=/var/run/...`). For
    untrusted specs the host was checked and resolved, and libpq connects to that address (`hostaddr`)
    while `host` stays for TLS and messages, so a second DNS answer cannot redirect the connection.
    """
    timeouts = spec.timeouts
    given = {"host": spec.host, "port": spec.port, "dbname": spec.database, "user": spec.user,
             "password": spec.password,
             "connect_timeout": max(1, math.ceil(timeouts.connect)) if timeouts.connect else None}
    # A trusted URL's extra libpq parameters (sslmode, host=/socket/dir, ...) fill in what the spec leaves.
    kwargs: dict[str, Any] = {**spec.trusted_options(), **{k: v for k, v in given.items() if v is not None}}
    if spec.tls:
        kwargs.setdefault("sslmode", "require")
    address = spec.checked_address()
    if address is not None:
        kwargs["hostaddr"] = address
    if not spec.trusted:
        # API callers never borrow the service account's credentials: no ~/.pgpass, no $PGPASSWORD (an
        # explicit empty password keeps libpq from reading it), no client certificate from ~/.postgresql.
        kwargs["passfile"] = NO_FILE
        kwargs.setdefault("password", "")
        if psycopg.pq.version() >= 160000:
            kwargs["sslcertmode"] = "disable"
    # A peer that vanishes is noticed by keepalive probes while we wait for an answer; one that stops
    # acknowledging what we send is dropped by the kernel after the read timeout.
    for name, value in {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
                        "keepalives_count": 3}.items():
        kwargs.setdefault(name, value)
    if timeouts.read:
        kwargs["tcp_user_timeout"] = int(timeouts.read * 1000)
    if timeouts.statement:
        # The server cancels a statement (a COPY, a lock wait) that runs longer than this.
        milliseconds = int(timeouts.statement * 1000)
        kwargs["options"] = f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}"
    return kwargs


class TimedConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait on the server (a statement, a COPY write, its end) is bounded.

    libpq has no read timeout: a server that logs us in and then never answers would hold the worker
    forever. After `read_timeout` seconds of one wait the connection is given up (`timed_out`); the
    server rolls back what it had when the socket closes.
    """

    read_timeout: float | None = None
    timed_out = False

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        try:
            return super().wait(gen, interval, timeout if timeout is not None else self.read_timeout)
        except psycopg.errors._WaitTimeout:
            self.timed_out = True
            raise


@register_target
class PostgresTarget(Target):
    """Loads with COPY FROM STDIN inside one transaction; DDL and TRUNCATE are transactional too."""

    name = "postgresql"
    schemes = ("postgresql", "postgres", "pgsql")
    platform = "postgres"

    def __init__(self, spec: ConnectionSpec) -> None:
        super().__init__(spec)
        self.conn: TimedConnection | None = None
        self._copy_rows = 0
        self._pending: dict[str, list[pa.RecordBatch]] = {}

    def connect(self) -> None:
        self.conn = TimedConnection.connect(autocommit=False, **connect_kwargs(self.spec))
        self.conn.read_timeout = self.spec.timeouts.read or None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def _cursor(self) -> psycopg.Cursor[Any]:
        assert self.conn is not None
        return self.conn.cursor()

    def existing_tables(self, names: Sequence[str]) -> set[str]:
        # to_regclass follows the search_path, as the unqualified names in COPY and CREATE do.
        by_key = {t.name: t for t in self.job.tables}
        quoted = [_regclass(by_key[n]) if n in by_key else sql.Identifier(n).as_string() for n in names]
        with self._cursor() as cur:
            cur.execute(
                "SELECT n FROM unnest(%s::text[], %s::text[]) AS x(n, q) WHERE to_regclass(q) IS NOT NULL",
                [list(names), quoted],
            )
            found = {row[0] for row in cur.fetchall()}
        assert self.conn is not None
        self.conn.rollback()  # the real transaction starts in `begin`
        return found

    def begin(self) -> None:
        with self._cursor() as cur:
            # The COPY data is UTF-8 whatever the database's encoding; libpq would otherwise assume the server's.
            cur.execute("SET LOCAL client_encoding = 'UTF8'")
            # Deferrable keys (self-references, cycles) are checked once, at the end.
            cur.execute(Postgres.defer_constraints)

    def create_tables(self, tables: Sequence[TableOutput], job: OutputJob) -> None:
        with self._cursor() as cur:
            # Transactional like the tables: a failed load leaves no new schema behind either.
            for statement in create_schema_statements(OutputJob("", "", list(tables)), POSTGRES):
                cur.execute(statement.encode())
            for table in tables:
                self.current_table = table.name
                for statement in create_table_statements(table, job, POSTGRES):
                    cur.execute(statement.encode())
            self.current_table = None
            # Keys that close a cycle between tables, once both exist; deferred, so row order does not matter.
            for statement in forward_foreign_keys(job, POSTGRES, only={t.name for t in tables}, deferrable=True):
                cur.execute(statement.encode())

    def empty_tables(self, tables: Sequence[TableOutput]) -> None:
        if not tables:
            return
        # One statement: PostgreSQL refuses to TRUNCATE a referenced table unless its children go too.
        names = sql.SQL(", ").join(_name(t) for t in tables)
        with self._cursor() as cur:
            cur.execute(sql.SQL("TRUNCATE {}").format(names))

    def load_table(self, table: TableOutput, report: Report) -> int:
        if not table.columns:
            return 0
        statement = f"COPY {copy_target(table)} FROM STDIN"
        self._copy_rows = 0
        batches = slices(table.batches(), CHUNK_ROWS)
        later = self._second_pass_columns(table)
        if later:
            batches = self._hold_back(batches, table, later)
        with self._cursor() as cur, cur.copy(statement.encode()) as copy:
            for rows, data in prefetch(encoded(batches, text_rows)):
                copy.write(data)
                self._copy_rows += rows
                report(table.name, rows)
        return self._copy_rows

    def _second_pass_columns(self, table: TableOutput) -> list[str]:
        """Cycle columns whose key in the target cannot be deferred: written NULL, filled at the end."""
        cycle = {column for name, column in self.deferred_columns() if name == table.name}
        if not cycle:
            return []
        with self._cursor() as cur:
            cur.execute(
                "SELECT DISTINCT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
                "AND a.attnum = ANY(c.conkey) WHERE c.conrelid = to_regclass(%s) "
                "AND c.contype = 'f' AND NOT c.condeferrable", [_regclass(table)])
            strict = {row[0] for row in cur.fetchall()}
        later = [c.name for c in table.columns if c.name in cycle & strict]
        if later and not table.primary_key:
            raise LoadError(f"columns {', '.join(later)} close a cycle of foreign keys that the target checks "
                            "immediately; filling them in a second pass needs a primary key", table.name)
        return later

    def _hold_back(self, batches: Iterator[pa.RecordBatch], table: TableOutput,
                   later: list[str]) -> Iterator[pa.RecordBatch]:
        # Only the key and the held-back columns are kept in memory, until `finish` writes them.
        held = self._pending.setdefault(table.name, [])
        keep = [*table.primary_key, *later]
        for batch in batches:
            held.append(batch.select(keep))
            columns = [pa.nulls(batch.num_rows, f.type) if f.name in later else batch.column(i)
                       for i, f in enumerate(batch.schema)]
            yield pa.RecordBatch.from_arrays(columns, schema=batch.schema)

    def _fill_second_pass(self, cur: psycopg.Cursor[Any]) -> None:
        for name, held in self._pending.items():
            self.current_table = name
            table = next(t for t in self.job.tables if t.name == name)
            key = table.primary_key
            later = [c for c in held[0].schema.names if c not in key] if held else []
            if not held or not later:
                continue
            listed = sql.SQL(", ").join(sql.Identifier(c) for c in [*key, *later])
            cur.execute(sql.SQL("CREATE TEMP TABLE synthdb_second_pass ON COMMIT DROP AS SELECT {} FROM {} "
                                "WITH NO DATA").format(listed, _name(table)))
            with cur.copy(sql.SQL("COPY synthdb_second_pass ({}) FROM STDIN").format(listed)) as copy:
                for batch in held:
                    copy.write(text_rows(batch))
            cur.execute(sql.SQL("UPDATE {} AS t SET {} FROM synthdb_second_pass AS f WHERE {}").format(
                _name(table),
                sql.SQL(", ").join(sql.SQL("{} = f.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in later),
                sql.SQL(" AND ").join(sql.SQL("t.{} = f.{}").format(sql.Identifier(k), sql.Identifier(k))
                                      for k in key)))
            cur.execute("DROP TABLE synthdb_second_pass")
        self._pending.clear()

    def finish(self, job: OutputJob) -> None:
        with self._cursor() as cur:
            self._fill_second_pass(cur)
            # Deferred constraints (self-references) are checked now, so a violation names its table
            # before the sequences are touched.
            self.current_table = None
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in job.tables:
                self.current_table = table.name
                self._advance_sequences(cur, table)
        self.current_table = None

    def _advance_sequences(self, cur: psycopg.Cursor[Any], table: TableOutput) -> None:
        """Move serial/identity sequences past the loaded keys, so the application's next INSERT works.

        ALTER SEQUENCE ... RESTART is transactional (setval is not), so a rollback undoes it too.
        """
        cur.execute(
            "SELECT a.attname, pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped "
            "AND pg_get_serial_sequence(%s, a.attname) IS NOT NULL",
            [_regclass(table)] * 3,
        )
        loaded = {c.name for c in table.columns}
        for column, sequence in cur.fetchall():
            if column not in loaded:
                continue
            cur.execute(sql.SQL("SELECT max({}) FROM {}").format(sql.Identifier(column), _name(table)))
            top = cur.fetchone()
            if top is None or top[0] is None:
                continue
            cur.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.SQL(sequence)))
            state = cur.fetchone()
            following = (state[0] + 1 if state[1] else state[0]) if state else 1
            if int(top[0]) >= following:
                # The name comes from pg_get_serial_sequence, which quotes it as needed.
                cur.execute(sql.SQL("ALTER SEQUENCE {} RESTART WITH {}").format(
                    sql.SQL(sequence), sql.Literal(int(top[0]) + 1)))

    def commit(self) -> None:
        assert self.conn is not None
        self.conn.commit()

    def rollback(self) -> None:
        if self.conn is not None and self.conn.timed_out:
            self.conn.close()  # mid-statement and unanswered: waiting for a ROLLBACK would hang again
        elif self.conn is not None and not self.conn.closed:
            self.conn.rollback()

    def translate(self, exc: Exception) -> LoadError:
        if not isinstance(exc, psycopg.Error):
            return super().translate(exc)
        if isinstance(exc, psycopg.errors._WaitTimeout):
            return LoadError(f"the target did not answer within {self.spec.timeouts.read:g} s (read timeout); "
                             "nothing was committed", self.current_table)
        diag = getattr(exc, "diag", None)
        table = self.current_table or (diag.table_name if diag is not None else None)
        row = None
        context = diag.context if diag is not None else None
        if context and "COPY" in context:
            match = _COPY_LINE.search(context)
            row = int(match.group(1)) if match else None
        message = (diag.message_primary if diag is not None else None) or str(exc).strip()
        detail = diag.message_detail if diag is not None else None
        if detail:
            message = f"{message} ({detail})"
        if isinstance(exc, psycopg.OperationalError) and self.conn is not None and self.conn.closed:
            message = f"lost the connection to PostgreSQL: {message}; nothing was committed"
        elif not self.connected:
            message = f"cannot connect to PostgreSQL: {str(exc).strip()}"
        else:
            message = f"{message}; nothing was committed"
        return LoadError(message, table, row)
