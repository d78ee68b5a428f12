"""Import a definition from a schema: a DDL file (sqlglot) or a live database (SQLAlchemy reflection)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from synthdb.errors import UsageError
from synthdb.importers.build import GuessRow, ImportResult, build_definition
from synthdb.importers.schema import Schema
from synthdb.targets.urls import mask_url, parse_url

__all__ = ["GuessRow", "ImportResult", "guess_dialect", "import_definition", "read_schema", "render"]

_HINTS = [
    # SQL Server: GO batches, IDENTITY(1,1), bracketed names, its own types, alias types and storage words.
    ("tsql", re.compile(r"(^\s*GO\s*$|\bIDENTITY\s*\(|\bNVARCHAR\b|\[dbo\]|\bUNIQUEIDENTIFIER\b|\bsp_addtype\b"
                        r"|\bCREATE\s+TYPE\s+\S+\s+FROM\b|\bROWGUIDCOL\b|\bWITH\s+(NO)?CHECK\s+ADD\b|\bHIERARCHYID\b"
                        r"|\b(NON)?CLUSTERED\b|\bON\s+\[PRIMARY\]|\[\w+\]\.\[\w+\])", re.I | re.M)),
    # MySQL without backticks still shows itself: inline `KEY name (...)`, character sets, MySQL-only types.
    ("mysql", re.compile(r"(`|\bENGINE\s*=|\bAUTO_INCREMENT\b|\bUNSIGNED\b|^\s*(?:UNIQUE\s+|FULLTEXT\s+)?KEY\s+\w+\s*\("
                         r"|\bCHARACTER\s+SET\b|\bDEFAULT\s+CHARSET\b|\bCOLLATE\s*=?\s*\w+_(?:ci|cs|bin)\b"
                         r"|\b(?:TINYINT|MEDIUMINT|TINYTEXT|MEDIUMTEXT|LONGTEXT|LONGBLOB|MEDIUMBLOB)\b"
                         r"|\bON\s+UPDATE\s+CURRENT_TIMESTAMP\b)", re.I | re.M)),
    ("sqlite", re.compile(r"\bAUTOINCREMENT\b|\bWITHOUT\s+ROWID\b", re.I)),
]


def guess_dialect(ddl: str) -> str:
    """The dialect a script is most likely written in (PostgreSQL unless it shows another's marks)."""
    return explain_dialect(ddl)[0]


def explain_dialect(ddl: str) -> tuple[str, str]:
    """The dialect guessed for a script and why, in words (the first mark seen, or none)."""
    for dialect, pattern in _HINTS:
        found = pattern.search(ddl)
        if found:
            mark = " ".join(found.group(0).split())
            return dialect, f"read as {dialect} DDL: it has '{mark}' (pass --dialect to choose another)"
    return "postgres", "read as postgres DDL: no other dialect's marks (pass --dialect to choose another)"


def _is_url(source: str) -> bool:
    return "://" in source or source.startswith(("sqlite:", "duckdb:"))


def read_schema(source: str, dialect: str | None = None, sample: bool = False,
                schemas: list[str] | None = None) -> Schema:
    """The schema of a DDL file, a SQLite/DuckDB file or a database URL (aggregates too with `sample`).

    `schemas` keeps only the tables of those SQL schemas (namespaces); every non-system one otherwise.
    """
    from synthdb.importers.ddl import parse_ddl
    from synthdb.importers.reflect import reflect
    from synthdb.importers.sample import sample_schema

    path = Path(source)
    if not _is_url(source) and path.is_file():
        head = path.read_bytes()[:16]
        if head.startswith(b"SQLite format 3"):
            source = f"sqlite:///{path.resolve()}"
        elif head[8:12] == b"DUCK":
            source = f"duckdb:///{path.resolve()}"
    if _is_url(source):
        url = parse_url(source)
        schema = reflect(url, path.stem if path.is_file() else None, schemas)
        if sample:
            sample_schema(schema, url)
        return schema
    if sample:
        raise UsageError("--sample reads aggregates from a live database; a DDL file has none")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file, and not a database URL") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{source}: cannot read it: {exc}") from None
    reason = None
    if dialect is None:
        dialect, reason = explain_dialect(text)
    schema = parse_ddl(text, dialect, re.sub(r"\W+", "_", path.stem) or "imported", schemas)
    if reason is not None:
        schema.notes.insert(0, reason)
    return schema


def import_definition(source: str, dialect: str | None = None, sample: bool = False,
                      schemas: list[str] | None = None) -> ImportResult:
    """Read the schema at `source` and build a definition from it (validated by the planner)."""
    schema = read_schema(source, dialect, sample, schemas)
    if not schema.tables:
        raise UsageError(f"{mask_url(source) if _is_url(source) else source}: no tables found")
    return build_definition(schema)


def render(result: ImportResult, source: str, fmt: str = "yaml", explain: bool = False) -> str:
    """The definition as YAML (with a header naming the source, the score, what was not kept and, with
    `explain`, each column's generator, confidence and reason) or JSON."""
    if fmt == "json":
        return json.dumps(result.definition, indent=2, ensure_ascii=False) + "\n"
    shown = mask_url(source) if _is_url(source) else source
    header = [f"# Imported by synthdb from {shown}.", "# Review the generators below; `synthdb validate` checks it.",
              f"# inference score: {result.score():.0%} of {len(result.guesses)} columns got a generator for their "
              "meaning"]
    header += [f"# note: {' '.join(note.splitlines())}" for note in result.notes]
    if explain:
        header += [f"# guess: {g.table}.{g.column} -> {g.generator} ({g.confidence:.0%}): {g.reason}"
                   for g in result.guesses]
    body: Any = yaml.safe_dump(result.definition, sort_keys=False, allow_unicode=True, width=120)
    return "\n".join(header) + "\n" + str(body)
