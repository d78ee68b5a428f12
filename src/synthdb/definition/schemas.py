"""SQL schemas in a definition: entity identity (schema, name), resolving table names, the engine's flat view.

An entity's identity is its key: `schema.name` when it has a `schema`, else its `name`. Wherever a
definition names a table (a foreign key's `primary_key_entity`, Sum From Another Table's `child_entity`,
a SQL table's query, `--entity`), the key always works, and a plain name works when exactly one entity
has it. The engine never sees schemas: `engine_view` gives it a definition whose entities are named by
their keys, with every reference rewritten to a key, so (schema, table) pairs reach only the writers.
A definition without schemas is its own engine view, which keeps its outputs byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable

from synthdb.definition.model import Database
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError

# Field parameters whose value names an entity (Foreign Key, Column/Sum From Another Table and aliases).
REFERENCE_PARAMS = ("primary_key_entity", "child_entity", "foreign_entity", "entity")


def qualified(schema: str | None, name: str) -> str:
    """The key of table `name` in `schema` (None: the default schema)."""
    return f"{schema}.{name}" if schema else name


def has_schemas(database: Database) -> bool:
    return any(e.db_schema for e in database.entities)


def schema_map(database: Database) -> dict[str, tuple[str, str]]:
    """key -> (schema, table) of every entity that has a schema."""
    return {e.key: (e.db_schema, e.name) for e in database.entities if e.db_schema}


class Ambiguous(LookupError):
    """A plain name that several entities (in different schemas) have."""


def resolve(keys: Iterable[str], schemas: dict[str, tuple[str, str]], name: str) -> str | None:
    """The key `name` stands for: itself when it is a key, else the one key whose plain name it is.

    None when nothing matches; `Ambiguous` (its message lists the candidates) when several do.
    """
    known = list(keys)
    if name in known:
        return name
    named = [k for k in known if schemas.get(k, (None, k))[1] == name]
    if len(named) > 1:
        raise Ambiguous(f"'{name}' is ambiguous: it names {', '.join(sorted(named))}; write the schema-qualified name")
    return named[0] if named else None


def resolve_entity(database: Database, name: str, path: str) -> str:
    """The key of the entity `name` names, or a DefinitionError at `path` (unknown or ambiguous)."""
    keys = [e.key for e in database.entities]
    try:
        found = resolve(keys, schema_map(database), name)
    except Ambiguous as exc:
        raise DefinitionError(path, str(exc)) from None
    if found is None:
        raise DefinitionError(path, f"unknown entity '{name}'{did_you_mean(name, keys)}")
    return found


def engine_view(database: Database) -> Database:
    """The definition as the engine sees it: entities named by key, references rewritten to keys.

    The same object when no entity has a schema. Otherwise a new, schema-less definition (so planning
    it again, e.g. in a worker process, changes nothing).
    """
    if not has_schemas(database):
        return database
    keys = [e.key for e in database.entities]
    schemas = schema_map(database)
    data = database.model_dump(mode="json", by_alias=True)
    for e_index, entity in enumerate(data["entities"]):
        path = f"entities[{e_index}]"
        entity["name"] = qualified(entity.pop("schema", None), entity["name"])
        for f_index, field in enumerate(entity.get("fields") or []):
            for param in REFERENCE_PARAMS:
                value = field.get(param)
                if isinstance(value, str):
                    field[param] = _key(keys, schemas, value, f"{path}.fields[{f_index}].{param}")
        if entity.get("view") and entity.get("sql"):
            entity["sql"] = _qualify_sql(entity["sql"], keys, schemas, f"{path}.sql")
    from synthdb.definition.loader import definition_from_data  # the loader imports the model, as we do

    return definition_from_data(data)


def _key(keys: list[str], schemas: dict[str, tuple[str, str]], name: str, path: str) -> str:
    try:
        found = resolve(keys, schemas, name)
    except Ambiguous as exc:
        raise DefinitionError(path, str(exc)) from None
    # Unknown names stay: the generator that reads them reports them with a suggestion.
    return name if found is None else found


def _qualify_sql(sql: str, keys: list[str], schemas: dict[str, tuple[str, str]], path: str) -> str:
    """A SQL table's query with every table named by its key, one quoted identifier (`"sales.orders"`)."""
    import sqlglot  # only definitions with schemas and SQL tables pay for sqlglot's import
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except SqlglotError:
        return sql  # reported with its path when the SQL table is checked
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in list(tree.find_all(exp.Table)):
        if not table.name or (not table.db and table.name.lower() in ctes):
            continue
        name = qualified(table.db or None, table.name)
        key = _key(keys, schemas, name, path)
        if key in keys:
            alias = table.args.get("alias")
            replacement = exp.Table(this=exp.to_identifier(key, quoted=True))
            # Columns written `orders.id` keep reading the table through its old spelling.
            replacement.set("alias", alias or exp.TableAlias(this=exp.to_identifier(table.name, quoted=True)))
            table.replace(replacement)
    return str(tree.sql("sqlite"))
