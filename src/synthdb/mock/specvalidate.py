"""Reverse OpenAPI mode, contract checks: a request's parameters and body, and a response's body, against the
user's spec (openapi-schema-validator); failures name the field by its JSON path."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from synthdb.mock.errors import MockError
from synthdb.mock.specmap import Binding
from synthdb.mock.userspec import UserSpec


class ContractError(Exception):
    """A response the mock built does not match the user's spec (a bug of the mapping, reported as 500)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def _first_error(validator: Any, value: Any) -> Any:
    from jsonschema.exceptions import best_match

    # The first error in the instance's order (items[0] before items[2]), refined within anyOf/oneOf.
    first = next(iter(validator.iter_errors(value)), None)
    return None if first is None else best_match([first])


def _scalar(schema: dict[str, Any], text: str) -> Any:
    """A query-string value as the schema's type reads it (left as text if it does not parse, so the
    validator names the mismatch)."""
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    try:
        if "integer" in kinds and text.lstrip("-").isdigit():
            return int(text)
        if "number" in kinds:
            return float(text)
    except ValueError:
        return text
    if "boolean" in kinds and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _param_value(spec: UserSpec, param: dict[str, Any], values: list[str]) -> Any:
    schema = spec.resolve(param.get("schema") or {})
    kinds = schema.get("type")
    if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
        items = spec.resolve(schema.get("items") or {})
        if len(values) == 1 and not param.get("explode", param.get("style", "form") == "form"):
            values = values[0].split(",")
        return [_scalar(items, v) for v in values]
    return _scalar(schema, values[-1])


def check_request(
    spec: UserSpec, binding: Binding, path_values: dict[str, str], params: Sequence[tuple[str, str]],
    headers: dict[str, str], body: bytes | None,
) -> Any:
    """400 (MockError) naming the first parameter or body field that breaks the spec; returns the parsed body."""
    query: dict[str, list[str]] = {}
    for name, value in params:
        query.setdefault(name, []).append(value)
    for param in binding.parameters:
        name, place = str(param.get("name")), param.get("in")
        if place == "path":
            found: list[str] | None = [path_values[name]] if name in path_values else None
        elif place == "query":
            found = query.get(name)
        elif place == "header":
            found = [headers[name.lower()]] if name.lower() in headers else None
        else:
            continue
        if found is None:
            if param.get("required"):
                raise MockError(400, f"{place} parameter '{name}' is required", {"X-Failing-Field": f"{place}.{name}"})
            continue
        if "schema" not in param:
            continue
        value = _param_value(spec, param, found)
        location = _param_location(spec, binding, param)
        error = _first_error(spec.validator(location, reading=False), value)
        if error is not None:
            raise MockError(400, f"{place} parameter '{name}': {error.message}", {"X-Failing-Field": f"{place}.{name}"})
    return _check_body(spec, binding, body)


def _param_location(spec: UserSpec, binding: Binding, param: dict[str, Any]) -> str:
    """The JSON pointer of a parameter's schema (in the operation's own list, the path item's, or where a
    $ref points)."""
    from synthdb.mock.userspec import pointer

    wanted = (param.get("name"), param.get("in"))
    path_item = spec.document["paths"][binding.path]
    for owner, where in ((binding.operation, binding.location), (path_item, pointer("paths", binding.path))):
        for position, raw in enumerate(owner.get("parameters", [])):
            item = spec.resolve(raw)
            if (item.get("name"), item.get("in")) == wanted:
                if isinstance(raw, dict) and "$ref" in raw:
                    return str(raw["$ref"]).removeprefix("#") + "/schema"
                return where + pointer("parameters", position, "schema")
    raise KeyError(wanted)


def _check_body(spec: UserSpec, binding: Binding, body: bytes | None) -> Any:
    from synthdb.mock.userspec import pointer

    request = binding.operation.get("requestBody")
    if request is None:
        return None
    resolved = spec.resolve(request)
    if not body:
        if resolved.get("required"):
            raise MockError(400, "body: required by the spec", {"X-Failing-Field": "body"})
        return None
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MockError(400, f"body: not valid JSON ({exc})", {"X-Failing-Field": "body"}) from None
    content = resolved.get("content") or {}
    media = next((m for m in content if "json" in m and "schema" in (content[m] or {})), None)
    if media is None:
        return payload
    if "$ref" in request:
        location = request["$ref"].removeprefix("#") + pointer("content", media, "schema")
    else:
        location = binding.location + pointer("requestBody", "content", media, "schema")
    error = _first_error(spec.validator(location, reading=False), payload)
    if error is not None:
        where = "body" + error.json_path[1:]
        raise MockError(400, f"{where}: {error.message}", {"X-Failing-Field": where})
    return payload


def check_response(spec: UserSpec, binding: Binding, value: Any) -> None:
    """ContractError naming the JSON path of the first part of `value` that breaks the response schema."""
    if binding.response_location is None:
        return
    error = _first_error(spec.validator(binding.response_location, reading=True), value)
    if error is not None:
        raise ContractError("response" + error.json_path[1:], error.message)
