"""MySQL/MariaDB: LOAD DATA LOCAL (rows from memory) when the server allows it, else multi-row INSERTs, in one
transaction."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pymysql

from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.convert import string_bytes
from synthdb.outputs.sql.ddl import (
    create_schema_statements,
    create_table_statements,
    identifier,
    insert_header,
    late_foreign_keys,
    table_of,
)
from synthdb.outputs.sql.dialects import DIALECTS
from synthdb.outputs.sql.dialects.mysql import MySql
from synthdb.outputs.sql.inserts import slices
from synthdb.outputs.sql.literals import render_rows
from synthdb.outputs.sql.loaddata import data_rows, is_binary
from synthdb.targets.base import LoadError, Report, Target
from synthdb.targets.mysql_local import PLACEHOLDER, GuardedConnection
from synthdb.targets.pipeline import encoded, prefetch
from synthdb.targets.registry import register_target
from synthdb.targets.spec import ConnectionSpec

MYSQL = DIALECTS["mysql"]
_CHECKS_OFF, _CHECKS_ON = MySql.foreign_key_checks
CHUNK_ROWS = 16_384
# One INSERT stays well below max_allowed_packet (16 MiB by default in MariaDB, 64 MiB in MySQL 8).
INSERT_BYTES = 4 << 20
_AT_ROW = re.compile(r"\bat row (\d+)\b")
_LOST = {2006, 2013, 2055, 1927}  # server gone, lost connection, connection killed


def _name(name: str) -> str:
    return identifier(name).sql("mysql")


def _table(table: TableOutput) -> str:
    """`t`, or `schema`.`t` for a table of another schema (in MySQL and MariaDB: another database)."""
    return str(table_of(table, MYSQL).sql("mysql"))


_OFF = {"0", "false", "no", "off"}


def connect_args(spec: ConnectionSpec) -> dict[str, Any]:
    """PyMySQL connect() keywords: the one place a spec becomes MySQL parameters.

    For untrusted specs the driver connects to the address the host policy checked. LOCAL INFILE is
    never PyMySQL's (see mysql_local): `allow_load_data` only lets our in-memory handler answer.
    """
    timeouts = spec.timeouts
    address = spec.checked_address()
    args: dict[str, Any] = {
        "host": address or spec.host or "localhost", "port": spec.port or 3306, "user": spec.user or "root",
        "password": spec.password or "", "database": spec.database, "charset": "utf8mb4", "autocommit": True,
        "connect_timeout": timeouts.connect or None, "read_timeout": timeouts.read or None,
        "write_timeout": timeouts.read or None,
        "allow_load_data": (spec.option("local_infile") or "1").lower() not in _OFF,
    }
    if spec.trusted and spec.option("unix_socket"):
        args["unix_socket"] = spec.option("unix_socket")
    if spec.tls or spec.option("ssl_ca"):
        # Without a CA this encrypts without verifying, as libpq's sslmode=require does.
        args["ssl"] = {"ca": spec.option("ssl_ca")} if spec.option("ssl_ca") else {"check_hostname": False}
    return args


def open_connection(spec: ConnectionSpec) -> GuardedConnection:
    """A connection with LOCAL INFILE served from memory only, and the statement timeout set."""
    conn = GuardedConnection(**connect_args(spec))
    if spec.timeouts.statement:
        with conn.cursor() as cur:
            try:
                # MariaDB's cap on any statement; MySQL does not know it (its max_execution_time is SELECT-only).
                cur.execute("SET SESSION max_statement_time = %s", [spec.timeouts.statement])
            except pymysql.err.OperationalError as exc:
                if exc.args[0] != 1193:  # unknown system variable
                    raise
    return conn


@register_target
class MysqlTarget(Target):
    """InnoDB transaction for the rows. DDL commits by itself in MySQL, so tables this load created are
    dropped again when it fails; TRUNCATE would commit too, so existing tables are emptied by DELETE."""

    name = "mysql"
    schemes = ("mysql", "mariadb")
    platform = "mysql"
    transactional_ddl = False

    def __init__(self, spec: ConnectionSpec) -> None:
        super().__init__(spec)
        self.conn: GuardedConnection | None = None
        self.use_load_data = False
        self.unchecked: list[TableOutput] = []  # tables loaded with foreign_key_checks off (cycles)
        # Schemas (databases) this load created: DDL commits here, so a failed load drops them again.
        self.created_schemas: list[str] = []

    def connect(self) -> None:
        args = connect_args(self.spec)
        self.conn = open_connection(self.spec)
        with self.conn.cursor() as cur:
            cur.execute("SELECT @@SESSION.sql_mode, @@GLOBAL.local_infile")
            row = cur.fetchone()
            assert row is not None
            modes = [m for m in str(row[0]).split(",") if m and m != "NO_BACKSLASH_ESCAPES"]
            # Strict: a bad value is an error, not a warning; explicit zeros stay in AUTO_INCREMENT columns.
            modes += [m for m in ("STRICT_ALL_TABLES", "NO_AUTO_VALUE_ON_ZERO") if m not in modes]
            cur.execute("SET SESSION sql_mode = %s", [",".join(modes)])
            # Zoned timestamps are written as UTC wall time.
            cur.execute("SET SESSION time_zone = '+00:00'")
            cur.execute("SET SESSION foreign_key_checks = 1, unique_checks = 1")
            self.use_load_data = bool(args["allow_load_data"]) and str(row[1]) in {"1", "ON"}

    def close(self) -> None:
        if self.conn is not None and self.conn.open:
            self.conn.close()

    def existing_tables(self, names: Sequence[str]) -> set[str]:
        assert self.conn is not None
        by_key = {t.name: t for t in self.job.tables}
        with self.conn.cursor() as cur:
            # Tables of the current database by their names, of other schemas (databases) by schema.name.
            cur.execute("SELECT IF(TABLE_SCHEMA = DATABASE(), TABLE_NAME, CONCAT(TABLE_SCHEMA, '.', TABLE_NAME)) "
                        "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() OR TABLE_SCHEMA IN %s",
                        [tuple(self.job.schemas) or ("",)])
            present = {str(r[0]) for r in cur.fetchall()}
        folded = {p.lower() for p in present}

        def where(name: str) -> str:
            table = by_key.get(name)
            return f"{table.sql_schema}.{table.table_name}" if table is not None and table.sql_schema else name

        return {n for n in names if where(n) in present or where(n).lower() in folded}

    def create_tables(self, tables: Sequence[TableOutput], job: OutputJob) -> None:
        assert self.conn is not None
        with self.conn.cursor() as cur:
            wanted = OutputJob("", "", list(tables)).schemas
            if wanted:
                cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN %s",
                            [tuple(wanted)])
                present = {str(r[0]) for r in cur.fetchall()}
                for schema, statement in zip(wanted, create_schema_statements(OutputJob("", "", list(tables)), MYSQL),
                                             strict=True):
                    if schema not in present:
                        cur.execute(statement)
                        self.created_schemas.append(schema)
            for table in tables:
                self.current_table = table.name
                for statement in create_table_statements(table, job, MYSQL):
                    cur.execute(statement)
            self.current_table = None
            # Self-references and cycles are added once every table exists; the tables are still empty,
            # so this is instant, and every key is checked while the rows arrive.
            for statement in late_foreign_keys(job, MYSQL, only={t.name for t in tables}):
                cur.execute(statement)

    def begin(self) -> None:
        assert self.conn is not None
        self.conn.begin()

    def empty_tables(self, tables: Sequence[TableOutput]) -> None:
        assert self.conn is not None
        with self.conn.cursor() as cur:
            for table in tables:
                self.current_table = table.name
                cur.execute(f"DELETE FROM {_table(table)}")
        self.current_table = None

    def load_table(self, table: TableOutput, report: Report) -> int:
        if not table.columns:
            return 0
        assert self.conn is not None
        deferred = table.name in self.deferred_tables()
        with self.conn.cursor() as cur:
            if deferred:
                # A cycle: this table points at rows loaded later. Checked by `finish` instead.
                cur.execute(_CHECKS_OFF)
                self.unchecked.append(table)
            loaded = self._load_data(cur, table, report) if self.use_load_data else self._insert(cur, table, report)
            if deferred:
                cur.execute(_CHECKS_ON)
        return loaded

    def _load_data(self, cur: Any, table: TableOutput, report: Report) -> int:
        assert self.conn is not None
        columns = []
        settings = []
        for position, column in enumerate(table.columns):
            if is_binary(column.arrow_type):
                columns.append(f"@b{position}")
                settings.append(f"{_name(column.name)} = UNHEX(@b{position})")
            else:
                columns.append(_name(column.name))
        statement = (
            f"LOAD DATA LOCAL INFILE %s INTO TABLE {_table(table)} CHARACTER SET utf8mb4 "
            "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
            f"({', '.join(columns)})" + (f" SET {', '.join(settings)}" if settings else "")
        )
        done = 0
        for rows, data in prefetch(encoded(slices(table.batches(), CHUNK_ROWS), data_rows)):
            # The rows go from memory through the guarded handler: no file is written or read.
            self.conn.arm(data)
            cur.execute(statement, [PLACEHOLDER])
            # LOCAL implies IGNORE: bad rows become warnings and are skipped, so any warning fails the load.
            # Notes (a decimal rounded to the column's scale, as an INSERT would) are not failures.
            shown = self.conn.show_warnings() if self.conn is not None else ()
            warnings = [w for w in shown if str(w[0]) != "Note"]
            if warnings or cur.rowcount != rows:
                message = str(warnings[0][2]) if warnings else f"{rows - cur.rowcount} row(s) were not loaded"
                match = _AT_ROW.search(message)
                row = done + int(match.group(1)) if match else None
                raise LoadError(f"{message} (rows {done + 1:,}-{done + rows:,}); nothing was committed",
                                table.name, row)
            done += rows
            report(table.name, rows)
        return done

    def _insert(self, cur: Any, table: TableOutput, report: Report) -> int:
        header = (insert_header(table, MYSQL) + " VALUES ").encode()
        done = 0
        for rows, literals in prefetch(encoded(slices(table.batches(), CHUNK_ROWS), _row_literals)):
            separated = pc.binary_join_element_wise(literals, pa.scalar(","), "")
            for start, stop in _statement_ranges(literals):
                statement = header + bytes(string_bytes(separated.slice(start, stop - start)))[:-1]
                try:
                    cur.execute(statement)
                except pymysql.MySQLError as exc:
                    exc.args = (*exc.args, f"rows {done + start + 1:,}-{done + stop:,}")
                    raise
            done += rows
            report(table.name, rows)
        return done

    def finish(self, job: OutputJob) -> None:
        """Check the foreign keys of tables loaded without checks, as the database would have."""
        assert self.conn is not None
        with self.conn.cursor() as cur:
            for table in self.unchecked:
                self.current_table = table.name
                for child_cols, parent, label, parent_cols in _foreign_keys(cur, table):
                    on = " AND ".join(f"c.{_name(a)} = p.{_name(b)}" for a, b in zip(child_cols, parent_cols,
                                                                                   strict=True))
                    present = " AND ".join(f"c.{_name(a)} IS NOT NULL" for a in child_cols)
                    cur.execute(f"SELECT COUNT(*) FROM {_table(table)} c LEFT JOIN {parent} p ON {on} "
                                f"WHERE {present} AND p.{_name(parent_cols[0])} IS NULL")
                    (orphans,) = cur.fetchone() or (0,)
                    if orphans:
                        raise LoadError(f"{orphans:,} row(s) refer to missing rows of '{label}' through "
                                        f"({', '.join(child_cols)}); nothing was committed", table.name)
        self.current_table = None

    def commit(self) -> None:
        assert self.conn is not None
        self.conn.commit()

    def rollback(self) -> None:
        if self.conn is not None and self.conn.open:
            self.conn.rollback()

    def drop_tables(self, tables: Sequence[TableOutput]) -> None:
        # After a killed connection the created tables are still there: drop them over a new one.
        conn = self.conn if self.conn is not None and self.conn.open else None
        with contextlib.suppress(Exception):
            if conn is not None:
                conn.ping(reconnect=False)
        if conn is None or not conn.open:
            conn = open_connection(self.spec)
        with conn.cursor() as cur:
            cur.execute(_CHECKS_OFF)
            for table in tables:
                cur.execute(f"DROP TABLE IF EXISTS {_table(table)}")
            for schema in reversed(self.created_schemas):
                # Only databases this load made, which held only the tables just dropped.
                cur.execute(f"DROP DATABASE IF EXISTS {_name(schema)}")
            self.created_schemas.clear()
            cur.execute(_CHECKS_ON)
        if conn is not self.conn:
            conn.close()

    def translate(self, exc: Exception) -> LoadError:
        if not isinstance(exc, pymysql.MySQLError):
            return super().translate(exc)
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        text = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
        where = f" ({exc.args[2]})" if len(exc.args) > 2 else ""
        if not self.connected:
            return LoadError(f"cannot connect to MySQL/MariaDB: {text}")
        match = _AT_ROW.search(text)
        row = int(match.group(1)) if match and not where else None
        if code == 2013 and "timed out" in text and self.spec.timeouts.read:
            return LoadError(f"the target did not answer within {self.spec.timeouts.read:g} s (read timeout); "
                             "nothing was committed", self.current_table)
        if code in _LOST or isinstance(exc, pymysql.err.InterfaceError):
            return LoadError(f"lost the connection to MySQL/MariaDB: {text}; nothing was committed",
                             self.current_table)
        return LoadError(f"{text}{where}; nothing was committed", self.current_table, row)


def _row_literals(batch: pa.RecordBatch) -> pa.Array:
    return render_rows(batch, MYSQL)


def _statement_ranges(literals: pa.Array) -> list[tuple[int, int]]:
    """Split rows into INSERT statements of at most INSERT_BYTES (at least one row each)."""
    lengths = pc.binary_length(literals).to_numpy(zero_copy_only=False).astype(np.int64) + 1
    ends = np.cumsum(lengths)
    ranges, start, base = [], 0, 0
    while start < len(literals):
        stop = int(np.searchsorted(ends, base + INSERT_BYTES, side="right"))
        stop = max(stop, start + 1)
        ranges.append((start, stop))
        base, start = int(ends[stop - 1]), stop
    return ranges


def _foreign_keys(cur: Any, table: TableOutput) -> list[tuple[list[str], str, str, list[str]]]:
    """(columns, parent as quoted SQL, parent's key, parent columns) of every foreign key the target declares on
    `table`; a parent in another database (schema) is qualified."""
    cur.execute(
        "SELECT CONSTRAINT_NAME, COLUMN_NAME, IF(REFERENCED_TABLE_SCHEMA = DATABASE(), NULL, REFERENCED_TABLE_SCHEMA), "
        "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
        "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s "
        "AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION",
        [table.sql_schema, table.table_name])
    grouped: dict[str, tuple[list[str], str, str, list[str]]] = {}
    for name, column, parent_schema, parent, parent_column in cur.fetchall():
        quoted = f"{_name(parent_schema)}.{_name(parent)}" if parent_schema else _name(parent)
        entry = grouped.setdefault(name, ([], quoted, f"{parent_schema}.{parent}" if parent_schema else parent, []))
        entry[0].append(column)
        entry[3].append(parent_column)
    return list(grouped.values())
