"""The imported definition's schema level: entities named by key become (schema, name), references shortened."""

from __future__ import annotations

from typing import Any

from synthdb.importers.schema import Schema


def split_schemas(definition: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """Give each entity of a non-default schema its `schema` and its own name (in place, returned).

    The builder names entities by key (`sales.orders`); a foreign key keeps the key only where its
    plain name is ambiguous (`orders` in two schemas), so a one-schema import reads as before.
    """
    tables = {key: t for key, t in schema.tables.items() if t.local_name}
    if not tables:
        return definition
    plain = [tables[e["name"]].bare_name if e["name"] in tables else e["name"] for e in definition["entities"]]
    short = {key: t.bare_name for key, t in tables.items() if plain.count(t.bare_name) == 1}
    entities = []
    for entity in definition["entities"]:
        for field in entity.get("fields", []):
            parent = field.get("primary_key_entity")
            if isinstance(parent, str) and parent in short:
                field["primary_key_entity"] = short[parent]
        table = tables.get(entity["name"])
        if table is not None:
            # `schema` right after `name`, where a reader looks for it.
            entity = {"name": table.bare_name, "schema": table.schema, **{k: v for k, v in entity.items()
                                                                          if k != "name"}}
        entities.append(entity)
    definition["entities"] = entities
    return definition
