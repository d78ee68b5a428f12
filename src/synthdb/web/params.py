"""Parameter forms built from a generator's parameter schema (its pydantic `Params`): inputs, and back to values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from synthdb.generators.base import Generator

PREFIX = "p_"  # form names of parameters: p_min, p_values ... (apart from the column's own attributes)


@dataclass
class ParamInput:
    """One parameter as a form control."""

    name: str
    kind: str  # number, boolean, enum, list, text, json
    required: bool
    default: Any
    description: str = ""
    options: list[str] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    numeric_items: bool = False
    value: str = ""  # the current value as the control shows it
    checked: bool = False

    @property
    def input_name(self) -> str:
        return PREFIX + self.name

    @property
    def hint(self) -> str:
        """What the control's description says: the default, the range."""
        parts = [self.description] if self.description else []
        if self.required:
            parts.append("required")
        elif self.default not in (None, "", []):
            parts.append(f"default {self.default}")
        if self.minimum is not None or self.maximum is not None:
            low = "" if self.minimum is None else f"{self.minimum:g}"
            high = "" if self.maximum is None else f"{self.maximum:g}"
            parts.append(f"range {low}..{high}")
        if self.kind == "list":
            parts.append("comma-separated, or a JSON list")
        if self.kind == "json":
            parts.append("JSON or YAML")
        return "; ".join(parts)


def _candidates(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], bool]:
    options = prop.get("anyOf") or prop.get("oneOf") or [prop]
    out, nullable = [], False
    for option in options:
        if "$ref" in option:
            option = defs.get(option["$ref"].rsplit("/", 1)[-1], {})
        if option.get("type") == "null":
            nullable = True
        else:
            out.append(option)
    return out, nullable


def _input(name: str, prop: Mapping[str, Any], defs: Mapping[str, Any], required: bool) -> ParamInput:
    candidates, _nullable = _candidates(prop, defs)
    default = prop.get("default")
    item = ParamInput(name, "json", required, default, str(prop.get("description", "")).split("\n")[0])
    enums = [c for c in candidates if "enum" in c]
    types = {c.get("type") for c in candidates}
    if enums and len(candidates) == 1:
        item.kind, item.options = "enum", [str(v) for v in enums[0]["enum"]]
    elif types == {"boolean"}:
        item.kind = "boolean"
    elif types and types <= {"integer", "number"}:
        item.kind, item.integer = "number", types == {"integer"}
        item.minimum = next((c["minimum"] for c in candidates if "minimum" in c), None)
        item.maximum = next((c["maximum"] for c in candidates if "maximum" in c), None)
    elif types == {"array"}:
        item.kind = "list"
        items = candidates[0].get("items") or {}
        item.numeric_items = items.get("type") in ("number", "integer")
    elif types == {"string"}:
        item.kind = "text"
    return item


def inputs_of(cls: type[Generator], current: Mapping[str, Any] | None = None) -> list[ParamInput]:
    """The controls of `cls`'s parameters, filled with `current` values (a field's parameters)."""
    schema = cls.Params.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        item = _input(name, prop, defs, name in required)
        value = (current or {}).get(name)
        if item.kind == "boolean":
            item.checked = bool(value) if value is not None else bool(item.default)
        elif value is not None:
            item.value = _shown(value, item.kind)
        out.append(item)
    return out


def _shown(value: Any, kind: str) -> str:
    if kind == "list" and isinstance(value, list) and all(
            isinstance(v, str | int | float) and "," not in str(v) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # the stored definition holds 3.0 where the author wrote 3
    return str(value)


class ParamError(ValueError):
    """A parameter's text cannot be read as its type (the form shows it beside the control)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _number(text: str, name: str, integer: bool) -> int | float:
    try:
        number = float(text)
    except ValueError as exc:
        raise ParamError(name, f"'{text}' is not a number") from exc
    if integer or number.is_integer():
        return int(number)
    return number


def values_from(inputs: list[ParamInput], form: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a submitted form sets (values equal to the default are left out, as a person writes them)."""
    out: dict[str, Any] = {}
    for item in inputs:
        raw = form.get(item.input_name)
        if item.kind == "boolean":
            value: Any = raw is not None and str(raw) not in ("", "false", "off")
            if value != bool(item.default):
                out[item.name] = value
            continue
        text = str(raw).strip() if raw is not None else ""
        if not text:
            continue
        if item.kind == "number":
            value = _number(text, item.name, item.integer)
        elif item.kind == "list":
            if text.startswith("["):
                value = _yaml(text, item.name)
            else:
                parts = [part.strip() for part in text.split(",") if part.strip()]
                value = [_number(p, item.name, False) for p in parts] if item.numeric_items else parts
        elif item.kind == "json":
            value = _yaml(text, item.name)
        else:
            value = text
        if value != item.default:
            out[item.name] = value
    return out


def _yaml(text: str, name: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParamError(name, f"cannot be read as JSON/YAML ({str(exc).splitlines()[0]})") from exc
