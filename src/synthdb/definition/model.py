"""Pydantic v2 model of a database definition, in Fabricate's field names."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator
from pydantic import Field as ModelField

from synthdb.definition.api_spec import MockApi
from synthdb.definition.constraints import Constraint, UniqueConstraint, normalise_constraint
from synthdb.definition.files import UNTRUSTED_PATH, FileProblem, paths_trusted, read_text_file
from synthdb.definition.platforms import check_platform

# Keys of Fabricate's exports that describe the stored copy, not the data: read and ignored knowingly.
FIELD_METADATA = frozenset({"id", "description", "created_at", "updated_at", "nulls", "entity_id", "position"})
ENTITY_METADATA = frozenset({"id", "description", "created_at", "updated_at", "database_id", "position"})
DATABASE_METADATA = frozenset(
    {"id", "description", "created_at", "updated_at", "last_generated", "data_url", "download_url", "workspace",
     "workspace_id"}
)


class _Open(BaseModel):
    """Base for models that keep unknown keys, so the strictness check can name them (or warn, when lenient)."""

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
    # Declares the column NULL-able even when percent_null is 0 (e.g. a key filled in a second pass);
    # false declares it NOT NULL in DDL outputs and `load --create` (then percent_null must be 0).
    nullable: bool | None = None
    # CREATE INDEX on the column in DDL outputs and `load --create` (exports may send null: no index).
    index: bool | None = None
    # An SQLite expression over the row whose value replaces the generated one (engine/postprocess.py).
    postprocessing_sql: str | None = None
    # Fabricate's field-level conditional weights; only the empty form is supported (see docs/definition.md).
    conditions: list[Any] | None = None
    default_weight: float | None = None

    @field_validator("percent_null")
    @classmethod
    def _percent(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError(f"must be between 0 and 100, got {value}")
        return value

    @model_validator(mode="after")
    def _not_null_has_no_nulls(self) -> Field:
        if self.nullable is False and self.percent_null:
            raise ValueError(f"field '{self.name}' is nullable: false (NOT NULL) but asks percent_null: "
                             f"{self.percent_null}")
        return self

    @property
    def params(self) -> dict[str, Any]:
        """The generator's parameters: every key that is neither a field attribute nor export metadata."""
        extra = self.model_extra or {}
        return {k: v for k, v in extra.items() if k not in FIELD_METADATA}


