"""Pydantic v2 model of a database definition, in Fabricate's field names."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

# Keys that belong to a field itself; every other key beside them is a generator parameter.
FIELD_KEYS = frozenset(
    {
        "name",
        "data_type",
        "generator",
        "percent_null",
        "primary_key",
        "virtual",
        "seed",
        "unique",
        "index",
        "group_key",
        "conditions",
        "default_weight",
        "postprocessing_sql",
        "description",
        "id",
    }
)


class _Open(BaseModel):
    """Base for models that keep unknown keys (Fabricate exports carry ids, timestamps, ...)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Field(_Open):
    """One column: a name, a type, a generator and the generator's parameters beside them."""

    name: str
    generator: str
    data_type: str | None = None
    percent_null: float = 0
    primary_key: bool = False
    virtual: bool = False
    unique: bool = False
    seed: int | str | None = None
    group_key: str | None = None

    @field_validator("percent_null")
    @classmethod
    def _percent(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError(f"must be between 0 and 100, got {value}")
        return value

    @property
    def params(self) -> dict[str, Any]:
        """The generator's parameters: every key that is not a field key."""
        extra = self.model_extra or {}
        return {k: v for k, v in extra.items() if k not in FIELD_KEYS}


class StaticSource(_Open):
    """The CSV attached to a static table: inline `data` (Fabricate's shape) or a `path` to read it from."""

    data: str | None = None
    filename: str | None = None
    path: str | None = None

    @model_validator(mode="after")
    def _read_path(self, info: ValidationInfo) -> StaticSource:
        # A path is read once, here, so the definition carries its data (worker processes, exports).
        if self.data is None and self.path:
            base = (info.context or {}).get("base_dir")
            file = Path(self.path) if base is None else Path(base) / self.path
            try:
                self.data = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"cannot read '{self.path}': {exc}") from exc
            self.filename = self.filename or file.name
        return self


def csv_header(data: str) -> list[str]:
    """Column names on the first record of CSV text (RFC 4180 quoting; a UTF-8 BOM is ignored)."""
    return next(csv.reader(io.StringIO(data.removeprefix("\ufeff"))), [])


class Entity(_Open):
    """One table: how many rows and which fields (or a static CSV, or a SQL table)."""

    name: str
    records: Literal["exact", "unique"] = "exact"
    record_count: str | int | float = "100"
    # Declared before `fields`, whose validator reads them.
    is_static: bool = False
    source: StaticSource | None = None
    view: bool = False
    sql: str | None = None
    fields: list[Field] = []
    seed: int | str | None = None
    export: bool = True

    @field_validator("fields")
    @classmethod
    def _unique_field_names(cls, fields: list[Field], info: ValidationInfo) -> list[Field]:
        seen: set[str] = set()
        for field in fields:
            if field.name in seen:
                raise ValueError(f"field name '{field.name}' is used twice")
            seen.add(field.name)
        if not fields and not (info.data.get("is_static") or info.data.get("view")):
            raise ValueError("an entity needs at least one field (only static tables and SQL tables may omit them)")
        return fields

    @model_validator(mode="after")
    def _static_fields(self) -> Entity:
        # A static table without fields gets one Source File column per CSV header.
        if self.is_static and not self.fields and self.source is not None and self.source.data:
            names = csv_header(self.source.data)
            if len(set(names)) != len(names) or not all(names):
                raise ValueError(f"the CSV header must name each column once, got {names}")
            self.fields = [Field(name=name, generator="Source File") for name in names]
        return self

    def field(self, name: str) -> Field | None:
        """The field called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)


class Database(_Open):
    """A whole database definition."""

    name: str = "database"
    platform: str = "postgres"
    seed: int | None = None
    locale: str = "en_US"
    variables: dict[str, Any] = {}
    entities: list[Entity]
    # CSV output: prefix values a spreadsheet would run as formulas with `'` (outputs/formulas.py).
    csv_escape_formulas: bool = False

    @field_validator("variables", mode="before")
    @classmethod
    def _variables(cls, value: Any) -> Any:
        # Accept both a mapping and a list of {name, value|default} records.
        if isinstance(value, list):
            out: dict[str, Any] = {}
            for item in value:
                if not isinstance(item, dict) or "name" not in item:
                    raise ValueError("each variable needs a 'name'")
                out[str(item["name"])] = item.get("value", item.get("default"))
            return out
        return value if value is not None else {}

    @model_validator(mode="after")
    def _unique_entity_names(self) -> Database:
        seen: set[str] = set()
        for entity in self.entities:
            if entity.name in seen:
                raise ValueError(f"entity name '{entity.name}' is used twice")
            seen.add(entity.name)
        return self

    def entity(self, name: str) -> Entity | None:
        """The entity called `name`, or None."""
        return next((e for e in self.entities if e.name == name), None)
