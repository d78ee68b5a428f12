"""Names that become SQL identifiers and file names: the rules every target and dialect can live with.

Checked once, at definition validation (`build_plan`: CLI `validate`/`generate`, the Python API and the
REST upsert), so a name that a target would truncate, fold into another, or that could break out of a
script (NUL, line breaks) is refused with its path before any row is generated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synthdb.definition.platforms import PLATFORMS, platform_key
from synthdb.errors import DefinitionError

if TYPE_CHECKING:
    from synthdb.definition.model import Database

# Separators (both kinds, and ':' for Windows drives) and control characters: what could turn a name
# into a path when it becomes a file name (`<table>.csv` inside a zip, `<database>.zip` on disk).
# The REST API's names (api/names.py) follow the same rule.
PATH_FORBIDDEN = re.compile(r"[/\\:\x00-\x1f\x7f]")
# The longest table or database name, also the API's longest name: it is a file name too.
MAX_FILE_NAME = 128


@dataclass(frozen=True)
class IdentifierRules:
    """What one database accepts as a (quoted) identifier."""

    platform: str
    max_length: int | None  # None: no practical limit
    unit: str = "characters"  # "bytes" (UTF-8), "characters" (code points) or "UTF-16 units"
    # Whether the database compares identifiers case-insensitively (then `Id` and `id` collide).
    folds_case: bool = True
    bmp_only: bool = False  # MySQL: no characters beyond U+FFFF in identifiers
    no_trailing_space: bool = False  # MySQL: names cannot end with a space
    reserved_table_prefix: str | None = None  # SQLite: `sqlite_` is the engine's own

    def length(self, name: str) -> int:
        if self.unit == "bytes":
            return len(name.encode("utf-8"))
        if self.unit == "UTF-16 units":
            return len(name.encode("utf-16-le")) // 2
        return len(name)


# Limits from each database's documentation: PostgreSQL NAMEDATALEN-1 = 63 bytes (longer names are
# silently truncated, so two long names could become one); MySQL/MariaDB 64 characters; SQL Server
# sysname = nvarchar(128); SQLite and DuckDB have none. PostgreSQL compares quoted names exactly;
# MySQL columns, SQL Server (default collations), SQLite and DuckDB compare them case-insensitively.
# Keyed by canonical platform name; each SQL dialect exposes its own as `dialect.identifiers`.
RULES: dict[str, IdentifierRules] = {
    "postgres": IdentifierRules("postgres", 63, "bytes", folds_case=False),
    "mysql": IdentifierRules("mysql", 64, bmp_only=True, no_trailing_space=True),
    "sqlserver": IdentifierRules("sqlserver", 128, "UTF-16 units"),
    "sqlite": IdentifierRules("sqlite", None, reserved_table_prefix="sqlite_"),
    "duckdb": IdentifierRules("duckdb", None),
}
# Platforms we do not know get the most common limit, so a file written for them still loads.
_UNKNOWN = IdentifierRules("other", 63, "bytes")


def rules_for(platform: str | None) -> IdentifierRules:
    """The identifier rules of a definition's `platform` (PostgreSQL when none is given)."""
    key = platform_key(platform)
    return RULES.get(PLATFORMS.get(key, key), _UNKNOWN)


def character_problem(name: str) -> str | None:
    """Why `name` cannot be an identifier anywhere (empty, control characters, bad encoding), or None."""
    if not name or not name.strip():
        return "must be a non-empty name"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"{name!r} holds a lone surrogate (not valid Unicode text)"
    for position, char in enumerate(name):
        # Cc: C0/C1 controls (NUL, tab, LF, CR, ...); Zl/Zp: U+2028/U+2029, line breaks to many tools.
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in "\ufeff\ufffe\uffff":
            return (f"{name!r} holds the control character U+{ord(char):04X} at position {position} "
                    "(names may not contain control characters or line breaks)")
    return None


def file_name_problem(name: str) -> str | None:
    """Why `name` cannot be a table or database name (it becomes a file name too), or None."""
    problem = character_problem(name)
    if problem is not None:
        return problem
    if len(name) > MAX_FILE_NAME:
        return f"must be at most {MAX_FILE_NAME} characters"
    if name in (".", "..") or PATH_FORBIDDEN.search(name):
        return f"'{name}' is not a valid name (no '/', '\\', ':', control characters, '.' or '..')"
    return None


