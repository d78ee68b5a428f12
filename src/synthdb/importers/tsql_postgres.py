"""A SQL Server DDL script as PostgreSQL statements (sqlglot's transpiler plus a few fixes), keys and CHECKs kept.

The fixes, each where sqlglot's output is not valid PostgreSQL or would not hold the same values:
BIT -> BOOLEAN (its 0/1 DEFAULTs -> FALSE/TRUE), MONEY/SMALLMONEY -> NUMERIC(19,4)/NUMERIC(10,4) (PostgreSQL's
money has no comparison with the numbers in CHECKs), TINYINT -> SMALLINT, (N)VARCHAR(MAX) -> TEXT,
VARBINARY(MAX)/IMAGE -> BYTEA, hierarchyid/geography/geometry -> TEXT (no such types without extensions),
sysname -> VARCHAR(128), alias types (CREATE TYPE x FROM y, sp_addtype) -> domains, `LIKE '[0-9]...'` ->
SIMILAR TO (PostgreSQL's LIKE has no character classes), `ALTER TABLE ... WITH CHECK ADD a, b` -> one
`ALTER TABLE ... ADD` per constraint, and computed columns (`c AS expr`) left out: their expressions call
T-SQL functions and methods (GetLevel(), dbo.ufnLeadingZeros) and nothing is ever loaded into them.
"""

from __future__ import annotations

import logging

import sqlglot
from sqlglot import exp

from synthdb.importers import tsql
from synthdb.importers.ddl import split_statements

T = exp.DataType.Type
_TEXT_TYPES = {"hierarchyid", "geography", "geometry", "[hierarchyid]", "[geography]", "[geometry]"}
_SIMILAR_SPECIALS = set("|*+?{}()")


def _type(kind: exp.DataType) -> exp.DataType:
    this = kind.this
    is_max = any(p.name.upper() == "MAX" for p in kind.expressions)
    name = str(kind.args.get("kind") or "").lower() if this == T.USERDEFINED else ""
    if this == T.BIT:
        return exp.DataType.build("BOOLEAN")
    if this in {T.MONEY, T.SMALLMONEY}:
        return exp.DataType.build("NUMERIC(19, 4)" if this == T.MONEY else "NUMERIC(10, 4)")
    if this in {T.UTINYINT, T.TINYINT}:
        return exp.DataType.build("SMALLINT")
    if this in {T.VARBINARY, T.IMAGE, T.BINARY} and (is_max or this == T.IMAGE):
        return exp.DataType.build("BYTEA")
    if this in exp.DataType.TEXT_TYPES and is_max:
        return exp.DataType.build("TEXT")
    if this in {T.GEOGRAPHY, T.GEOMETRY} or name in _TEXT_TYPES:
        return exp.DataType.build("TEXT")
    if name in {"sysname", "[sysname]"}:
        return exp.DataType.build("VARCHAR(128)")
    return kind


def _similar(pattern: str) -> str:
    return "".join("\\" + c if c in _SIMILAR_SPECIALS else c for c in pattern)


def _fix(tree: exp.Expr, aliases: dict[str, bool], computed: set[str]) -> exp.Expr:
    booleans = {name for name, boolean in aliases.items() if boolean}
    for ordered in list(tree.find_all(exp.Ordered)):  # `PRIMARY KEY (a ASC)`: no order in PostgreSQL's keys
        ordered.replace(ordered.this)
    for table in tree.find_all(exp.Table):  # dbo is SQL Server's default schema, public PostgreSQL's
        if table.args.get("db") is not None and table.db.lower() == "dbo":
            table.set("db", None)
    for definition in list(tree.find_all(exp.ColumnDef)):
        if definition.find(exp.ComputedColumnConstraint) is not None:
            computed.add(definition.name.lower())
            definition.pop()
            continue
        kind = definition.args.get("kind")
        if isinstance(kind, exp.DataType):
            fixed = _type(kind)
            definition.set("kind", fixed)
            alias = str(fixed.args.get("kind") or "").strip("[]").lower() if fixed.this == T.USERDEFINED else ""
            if alias in aliases:  # qualified: pubs' `tid` is also a type of PostgreSQL's own catalog
                definition.set("kind", exp.DataType(this=T.USERDEFINED, kind=f"public.{alias}"))
            if fixed.this == T.BOOLEAN or alias in booleans:  # DEFAULT (0) / (1) on a BIT column
                for default in definition.find_all(exp.DefaultColumnConstraint):
                    value = default.this.unnest() if isinstance(default.this, exp.Expression) else None
                    if isinstance(value, exp.Literal) and value.this in ("0", "1"):
                        default.set("this", exp.Boolean(this=value.this == "1"))
    for like in list(tree.find_all(exp.Like)):
        pattern = like.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string and tsql.has_classes(pattern.this):
            like.replace(exp.SimilarTo(this=like.this.copy(), expression=exp.Literal.string(_similar(pattern.this))))
    return tree


def _domain(alias: tuple[str, str], aliases: dict[str, bool]) -> str:
    """The alias type as a domain in public, its name folded to lower case as its uses are."""
    base, not_null, _ = alias[1].partition(" NOT NULL")
    kind = _type(exp.DataType.build(base.strip(), dialect="tsql", udt=True))
    aliases[alias[0].lower()] = kind.this == T.BOOLEAN
    return f"CREATE DOMAIN public.{alias[0].lower()} AS {kind.sql('postgres')}" + (" NOT NULL" if not_null else "")


def to_postgres(script: str) -> list[str]:
    """PostgreSQL statements for the tables, types, schemas, keys, CHECKs and unique indexes of a T-SQL script."""
    out: list[str] = []
    aliases: dict[str, bool] = {}  # alias type (lower case) -> whether it is a BIT
    computed: set[str] = set()  # table.column of the computed columns left out (their indexes go too)
    log = logging.getLogger("sqlglot")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        for statement in split_statements(script, "tsql"):
            statement = tsql.prepare(statement)
            alias = tsql.user_type(statement)
            if alias is not None:
                out.append(_domain(alias, aliases))
                continue
            tree = sqlglot.parse_one(statement, read="tsql")
            if isinstance(tree, exp.Command):  # CREATE SCHEMA [x] AUTHORIZATION [dbo]
                name = statement.split()[2].strip('[]"')
                out.append(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
                continue
            table = tree.find(exp.Table)
            prefix = f"{table.name.lower()}." if table is not None else ""
            found: set[str] = set()
            tree = _fix(tree, aliases, found)
            computed |= {prefix + name for name in found}
            if isinstance(tree, exp.Create) and str(tree.args.get("kind")).upper() == "INDEX" and any(
                    prefix + c.name.lower() in computed for c in tree.find_all(exp.Column, exp.Identifier)):
                continue  # an index over a computed column
            if isinstance(tree, exp.Alter):
                tree.set("check", None)
                for action in tree.args.get("actions") or []:
                    for item in action.expressions if isinstance(action, exp.AddConstraint) else [action]:
                        one = tree.copy()
                        one.set("actions", [exp.AddConstraint(expressions=[item.copy()])
                                            if isinstance(action, exp.AddConstraint) else item.copy()])
                        out.append(one.sql("postgres", identify=True))
                continue
            # T-SQL names are case-insensitive and PostgreSQL folds unquoted ones: quote them all, as declared.
            out.append(tree.sql("postgres", identify=True))
    finally:
        log.setLevel(level)
    return out
