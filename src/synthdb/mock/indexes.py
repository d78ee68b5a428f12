"""Indexes a snapshot gets when it is built, so the mock API's filtered, sorted and nested lists and their
counts use an index instead of scanning the table (the generated file has indexes only on keys and
unique columns)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from synthdb.mock.schema import quote, read_schema

# Text columns with at most this many distinct values are categorical (status, country, ...): filtered by
# equality, so indexed. Free text (names, e-mails) is left alone: `q` and `_like` scan it anyway.
CATEGORICAL_DISTINCT = 1000


def index_snapshot(path: Path) -> list[str]:
    """Create the mock API's indexes in the SQLite file at `path` and ANALYZE it; returns the indexes made.

    Indexed: every foreign key column (nested routes, `_embed`), every numeric, date and boolean column
    (range filters and `_sort`), and categorical text columns. Rows and results do not change."""
    schema = read_schema(path)
    made: list[str] = []
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        for table in schema.tables.values():
            wanted = {fk.column for fk in table.foreign_keys}
            for column in table.columns.values():
                if (column.primary and len(table.primary_key) == 1) or column.unique or column.kind == "blob":
                    continue  # already indexed by SQLite, or never filtered
                if column.kind != "text":
                    wanted.add(column.name)
                else:
                    distinct = con.execute(
                        f"SELECT count(*) FROM (SELECT DISTINCT {quote(column.name)} FROM {quote(table.name)} "
                        f"LIMIT {CATEGORICAL_DISTINCT + 1})").fetchone()[0]
                    if distinct <= CATEGORICAL_DISTINCT:
                        wanted.add(column.name)
            for name in sorted(wanted):
                index = f"synthdb_mock_{table.name}_{name}"
                con.execute(f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table.name)} ({quote(name)})")
                made.append(index)
        # Statistics let SQLite choose between two usable indexes (status vs total) by selectivity.
        con.execute("ANALYZE")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return made
