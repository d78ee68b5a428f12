"""Read CREATE TABLE, ALTER TABLE ... ADD CONSTRAINT and CREATE TYPE ... AS ENUM with sqlglot (4 dialects)."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from synthdb.definition.platforms import PLATFORMS, canonical_platform
from synthdb.errors import UsageError
from synthdb.importers import tsql
from synthdb.importers.schema import Column, ForeignKey, Schema, Table, literal_text, type_text
from synthdb.outputs.sql.dialects import dialect_for

T = exp.DataType.Type
_SERIALS = {T.SERIAL, T.BIGSERIAL, T.SMALLSERIAL}
# SQL Server scripts separate batches with a line holding only GO.
_GO = re.compile(r"^\s*GO\s*;?\s*$", re.IGNORECASE | re.MULTILINE)


def dialect_of(name: str) -> str:
    """The sqlglot dialect for a --dialect name (postgres, mysql, mariadb, sqlite, tsql/sqlserver, duckdb)."""
    if canonical_platform(name) is None:
        raise UsageError(f"unsupported dialect '{name}' (dialects: {', '.join(PLATFORMS)})")
    return dialect_for(name).sqlglot


def split_statements(text: str, dialect: str) -> list[str]:
    """The statements of a script, split at semicolons the tokenizer sees (not those inside strings)."""
    text = _GO.sub(";", text)
    try:
        tokens = sqlglot.Dialect.get_or_raise(dialect).tokenize(text)
    except TokenError as exc:
        raise UsageError(f"cannot read the DDL: {exc}") from exc
    statements, start = [], 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            statements.append(text[start:token.start])
            start = token.end + 1
    statements.append(text[start:])
    return [s.strip() for s in statements if s.strip()]


_SCHEMA_HEAD = re.compile(r"^\s*CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?"
                          r"(?:AUTHORIZATION\s+(?P<role>[\w\"]+)|(?P<name>[\w\"]+)(?:\s+AUTHORIZATION\s+[\w\"]+)?)",
                          re.IGNORECASE)


def schema_elements(statement: str, dialect: str) -> tuple[str | None, list[str]]:
    """`CREATE SCHEMA x CREATE TABLE ... CREATE INDEX ...`: (x, its elements as statements of their own).

    sqlglot reads such a statement as an opaque command, so it is cut at each top-level CREATE/GRANT.
    """
    head = _SCHEMA_HEAD.match(statement)
    if head is None:
        return None, [statement]
    name = (head.group("name") or head.group("role") or "").strip('"')
    rest = statement[head.end():]
    tokens = sqlglot.Dialect.get_or_raise(dialect).tokenize(rest)
    depth, cuts = 0, []
    for token in tokens:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and token.token_type in (TokenType.CREATE, TokenType.GRANT):
            cuts.append(token.start)
    parts = [rest[a:b] for a, b in zip(cuts, [*cuts[1:], len(rest)], strict=False)]
    return name, [p.strip() for p in parts if p.strip()]


def parse_ddl(text: str, dialect: str, name: str = "imported", schemas: list[str] | None = None) -> Schema:
    """Every table, key, constraint and enum declared in a DDL script (of the `schemas` given, else all)."""
    dialect = dialect_of(dialect)
    schema = Schema(name=name, dialect=dialect)
    # sqlglot logs a warning for every statement it keeps as a Command (GRANT, COMMENT ...): not news here.
    sqlglot_log = logging.getLogger("sqlglot")
    level = sqlglot_log.level
    sqlglot_log.setLevel(logging.ERROR)
    try:
        for alias, base in (tsql.BUILTIN_TYPES.items() if dialect == "tsql" else []):
            _domain(schema, f"CREATE DOMAIN {alias} AS {base}", dialect)
        for whole in split_statements(text, dialect):
            within, statements = schema_elements(whole, dialect)
            for statement in statements:
                _statement(schema, statement, dialect, within)
    finally:
        sqlglot_log.setLevel(level)
    _resolve(schema)
    schema.finish(schemas)
    return schema


_DOMAIN = re.compile(r"^\s*CREATE\s+DOMAIN\s+(?P<name>(?:[\w\"]+\.)?[\w\"]+)\s+(?:AS\s+)?(?P<rest>.*)$",
                     re.IGNORECASE | re.DOTALL)


def _domain(schema: Schema, statement: str, dialect: str) -> bool:
    """`CREATE DOMAIN d AS base [DEFAULT ..] [NOT NULL] [CHECK (VALUE ...)]`, read as a column `value` of that type."""
    match = _DOMAIN.match(statement)
    if match is None:
        return False
    name = match.group("name").rsplit(".", 1)[-1].strip('"')
    try:
        parsed = sqlglot.parse_one(f"CREATE TABLE _domain (value {match.group('rest')})", read=dialect)
    except ParseError:
        schema.notes.append(f"domain {name}: cannot read '{match.group('rest')[:60]}'; its columns keep the name")
        return True
    holder = Schema(name="_", dialect=dialect)
    _apply(holder, parsed, statement)  # type: ignore[arg-type]
    column = holder.tables["_domain"].columns.get("value")
    if column is not None:
        column.checks += holder.tables["_domain"].checks
        schema.domains[name.lower()] = column
    return True


def _statement(schema: Schema, statement: str, dialect: str, within: str | None) -> None:
    if dialect == "tsql":
        statement = tsql.prepare(statement)
        alias = tsql.user_type(statement)
        if alias is not None:  # an alias type is a domain without CHECKs: read it as one
            _domain(schema, f"CREATE DOMAIN {alias[0]} AS {alias[1]}", dialect)
            return
    if _domain(schema, statement, dialect):
        return
    head = " ".join(statement.split()[:3]).upper()
    try:
        parsed = sqlglot.parse_one(statement, read=dialect)
    except ParseError as exc:
        if head.startswith(("CREATE TABLE", "ALTER TABLE", "CREATE TYPE")):
            first = statement.splitlines()[0][:80]
            raise UsageError(f"cannot parse '{first}...' as {dialect} (try --dialect): "
                             f"{exc.errors[0]['description'] if exc.errors else exc}") from exc
        return  # SET, COMMENT, INSERT, GRANT ...: not part of the schema
    if dialect == "tsql":  # `LIKE '[0-9]...'`: character classes only SQL Server's LIKE reads
        for check in list(parsed.find_all(exp.CheckColumnConstraint)):
            check.set("this", tsql.rewrite_likes(check.this))
    if isinstance(parsed, exp.Command) and head.startswith(("CREATE", "ALTER")) and not head.startswith(
            ("CREATE INDEX", "CREATE UNIQUE", "CREATE SEQUENCE", "CREATE FUNCTION", "CREATE OR", "CREATE TRIGGER",
             "CREATE VIEW", "CREATE EXTENSION", "CREATE PROCEDURE", "CREATE RULE", "CREATE POLICY", "CREATE ROLE",
             "CREATE USER", "CREATE DATABASE", "CREATE SCHEMA", "CREATE AGGREGATE", "CREATE OPERATOR",
             "CREATE MATERIALIZED", "CREATE COLLATION", "CREATE TEXT", "CREATE CAST", "ALTER SEQUENCE",
             "ALTER FUNCTION", "ALTER SCHEMA", "ALTER DATABASE", "ALTER ROLE", "ALTER DEFAULT")):
        # sqlglot kept it as text it does not understand: say so rather than lose a table silently.
        schema.notes.append(f"not understood as {dialect}, left out: {' '.join(statement.split())[:80]}")
        return
    _apply(schema, parsed, statement, within)  # type: ignore[arg-type]


def _table_of(schema: Schema, target: exp.Expression, within: str | None) -> Table | None:
    """The table a reference names: qualified, else in the CREATE SCHEMA block, else the default schema."""
    named = target.args.get("db")
    if named is not None:
        return schema.table(target.name, named.name)
    return (schema.table(target.name, within) if within else None) or schema.table(target.name)


def _apply(schema: Schema, statement: exp.Expression, text: str, within: str | None = None) -> None:
    if isinstance(statement, exp.Create):
        kind = str(statement.args.get("kind") or "").upper()
        target = statement.this
        if kind == "TYPE" and isinstance(statement.expression, exp.DataType) and statement.expression.this == T.ENUM:
            schema.enums[target.name] = [str(v.name) for v in statement.expression.expressions]
        elif kind == "TABLE" and isinstance(target, exp.Schema):
            _create_table(schema, target, within, _inherited(schema, statement, within))
        elif kind == "TABLE":
            schema.notes.append(f"skipped '{' '.join(text.split()[:4])} ...': not a plain CREATE TABLE")
        elif kind == "INDEX" and statement.args.get("unique") and isinstance(target, exp.Index):
            table = _table_of(schema, target.args["table"], within) if target.args.get("table") else None
            params = target.args.get("params")
            columns = _names(params.args.get("columns") or []) if params is not None else []
            if table is not None and columns:
                table.unique.append(columns)
    elif isinstance(statement, exp.Alter) and str(statement.args.get("kind") or "").upper() == "TABLE":
        table = _table_of(schema, statement.this, within)
        if table is None:
            return
        for action in statement.args.get("actions") or []:
            if isinstance(action, exp.AddConstraint):
                for item in action.expressions:
                    _table_constraint(table, item)


def _inherited(schema: Schema, statement: exp.Create, within: str | None) -> list[Column]:
    """Columns a PostgreSQL `INHERITS (parent)` table takes from its parents (with their NOT NULLs and CHECKs)."""
    columns: list[Column] = []
    properties = statement.args.get("properties")
    for prop in properties.expressions if properties is not None else []:
        if isinstance(prop, exp.InheritsProperty):
            for parent_ref in prop.expressions:
                parent = _table_of(schema, parent_ref, within)
                if parent is None:
                    schema.notes.append(f"{statement.this.name}: inherits '{parent_ref.name}', which is not declared")
                    continue
                columns += [copy.deepcopy(c) for c in parent.columns.values()]
    return columns


def _create_table(schema: Schema, definition: exp.Schema, within: str | None = None,
                  inherited: list[Column] | None = None) -> None:
    target = definition.this
    table = Table(target.name, schema=target.db or within or None)
    schema.tables[schema.key(table.schema, table.name)] = table
    for column in inherited or []:
        table.columns[column.name] = column
    for item in definition.expressions:
        if isinstance(item, exp.ColumnDef):
            _column(schema, table, item)
        elif isinstance(item, exp.Identifier):  # SQLite allows columns without a type
            table.columns[item.name] = Column(item.name, "")
        else:
            _table_constraint(table, item)


def _column(schema: Schema, table: Table, definition: exp.ColumnDef) -> None:
    kind = definition.args.get("kind")
    data_type = type_text(kind, schema.dialect) if isinstance(kind, exp.DataType) else ""
    column = Column(definition.name, data_type, kind if isinstance(kind, exp.DataType) else None)
    if isinstance(kind, exp.DataType):
        column.autoincrement = kind.this in _SERIALS
        if kind.this in (T.ENUM, T.SET):  # one member of a MySQL SET is a valid value
            column.enum_values = [str(v.name) for v in kind.expressions]
    table.columns[column.name] = column
    for constraint in definition.args.get("constraints") or []:
        found = constraint.args.get("kind") if isinstance(constraint, exp.ColumnConstraint) else constraint
        if isinstance(found, exp.NotNullColumnConstraint):
            column.nullable = bool(found.args.get("allow_null"))
        elif isinstance(found, exp.PrimaryKeyColumnConstraint):
            table.primary_key = [column.name]
            column.nullable = False
        elif isinstance(found, exp.UniqueColumnConstraint):
            table.unique.append([column.name])
        elif isinstance(found, exp.DefaultColumnConstraint):
            column.default = literal_text(found.this)
        elif isinstance(found, exp.AutoIncrementColumnConstraint | exp.GeneratedAsIdentityColumnConstraint):
            column.autoincrement = True
        elif isinstance(found, exp.ComputedColumnConstraint):
            column.computed = True
        elif isinstance(found, exp.Reference):
            parent, parent_columns = _reference(found)
            table.foreign_keys.append(ForeignKey([column.name], parent, parent_columns))
        elif isinstance(found, exp.CheckColumnConstraint):
            _check(table, found.this)
    if kind is None:
        return
    if definition.find(exp.ComputedColumnConstraint) is not None:
        column.computed = True


def _clustered(items: list[exp.Expression]) -> list[str]:
    """Columns of SQL Server's `PRIMARY KEY CLUSTERED (a, b)` / `UNIQUE NONCLUSTERED (a)`."""
    for item in items:
        if isinstance(item, exp.ClusteredColumnConstraint | exp.NonClusteredColumnConstraint):
            return _names(item.this)
    return []


