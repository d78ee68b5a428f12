"""The narrow view of the definition a generator gets: its entity's other fields and the locale."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from synthdb.definition.model import Entity, Field

if TYPE_CHECKING:
    from synthdb.generators.base import Generator


@dataclass
class Siblings:
    """The fields of a generator's entity, found by name, with the generator class each one names, and
    the database's locale. Generators look their siblings up here rather than through the whole
    definition and the global registry; table sizes come with each batch (`ColumnContext.table_size_of`,
    `check_sizes`). Only generators that read other tables use `Generator.database` (module docs of
    catalog/relational/ and docs/architecture.md list them)."""

    entity: Entity
    locale: str
    _classes: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def fields(self) -> list[Field]:
        """Every field of the entity, the generator's own included, in definition order."""
        return list(self.entity.fields)

    def field(self, name: str) -> Field | None:
        """The field called `name`, if the entity has one."""
        return self.entity.field(name)

    def names(self, *, other_than: str | None = None) -> list[str]:
        """The entity's field names, leaving out `other_than` (usually the generator's own field)."""
        return [f.name for f in self.entity.fields if f.name != other_than]

    def generator_of(self, fld: Field) -> type[Generator[Any]] | None:
        """The generator class `fld` names (None when the name is unknown: the planner reports that field)."""
        if fld.generator not in self._classes:
            from synthdb.generators.registry import REGISTRY, UnknownGenerator  # the registry imports base

            try:
                self._classes[fld.generator] = REGISTRY.resolve(fld.generator)
            except UnknownGenerator:
                self._classes[fld.generator] = None
        cls: type[Generator[Any]] | None = self._classes[fld.generator]
        return cls
