"""The mock API's OpenAPI 3.1 document, generated from the snapshot's schema and the definition's routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from synthdb.mock.query import MAX_LIMIT, OPERATORS
from synthdb.mock.schema import Column, Table

if TYPE_CHECKING:
    from synthdb.mock.service import MockService

_TYPES: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"}, "number": {"type": "number"}, "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"}, "datetime": {"type": "string"}, "blob": {"type": "string"},
    "text": {"type": "string"},
}
_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _column_schema(column: Column, nullable: bool = True) -> dict[str, Any]:
    schema = dict(_TYPES[column.kind])
    if column.max_length is not None:
        schema["maxLength"] = column.max_length
    if nullable and not column.notnull:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _row_schema(table: Table) -> dict[str, Any]:
    return {"type": "object", "properties": {c.name: _column_schema(c) for c in table.columns.values()},
            "additionalProperties": True}


def _input_schema(table: Table, partial: bool) -> dict[str, Any]:
    required = [] if partial else [c.name for c in table.columns.values() if c.notnull and not c.primary]
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {c.name: _column_schema(c) for c in table.columns.values()}}
    if required:
        schema["required"] = required
    return schema


def _json(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list_parameters(table: Table) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": "_page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "_limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}},
        {"name": "_sort", "in": "query", "schema": {"type": "string", "enum": list(table.columns)}},
        {"name": "_order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "q", "in": "query", "description": "text found in any text column", "schema": {"type": "string"}},
    ]
    for column in table.columns.values():
        base = _column_schema(column, nullable=False)
        params.append({"name": column.name, "in": "query", "schema": base})
        for suffix in OPERATORS:
            schema = {"type": "string"} if suffix in ("_like", "_in") else base
            params.append({"name": column.name + suffix, "in": "query", "schema": schema})
    return params


def _list_response(table: Table) -> dict[str, Any]:
    answer = _json({"type": "array", "items": {"$ref": f"#/components/schemas/{table.name}"}})
    answer["headers"] = {"X-Total-Count": {"schema": {"type": "integer"}}, "Link": {"schema": {"type": "string"}}}
    return answer


def openapi_document(service: MockService, base_url: str) -> dict[str, Any]:
    """The document: every table's collection, item and nested paths, the custom routes and _reset."""
    schema = service.schema
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {"Error": {"type": "object", "properties": {"error": {"type": "string"}},
                                            "required": ["error"]}}
    errors = {"400": _ERROR, "404": _ERROR}
    for table in schema.tables.values():
        ref = {"$ref": f"#/components/schemas/{table.name}"}
        components[table.name] = _row_schema(table)
        collection: dict[str, Any] = {"get": {
            "operationId": f"list_{table.name}", "parameters": _list_parameters(table),
            "responses": {"200": _list_response(table), **errors}}}
        if not service.api.read_only:
            collection["post"] = {
                "operationId": f"create_{table.name}",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": _input_schema(table, partial=False)}}},
                "responses": {"201": _json(ref, "created"), "409": _ERROR, **errors}}
        paths[f"/{table.name}"] = collection
        key = table.id_column
        if key is None:
            continue
        id_param = {"name": "id", "in": "path", "required": True,
                    "schema": _column_schema(table.columns[key], nullable=False)}
        item: dict[str, Any] = {"parameters": [id_param], "get": {
            "operationId": f"get_{table.name}", "responses": {"200": _json(ref), **errors}}}
        if not service.api.read_only:
            for method, partial in (("put", False), ("patch", True)):
                item[method] = {
                    "operationId": f"{method}_{table.name}",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": _input_schema(table, partial)}}},
                    "responses": {"200": _json(ref), "409": _ERROR, **errors}}
            item["delete"] = {"operationId": f"delete_{table.name}",
                              "responses": {"200": _json({"type": "object"}), "409": _ERROR, **errors}}
        paths[f"/{table.name}/{{id}}"] = item
        for child_name, _fk in schema.children(table.name):
            child = schema.tables[child_name]
            paths.setdefault(f"/{table.name}/{{id}}/{child_name}", {"parameters": [id_param], "get": {
                "operationId": f"list_{table.name}_{child_name}", "parameters": _list_parameters(child),
                "responses": {"200": _list_response(child), **errors}}})
    for index, route in enumerate(service.api.routes):
        parts = [f"{{{p[1:]}}}" if p.startswith(":") else p for p in route.path.strip("/").split("/")]
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in route.parameters()]
        for name in service.routes.uses[index]:
            if name not in route.parameters():
                params.append({"name": name, "in": "query", "required": True, "schema": {"type": "string"}})
        body = {"type": "array", "items": {"type": "object"}} if route.many else {"type": "object"}
        responses: dict[str, Any] = {str(route.status): _json(body), **errors}
        if route.error_rate:
            responses[str(route.error_status)] = _ERROR
        paths.setdefault("/" + "/".join(parts), {})[route.method.lower()] = {
            "operationId": f"route_{index}", "parameters": params, "responses": responses}
    paths["/_reset"] = {"post": {"operationId": "reset", "description": "forget this session's writes",
                                 "responses": {"200": _json({"type": "object"})}}}
    name = service.database.name if service.database is not None else "database"
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{name} mock API (synthdb)", "version": "1"},
        "servers": [{"url": base_url}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
