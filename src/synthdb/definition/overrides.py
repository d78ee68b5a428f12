"""Fabricate `overrides`: per-run changes to variables, table attributes and column parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synthdb.definition.files import UNTRUSTED_PATH
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError

ROOT = "overrides"
# Renaming through an override would silently break foreign keys and file names: refuse it.
_FIXED_KEYS = frozenset({"name", "fields"})


def _suggest(name: str, known: list[str], what: str) -> str:
    hint = did_you_mean(name, known)
    listing = ", ".join(known) if known else "none"
    return f"unknown {what} '{name}'{hint} (known: {listing})"


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DefinitionError(path, f"must be an object, got {type(value).__name__}")
    return value


def _merge(target: dict[str, Any], changes: Mapping[str, Any]) -> None:
    # null removes the attribute, which restores its default.
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def apply_overrides(database: Database, overrides: Mapping[str, Any] | None, *,
                    trusted_paths: bool = False) -> Database:
    """A copy of `database` with `overrides` applied and validated again; errors name `overrides.*` paths.

    Overrides come with a generate task (the service): a `source.path` is refused unless `trusted_paths`.
    """
    if not overrides:
        return database
    overrides = _mapping(overrides, ROOT)
    for key in overrides:
        if key not in ("variables", "entities", "seed"):
            raise DefinitionError(f"{ROOT}.{key}", "unknown key; overrides hold 'variables', 'entities' and 'seed'")
    data = database.model_dump(mode="json", exclude_unset=True)
    data["variables"] = dict(database.variables)
    if "seed" in overrides:
        # synthdb addition (the web app's generate page): another seed for this run only.
        seed = overrides["seed"]
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise DefinitionError(f"{ROOT}.seed", f"must be an integer, got {seed!r}")
        data["seed"] = seed

    variables = _mapping(overrides.get("variables") or {}, f"{ROOT}.variables")
    for name, value in variables.items():
        if name not in database.variables:
            raise DefinitionError(f"{ROOT}.variables.{name}", _suggest(name, list(database.variables), "variable"))
        data["variables"][name] = value

    entities = _mapping(overrides.get("entities") or {}, f"{ROOT}.entities")
    by_name = {entity["name"]: entity for entity in data["entities"]}
    for table, change in entities.items():
        path = f"{ROOT}.entities.{table}"
        if table not in by_name:
            raise DefinitionError(path, _suggest(table, list(by_name), "entity"))
        change = _mapping(change, path)
        entity = by_name[table]
        if "name" in change:
            raise DefinitionError(f"{path}.name", "an entity cannot be renamed by an override")
        source = change.get("source")
        if not trusted_paths and isinstance(source, Mapping) and source.get("path") and source.get("data") is None:
            raise DefinitionError(f"{path}.source.path", UNTRUSTED_PATH)
        _merge(entity, {k: v for k, v in change.items() if k not in _FIXED_KEYS})
        fields = _mapping(change.get("fields") or {}, f"{path}.fields")
        by_field = {field["name"]: field for field in entity.get("fields", [])}
        for column, params in fields.items():
            fpath = f"{path}.fields.{column}"
            if column not in by_field:
                raise DefinitionError(fpath, _suggest(column, list(by_field), "field"))
            params = _mapping(params, fpath)
            if "name" in params:
                raise DefinitionError(f"{fpath}.name", "a field cannot be renamed by an override")
            _merge(by_field[column], params)
    try:
        return definition_from_data(data, trusted_paths=trusted_paths)
    except DefinitionError as exc:
        raise DefinitionError(exc.path, f"{exc.message} (after applying overrides)") from exc
