"""Keep the DDL of a public sample-database script: drop its rows, routines, triggers and views.

Run once per source file when the corpus is refreshed (see README.md):
`python tests/data/import_corpus/strip_data.py SOURCE.sql postgres|mysql > NAME.sql`.
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


def strip(text: str, dialect: str) -> str:
    """The DDL statements of `text`, each ending with a semicolon, in their original order."""
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


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8-sig") as source:
        sys.stdout.write(strip(source.read(), sys.argv[2]))
