"""Reverse OpenAPI mode, matching: each operation of the user's spec bound to a snapshot table (by the path's
names) and its response schema's properties bound to columns (by name and compatible type)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from synthdb.mock import naming
from synthdb.mock.schema import Column, Schema, Table
from synthdb.mock.userspec import UserSpec, pointer

NullCheck = Callable[[str, str], bool]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Wrapper properties that are not rows: what the list knows about itself.
META = {"total": "total", "count": "total", "total_count": "total", "total_item": "total", "total_result": "total",
        "page": "page", "current_page": "page", "page_number": "page",
        "limit": "limit", "per_page": "limit", "page_size": "limit", "size": "limit",
        "total_page": "pages", "page_count": "pages", "pages": "pages"}
# Declared query parameters that mean the automatic resources' reserved ones.
ALIASES = {"page": "_page", "page_number": "_page", "limit": "_limit", "per_page": "_limit", "page_size": "_limit",
           "size": "_limit", "sort": "_sort", "sort_by": "_sort", "order": "_order", "search": "q", "query": "q"}
_KINDS = {"integer": {"integer", "number"}, "number": {"number"}, "boolean": {"boolean"}, "text": {"string"},
          "date": {"string"}, "datetime": {"string"}, "blob": {"string"}}


@dataclass
class Shape:
    """How rows become a response body: `kind` array (a list), object (one row), wrapper (rows under
    `items_key` next to `meta` properties); `props` maps each served property to its column."""

    kind: str
    props: dict[str, str] = field(default_factory=dict)
    drop_null: set[str] = field(default_factory=set)
    datetimes: set[str] = field(default_factory=set)
    items_key: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Binding:
    """One operation of the spec: what it serves (or `problem`: why it answers 501) and what was left out."""

    method: str
    path: str
    location: str
    operation: dict[str, Any]
    parameters: list[dict[str, Any]]
    kind: str | None = None
    table: str | None = None
    parent: str | None = None
    shape: Shape | None = None
    status: str = "200"
    response_location: str | None = None
    body_props: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    regex: re.Pattern[str] = field(default=re.compile(""))


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return {str(k) for k in kind}
    if isinstance(kind, str):
        return {kind}
    found: set[str] = set()
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        if isinstance(option, dict):
            found |= _types(option)
    return found


def nullable(schema: dict[str, Any]) -> bool:
    return bool(schema.get("nullable")) or "null" in _types(schema)


def _merged(spec: UserSpec, schema: Any) -> dict[str, Any]:
    """The schema resolved, with the properties and required lists of its allOf parts merged in."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict):
        return {}
    if "allOf" not in schema:
        return schema
    out = {k: v for k, v in schema.items() if k != "allOf"}
    props = dict(out.get("properties", {}))
    required = list(out.get("required", []))
    for part in schema["allOf"]:
        part = _merged(spec, part)
        props.update(part.get("properties", {}))
        required += part.get("required", [])
        out.setdefault("type", part.get("type"))
    out["properties"], out["required"] = props, required
    return out


def _compatible(schema: dict[str, Any], column: Column) -> bool:
    types = _types(schema) - {"null"}
    return not types or bool(types & _KINDS[column.kind])


def _row_shape(spec: UserSpec, schema: Any, table: Table, where: str, binding: Binding,
               has_nulls: NullCheck) -> Shape | None:
    """Properties of a row schema bound to the table's columns; None if it is not an object of properties."""
    schema = _merged(spec, schema)
    props = schema.get("properties")
    if not isinstance(props, dict):
        return None
    shape = Shape("object")
    required = set(schema.get("required", []))
    for name, raw in props.items():
        prop = _merged(spec, raw)
        column_name = naming.find(name, table.columns)
        column = table.columns.get(column_name or "")
        if column is None or not _compatible(prop, column):
            why = "matches no column" if column is None else f"is not compatible with column '{column.name}' " \
                                                              f"({column.kind})"
            if name in required:
                binding.problem = f"required property {where}.{name} {why} of {table.name}"
            binding.warnings.append(f"property {name} {why} of {table.name} (left out)")
            continue
        shape.props[name] = column.name
        if not nullable(prop) and not column.notnull:
            if name not in required:
                shape.drop_null.add(name)
            elif has_nulls(table.name, column.name):
                binding.warnings.append(f"property {name} is required and not nullable, but {table.name}."
                                        f"{column.name} holds NULLs (those answers will be contract errors)")
        if prop.get("format") == "date-time" and column.kind == "datetime":
            shape.datetimes.add(name)
    return shape


