"""DuckDB: no deferred constraints and no ALTER TABLE ADD FOREIGN KEY, so self-references and cycles go undeclared."""

from __future__ import annotations

from synthdb.outputs.sql.dialects.base import SqlDialect, T


class DuckDb(SqlDialect):
    name = "duckdb"
    sqlglot = "duckdb"
    nan = "'NaN'"
    infinity = "'Infinity'"
    negative_infinity = "'-Infinity'"
    binary = ("unhex('", "')")
    self_references = "skip"
    forward_references = "skip"
    # "Creating foreign keys across different schemas or catalogs is not supported".
    cross_schema_keys = False
    native_types = frozenset({T.ENUM})
    bit_as_boolean = True
    unsigned_integers = True  # UTINYINT ... UBIGINT
    # DuckDB checks foreign keys eagerly: deleting a parent row in the transaction that deleted its
    # children fails (its documented limitation), so each DELETE commits on its own, children first.
    deletes_in_transaction = False
