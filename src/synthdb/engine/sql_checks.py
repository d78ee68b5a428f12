"""Checks of SQL tables (`view: true` + `sql`) that need no data: one SELECT over known tables, read by none."""

from __future__ import annotations

from collections.abc import Iterable

from sqlglot import exp

from synthdb.definition.model import Database, Entity
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError
from synthdb.generators.helpers.sql_eval import SqlError, parse


def _hint(name: str, names: Iterable[str]) -> str:
    return did_you_mean(name, names)


def sql_query(entity: Entity, path: str) -> exp.Query:
    """The SQL table's query, parsed; an error naming `<path>.sql` when it is not one SELECT."""
    if not entity.sql or not entity.sql.strip():
        raise DefinitionError(f"{path}.sql", "a SQL table (view: true) needs sql: a SELECT query in SQLite's dialect")
    try:
        tree = parse(entity.sql)
    except SqlError as exc:
        raise DefinitionError(f"{path}.sql", str(exc)) from exc
    if not isinstance(tree, exp.Query):
        raise DefinitionError(f"{path}.sql", "must be one SELECT query (WITH, JOIN, GROUP BY, UNION are welcome)")
    return tree


def tables_read(database: Database, entity: Entity, path: str) -> list[str]:
    """The entities a SQL table's query reads (CTE names excluded); unknown ones are an error."""
    tree = sql_query(entity, path)
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    by_name = {e.name.lower(): e.name for e in database.entities}
    names: dict[str, None] = {}
    for table in tree.find_all(exp.Table):
        if not table.name or table.name.lower() in ctes:
            continue
        if table.name.lower() not in by_name:
            hint = _hint(table.name, [e.name for e in database.entities])
            raise DefinitionError(f"{path}.sql", f"reads table '{table.name}', which the definition lacks{hint}")
        names[by_name[table.name.lower()]] = None
    if entity.name in names:
        raise DefinitionError(f"{path}.sql", "a SQL table cannot read itself")
    return list(names)


def check_sql_table(database: Database, entity: Entity, path: str) -> None:
    """What can be checked without data: one valid query over known tables, not also a static table."""
    if entity.is_static:
        raise DefinitionError(path, "an entity is either static (is_static) or a SQL table (view), not both")
    tables_read(database, entity, path)
