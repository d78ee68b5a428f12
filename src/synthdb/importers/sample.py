"""--sample: aggregates from a live database (row counts, null shares, ranges, frequent values); never rows."""

from __future__ import annotations

import contextlib
import datetime
import decimal
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL

from synthdb.importers.infer import type_class
from synthdb.importers.schema import Column, Schema, Table
from synthdb.targets.urls import scheme_of

# A column is "low-cardinality" when it has at most this many distinct values ...
MAX_DISTINCT = 12
# ... and each value reported appears at least this often (rarer values could identify a row).
MIN_OCCURRENCES = 5
Run = Callable[[str], list[tuple[Any, ...]]]


@contextlib.contextmanager
def _runner(url: URL) -> Iterator[tuple[Run, Callable[[str], str]]]:
    """(run a query -> rows, quote an identifier) for the database at `url`."""
    if scheme_of(url) == "duckdb":
        import duckdb

        from synthdb.targets.sqlite import database_path

        conn = duckdb.connect(str(database_path(url, "duckdb")), read_only=True)
        try:
            yield (lambda sql: conn.execute(sql).fetchall()), (lambda name: '"' + name.replace('"', '""') + '"')
        finally:
            conn.close()
        return
    from synthdb.importers.reflect import open_engine

    with open_engine(url) as (engine, _dialect), engine.connect() as connection:
        quote = engine.dialect.identifier_preparer.quote
        yield (lambda sql: [tuple(r) for r in connection.execute(text(sql)).fetchall()]), quote


def _plain(value: Any) -> Any:
    """Aggregates as YAML-friendly values (numbers, ISO dates)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return value


def sample_schema(schema: Schema, url: URL) -> None:
    """Fill row counts and per-column aggregates in place, with a handful of queries per table."""
    with _runner(url) as (run, quote):
        for table in schema.tables.values():
            _sample_table(table, run, quote)


def _source(table: Table, quote: Callable[[str], str]) -> str:
    """The table as a query names it: qualified when it lives in a schema other than the default one."""
    if table.schema and table.local_name:
        return f"{quote(table.schema)}.{quote(table.local_name)}"
    return quote(table.name)


def _sample_table(table: Table, run: Run, quote: Callable[[str], str]) -> None:
    name = _source(table, quote)
    table.row_count = int(run(f"SELECT COUNT(*) FROM {name}")[0][0])
    if not table.row_count:
        return
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    for column in table.columns.values():
        if column.computed:
            continue
        _sample_column(table, column, keys, run, quote)


def _sample_column(table: Table, column: Column, keys: set[str], run: Run, quote: Callable[[str], str]) -> None:
    total = table.row_count or 0
    name, source = quote(column.name), _source(table, quote)
    cls = type_class(column.kind)
    ranged = cls in {"int", "decimal", "float", "date", "datetime"} and column.name not in keys
    select = f"COUNT({name})" + (f", MIN({name}), MAX({name})" if ranged else "")
    row = run(f"SELECT {select} FROM {source}")[0]
    column.null_share = 100.0 * (total - int(row[0])) / total
    if ranged and row[1] is not None:
        column.low, column.high = _plain(row[1]), _plain(row[2])
    if cls != "text" or column.name in keys or column.enum_values:
        return
    distinct = int(run(f"SELECT COUNT(DISTINCT {name}) FROM {source}")[0][0])
    if not 0 < distinct <= MAX_DISTINCT or total < MIN_OCCURRENCES * 2:
        return
    top = run(f"SELECT {name}, COUNT(*) FROM {source} WHERE {name} IS NOT NULL GROUP BY {name} "
              f"ORDER BY COUNT(*) DESC, {name} LIMIT {MAX_DISTINCT}")
    frequent = [(_plain(value), int(count)) for value, count in top if int(count) >= MIN_OCCURRENCES]
    # Only when every value is frequent: a list missing the rare ones would not be the column's vocabulary.
    if frequent and len(frequent) == distinct:
        column.top_values = frequent
