"""Table constraints of the definition: `unique` and `not-equal` over field lists and `check` expressions,
as a tagged union."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, field_validator
from pydantic import Field as ModelField


class _Constraint(BaseModel):
    # Unknown keys are kept so the strictness check can name them (with a suggestion) or warn.
    model_config = ConfigDict(extra="allow")
    fields: list[str]

    @field_validator("fields")
    @classmethod
    def _distinct(cls, fields: list[str]) -> list[str]:
        if len(set(fields)) != len(fields):
            raise ValueError(f"names a field twice: {fields}")
        return fields


class UniqueConstraint(_Constraint):
    """No two rows share the same combination of `fields` (one field: the same as the field's `unique`)."""

    constraint_type: Literal["unique"] = "unique"
    # The combination is the table's primary key: outputs declare PRIMARY KEY (fields...) and NOT NULL.
    primary_key: bool = False

    @field_validator("fields")
    @classmethod
    def _some(cls, fields: list[str]) -> list[str]:
        if not fields:
            raise ValueError("a unique constraint needs at least one field")
        return fields


class NotEqualConstraint(_Constraint):
    """The two `fields` differ on every row."""

    constraint_type: Literal["not-equal"] = "not-equal"

    @field_validator("fields")
    @classmethod
    def _two(cls, fields: list[str]) -> list[str]:
        if len(fields) != 2:
            raise ValueError("a not-equal constraint compares exactly two fields")
        return fields


class CheckConstraint(BaseModel):
    """An SQL CHECK: `sql` is a boolean expression over the row's fields (SQLite's dialect, as in
    postprocessing_sql). Outputs and `load --create` declare it; every generated batch is checked against
    it (a row where it is false stops the run, naming table, row and constraint; NULL passes, as in SQL)."""

    model_config = ConfigDict(extra="allow")
    constraint_type: Literal["check"] = "check"
    sql: str
    name: str | None = None  # the constraint's name in DDL (CONSTRAINT name CHECK (...)); the database's otherwise
    fields: list[str] = ModelField(default_factory=list)  # not used: the fields are those `sql` reads

    @field_validator("sql")
    @classmethod
    def _not_empty(cls, sql: str) -> str:
        if not sql.strip():
            raise ValueError("a check constraint needs an SQL expression")
        return sql


CONSTRAINT_TYPES = ("unique", "not-equal", "check")


def constraint_tag(value: Any) -> str | None:
    """The constraint's type, accepting `type` for `constraint_type` and `not_equal` for `not-equal`."""
    if isinstance(value, BaseModel):
        return str(getattr(value, "constraint_type", ""))
    if not isinstance(value, dict):
        return None
    raw = str(value.get("constraint_type", value.get("type", ""))).strip().lower().replace("_", "-")
    return raw if raw in CONSTRAINT_TYPES else None


def normalise_constraint(value: Any) -> Any:
    """Fabricate's spelling: `constraint_type` in kebab case (`type` and `not_equal` are read too)."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    raw = out.pop("type", None) if "constraint_type" not in out else out.get("constraint_type")
    if raw is not None:
        out["constraint_type"] = str(raw).strip().lower().replace("_", "-")
    return out


Constraint = Annotated[
    Annotated[UniqueConstraint, Tag("unique")] | Annotated[NotEqualConstraint, Tag("not-equal")]
    | Annotated[CheckConstraint, Tag("check")],
    Discriminator(
        constraint_tag,
        custom_error_type="constraint_type",
        custom_error_message="constraint_type must be 'unique', 'not-equal' or 'check'",
    ),
]