def _table_constraint(table: Table, item: exp.Expression) -> None:
    if isinstance(item, exp.Constraint):
        inner = list(item.expressions)
        if inner and isinstance(inner[0], exp.PrimaryKeyColumnConstraint) and _clustered(inner[1:]):
            _table_constraint(table, exp.PrimaryKey(expressions=[exp.to_identifier(n) for n in _clustered(inner[1:])]))
            return
        for part in inner:
            _table_constraint(table, part)
    elif isinstance(item, exp.PrimaryKey):
        table.primary_key = _names(item.expressions)
        for name in table.primary_key:
            if name in table.columns:
                table.columns[name].nullable = False
    elif isinstance(item, exp.ForeignKey):
        parent, parent_columns = _reference(item.args["reference"])
        table.foreign_keys.append(ForeignKey(_names(item.expressions), parent, parent_columns))
    elif isinstance(item, exp.UniqueColumnConstraint):
        target = item.this
        columns = _names(target.expressions) if isinstance(target, exp.Schema) else _clustered([target])
        if columns:
            table.unique.append(columns)
    elif isinstance(item, exp.CheckColumnConstraint):
        _check(table, item.this)


def _check(table: Table, condition: exp.Expression) -> None:
    """A CHECK goes to its column when it mentions only that one, else to the table."""
    mentioned = {c.name for c in condition.find_all(exp.Column)}
    if len(mentioned) == 1 and next(iter(mentioned)) in table.columns:
        table.columns[next(iter(mentioned))].checks.append(condition)
    else:
        table.checks.append(condition)


