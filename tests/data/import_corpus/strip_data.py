"""Keep the DDL of a public sample-database script: drop its rows, routines, triggers and views.

Run once per source file when the corpus is refreshed (see README.md):
`python tests/data/import_corpus/strip_data.py SOURCE.sql postgres|mysql|tsql > NAME.sql`.
"""

from __future__ import annotations

import re
import sys

from synthdb.importers.ddl import split_statements

# Statements kept: the schema and its constraints (tables, types, domains, sequences, keys, indexes).
KEEP = re.compile(r"^(CREATE\s+(TABLE|TYPE|DOMAIN|SEQUENCE|SCHEMA|(UNIQUE\s+)?INDEX|EXTENSION)|ALTER\s+(TABLE|SEQUENCE)"
                  r"|SET\s+(NAMES|standard_conforming_strings|client_encoding))", re.I)
# ... except these: ownership and grants, which name roles the test database does not have.
DROP = re.compile(r"\bOWNER\s+TO\b|^ALTER\s+TABLE\s+\S+\s+(ENABLE|DISABLE)\s+TRIGGER", re.I)
# ... and extensions that do not ship with PostgreSQL (Supabase's pgsodium, pg_graphql, pgjwt, vault): the
# test server has only the contrib modules. The tables never need them.
CONTRIB = {"pgcrypto", "uuid-ossp", "pg_stat_statements", "citext", "hstore", "ltree", "pg_trgm", "btree_gist",
           "btree_gin", "tablefunc", "intarray", "cube", "earthdistance", "fuzzystrmatch", "unaccent"}
_EXTENSION = re.compile(r'^CREATE\s+EXTENSION\s+(IF\s+NOT\s+EXISTS\s+)?"?([\w-]+)"?', re.I)


def _foreign_extension(statement: str) -> bool:
    match = _EXTENSION.match(statement)
    return match is not None and match.group(2).lower() not in CONTRIB
# T-SQL keeps its user-defined types (CREATE TYPE x FROM y, EXEC sp_addtype) and only UNIQUE indexes: plain
# index names repeat across tables (Northwind's "PostalCode"), which SQL Server allows and PostgreSQL does not,
# and they constrain nothing. XML/full-text/spatial indexes and XML schema collections are not schema shape.
TSQL_KEEP = re.compile(r"^(CREATE\s+(TABLE|TYPE|SCHEMA|UNIQUE\s+((NON)?CLUSTERED\s+)?INDEX)"
                       r"|ALTER\s+TABLE\s+\S+\s+(WITH\s+(NO)?CHECK\s+)?ADD\b|EXEC(UTE)?\s+(dbo\.)?sp_addtype\b)", re.I)


def strip(text: str, dialect: str) -> str:
    """The DDL statements of `text`, each ending with a semicolon, in their original order."""
    if dialect == "tsql":
        return strip_tsql(text)
    lines, skipping = [], None
    for line in text.splitlines():
        if skipping is not None:  # inside a COPY block or a DELIMITER block
            if re.match(skipping, line.strip(), re.I):
                skipping = None
            continue
        if re.match(r"^COPY\s.*FROM\s+stdin\b.*;\s*$", line, re.I):
            skipping = r"^\\\.$"
        elif re.match(r"^DELIMITER\s+(?!;)", line.strip(), re.I):
            skipping = r"^DELIMITER\s+;$"
        elif not line.lstrip().startswith("--"):
            lines.append(line)
    # A statement may open with a block comment (Chinook's banners): the comment goes, the statement stays.
    statements = [re.sub(r"^(\s*/\*.*?\*/\s*)+", "", s, flags=re.S)
                  for s in split_statements("\n".join(lines), dialect)]
    kept = [s for s in statements if KEEP.match(s) and not DROP.search(s) and not _foreign_extension(s)]
    if dialect == "mysql":  # a MySQL schema is a database: the test makes its own
        kept = [s for s in kept if not re.match(r"^CREATE\s+SCHEMA\b", s, re.I)]
    return "".join(s + ";\n\n" for s in kept)


# Words that open a T-SQL statement: a batch needs no semicolons, so one opening a line at the top level
# starts the next statement (`execute sp_addtype ...` then `raiserror(...)` in pubs).
_TSQL_STARTERS = {"ALTER", "BEGIN", "BULK", "CHECKPOINT", "CREATE", "DBCC", "DECLARE", "DELETE", "DROP", "END",
                  "EXEC", "EXECUTE", "GRANT", "IF", "INSERT", "PRINT", "RAISERROR", "SELECT", "SET", "UPDATE", "USE",
                  "WHILE"}


def _tsql_statements(text: str) -> list[str]:
    """`text` cut before each top-level line that opens with a statement word."""
    from sqlglot import Dialect
    from sqlglot.tokens import TokenType

    cuts, depth = [0], 0
    for token in Dialect.get_or_raise("tsql").tokenize(text):
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and token.text.upper() in _TSQL_STARTERS and token.start > 0 \
                and not text[text.rfind("\n", 0, token.start) + 1:token.start].strip():
            cuts.append(token.start)
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True) if text[a:b].strip()]


def _tsql_name(name: str) -> str:
    return name.rsplit(".", 1)[-1].strip('[]"').lower()


def strip_tsql(text: str) -> str:
    """A SQL Server script's DDL: batches cut at GO, statements at semicolons; sqlcmd lines, SET, PRINT,
    IF ... DROP, data (INSERT, BULK INSERT), routines, triggers, views and extended properties go."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = [line for line in text.splitlines() if not re.match(r"^\s*(:setvar|:on\s+error|--)", line, re.I)]
    kept = []
    for batch in re.split(r"^\s*GO\s*;?\s*$", "\n".join(lines), flags=re.I | re.M):
        for statement in (part for s in split_statements(batch, "tsql") for part in _tsql_statements(s)):
            statement = re.sub(r"^(\s*/\*.*?\*/\s*)+", "", statement, flags=re.S).strip()
            if TSQL_KEEP.match(statement):
                kept.append(statement)
    # An index on a view (AdventureWorks' indexed views) goes with the view.
    tables = {_tsql_name(m.group(1)) for s in kept if (m := re.match(r"CREATE\s+TABLE\s+(\S+?)\s*\(", s, re.I))}
    index = re.compile(r"CREATE\s+UNIQUE\s+((NON)?CLUSTERED\s+)?INDEX\s+\S+\s+ON\s+([^\s(]+)", re.I)
    kept = [s for s in kept if not (m := index.match(s)) or _tsql_name(m.group(3)) in tables]
    return "".join(s + ";\nGO\n\n" for s in kept)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8-sig") as source:
        sys.stdout.write(strip(source.read(), sys.argv[2]))
