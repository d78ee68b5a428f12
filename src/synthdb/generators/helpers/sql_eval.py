"""SQLite-dialect SQL parsed, checked and translated by sqlglot to DuckDB's dialect (run by sql_rows)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import pyarrow as pa
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from synthdb.datatypes import sql_type_for
from synthdb.generators.helpers.sql_rows import (  # noqa: F401 - re-exported for the SQL features
    BATCH,
    ROW,
    SQLITE_SETTINGS,
    VALUE,
    RowExpression,
    SqlError,
    compile_expression,
    configure,
    connection,
    duckdb_error,
)
from synthdb.sql_sandbox.guard import ForbiddenSql, check_sql

READ = "sqlite"  # the dialect users write (Fabricate's)
WRITE = "duckdb"  # the engine that runs it

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _parser_words(exc: SqlglotError) -> str:
    if isinstance(exc, ParseError) and exc.errors:
        first = exc.errors[0]
        near = (first.get("highlight") or "").strip()
        where = f" at line {first.get('line')}, column {first.get('col')}" + (f" (near '{near}')" if near else "")
        return f"invalid SQL: {first.get('description')}{where}"
    plain = _ANSI.sub("", str(exc)).splitlines()
    return f"invalid SQL: {plain[0] if plain else type(exc).__name__}"


def parse(text: str) -> exp.Expr:
    """Parse one SQLite query or expression; SqlError with the parser's words when it is not valid, or
    when it does more than compute values from the definition's tables (sql_sandbox.guard)."""
    try:
        tree = sqlglot.parse_one(text, read=READ)
    except SqlglotError as exc:
        raise SqlError(_parser_words(exc)) from exc
    if tree is None:
        raise SqlError("the SQL is empty")
    try:
        check_sql(tree)
    except ForbiddenSql as exc:
        raise SqlError(str(exc)) from exc
    return tree.transform(_date_with_modifier)


def _date_with_modifier(node: exp.Expr) -> exp.Expr:
    # DuckDB's parser owns DATE(...) with one argument, so SQLite's date(t, modifier) goes to a macro.
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "date" and len(node.expressions) == 2:
        renamed = exp.Anonymous(this="sqlite_date", expressions=[e.copy() for e in node.expressions])
        renamed.meta.update(node.meta)  # keeps the source position for output names
        return renamed
    return node


@functools.lru_cache(maxsize=256)
def parse_expression(text: str) -> exp.Expr:
    """A row expression: one value from the row's columns (no aggregates, windows, subqueries or `*`)."""
    tree = parse(text)
    if isinstance(tree, exp.Alias | exp.Query | exp.Block | exp.Command) or not isinstance(tree, exp.Condition):
        raise SqlError("expected one expression over the row's columns, such as quantity * unit_price")
    for node in tree.walk():
        if isinstance(node, exp.AggFunc):
            raise SqlError(f"'{node.sql(READ)}' aggregates rows; an expression sees one row (use a SQL table)")
        if isinstance(node, exp.Window):
            raise SqlError(f"'{node.sql(READ)}' is a window function; an expression sees one row")
        if isinstance(node, exp.Query | exp.Subquery):
            raise SqlError("subqueries are not supported in an expression; use a SQL table (view + sql)")
        if isinstance(node, exp.Star):
            raise SqlError("'*' is not a value; name the columns")
    return tree


def column_name(column: exp.Column) -> str:
    """`a`, `"customer_id.created_at"` and `customer_id.created_at` name `a` and `customer_id.created_at`."""
    return ".".join(part.name for part in column.parts)


def referenced_columns(tree: exp.Expr) -> list[str]:
    """Column names an expression reads, in order of first appearance."""
    names: dict[str, None] = {}
    for node in tree.find_all(exp.Column, bfs=False):
        names[column_name(node)] = None
    return list(names)