def _list_shape(spec: UserSpec, schema: Any, table: Table, binding: Binding, has_nulls: NullCheck) -> Shape | None:
    schema = _merged(spec, schema)
    if "array" in _types(schema) or "items" in schema:
        row = _row_shape(spec, schema.get("items", {}), table, "[]", binding, has_nulls)
        if row is not None:
            row.kind = "array"
        return row
    props = schema.get("properties")
    if not isinstance(props, dict):
        return None
    shape: Shape | None = None
    meta: dict[str, str] = {}
    for name, raw in props.items():
        prop = _merged(spec, raw)
        if shape is None and ("array" in _types(prop) or "items" in prop):
            shape = _row_shape(spec, prop.get("items", {}), table, f"{name}[]", binding, has_nulls)
            if shape is not None:
                shape.items_key = name
                continue
        role = META.get(naming.key(name))
        if role is not None and _types(prop) & {"integer", "number"}:
            meta[name] = role
        else:
            if name in schema.get("required", []):
                binding.problem = f"required property {name} of the list wrapper means nothing here"
            binding.warnings.append(f"property {name} of the list wrapper matches nothing (left out)")
    if shape is None:
        return None
    shape.kind, shape.meta = "wrapper", meta
    return shape


def _success(spec: UserSpec, operation: dict[str, Any], location: str) -> tuple[str, Any, str | None] | None:
    """(status, schema, JSON pointer of the schema) of the operation's first 2xx response (schema None
    when it has no JSON body)."""
    responses = operation.get("responses", {})
    for status in sorted(str(s) for s in responses):
        if not status.startswith("2"):
            continue
        raw = responses[status]
        here = raw["$ref"].removeprefix("#") if isinstance(raw, dict) and "$ref" in raw \
            else location + pointer("responses", status)
        response = spec.resolve(raw)
        for media, content in ((response or {}).get("content") or {}).items():
            if "json" in media and isinstance(content, dict) and "schema" in content:
                return status, content["schema"], here + pointer("content", media, "schema")
        return status, None, None
    return None


def _table(schema: Schema, segment: str, fallback: Any) -> Table | None:
    name = naming.find(segment, schema.tables)
    if name is None and isinstance(fallback, dict) and isinstance(fallback.get("$ref"), str):
        name = naming.find(fallback["$ref"].rsplit("/", 1)[-1], schema.tables)
    return schema.tables.get(name or "")


def _path_regex(base: str, path: str) -> re.Pattern[str]:
    parts = []
    for segment in path.strip("/").split("/"):
        parts.append(re.sub(r"\\\{[^}]*\\\}", "([^/]+)", re.escape(segment)))
    return re.compile("^" + re.escape(base) + "/" + "/".join(parts) + "/?$")


def base_path(spec: UserSpec) -> str:
    """The path part of the spec's first server URL (its paths are served under it), '' if none."""
    servers = spec.document.get("servers") or [{}]
    url = str(servers[0].get("url", "")) if isinstance(servers[0], dict) else ""
    if "{" in url:
        return ""
    return urlparse(url).path.rstrip("/")


