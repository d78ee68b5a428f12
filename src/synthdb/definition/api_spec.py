"""The definition's `api` block: how the mock API serves this database (custom routes, read-only, CORS)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_SEGMENT = re.compile(r"^(:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9_.~-]+)$")
MAX_DELAY_MS = 30_000


class MockRoute(BaseModel):
    """A custom route: `sql` (one SELECT) answers `method path`; `:name` segments bind as `:name` in the SQL."""

    model_config = ConfigDict(extra="forbid")

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    path: str
    sql: str
    status: int = Field(default=200, ge=200, le=599)
    headers: dict[str, str] = {}
    many: bool = True
    delay_ms: int = Field(default=0, ge=0, le=MAX_DELAY_MS)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    error_status: int = Field(default=500, ge=400, le=599)

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        parts = value.strip("/").split("/")
        if not value.startswith("/") or not value.strip("/") or not all(_SEGMENT.match(p) for p in parts):
            raise ValueError(f"'{value}' must look like /users/:id/orders (letters, digits, _.~- and :params)")
        return "/" + "/".join(parts)

    @field_validator("sql")
    @classmethod
    def _sql(cls, value: str) -> str:
        from synthdb.sql_memo import remembered

        remembered("route", (value,), lambda: _checked_route_sql(value))
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not re.fullmatch(r"[A-Za-z0-9-]+", name) or any(c in text for c in "\r\n\0"):
                raise ValueError(f"header '{name}': a name of letters, digits and '-', a value on one line")
        return value

    def parameters(self) -> list[str]:
        """The `:name` segments of the path, in order."""
        return [p[1:] for p in self.path.strip("/").split("/") if p.startswith(":")]


def _checked_route_sql(value: str) -> bool:
    """True for one SELECT the sandbox allows; ValueError naming the problem otherwise."""
    # Imported here: loading a definition without routes should not pay for sqlglot and DuckDB.
    import sqlglot
    from sqlglot.errors import SqlglotError

    from synthdb.sql_sandbox import ForbiddenSql, check_sql

    try:
        trees = [t for t in sqlglot.parse(value, read="sqlite") if t is not None]
    except SqlglotError as exc:
        raise ValueError(f"cannot be parsed: {str(exc).splitlines()[0]}") from None
    if len(trees) != 1 or not isinstance(trees[0], sqlglot.exp.Query):
        raise ValueError("must be one SELECT query")
    try:
        check_sql(trees[0])
    except ForbiddenSql as exc:
        raise ValueError(str(exc)) from None
    return True


class MockApi(BaseModel):
    """`api:` of a database definition."""

    model_config = ConfigDict(extra="forbid")

    routes: list[MockRoute] = []
    read_only: bool = False
    cors_origins: list[str] = []

    @model_validator(mode="after")
    def _unique_routes(self) -> MockApi:
        seen: set[tuple[str, str]] = set()
        for route in self.routes:
            shape = (route.method, re.sub(r":[A-Za-z0-9_]+", ":", route.path))
            if shape in seen:
                raise ValueError(f"routes: {route.method} {route.path} is declared twice")
            seen.add(shape)
        return self
