"""Writes of the mock API: bodies checked against the table's columns, types and constraints (4xx naming
the field), then applied to the caller's copy of the snapshot."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from synthdb.mock.errors import MockError
from synthdb.mock.resources import get_row, id_value
from synthdb.mock.schema import Column, Schema, Table, quote


def _value(column: Column, value: Any) -> Any:
    """The value to store, or a 400 naming the field."""
    name = column.name
    if value is None:
        if column.notnull and not column.primary:
            raise MockError(400, f"{name}: may not be null")
        return None
    kind = column.kind
    if kind == "integer":
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, float) and value.is_integer())):
            raise MockError(400, f"{name}: expected an integer, got {value!r}")
        if not -(2**63) <= int(value) < 2**63:
            raise MockError(400, f"{name}: {value} does not fit in a 64-bit integer")
        return int(value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise MockError(400, f"{name}: expected a number, got {value!r}")
        return float(value) if isinstance(value, int) and abs(value) >= 2**63 else value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise MockError(400, f"{name}: expected true or false, got {value!r}")
        return int(value)
    if not isinstance(value, str):
        raise MockError(400, f"{name}: expected a string, got {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise MockError(400, f"{name}: not valid Unicode (a lone surrogate)") from None
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise MockError(400, f"{name}: expected a date such as 2024-01-31, got {value!r}") from None
    elif kind == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            example = "2024-01-31T12:00:00"
            raise MockError(400, f"{name}: expected a date and time such as {example}, got {value!r}") from None
    elif kind == "blob":
        try:
            return bytes.fromhex(value)
        except ValueError:
            raise MockError(400, f"{name}: expected hexadecimal bytes, got {value!r}") from None
    elif column.max_length is not None and len(value) > column.max_length:
        raise MockError(400, f"{name}: at most {column.max_length} characters, got {len(value)}")
    return value


def check_body(table: Table, body: Any, partial: bool) -> dict[str, Any]:
    """The columns and values of a write body (an object of the table's columns)."""
    if not isinstance(body, dict):
        raise MockError(400, "body: expected a JSON object of the row's fields")
    for name in body:
        if name not in table.columns:
            raise MockError(400, f"{name}: '{table.name}' has no such field (fields: {', '.join(table.columns)})")
    values = {name: _value(table.columns[name], value) for name, value in body.items()}
    if not partial:
        for column in table.columns.values():
            if column.name not in values and column.notnull and not column.primary:
                raise MockError(400, f"{column.name}: required")
    return values


def _check_parents(con: sqlite3.Connection, schema: Schema, table: Table, values: dict[str, Any]) -> None:
    for fk in table.foreign_keys:
        value = values.get(fk.column)
        if value is None or fk.parent not in schema.tables:
            continue
        sql = f"SELECT 1 FROM {quote(fk.parent)} WHERE {quote(fk.parent_column)} = ? LIMIT 1"
        if con.execute(sql, [value]).fetchone() is None:
            raise MockError(400, f"{fk.column}: no {fk.parent} with {fk.parent_column} {value!r}")


def _apply(con: sqlite3.Connection, table: Table, sql: str, args: list[Any]) -> sqlite3.Cursor:
    try:
        return con.execute(sql, args)
    except sqlite3.IntegrityError as exc:
        text = str(exc)
        if "UNIQUE" in text or "PRIMARY KEY" in text:
            field = text.rsplit(".", 1)[-1] if "." in text else "id"
            raise MockError(409, f"{field}: the value is already used by another {table.name} row") from None
        if "NOT NULL" in text:
            raise MockError(400, f"{text.rsplit('.', 1)[-1]}: may not be null") from None
        raise MockError(409, f"{table.name}: {text}") from None


def create(con: sqlite3.Connection, schema: Schema, table: Table, body: Any) -> dict[str, Any]:
    """POST: insert the row (an omitted integer key is assigned) and return it."""
    values = check_body(table, body, partial=False)
    _check_parents(con, schema, table, values)
    columns = list(values)
    if columns:
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
    else:
        sql = f"INSERT INTO {quote(table.name)} DEFAULT VALUES"
    cursor = _apply(con, table, sql, [values[c] for c in columns])
    key = table.id_column
    row_id = values.get(key) if key else None
    if row_id is None:
        row_id = con.execute(f"SELECT {quote(key)} FROM {quote(table.name)} WHERE rowid = ?",
                             [cursor.lastrowid]).fetchone()[0] if key else cursor.lastrowid
    return get_row(con, table, str(row_id)) if key else values


def update(con: sqlite3.Connection, schema: Schema, table: Table, raw_id: str, body: Any,
           partial: bool) -> dict[str, Any]:
    """PUT (every field; the omitted ones become null) or PATCH (the given fields)."""
    key = table.id_column
    current = get_row(con, table, raw_id)
    values = check_body(table, body, partial)
    if key in values and values[key] != current[key]:
        raise MockError(400, f"{key}: the key cannot change (the path says {raw_id})")
    values.pop(key or "", None)
    if not partial:
        values = {c: values.get(c) for c in table.columns if c != key}
    _check_parents(con, schema, table, values)
    if values:
        assignments = ", ".join(f"{quote(c)} = ?" for c in values)
        _apply(con, table, f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote(key or '')} = ?",
               [*values.values(), current[key or ""]])
    return get_row(con, table, raw_id)


def delete(con: sqlite3.Connection, schema: Schema, table: Table, raw_id: str) -> None:
    """DELETE: refused with 409 while other rows refer to it."""
    row = get_row(con, table, raw_id)
    for child, fk in schema.children(table.name):
        sql = f"SELECT 1 FROM {quote(child)} WHERE {quote(fk.column)} = ? LIMIT 1"
        if con.execute(sql, [row[fk.parent_column]]).fetchone() is not None:
            raise MockError(409, f"{table.name} {raw_id} is referred to by {child}.{fk.column}; delete those first")
    key = table.id_column or ""
    _apply(con, table, f"DELETE FROM {quote(table.name)} WHERE {quote(key)} = ?", [id_value(table, raw_id)])