def _bind(spec: UserSpec, schema: Schema, binding: Binding, has_nulls: NullCheck) -> None:
    segments = [s for s in binding.path.strip("/").split("/") if s]
    is_param = [s.startswith("{") and s.endswith("}") for s in segments]
    items: Any = None
    found = _success(spec, binding.operation, binding.location)
    if found is not None:
        binding.status, items, binding.response_location = found
    resolved = _merged(spec, items) if items is not None else {}
    fallback = resolved.get("items") if isinstance(resolved, dict) else None
    if segments and not is_param[-1]:
        if len(segments) >= 3 and is_param[-2] and not is_param[-3]:
            parent = _table(schema, segments[-3], None)
            if parent is None:
                # Serving every row would ignore the path's parameter: say so instead.
                binding.problem = f"no table of the snapshot is called like '{segments[-3]}'"
                return
            binding.kind, binding.parent = "nested", parent.name
        binding.kind = binding.kind or "list"
        table = _table(schema, segments[-1], fallback or items)
    elif len(segments) >= 2 and not is_param[-2]:
        binding.kind = "item"
        table = _table(schema, segments[-2], items)
    else:
        binding.problem = "the path is neither /things, /things/{id} nor /parents/{id}/things"
        return
    if table is None:
        binding.problem = f"no table of the snapshot is called like '{segments[-1 if binding.kind != 'item' else -2]}'"
        return
    binding.table = table.name
    if binding.kind == "nested":
        parent_table = schema.tables[binding.parent or ""]
        if not any(child == table.name for child, _ in schema.children(parent_table.name)):
            binding.problem = f"{table.name} has no foreign key to {parent_table.name}"
            return
        if parent_table.id_column is None:
            binding.problem = f"{parent_table.name} has no single-column primary key"
            return
    if binding.kind == "item" and table.id_column is None:
        binding.problem = f"{table.name} has no single-column primary key"
        return
    method = binding.method
    if method not in ("get", "post", "put", "patch", "delete"):
        binding.problem = f"{method.upper()} is not served"
        return
    allowed = {"list": ("get", "post"), "nested": ("get",), "item": ("get", "put", "patch", "delete")}
    if method not in allowed[binding.kind]:
        binding.problem = f"{method.upper()} on this kind of path is not served"
        return
    if items is not None:
        many = binding.kind != "item" and method == "get"
        shape = _list_shape(spec, items, table, binding, has_nulls) if many \
            else _row_shape(spec, items, table, "", binding, has_nulls)
        if shape is None:
            binding.problem = "the success response's schema is not " + (
                "an array of objects or an object wrapping one" if many else "an object of properties")
            return
        binding.shape = shape
    elif method != "delete":
        binding.problem = "no JSON success response to shape the rows by"
        return
    body = binding.operation.get("requestBody")
    if body is not None:
        content = spec.resolve(body).get("content") or {}
        for media, item in content.items():
            if "json" in media and isinstance(item, dict):
                merged = _merged(spec, item.get("schema", {}))
                for name in merged.get("properties") or {}:
                    column = naming.find(name, table.columns)
                    if column is not None:
                        binding.body_props[name] = column
    for param in binding.parameters:
        if param.get("in") == "query":
            name = str(param.get("name"))
            alias = ALIASES.get(naming.key(name))
            if alias is not None and (binding.shape is None or name not in binding.shape.props):
                binding.aliases[name] = alias


def bind_spec(spec: UserSpec, schema: Schema, has_nulls: NullCheck = lambda table, column: True) -> list[Binding]:
    """Every operation of the spec, bound to the snapshot (or carrying why it cannot be); `has_nulls` says
    whether a column holds NULLs (a required, non-nullable property over it is then worth a warning)."""
    base = base_path(spec)
    out: list[Binding] = []
    for path, item in (spec.document.get("paths") or {}).items():
        item = spec.resolve(item)
        shared = [spec.resolve(p) for p in item.get("parameters", [])]
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            own = [spec.resolve(p) for p in operation.get("parameters", [])]
            keys = {(p.get("name"), p.get("in")) for p in own}
            params = own + [p for p in shared if (p.get("name"), p.get("in")) not in keys]
            binding = Binding(method, path, pointer("paths", path, method), operation, params,
                              regex=_path_regex(base, path))
            _bind(spec, schema, binding, has_nulls)
            out.append(binding)
    return out


def report(bindings: list[Binding]) -> list[str]:
    """The start-up table: one line per operation, what it serves or why it answers 501."""
    width = max((len(b.method) + len(b.path) + 1 for b in bindings), default=0)
    lines = []
    for b in bindings:
        head = f"{b.method.upper()} {b.path}".ljust(width)
        if b.problem:
            lines.append(f"  {head}  -> unmatched (501): {b.problem}")
        else:
            what = f"{b.table}" + (f" (children of {b.parent})" if b.parent else "")
            role = b.kind if b.method == "get" else {"post": "create", "put": "replace", "patch": "update",
                                                       "delete": "delete"}[b.method]
            lines.append(f"  {head}  -> {what} [{role}]")
    return lines


def warnings(bindings: list[Binding]) -> list[str]:
    """Each distinct warning once, with the operations it concerns."""
    seen: dict[str, list[str]] = {}
    for b in bindings:
        for text in b.warnings:
            seen.setdefault(text, []).append(f"{b.method.upper()} {b.path}")
        if b.problem:
            seen.setdefault(f"answers 501: {b.problem}", []).append(f"{b.method.upper()} {b.path}")
    return [f"{', '.join(ops)}: {text}" for text, ops in seen.items()]
