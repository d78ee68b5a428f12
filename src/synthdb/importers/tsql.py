"""SQL Server (T-SQL) DDL: the text fixes sqlglot needs, user-defined types, and LIKE character classes."""

from __future__ import annotations

import re

from sqlglot import exp

# Words sqlglot's T-SQL reader stops at, and that say nothing about the data: storage (CLUSTERED, ON [PRIMARY],
# TEXTIMAGE_ON), replication (NOT FOR REPLICATION, ROWGUIDCOL), an XML column's schema collection, and key
# column order (ASC/DESC, which PostgreSQL refuses in a PRIMARY KEY).
_NOISE = [
    (re.compile(r"\b(NON)?CLUSTERED\b", re.I), ""),
    (re.compile(r"\bROWGUIDCOL\b", re.I), ""),
    (re.compile(r"\bNOT\s+FOR\s+REPLICATION\b", re.I), ""),
    (re.compile(r"\)\s*(TEXTIMAGE_)?ON\s+\[?PRIMARY\]?(\s+TEXTIMAGE_ON\s+\[?PRIMARY\]?)?\s*$", re.I), ")"),
    (re.compile(r"\bON\s+\[?PRIMARY\]?\s*$", re.I), ""),
    (re.compile(r"(\[?\bxml\b\]?)\s*\(\s*((CONTENT|DOCUMENT)\s+)?[\w\[\]\.]+\s*\)", re.I), r"\1"),
    (re.compile(r"(\[[^\]]+\]|\"[^\"]+\"|\w+)\s+(ASC|DESC)\b(?=\s*[,)])", re.I), r"\1"),
    # `UNIQUE CONSTRAINT [DF_x] DEFAULT (NEWID())`: the reader takes UNIQUE only after the named default.
    (re.compile(r"\bUNIQUE\s+(CONSTRAINT\s+\S+\s+DEFAULT\s*\((?:[^()]|\([^()]*\))*\))", re.I), r"\1 UNIQUE"),
]
_REGEX_SPECIALS = set(".^$*+?{}()|\\[]")
# `CREATE TYPE [Flag] FROM bit NOT NULL` and `EXEC sp_addtype id, 'varchar(11)', 'NOT NULL'`.
_CREATE_TYPE = re.compile(r"^\s*CREATE\s+TYPE\s+(?P<name>[\w\[\]\.\"]+)\s+FROM\s+(?P<base>.+?)\s*"
                          r"(?P<null>(NOT\s+)?NULL)?\s*;?\s*$", re.I | re.S)
_ADDTYPE = re.compile(r"^\s*EXEC(UTE)?\s+(dbo\.)?sp_addtype\s+(@typename\s*=\s*)?(?P<name>[\w\[\]'\"]+)\s*,\s*"
                      r"(@phystype\s*=\s*)?'(?P<base>[^']+)'\s*(,\s*(@nulltype\s*=\s*)?'(?P<null>[^']*)')?", re.I)


# SQL Server's built-in alias type (object names in DatabaseLog.Object).
BUILTIN_TYPES = {"sysname": "nvarchar(128)"}


def prepare(statement: str) -> str:
    """The statement with what the T-SQL reader does not take (and the data does not need) removed."""
    for pattern, replacement in _NOISE:
        statement = pattern.sub(replacement, statement)
    return _unique_after_check(statement)


_UNIQUE_CHECK = re.compile(r"\bUNIQUE\s+(?=CHECK\s*\()", re.I)


def _unique_after_check(statement: str) -> str:
    """`c int UNIQUE CHECK (c > 0)` -> `c int CHECK (c > 0) UNIQUE`: the T-SQL reader takes the word after
    UNIQUE for the constraint's name (and then loses the CHECK)."""
    while (found := _UNIQUE_CHECK.search(statement)) is not None:
        depth, end = 0, None
        for i in range(statement.index("(", found.end()), len(statement)):
            depth += {"(": 1, ")": -1}.get(statement[i], 0)
            if depth == 0:
                end = i + 1
                break
        if end is None:
            return statement
        statement = statement[:found.start()] + statement[found.end():end] + " UNIQUE" + statement[end:]
    return statement


def user_type(statement: str) -> tuple[str, str] | None:
    """(name, `base [NOT NULL]`) of a user-defined type (alias type) declaration; None for anything else."""
    found = _CREATE_TYPE.match(statement) or _ADDTYPE.match(statement)
    if found is None:
        return None
    name = found.group("name").strip("'\"").rsplit(".", 1)[-1].strip("[]")
    null = (found.group("null") or "").upper()
    return name, found.group("base") + (" NOT NULL" if "NOT" in null else "")


def has_classes(pattern: str) -> bool:
    """True when a T-SQL LIKE pattern holds a character class (`[0-9]`), which LIKE elsewhere reads literally."""
    return bool(re.search(r"\[[^\]]+\]", pattern))


def _tokens(pattern: str) -> list[str]:
    """A LIKE pattern as `%`, `_`, `[...]` classes and single literal characters."""
    return re.findall(r"\[[^\]]+\]|.", pattern, re.S)


def like_regex(pattern: str) -> str:
    """The regular expression a T-SQL LIKE pattern means, anchored at both ends."""
    out = []
    for token in _tokens(pattern):
        if token == "%":
            out.append(".*")
        elif token == "_":
            out.append(".")
        elif token.startswith("[") and len(token) > 2:
            out.append(token)  # `[0-9]`, `[^A-Z]`, `[FM]` mean the same in a regular expression
        else:
            out.append("\\" + token if token in _REGEX_SPECIALS else token)
    return "^" + "".join(out) + "$"


# Character Sequence's placeholders (generators/catalog/data_types/text.py) for whole classes.
_CLASS_SYMBOLS = {"[0-9]": "#", "[A-Z]": "^", "[a-z]": "@"}
_FORMAT_SPECIALS = "#@^*$%\\"


def like_format(pattern: str) -> str | None:
    """A Character Sequence format whose every value matches the LIKE pattern (`[0-9]` -> `#`; a narrower
    class such as `[1-9]` or `[FM]` -> its first character; `%` -> nothing), or None when it has none."""
    out = []
    for token in _tokens(pattern):
        if token == "%":
            continue
        if token == "_":
            out.append("*")
        elif token in _CLASS_SYMBOLS:
            out.append(_CLASS_SYMBOLS[token])
        elif token.startswith("[") and len(token) > 2:
            if token[1] == "^":
                return None  # a negated class: no single character is sure to fit every collation
            out.append(_literal(token[1]))
        else:
            out.append(_literal(token))
    return "".join(out) or None


def _literal(char: str) -> str:
    return "\\" + char if char in _FORMAT_SPECIALS else char


def rewrite_likes(condition: exp.Expression) -> exp.Expression:
    """`col LIKE '[0-9]...'` -> a regular-expression match (which every target evaluates alike), the format
    that honours it by construction kept in the node's meta for the importer's CHECK reader."""
    for like in list(condition.find_all(exp.Like)):
        pattern = like.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string and has_classes(pattern.this):
            node = exp.RegexpLike(this=like.this.copy(), expression=exp.Literal.string(like_regex(pattern.this)))
            found = like_format(pattern.this)
            if found is not None:
                node.meta["format"] = found
            if like is condition:
                return node
            like.replace(node)
    return condition
