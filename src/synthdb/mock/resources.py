"""Reading resources: lists with filters and pages, one row by id, children embedded, parents expanded."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from synthdb.mock.errors import MockError
from synthdb.mock.query import ListQuery, build_list, coerce
from synthdb.mock.schema import ForeignKey, Schema, Table, quote

_CHUNK = 500


def table_of(schema: Schema, name: str) -> Table:
    """The table called `name`, or 404 naming the tables there are."""
    table = schema.tables.get(name)
    if table is None:
        raise MockError(404, f"no resource '{name}' (resources: {', '.join(schema.tables)})")
    return table


def as_json(table: Table, columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """A row as a JSON object: booleans as booleans, blobs as hex."""
    out: dict[str, Any] = {}
    for name, value in zip(columns, row, strict=True):
        column = table.columns.get(name)
        if column is not None and column.kind == "boolean" and value is not None:
            value = bool(value)
        elif isinstance(value, bytes):
            value = value.hex()
        out[name] = value
    return out


def fetch(con: sqlite3.Connection, table: Table, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(args))
    columns = [d[0] for d in cursor.description]
    return [as_json(table, columns, row) for row in cursor.fetchall()]


def id_value(table: Table, raw: str) -> Any:
    """The path's id as the key column compares it; 404 when the table has no single-column key."""
    if table.id_column is None:
        raise MockError(404, f"'{table.name}' has no single-column primary key to address rows by")
    try:
        return coerce(table.columns[table.id_column], raw, "id")
    except MockError:
        raise MockError(404, f"no {table.name} with id '{raw}'") from None


def get_row(con: sqlite3.Connection, table: Table, raw_id: str) -> dict[str, Any]:
    """The row whose key is `raw_id`, or 404."""
    key = table.id_column
    value = id_value(table, raw_id)
    rows = fetch(con, table, f"SELECT * FROM {quote(table.name)} WHERE {quote(key or '')} = ?", [value])
    if not rows:
        raise MockError(404, f"no {table.name} with id '{raw_id}'")
    return rows[0]


def list_rows(
    con: sqlite3.Connection, table: Table, params: Sequence[tuple[str, str]], fixed: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], int, ListQuery]:
    """The page of rows, the total number of matching rows, and the parsed query."""
    query = build_list(table, params, fixed)
    total = int(con.execute(query.count_sql(table), query.args).fetchone()[0])
    rows = fetch(con, table, query.select_sql(table), query.select_args())
    return rows, total, query


def _many(values: list[Any]) -> list[list[Any]]:
    return [values[i:i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def embed(con: sqlite3.Connection, schema: Schema, table: Table, rows: list[dict[str, Any]], names: str) -> None:
    """`_embed=orders,reviews`: each row gets the list of its children in those tables."""
    for name in [n.strip() for n in names.split(",") if n.strip()]:
        links = [(child, fk) for child, fk in schema.children(table.name) if child == name]
        if not links:
            known = sorted({child for child, _ in schema.children(table.name)})
            raise MockError(400, f"_embed: '{name}' does not refer to '{table.name}' (children: "
                                 f"{', '.join(known) or 'none'})")
        child_name, fk = links[0]
        child = schema.tables[child_name]
        keys = [row[fk.parent_column] for row in rows if row.get(fk.parent_column) is not None]
        grouped: dict[Any, list[dict[str, Any]]] = {}
        for chunk in _many(sorted(set(keys))):
            order = ", ".join(quote(k) for k in child.primary_key) or "rowid"
            sql = (f"SELECT * FROM {quote(child.name)} WHERE {quote(fk.column)} IN "
                   f"({', '.join('?' for _ in chunk)}) ORDER BY {order}")
            for item in fetch(con, child, sql, chunk):
                grouped.setdefault(item[fk.column], []).append(item)
        for row in rows:
            row[name] = grouped.get(row.get(fk.parent_column), [])


def _parent_link(table: Table, name: str) -> ForeignKey:
    for fk in table.foreign_keys:
        if name in (fk.column, fk.parent) or fk.column == f"{name}_id":
            return fk
    known = [fk.column.removesuffix("_id") for fk in table.foreign_keys]
    raise MockError(400, f"_expand: '{name}' is not a parent of '{table.name}' (parents: {', '.join(known) or 'none'})")


def expand(con: sqlite3.Connection, schema: Schema, table: Table, rows: list[dict[str, Any]], names: str) -> None:
    """`_expand=customer`: each row gets its parent row (through the foreign key `customer_id`)."""
    for name in [n.strip() for n in names.split(",") if n.strip()]:
        fk = _parent_link(table, name)
        parent = schema.tables[fk.parent]
        keys = sorted({row[fk.column] for row in rows if row.get(fk.column) is not None})
        found: dict[Any, dict[str, Any]] = {}
        for chunk in _many(keys):
            marks = ", ".join("?" for _ in chunk)
            sql = f"SELECT * FROM {quote(parent.name)} WHERE {quote(fk.parent_column)} IN ({marks})"
            for item in fetch(con, parent, sql, chunk):
                found[item[fk.parent_column]] = item
        for row in rows:
            row[name] = found.get(row.get(fk.column))


def nested_link(schema: Schema, parent: Table, child_name: str) -> ForeignKey:
    """The foreign key of `child_name` that refers to `parent` (for `/parent/{id}/child`), or 404."""
    for child, fk in schema.children(parent.name):
        if child == child_name:
            return fk
    raise MockError(404, f"'{child_name}' does not refer to '{parent.name}'")
