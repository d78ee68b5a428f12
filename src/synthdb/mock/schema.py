"""The snapshot's schema, read from the SQLite file: tables, columns, kinds, keys, foreign keys."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

_LENGTH = re.compile(r"\(\s*(\d+)\s*\)")


@dataclass(frozen=True)
class Column:
    """One column as the mock sees it: `kind` is integer, number, text, boolean, date, datetime or blob."""

    name: str
    declared: str
    kind: str
    notnull: bool
    primary: bool
    unique: bool
    max_length: int | None


@dataclass(frozen=True)
class ForeignKey:
    """`column` of the child refers to `parent_column` of `parent`."""

    column: str
    parent: str
    parent_column: str


@dataclass
class Table:
    """A table of the snapshot."""

    name: str
    columns: dict[str, Column]
    primary_key: list[str]
    foreign_keys: list[ForeignKey] = field(default_factory=list)

    @property
    def id_column(self) -> str | None:
        """The single-column primary key that `/table/{id}` addresses (None for composite or none)."""
        return self.primary_key[0] if len(self.primary_key) == 1 else None

    def text_columns(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.kind == "text"]


@dataclass
class Schema:
    """Every table, by name, and which tables refer to which."""

    tables: dict[str, Table]

    def children(self, parent: str) -> list[tuple[str, ForeignKey]]:
        """(child table, its foreign key) for every foreign key that refers to `parent`."""
        return [(t.name, fk) for t in self.tables.values() for fk in t.foreign_keys if fk.parent == parent]


def _kind(declared: str, boolean: bool) -> str:
    text = declared.upper()
    if boolean or text.startswith("BOOL"):
        return "boolean"
    if "INT" in text:
        return "integer"
    if text.startswith(("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return "number"
    if text.startswith("DATE") and not text.startswith("DATETIME"):
        return "date"
    if text.startswith(("TIMESTAMP", "DATETIME")):
        return "datetime"
    if text.startswith("BLOB"):
        return "blob"
    return "text"


def _unique_columns(con: sqlite3.Connection, table: str) -> set[str]:
    unique: set[str] = set()
    for _seq, index, is_unique, *_ in con.execute(f'PRAGMA index_list("{table}")'):
        if not is_unique:
            continue
        columns = [row[2] for row in con.execute(f'PRAGMA index_info("{index}")')]
        if len(columns) == 1:
            unique.add(columns[0])
    return unique


def read_schema(path: Path, booleans: dict[str, set[str]] | None = None) -> Schema:
    """The schema of the SQLite file at `path`. `booleans`: columns the definition types as boolean
    (SQLite stores them as integers and its declared type no longer says so)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        tables: dict[str, Table] = {}
        for name in names:
            # Names come from the file itself, and double quotes in them are doubled.
            quoted = name.replace('"', '""')
            unique = _unique_columns(con, quoted)
            flags = (booleans or {}).get(name, set())
            columns: dict[str, Column] = {}
            keys: list[tuple[int, str]] = []
            for _cid, col, declared, notnull, _default, pk in con.execute(f'PRAGMA table_info("{quoted}")'):
                length = _LENGTH.search(declared or "")
                kind = _kind(declared or "", col in flags)
                max_length = int(length.group(1)) if length and kind == "text" else None
                columns[col] = Column(col, declared or "", kind, bool(notnull), bool(pk), col in unique, max_length)
                if pk:
                    keys.append((pk, col))
            fks = [ForeignKey(row[3], row[2], row[4] or "") for row in con.execute(
                f'PRAGMA foreign_key_list("{quoted}")')]
            tables[name] = Table(name, columns, [c for _, c in sorted(keys)], fks)
        for table in tables.values():
            # A foreign key written without its parent column refers to the parent's primary key.
            table.foreign_keys = [fk if fk.parent_column else ForeignKey(
                fk.column, fk.parent, (tables[fk.parent].id_column or "rowid") if fk.parent in tables else "rowid")
                for fk in table.foreign_keys]
        return Schema(tables)
    finally:
        con.close()


def quote(name: str) -> str:
    """A checked identifier (a name from the schema) quoted for SQLite."""
    return '"' + name.replace('"', '""') + '"'