def identifier_problem(name: str, rules: IdentifierRules, table: bool = False) -> str | None:
    """Why `name` is not an identifier `rules.platform` accepts, or None."""
    problem = character_problem(name)
    if problem is not None:
        return problem
    if rules.max_length is not None and rules.length(name) > rules.max_length:
        return (f"'{name[:40]}...' is {rules.length(name)} {rules.unit} long; {rules.platform} identifiers hold "
                f"at most {rules.max_length} {rules.unit}")
    if rules.bmp_only and any(ord(c) > 0xFFFF for c in name):
        return f"'{name}' holds characters beyond U+FFFF, which {rules.platform} identifiers cannot hold"
    if rules.no_trailing_space and name != name.rstrip():
        return f"'{name}' ends with whitespace, which {rules.platform} identifiers cannot"
    prefix = rules.reserved_table_prefix
    if table and prefix and name.lower().startswith(prefix):
        return f"'{name}': names starting with '{prefix}' are reserved by {rules.platform}"
    return None


def collision_problem(names: Iterable[str], what: str) -> tuple[int, str] | None:
    """(index, message) of the first name equal to an earlier one once case is folded, or None.

    Checked for every platform: the sqlite output, DuckDB (which runs SQL tables and postprocessing) and
    case-insensitive file systems (table files in a zip) fold case whatever the definition's platform.
    """
    seen: dict[str, str] = {}
    for index, name in enumerate(names):
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen and seen[key] != name:
            return index, (f"{what} '{name}' collides with '{seen[key]}' (names must differ in more than "
                           "letter case: SQLite, DuckDB, MySQL and SQL Server fold it)")
        seen.setdefault(key, name)
    return None


# Schemas a database keeps for its own catalog (PostgreSQL reserves every pg_ name; MySQL's and SQL
# Server's system databases and schemas): a load must never write into them, whatever the connection may do.
SYSTEM_SCHEMAS = frozenset({"information_schema", "mysql", "performance_schema", "sys"})


def system_schema_problem(schema: str) -> str | None:
    """Why `schema` cannot hold generated tables, or None."""
    folded = schema.casefold()
    if folded in SYSTEM_SCHEMAS or folded.startswith("pg_"):
        return f"'{schema}' is a database's own system schema; generated tables cannot go there"
    return None


def check_identifiers(database: Database) -> None:
    """Refuse names that some output or target could not hold, with the path of the first one."""
    rules = rules_for(database.platform)
    problem = file_name_problem(database.name)
    if problem is not None:
        raise DefinitionError("name", problem)
    entities = database.entities
    for e_index, entity in enumerate(entities):
        path = f"entities[{e_index}]"
        problem = file_name_problem(entity.name) or identifier_problem(entity.name, rules, table=True)
        if problem is not None:
            raise DefinitionError(f"{path}.name", problem)
        if entity.db_schema is not None:
            problem = (file_name_problem(entity.db_schema) or identifier_problem(entity.db_schema, rules)
                       or system_schema_problem(entity.db_schema))
            if problem is not None:
                raise DefinitionError(f"{path}.schema", problem)
        for f_index, field in enumerate(entity.fields):
            problem = identifier_problem(field.name, rules)
            if problem is not None:
                raise DefinitionError(f"{path}.fields[{f_index}].name", problem)
        clash = collision_problem((f.name for f in entity.fields), "field")
        if clash is not None:
            raise DefinitionError(f"{path}.fields[{clash[0]}].name", clash[1])
    # Keys (`schema.name`): one name may be used in two schemas.
    clash = collision_problem((e.key for e in entities), "entity")
    if clash is not None:
        raise DefinitionError(f"entities[{clash[0]}].name", clash[1])


def check_output_names(table: str, columns: Iterable[str], platform: str | None) -> None:
    """Names computed at run time (a SQL table's result columns) against the same rules, as a DefinitionError."""
    rules = rules_for(platform)
    names = list(columns)
    for name in names:
        problem = identifier_problem(name, rules)
        if problem is not None:
            raise DefinitionError(f"table '{table}'", f"result column {problem}")
    clash = collision_problem(names, "result column")
    if clash is not None:
        raise DefinitionError(f"table '{table}'", clash[1])
