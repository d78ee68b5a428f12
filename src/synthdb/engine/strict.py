"""Unknown keys in a definition: errors naming the path with a suggestion, or (lenient) warnings.

A field's keys are its own attributes, Fabricate's export metadata, and the parameters of its generator
(at the same level, Fabricate style), so a field can only be checked once its generator is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import DATABASE_METADATA, ENTITY_METADATA, Database, Entity, Field
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError
from synthdb.generators.base import unknown_params
from synthdb.generators.registry import REGISTRY, UnknownGenerator


@dataclass(frozen=True)
class UnknownKey:
    """One key nobody reads: where it is (`path`, the key itself last) and what to say about it."""

    path: tuple[str | int, ...]
    message: str

    def text(self) -> str:
        """`entities[0].fields[1].mxa: unknown parameter of Number; did you mean 'max'?`."""
        return f"{dotted(self.path)}: {self.message}"


def dotted(path: Iterable[str | int]) -> str:
    """('entities', 0, 'name') -> `entities[0].name`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def _extras(model: BaseModel) -> list[str]:
    return list(model.model_extra or {})


def _declared(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_keys(model: BaseModel, path: tuple[str | int, ...], metadata: frozenset[str],
                what: str) -> Iterator[UnknownKey]:
    for key in _extras(model):
        if key not in metadata:
            hint = did_you_mean(key, _declared(type(model)))
            yield UnknownKey((*path, key), f"unknown key of {what}{hint}")


def _field_keys(field: Field, path: tuple[str | int, ...]) -> Iterator[UnknownKey]:
    try:
        cls = REGISTRY.resolve(field.generator)
    except UnknownGenerator:
        return  # the planner reports the generator itself, with a suggestion
    for key, message in unknown_params(cls, field.params):
        yield UnknownKey((*path, key), message)


def _entity_keys(entity: Entity, path: tuple[str | int, ...]) -> Iterator[UnknownKey]:
    yield from _model_keys(entity, path, ENTITY_METADATA, "an entity")
    for c_index, constraint in enumerate(entity.constraints):
        yield from _model_keys(constraint, (*path, "constraints", c_index), frozenset({"id"}), "a constraint")
    if entity.source is not None:
        yield from _model_keys(entity.source, (*path, "source"), frozenset({"id"}), "a static source")
    for f_index, field in enumerate(entity.fields):
        yield from _field_keys(field, (*path, "fields", f_index))


def unknown_keys(database: Database) -> list[UnknownKey]:
    """Every key of the definition that is neither declared, nor a generator parameter, nor metadata."""
    found = list(_model_keys(database, (), DATABASE_METADATA, "the database"))
    for e_index, entity in enumerate(database.entities):
        found.extend(_entity_keys(entity, ("entities", e_index)))
    return found


def check_keys(database: Database) -> None:
    """Raise DefinitionError for the first unknown key (the planner calls this before anything else)."""
    found = unknown_keys(database)
    if found:
        raise DefinitionError(dotted(found[0].path), found[0].message)


def _drop(data: Any, path: tuple[str | int, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    data.pop(path[-1], None)


def relax(database: Database, trusted_paths: bool = True) -> tuple[Database, list[str]]:
    """The definition without its unknown keys, and one warning per key dropped (for `--lenient`);
    `trusted_paths=False` for definitions from the service (re-validation must not read server files)."""
    found = unknown_keys(database)
    if not found:
        return database, []
    data = database.model_dump(mode="json", exclude_unset=True)
    for unknown in found:
        _drop(data, unknown.path)
    return definition_from_data(data, trusted_paths=trusted_paths), [f"{u.text()} (ignored)" for u in found]
