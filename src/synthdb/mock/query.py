"""List queries from request parameters: filters, operators, sorting, paging and search, all bound.

Every identifier comes from the snapshot's schema (a parameter naming anything else is a 400) and every
value is a bound parameter: no text of the request is ever spliced into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from synthdb.mock.errors import MockError
from synthdb.mock.schema import Column, Table, quote

# Operator suffixes (json-server's), longest first so `_gte` wins over `_gt`.
OPERATORS = {"_gte": ">=", "_lte": "<=", "_gt": ">", "_lt": "<", "_ne": "<>", "_like": "LIKE", "_in": "IN"}
RESERVED = frozenset({"_sort", "_order", "_page", "_limit", "_start", "_end", "q", "_embed", "_expand"})
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
MAX_IN_VALUES = 500


@dataclass
class ListQuery:
    """A parsed list request: the WHERE clause with its arguments, the ordering and the page."""

    where: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    page: int = 1
    limit: int = DEFAULT_LIMIT
    paged: bool = False

    def where_sql(self) -> str:
        return " WHERE " + " AND ".join(self.where) if self.where else ""

    def count_sql(self, table: Table) -> str:
        return f"SELECT count(*) FROM {quote(table.name)}{self.where_sql()}"

    def select_sql(self, table: Table) -> str:
        order = " ORDER BY " + ", ".join(self.order) if self.order else ""
        return f"SELECT * FROM {quote(table.name)}{self.where_sql()}{order} LIMIT ? OFFSET ?"

    def select_args(self) -> list[Any]:
        return [*self.args, self.limit, (self.page - 1) * self.limit]


def coerce(column: Column, value: str, parameter: str) -> Any:
    """A query-string value as the column compares it (SQLite applies numeric affinity to the rest)."""
    if column.kind == "boolean":
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes"):
            return 1
        if lowered in ("false", "0", "no"):
            return 0
        raise MockError(400, f"{parameter}: '{value}' is not a boolean (true or false)")
    if column.kind in ("integer", "number"):
        try:
            number = float(value)
        except ValueError:
            raise MockError(400, f"{parameter}: '{value}' is not a number") from None
        # Beyond 64 bits SQLite cannot bind an integer; the float compares the same way.
        small = number.is_integer() and abs(number) < 2**63
        return int(number) if column.kind == "integer" and small else number
    return value


def _split_filter(table: Table, name: str) -> tuple[Column, str]:
    if name in table.columns:
        return table.columns[name], "="
    for suffix, operator in OPERATORS.items():
        if name.endswith(suffix) and name[: -len(suffix)] in table.columns:
            return table.columns[name[: -len(suffix)]], operator
    raise MockError(400, f"{name}: '{table.name}' has no such column (columns: {', '.join(table.columns)})")


def _like_pattern(value: str) -> str:
    # Without wildcards of their own, `name_like=ann` means "contains ann" (json-server's habit).
    if "%" in value or "_" in value:
        return value
    return f"%{value}%"


def add_filter(query: ListQuery, table: Table, name: str, values: Sequence[str]) -> None:
    """One filter parameter (repeated values of a plain filter mean any of them)."""
    column, operator = _split_filter(table, name)
    target = quote(column.name)
    if operator == "IN" or (operator == "=" and len(values) > 1):
        items = [part for value in values for part in (value.split(",") if operator == "IN" else [value])]
        if len(items) > MAX_IN_VALUES:
            raise MockError(400, f"{name}: at most {MAX_IN_VALUES} values")
        query.where.append(f"{target} IN ({', '.join('?' for _ in items)})")
        query.args.extend(coerce(column, item, name) for item in items)
        return
    for value in values:
        if operator == "LIKE":
            query.where.append(f"{target} LIKE ?")
            query.args.append(_like_pattern(value))
        elif value.lower() == "null" and operator in ("=", "<>"):
            query.where.append(f"{target} IS {'NOT ' if operator == '<>' else ''}NULL")
        else:
            query.where.append(f"{target} {operator} ?")
            query.args.append(coerce(column, value, name))


def add_search(query: ListQuery, table: Table, text: str) -> None:
    """`q`: the text appears (case-insensitively for ASCII) in any text column."""
    columns = table.text_columns()
    if not columns:
        query.where.append("0")
        return
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query.where.append("(" + " OR ".join(f"{quote(c)} LIKE ? ESCAPE '\\'" for c in columns) + ")")
    query.args.extend(f"%{escaped}%" for _ in columns)


def _positive(name: str, value: str, cap: int | None = None) -> int:
    if not value.isdigit() or int(value) < 1:
        raise MockError(400, f"{name}: expected a positive integer, got '{value}'")
    number = int(value)
    if cap is not None and number > cap:
        raise MockError(400, f"{name}: at most {cap}, got {number}")
    return number


def add_sort(query: ListQuery, table: Table, sort: str, order: str | None) -> None:
    """`_sort=a,-b` or `_sort=a,b&_order=asc,desc`; the primary key breaks ties so pages are stable."""
    fields = [part.strip() for part in sort.split(",") if part.strip()]
    orders = [part.strip().lower() for part in (order or "").split(",") if part.strip()]
    for index, name in enumerate(fields):
        descending = name.startswith("-")
        name = name.lstrip("-")
        if name not in table.columns:
            raise MockError(400, f"_sort: '{table.name}' has no column '{name}'")
        if index < len(orders):
            if orders[index] not in ("asc", "desc"):
                raise MockError(400, f"_order: expected asc or desc, got '{orders[index]}'")
            descending = orders[index] == "desc"
        query.order.append(f"{quote(name)} {'DESC' if descending else 'ASC'}")


def build_list(table: Table, params: Sequence[tuple[str, str]], fixed: dict[str, Any] | None = None) -> ListQuery:
    """The query of `GET /table` with `params` (the query string's pairs, in order); `fixed`: equalities
    the path imposes (a nested route's foreign key)."""
    query = ListQuery()
    for column, value in (fixed or {}).items():
        query.where.append(f"{quote(column)} = ?")
        query.args.append(value)
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        grouped.setdefault(name, []).append(value)
    single = {name: values[-1] for name, values in grouped.items()}
    for name, values in grouped.items():
        if name in RESERVED or name == "_session":
            continue
        if name.startswith("_"):
            raise MockError(400, f"{name}: unknown parameter (known: {', '.join(sorted(RESERVED))})")
        add_filter(query, table, name, values)
    if single.get("q"):
        add_search(query, table, single["q"])
    if "_sort" in single:
        add_sort(query, table, single["_sort"], single.get("_order"))
    for key in table.primary_key or []:
        query.order.append(f"{quote(key)} ASC")
    if not table.primary_key:
        query.order.append("rowid ASC")
    if "_limit" in single:
        query.limit = _positive("_limit", single["_limit"], MAX_LIMIT)
        query.paged = True
    if "_page" in single:
        query.page = _positive("_page", single["_page"], 10_000_000)
        query.paged = True
    return query
