"""The sql format's `load.sql` in Fabricate's shape: keys off, flush markers, DELETE children first, INSERTs, keys on.

Fabricate's own MySQL script (mockaroo/fabricate-api-examples, js/client/ephemeral/mysql/load.sql) is
`SET FOREIGN_KEY_CHECKS = 0;`, a `-- fabricate-flush` line before every DELETE, one `DELETE FROM` per
table children first, multi-row INSERTs each followed by a flush marker, and `SET FOREIGN_KEY_CHECKS = 1;`.
This writer reproduces that layout byte for byte around our rows (tests/outputs/test_fabricate_shapes.py
compares the two), adds one transaction so a failed run changes nothing, and takes every platform
difference from the dialect: how checks are switched off and on, whether constraints are deferred, and
whether DELETEs may share the transaction. Running the script twice leaves the same rows.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlglot import exp

from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.ddl import begin, commit, table_of
from synthdb.outputs.sql.dialects import SqlDialect
from synthdb.outputs.sql.inserts import write_inserts

# The marker Fabricate's loader splits its script at; a plain SQL comment to every other client.
FLUSH = "-- fabricate-flush"
# What follows each INSERT statement: Fabricate puts a flush marker between blank lines after every one.
INSERT_END = f";\n\n\n{FLUSH}\n\n\n"


def delete_sql(table: TableOutput, dialect: SqlDialect) -> str:
    """`DELETE FROM "t";` in `dialect` (a DELETE, not TRUNCATE: MySQL's TRUNCATE commits implicitly)."""
    return exp.Delete(this=table_of(table, dialect)).sql(dialect.sqlglot) + ";"


def _lines(statements: list[str]) -> bytes:
    return "".join(s.rstrip("\n") + "\n" for s in statements).encode()


def write_replace_load(job: OutputJob, dialect: SqlDialect, out: BinaryIO, *, opening: list[str]) -> None:
    """Write the delete-then-insert script of every table of `job`; `opening` lines come first (comments, settings)."""
    quoted = [table_of(t, dialect).sql(dialect.sqlglot) for t in job.tables]
    transaction = [begin(dialect)] + ([f"{dialect.defer_constraints};"] if dialect.script_defers_constraints
                                      and dialect.defer_constraints else [])
    first = [*opening, *dialect.key_checks_off(quoted)]
    if dialect.deletes_in_transaction:
        first += transaction
    out.write(_lines(first) + b"\n\n")
    # Children first (the reverse of the foreign-key order the tables come in), so every DELETE holds
    # even where the checks stay on.
    for table in reversed(job.tables):
        out.write(f"{FLUSH}\n\n{delete_sql(table, dialect)}\n\n".encode())
    out.write(f"{FLUSH}\n\n\n".encode())
    if not dialect.deletes_in_transaction:
        out.write(_lines(transaction) + INSERT_END[2:].encode())
    for table in job.tables:
        write_inserts(table, dialect, out, end=INSERT_END)
    out.write(_lines([commit(dialect), *dialect.key_checks_on(quoted)]))