def _reference(reference: exp.Reference) -> tuple[str, list[str]]:
    """(parent key, parent columns): qualified when the reference names a schema (resolved in `_resolve`)."""
    target = reference.this
    columns = _names(target.expressions) if isinstance(target, exp.Schema) else []
    table = target.this if isinstance(target, exp.Schema) else target
    qualifier = table.args.get("db")
    name = f"{qualifier.name}.{table.name}" if qualifier is not None else table.name
    return name, columns  # no columns: the parent's primary key, resolved once every table is read


def _names(items: Iterable[exp.Expression]) -> list[str]:
    names = []
    for item in items:
        node = item.this if isinstance(item, exp.Ordered) else item
        names.append(node.name)
    return names


def _use_domain(schema: Schema, table: Table, column: Column, domain: Column) -> None:
    """A column of a domain type takes the domain's base type, NOT NULL and CHECKs (VALUE -> the column)."""
    if domain.kind is None:
        return
    if domain.kind.this == T.USERDEFINED and domain.data_type in schema.enums:
        column.enum_values = schema.enums[domain.data_type]
    schema.notes.append(f"{table.name}.{column.name}: domain {column.data_type} is {domain.data_type}"
                        + (f" with CHECK {' AND '.join(c.sql() for c in domain.checks)}" if domain.checks else ""))
    column.kind, column.data_type = domain.kind.copy(), domain.data_type
    column.nullable = column.nullable and domain.nullable
    for check in domain.checks:
        renamed = check.copy()
        for ref in renamed.find_all(exp.Column):
            if ref.name.lower() == "value":
                ref.replace(exp.column(column.name))
        column.checks.append(renamed)


