"""What a writer receives: the tables to write, in foreign-key order, with their columns and batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from synthdb.outputs.batch_encoding import BatchEncoding, EncodedStream


@dataclass(frozen=True)
class ColumnInfo:
    """One exported column as writers see it."""

    name: str
    arrow_type: pa.DataType
    data_type: str | None = None  # as declared in the definition, if any
    primary_key: bool = False
    nullable: bool = True
    unique: bool = False
    references: tuple[str, str] | None = None  # (parent table, parent column)
    # A foreign key closing a cycle between tables: its parent rows are written later.
    deferred: bool = False
    # The definition's `index: true`: writers that create tables also CREATE INDEX on it.
    index: bool = False


@dataclass
class TableOutput:
    """One table to write: its schema, its size and a way to stream its rows."""

    name: str
    columns: list[ColumnInfo]
    row_count: int
    batches: Callable[[], Iterator[pa.RecordBatch]]
    # Column lists that are unique together (the definition's `unique` table constraints).
    unique_together: list[list[str]] = field(default_factory=list)
    # A primary key over several columns (a unique constraint with primary_key: true).
    composite_primary_key: list[str] = field(default_factory=list)
    # CHECK constraints as (name or None, boolean SQL expression in SQLite's dialect), for DDL writers.
    checks: list[tuple[str | None, str]] = field(default_factory=list)
    # The SQL schema the table lives in (None: the default one); then `name` is its key, `schema.table`,
    # which also names its files (definition/schemas.py).
    sql_schema: str | None = None
    # The same rows already encoded where they are made (outputs/batch_encoding.py): per-table formats
    # use it when present, so encoding and deflate run in the worker processes. A wrapper that changes
    # `batches` must wrap this too (or set it to None), as outputs/nul.py does.
    encoded: Callable[[BatchEncoding], EncodedStream] | None = None

    @property
    def table_name(self) -> str:
        """The table's own name, without its schema."""
        return self.name[len(self.sql_schema) + 1:] if self.sql_schema else self.name

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns])

    @property
    def primary_key(self) -> list[str]:
        return [c.name for c in self.columns if c.primary_key] or list(self.composite_primary_key)


@dataclass
class OutputJob:
    """Everything to write in one run."""

    database_name: str
    platform: str
    tables: list[TableOutput]
    single_entity: bool = False
    options: dict[str, object] = field(default_factory=dict)
    # SQL tables to declare as real views, after the tables: (name, query in SQLite's dialect).
    views: list[tuple[str, str]] = field(default_factory=list)

    @property
    def schemas(self) -> list[str]:
        """The SQL schemas the job's tables live in, in order of first use (CREATE SCHEMA needs them)."""
        return list(dict.fromkeys(t.sql_schema for t in self.tables if t.sql_schema))
