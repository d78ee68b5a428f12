"""Reading and saving a workspace's definitions for the pages, through the REST API's own checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from synthdb.api.auth import Principal
from synthdb.api.errors import ApiError
from synthdb.api.lookup import find_database, workspace_of
from synthdb.api.routes.databases import upsert_database
from synthdb.api.state import state_of
from synthdb.errors import DefinitionError, SynthdbError


@dataclass
class Problem:
    """A refused change: the definition path (e.g. `entities[0].fields[3].max`) and the message."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def load(request: Request, principal: Principal, database: str) -> dict[str, Any]:
    """The stored definition as plain data (what the author wrote; 404 in the API's shape when missing)."""
    with state_of(request).store.session() as session:
        record = find_database(session, workspace_of(session, principal, principal.workspace), database)
        data: dict[str, Any] = json.loads(record.definition)
        return data


def save(request: Request, principal: Principal, data: dict[str, Any]) -> Problem | None:
    """Validate and store `data` exactly as `POST /databases` does; the problem when it is refused."""
    try:
        upsert_database(principal.workspace, request, data, principal)
    except DefinitionError as exc:
        return Problem(exc.path, exc.message)
    except ApiError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404):
            raise
        return problem_of(exc.message)
    except SynthdbError as exc:
        return problem_of(str(exc))
    return None


def problem_of(message: str) -> Problem:
    """Split `path: message` (the API's error text) into its parts."""
    head, sep, rest = message.partition(": ")
    if sep and " " not in head:
        return Problem(head, rest)
    return Problem("", message)


def entity_index(data: dict[str, Any], table: str) -> int:
    """The position of `table` among the entities; 404 in the API's shape when there is none."""
    for index, entity in enumerate(data.get("entities", [])):
        if entity.get("name") == table:
            return index
    raise ApiError(404, f"entity '{table}' not found")