def _bare_type(column: Column) -> str:
    """A user-defined type's name as domains are keyed: lower case, without T-SQL's brackets or a schema."""
    return column.data_type.rsplit(".", 1)[-1].strip('[]"').lower()


def _resolve(schema: Schema) -> None:
    """Fill in what needs every table: parent keys of bare REFERENCES, enum types, key nullability."""
    for table in schema.tables.values():
        for fk in table.foreign_keys:
            qualifier, _, bare = fk.parent.rpartition(".")
            # An unqualified parent is looked up in the child's own schema first (a CREATE SCHEMA block).
            parent = (schema.table(bare, qualifier) if qualifier else
                      (table.schema and schema.table(bare, table.schema)) or schema.table(bare))
            if parent is not None:
                fk.parent = schema.key(parent.schema, parent.name)
                if not fk.parent_columns:
                    fk.parent_columns = list(parent.primary_key)
        for column in table.columns.values():
            kind = column.kind
            if kind is not None and kind.this == T.USERDEFINED and column.data_type in schema.enums:
                column.enum_values = schema.enums[column.data_type]
            elif kind is not None and kind.this == T.USERDEFINED and _bare_type(column) in schema.domains:
                _use_domain(schema, table, column, schema.domains[_bare_type(column)])
        for name in table.primary_key:
            if name in table.columns:
                table.columns[name].nullable = False
        computed = {c.name for c in table.columns.values() if c.computed}
        for columns in [u for u in table.unique if computed & set(u)]:
            # The database computes that column (left out of the definition): the key cannot be generated.
            schema.notes.append(f"{table.name}: unique ({', '.join(columns)}) left out: it holds a computed column")
            table.unique.remove(columns)