def _source_text(node: exp.Expr, text: str) -> str | None:
    """The text `node` was parsed from (sqlglot records token positions, not closing parentheses)."""
    spans = [(n.meta["start"], n.meta["end"]) for n in node.walk() if "start" in n.meta and "end" in n.meta]
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans) + 1
    while text[start:end].count("(") > text[start:end].count(")") and end < len(text):
        end = text.index(")", end) + 1 if ")" in text[end:] else len(text)
    while text[start:end].count(")") > text[start:end].count("(") and start > 0:
        start = text.rindex("(", 0, start) if "(" in text[:start] else 0
    candidate = text[start:end].strip()
    try:  # trust the slice only if it reads back as the same expression
        return candidate if parse(candidate) == node else None
    except SqlError:
        return None


def output_names(tree: exp.Query, text: str, duckdb_names: list[str]) -> list[str]:
    """A query's column names as SQLite gives them: the alias, the column's name, else the expression as
    written; DuckDB's names when a `*` expands to columns only DuckDB knows."""
    node: exp.Expr = tree
    while isinstance(node, exp.SetOperation | exp.Subquery):
        node = node.left if isinstance(node, exp.SetOperation) else node.this
    if not isinstance(node, exp.Select) or len(node.expressions) != len(duckdb_names):
        return duckdb_names
    names = []
    for projection, fallback in zip(node.expressions, duckdb_names, strict=True):
        if isinstance(projection, exp.Star) or (isinstance(projection, exp.Column) and projection.is_star):
            return duckdb_names
        if isinstance(projection, exp.Alias | exp.Column):
            names.append(projection.alias_or_name or fallback)
        else:
            names.append(_source_text(projection, text) or projection.sql(READ))
    return names


def sqlite_semantics(tree: exp.Expr, schema: Mapping[str, Mapping[str, str]]) -> exp.Expr:
    """Rewrite a qualified-able tree so DuckDB computes what SQLite would: integer division and REAL literals.

    Needs column types (`schema`: table -> column -> SQL type); when sqlglot cannot qualify the query, the
    tree is returned as it is, and `/` follows DuckDB (a division of integers gives a fraction).
    """
    tree = tree.transform(_real_literal)
    try:
        typed = annotate_types(qualify(tree.copy(), schema=dict(schema), dialect=READ),
                               schema=dict(schema), dialect=READ)
    except SqlglotError:
        return tree
    # SQLite divides integers as integers (7 / 2 = 3); DuckDB's `//` truncates the same way.
    for node in list(typed.find_all(exp.Div)):
        if node.left.is_type(*exp.DataType.INTEGER_TYPES) and node.right.is_type(*exp.DataType.INTEGER_TYPES):
            node.replace(exp.IntDiv(this=node.left.copy(), expression=node.right.copy()))
    return typed


def _real_literal(node: exp.Expr) -> exp.Expr:
    # SQLite reads 1.5 as a REAL (a double); DuckDB would read a DECIMAL and keep decimals in the result.
    if isinstance(node, exp.Literal) and not node.is_string and re.search(r"[.eE]", node.this):
        return exp.cast(node.copy(), exp.DataType.build("DOUBLE"))
    return node


def sql_type(arrow_type: pa.DataType) -> str:
    """The SQL type sqlglot should assume for a column of `arrow_type`."""
    return sql_type_for(arrow_type)




def row_sql(text: str, types: Mapping[str, pa.DataType]) -> str:
    """The DuckDB query computing `text` over a batch of columns of these types, one value per row."""
    tree = parse_expression(text)
    names = {name.lower(): name for name in types}

    def exact(node: exp.Expr) -> exp.Expr:
        # One quoted identifier per column, dotted names included (`customer_id.created_at`).
        if isinstance(node, exp.Column):
            name = column_name(node)
            return exp.Column(this=exp.Identifier(this=names.get(name.lower(), name), quoted=True))
        return node

    select = exp.select(
        exp.Column(this=exp.Identifier(this=ROW, quoted=True)),
        exp.alias_(tree.copy().transform(exact), VALUE, quoted=True),
    ).from_(exp.Table(this=exp.Identifier(this=BATCH, quoted=True)))
    schema = {BATCH: {ROW: "BIGINT", **{name: sql_type(t) for name, t in types.items()}}}
    return sqlite_semantics(select, schema).sql(WRITE)


def expression_columns(text: str) -> list[str]:
    """The columns an expression reads, as written (`quantity`, `customer_id.created_at`)."""
    return referenced_columns(parse_expression(text))
