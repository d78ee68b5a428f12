"""Row expressions at run time: SQL compiled once (sql_eval, remembered by sql_memo), run per batch on DuckDB.

Kept apart from sql_eval so that running SQL that was checked and translated before needs DuckDB only,
not sqlglot; and DuckDB itself (60-90 ms to import) is imported on the first evaluation, so a probe whose
evaluations are all remembered (`remembering_probe`) needs neither.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from synthdb.sql_memo import remembered, remembering

if TYPE_CHECKING:
    import duckdb

ROW = "__synthdb_row"
VALUE = "__synthdb_value"
BATCH = "__synthdb_batch"


class SqlError(ValueError):
    """SQL that cannot be used: a syntax error (with the parser's words) or a forbidden construct."""


def expression_columns(text: str) -> list[str]:
    """The columns a row expression reads (parsed and checked by sql_eval; SqlError when it cannot be used)."""
    def compute() -> list[str]:
        from synthdb.generators.helpers.sql_eval import expression_columns as parsed

        return parsed(text)

    return list(remembered("columns", (text,), compute))


def _row_sql(text: str, types: Mapping[str, pa.DataType]) -> str:
    def compute() -> str:
        from synthdb.generators.helpers.sql_eval import row_sql

        return row_sql(text, types)

    # The column types are part of the key: sqlite_semantics casts by them.
    typed = [f"{name}:{kind}" for name, kind in types.items()]
    return str(remembered("row", (text, *typed), compute))


_local = threading.local()


class _Opening:
    """A connection being opened on a thread of its own: DuckDB releases the GIL while it starts a
    database (about 25 ms), so a run that will evaluate SQL opens it while it plans."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.con: duckdb.DuckDBPyConnection | None = None
        # Not a daemon: a process ending while DuckDB starts waits for it (DuckDB torn down under a
        # running thread aborts the process).
        self.thread = threading.Thread(target=self._open, name="synthdb-duckdb-open")
        self.thread.start()

    def _open(self) -> None:
        with contextlib.suppress(Exception):  # the thread asking then opens its own, and sees the error
            self.con = _new_connection()

    def take(self) -> duckdb.DuckDBPyConnection | None:
        self.thread.join()
        con, self.con = self.con, None
        return con


_opening: _Opening | None = None
_opening_lock = threading.Lock()


def open_in_background() -> None:
    """Start opening the first row-expression connection of this process now, on a thread (see _Opening);
    the first thread asking for a connection takes it."""
    global _opening
    with _opening_lock:
        if _opening is None or _opening.pid != os.getpid():
            _opening = _Opening()


def _opened() -> duckdb.DuckDBPyConnection | None:
    """The connection opened ahead in this process, once (None: none was, or another thread took it)."""
    global _opening
    with _opening_lock:
        opening = _opening
        if opening is None or opening.pid != os.getpid():
            return None
        _opening = None
    return opening.take()


def connection() -> duckdb.DuckDBPyConnection:
    """This thread's in-memory DuckDB connection for row expressions (created once, single-threaded)."""
    con = getattr(_local, "con", None)
    if con is None or getattr(_local, "pid", None) != os.getpid():  # a forked child needs its own
        con = _opened() or _new_connection()
        _local.con, _local.pid = con, os.getpid()
    return con


def _new_connection() -> duckdb.DuckDBPyConnection:
    from synthdb.sql_sandbox.connection import connect

    return configure(connect(settings=SQLITE_SETTINGS))


# SQLite functions sqlglot passes through unchanged, as DuckDB macros. Date modifiers are intervals
# ('+1 day', '-3 months'); datetime() and date() with a modifier return typed values, not text.
_SQLITE_MACROS = [
    "julianday(x) AS julian(CAST(x AS TIMESTAMP))",
    "unixepoch(x) AS CAST(epoch(CAST(x AS TIMESTAMP)) AS BIGINT)",
    "datetime(x) AS CAST(x AS TIMESTAMP), (x, m) AS CAST(x AS TIMESTAMP) + CAST(ltrim(m, '+') AS INTERVAL)",
    "sqlite_date(x, m) AS CAST(CAST(x AS TIMESTAMP) + CAST(ltrim(m, '+') AS INTERVAL) AS DATE)",
    "total(x) AS CAST(coalesce(sum(x), 0) AS DOUBLE)",
]


# SQLite behaviour where DuckDB differs: x / 0 and x % 0 give NULL. Fixed when a sandboxed connection is
# opened (its configuration is locked afterwards).
SQLITE_SETTINGS: dict[str, str | bool | int | float] = {
    "error_on_division_by_zero": False, "preserve_insertion_order": True}


def configure(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """SQLite functions DuckDB lacks (julianday(), total(), ...) as macros, on a connection opened with
    SQLITE_SETTINGS by the sandbox."""
    from synthdb.generators.helpers import sql_math

    for macro in _SQLITE_MACROS:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")
    sql_math.install(con)  # ln, exp, pow ... with the same bits on every CPU
    return con


def duckdb_error(exc: duckdb.Error) -> str:
    """DuckDB's message on one line, without the caret drawing or the list of every function overload."""
    lines = []
    for line in str(exc).splitlines():
        if line.strip().startswith(("LINE", "Candidate functions")):
            break
        lines.append(line)
    return " ".join(" ".join(lines).split())


class RowExpression:
    """A compiled row expression: DuckDB SQL selecting one value per row of a batch of named columns."""

    def __init__(self, text: str, types: Mapping[str, pa.DataType]) -> None:
        self.sql = _row_sql(text, types)
        self.types = dict(types)
        self.arrow_type = _result_type(self.sql, self.types, lambda: self._run(
            {name: pa.array([], t) for name, t in types.items()}, 0).type)

    def _run(self, columns: Mapping[str, pa.Array], length: int) -> pa.Array:
        con = connection()
        batch = pa.Table.from_arrays([pa.array(np.arange(length, dtype=np.int64)), *columns.values()],
                                     names=[ROW, *columns])
        con.register(BATCH, batch)
        try:
            result = con.sql(self.sql).to_arrow_table()
        finally:
            con.unregister(BATCH)
        order = result[ROW].to_numpy()
        values = result[VALUE]
        # A projection over an Arrow scan keeps row order on one thread; check rather than trust it.
        if len(order) > 1 and not bool(np.all(order[1:] > order[:-1])):
            values = values.take(pa.array(np.argsort(order, kind="stable")))
        return values.combine_chunks()

    def evaluate(self, columns: Mapping[str, pa.Array], length: int) -> pa.Array:
        """One value per row; `columns` holds every referenced column (same length, row order)."""
        inputs = {name: columns[name] for name in self.types}
        if getattr(_probe, "on", False) and length <= PROBE_ROWS and remembering():
            return self._remembered(inputs, length)
        return self._evaluated(inputs, length)

    def _evaluated(self, inputs: Mapping[str, pa.Array], length: int) -> pa.Array:
        import duckdb

        try:
            return self._run(inputs, length)
        except duckdb.Error as exc:
            raise SqlError(duckdb_error(exc)) from exc

    def _remembered(self, inputs: Mapping[str, pa.Array], length: int) -> pa.Array:
        """The values, from sql_memo when this SQL ran before over the same rows (see `remembering_probe`)."""
        digest = hashlib.sha256(_ipc(pa.RecordBatch.from_arrays(list(inputs.values()), names=list(inputs)))
                                ).hexdigest()
        typed = [f"{name}:{kind}" for name, kind in self.types.items()]
        packed = remembered("rows", (self.sql, *typed, str(length), digest), lambda: base64.b64encode(
            _ipc(pa.record_batch([self._evaluated(inputs, length)], names=[VALUE]))).decode("ascii"))
        with pa.ipc.open_stream(pa.py_buffer(base64.b64decode(str(packed)))) as reader:
            return reader.read_all().column(VALUE).combine_chunks()


# A probe's evaluations (engine `probe`: 8 rows of each table, and the child rows an aggregate of those
# reads) are few; a run's batches are not, and are never remembered.
PROBE_ROWS = 256
_probe = threading.local()


@contextlib.contextmanager
def remembering_probe() -> Iterator[None]:
    """Within it, on this thread: row expressions over at most PROBE_ROWS rows are remembered between runs
    of the command line like the SQL checks (sql_memo), keyed by the translated SQL, its column types and
    the bytes of its input rows. Row SQL is pure (volatile functions are refused), so the same SQL over
    the same rows under the same DuckDB and synthdb gives the same values; an evaluation that fails is
    never stored. `validate` of a definition whose probe ran before then needs no DuckDB at all."""
    previous = getattr(_probe, "on", False)
    _probe.on = True
    try:
        yield
    finally:
        _probe.on = previous


def _ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return bytes(sink.getvalue().to_pybytes())


def _result_type(sql: str, types: Mapping[str, pa.DataType], run: Callable[[], pa.DataType]) -> pa.DataType:
    """The type DuckDB gives the expression, found by running it over empty columns (where DuckDB refuses
    it, a SqlError), remembered between runs of the command line like the translation (sql_memo): a plan
    then needs no DuckDB connection before the first rows."""
    def compute() -> str:
        import duckdb

        try:
            found = run()
        except duckdb.Error as exc:
            raise SqlError(duckdb_error(exc)) from exc
        return base64.b64encode(pa.schema([pa.field(VALUE, found)]).serialize().to_pybytes()).decode("ascii")

    typed = [f"{name}:{kind}" for name, kind in types.items()]
    packed = str(remembered("type", (sql, *typed), compute))
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(packed))).field(VALUE).type


@functools.lru_cache(maxsize=256)
def _compiled(text: str, types: tuple[tuple[str, pa.DataType], ...]) -> RowExpression:
    return RowExpression(text, dict(types))


def compile_expression(text: str, types: Mapping[str, pa.DataType]) -> RowExpression:
    """The compiled expression for `text` over columns of these types (cached per process)."""
    return _compiled(text, tuple(types.items()))
