"""Reverse OpenAPI mode, serving: a request to one of the user's paths answered from the snapshot through the
automatic resources' query code, reshaped to the spec, with request and response checked against it."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from synthdb.mock import resources
from synthdb.mock.errors import MockError
from synthdb.mock.query import OPERATORS
from synthdb.mock.schema import quote
from synthdb.mock.service import MockResponse, MockService, _links
from synthdb.mock.specmap import Binding, Shape, bind_spec
from synthdb.mock.specvalidate import ContractError, check_request, check_response
from synthdb.mock.userspec import UserSpec

log = logging.getLogger("synthdb.mock")
_ISO = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(?:Z|[+-]00:?00)?$")
# The list parameters of the automatic resources whose values are not column names.
_PASS = {"_page", "_limit", "_order", "q"}


class SpecMock:
    """The user's spec served over one MockService (its snapshot, sessions and query code)."""

    def __init__(self, spec: UserSpec, service: MockService) -> None:
        self.spec = spec
        self.service = service
        self.bindings: list[Binding] = bind_spec(spec, service.schema, self._has_nulls)

    def _has_nulls(self, table: str, column: str) -> bool:
        con = self.service._reader(None)
        try:
            sql = f"SELECT 1 FROM {quote(table)} WHERE {quote(column)} IS NULL LIMIT 1"
            return con.execute(sql).fetchone() is not None
        finally:
            con.close()

    def match(self, path: str) -> tuple[list[Binding], dict[str, str]] | None:
        """The operations of the first spec path matching the URL path, and its path parameters' values."""
        for binding in self.bindings:
            found = binding.regex.match(path)
            if found is not None:
                names = re.findall(r"\{([^}]*)\}", binding.path)
                same = [b for b in self.bindings if b.path == binding.path]
                return same, dict(zip(names, found.groups(), strict=True))
        return None

    def handle(
        self, method: str, path: str, params: Sequence[tuple[str, str]], headers: dict[str, str],
        body: bytes | None, session: str, base_url: str,
    ) -> MockResponse:
        """Answer a request whose path is one of the spec's (the caller checked `match`)."""
        found = self.match(path)
        if found is None:
            return MockResponse(404, {"error": f"{path}: not a path of the spec"})
        same, values = found
        binding = next((b for b in same if b.method == method.lower()), None)
        if binding is None:
            allowed = ", ".join(b.method.upper() for b in same)
            return MockResponse(405, {"error": f"{method} is not an operation of {same[0].path} (spec: {allowed})"},
                                {"Allow": allowed})
        where = f"{binding.method.upper()} {binding.path}"
        if binding.problem:
            return MockResponse(501, {"error": f"{where} is not served from the snapshot: {binding.problem}",
                                      "operation": where})
        try:
            payload = check_request(self.spec, binding, values, params, headers, body)
            result = self._answer(binding, values, params, payload, session, base_url, path)
        except MockError as exc:
            return _error(exc)
        except Exception:  # a bug of the mapping: a JSON 500 naming the operation, the trace in the log
            log.exception("%s: internal error", where)
            return MockResponse(500, {"error": f"internal error of the mock while answering {where} (logged)",
                                      "operation": where})
        if 200 <= result.status < 300 and result.body is not None:
            try:
                check_response(self.spec, binding, result.body)
            except ContractError as exc:
                log.error("%s: the response breaks the spec at %s: %s", where, exc.where, exc.message)
                return MockResponse(500, {"error": f"contract error: the response of {where} does not match the "
                                                   f"spec at {exc.where}: {exc.message}", "path": exc.where,
                                          "operation": where})
        return result

    # --- answering ---------------------------------------------------------------------------------------

    def _answer(
        self, binding: Binding, values: dict[str, str], params: Sequence[tuple[str, str]], payload: Any,
        session: str, base_url: str, path: str,
    ) -> MockResponse:
        service, shape = self.service, binding.shape
        table = service.schema.tables[binding.table or ""]
        ids = [values[n] for n in re.findall(r"\{([^}]*)\}", binding.path)]
        if binding.method != "get":
            return self._write(binding, table, ids, payload, session)
        assert shape is not None
        con = service._reader(session)
        try:
            if binding.kind == "item":
                row = resources.get_row(con, table, ids[-1])
                return MockResponse(int(binding.status), _row(shape, row))
            fixed = None
            if binding.kind == "nested":
                parent = service.schema.tables[binding.parent or ""]
                parent_row = resources.get_row(con, parent, ids[-1])
                fk = resources.nested_link(service.schema, parent, table.name)
                fixed = {fk.column: parent_row[fk.parent_column]}
            internal = self._translate(binding, table, params)
            rows, total, query = resources.list_rows(con, table, internal, fixed)
        finally:
            con.close()
        headers = {"X-Total-Count": str(total), "Access-Control-Expose-Headers": "X-Total-Count, Link"}
        link = _links(base_url.rstrip("/") + path, params, query, total)
        if link:
            headers["Link"] = link
        items = [_row(shape, row) for row in rows]
        if shape.kind == "array":
            return MockResponse(int(binding.status), items, headers)
        pages = max(1, -(-total // query.limit))
        meta = {"total": total, "page": query.page, "limit": query.limit, "pages": pages}
        body: dict[str, Any] = {shape.items_key or "data": items}
        body.update({name: meta[role] for name, role in shape.meta.items()})
        return MockResponse(int(binding.status), body, headers)

    def _translate(self, binding: Binding, table: Any, params: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """The request's list parameters in the automatic resources' terms (columns, _page, _sort ...)."""
        shape = binding.shape or Shape("array")
        declared = {str(p.get("name")) for p in binding.parameters if p.get("in") == "query"}
        out: list[tuple[str, str]] = []
        for name, value in params:
            name = binding.aliases.get(name, name)
            if name in _PASS:
                out.append((name, value))
            elif name == "_sort":
                out.append((name, ",".join(_sort_term(shape, term) for term in value.split(","))))
            elif name in ("_embed", "_expand", "_session"):
                continue  # the spec's shape has no room for them
            else:
                column, suffix = _property_filter(shape, name)
                if column is not None:
                    kind = table.columns[column].kind
                    out.append((column + suffix, _from_iso(value) if kind == "datetime" else value))
                elif name not in declared:
                    known = ", ".join(shape.props)
                    raise MockError(400, f"{name}: not a property of this list (properties: {known})",
                                    {"X-Failing-Field": f"query.{name}"})
        return out

    def _write(self, binding: Binding, table: Any, ids: list[str], payload: Any, session: str) -> MockResponse:
        service = self.service
        if isinstance(payload, dict):
            payload = {binding.body_props.get(k, k): v for k, v in payload.items()}
        parts = [table.name, *ids[-1:]]
        import json

        result = service._write(binding.method.upper(), table, parts, json.dumps(payload).encode(), session)
        if binding.shape is not None and isinstance(result.body, dict):
            result.body = _row(binding.shape, result.body)
        elif binding.shape is None:
            result.body = None
        result.status = int(binding.status)
        return result


def _error(exc: MockError) -> MockResponse:
    """A 4xx answer: the message, and the failing field when known."""
    answer: dict[str, Any] = {"error": exc.message}
    if "X-Failing-Field" in exc.headers:
        answer["field"] = exc.headers["X-Failing-Field"]
    return MockResponse(exc.status, answer, {k: v for k, v in exc.headers.items() if k != "X-Failing-Field"})


def _property_filter(shape: Shape, name: str) -> tuple[str | None, str]:
    if name in shape.props:
        return shape.props[name], ""
    for suffix in OPERATORS:
        if name.endswith(suffix) and name[: -len(suffix)] in shape.props:
            return shape.props[name[: -len(suffix)]], suffix
    return None, ""


def _sort_term(shape: Shape, term: str) -> str:
    descending = term.startswith("-")
    name = term.removeprefix("-")
    if name not in shape.props:
        raise MockError(400, f"_sort: '{name}' is not a property of this list (properties: "
                             f"{', '.join(shape.props)})", {"X-Failing-Field": "query._sort"})
    return ("-" if descending else "") + shape.props[name]


def _from_iso(value: str) -> str:
    """An RFC 3339 filter value as the snapshot stores timestamps ('YYYY-MM-DD HH:MM:SS', naive UTC)."""
    found = _ISO.match(value)
    return f"{found.group(1)} {found.group(2)}" if found else value


def _row(shape: Shape, row: dict[str, Any]) -> dict[str, Any]:
    """A row under the spec's property names: only the spec's properties, nulls left out where the spec
    does not allow them, timestamps as RFC 3339 (the snapshot's are naive: read as UTC)."""
    out: dict[str, Any] = {}
    for name, column in shape.props.items():
        value = row.get(column)
        if value is None and name in shape.drop_null:
            continue
        if name in shape.datetimes and isinstance(value, str) and len(value) >= 19:
            value = value[:10] + "T" + value[11:] + ("" if value.endswith("Z") else "Z")
        out[name] = value
    return out