class StaticSource(_Open):
    """The CSV attached to a static table: inline `data` (Fabricate's shape) or a `path` to read it from."""

    data: str | None = None
    filename: str | None = None
    path: str | None = None

    @field_validator("path")
    @classmethod
    def _path_allowed(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Through the service (trusted_paths=False) a path that would be read is refused (definition/files.py).
        if value and info.data.get("data") is None and not paths_trusted(info.context):
            raise ValueError(UNTRUSTED_PATH)
        return value

    @model_validator(mode="after")
    def _read_path(self, info: ValidationInfo) -> StaticSource:
        # A path is read once, here, so the definition carries its data (worker processes, exports).
        if self.data is None and self.path:
            base = (info.context or {}).get("base_dir")
            file = Path(self.path) if base is None else Path(base) / self.path
            try:
                self.data = read_text_file(file)
            except FileProblem as exc:
                raise ValueError(f"cannot read '{self.path}': {exc}") from exc
            self.filename = self.filename or file.name
        return self


def csv_header(data: str) -> list[str]:
    """Column names on the first record of CSV text (RFC 4180 quoting; a UTF-8 BOM is ignored)."""
    return next(csv.reader(io.StringIO(data.removeprefix("\ufeff"))), [])


class Entity(_Open):
    """One table: how many rows and which fields (or a static CSV, or a SQL table)."""

    # `serialize_by_alias`: exports write `schema`, the key the author wrote.
    model_config = ConfigDict(extra="allow", populate_by_name=True, serialize_by_alias=True)

    name: str
    # The SQL schema (namespace) the table lives in; None: the database's default one. Called `schema` in
    # definitions (the attribute name would shadow pydantic's BaseModel.schema). See definition/schemas.py.
    # Left out of dumps when unset, so a definition without schemas dumps (and hashes) as before.
    db_schema: str | None = ModelField(None, alias="schema", exclude_if=lambda value: value is None)
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
    # With `records: unique`: the field whose distinct values give one row each.
    unique_records_for: str | None = None
    constraints: list[Constraint] = []

    @model_validator(mode="before")
    @classmethod
    def _source_means_static(cls, data: Any) -> Any:
        # Fabricate's own examples attach `source` without `is_static`: the CSV makes the table static.
        if isinstance(data, dict) and data.get("source") is not None and "is_static" not in data:
            data = {**data, "is_static": True}
        return data

    @field_validator("constraints", mode="before")
    @classmethod
    def _constraint_spelling(cls, value: Any) -> Any:
        return [normalise_constraint(v) for v in value] if isinstance(value, list) else value

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

    @model_validator(mode="after")
    def _one_primary_key(self) -> Entity:
        keys = [c for c in self.constraints if isinstance(c, UniqueConstraint) and c.primary_key]
        flagged = [f.name for f in self.fields if f.primary_key]
        if len(keys) > 1:
            raise ValueError("only one unique constraint may be the primary key (primary_key: true)")
        if keys and flagged:
            raise ValueError(f"the primary key is the constraint over {keys[0].fields}, so field(s) "
                             f"{flagged} cannot also be primary_key")
        return self

    @model_validator(mode="after")
    def _one_field_unique(self) -> Entity:
        # A one-field unique constraint is the field's `unique`. Set without marking it as set, so an
        # export gives back what the author wrote (the constraint, not an added flag). Unknown field
        # names are reported by the planner, with the constraint's path.
        for constraint in self.constraints:
            field = self.field(constraint.fields[0]) if len(constraint.fields) == 1 else None
            if isinstance(constraint, UniqueConstraint) and field is not None:
                field.__dict__["unique"] = True
        return self

    def field(self, name: str) -> Field | None:
        """The field called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def key(self) -> str:
        """The entity's identity: `schema.name` when it has a schema, else its name."""
        return f"{self.db_schema}.{self.name}" if self.db_schema else self.name


class Database(_Open):
    """A whole database definition."""

    name: str = "database"
    platform: str = "postgres"
    seed: int | None = None
    locale: str = "en_US"
    variables: dict[str, Any] = {}
    entities: list[Entity]
    # How the mock API serves this database (definition/api_spec.py); the generator ignores it.
    api: MockApi | None = None
    # CSV output: prefix values a spreadsheet would run as formulas with `'` (outputs/formulas.py).
    csv_escape_formulas: bool = False
    # CSV output: "minimal" (quote only when needed, the default), "strings" or "all" (outputs/csv_quoting.py).
    csv_quoting: Literal["minimal", "strings", "all"] = "minimal"

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

    @field_validator("platform")
    @classmethod
    def _platform(cls, value: str) -> str:
        return check_platform(value)

    @model_validator(mode="after")
    def _unique_entity_names(self) -> Database:
        # Identity is (schema, name): `sales.orders` and `hr.orders` are two entities.
        seen: dict[str, int] = {}
        for index, entity in enumerate(self.entities):
            if entity.key in seen:
                if not entity.db_schema and "." not in entity.name:
                    raise ValueError(f"entity name '{entity.name}' is used twice")
                raise ValueError(f"entities[{index}]: entity '{entity.key}' (schema and name) is used twice, "
                                 f"first at entities[{seen[entity.key]}]")
            seen[entity.key] = index
        return self

    def entity(self, name: str) -> Entity | None:
        """The entity `name` names: its key (`schema.name` or a plain name), else the one entity of that
        plain name; None when none or several match (definition/schemas.py explains ambiguity)."""
        exact = next((e for e in self.entities if e.key == name), None)
        if exact is not None:
            return exact
        named = [e for e in self.entities if e.name == name]
        return named[0] if len(named) == 1 else None
