"""Fabricate's JSON shape of a database: export with service metadata, import by stripping it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database

# Keys Fabricate adds to a database it returns; they describe the stored copy, not the definition.
META_KEYS = ("id", "created_at", "updated_at", "last_generated", "data_url", "download_url", "workspace")


@dataclass(frozen=True)
class FabricateMeta:
    """What the service knows about a stored definition, beside the definition itself."""

    id: str
    created_at: datetime
    updated_at: datetime
    last_generated: datetime | None = None
    data_url: str | None = None
    workspace_id: str | None = None
    workspace_name: str | None = None


def iso(moment: datetime | None) -> str | None:
    """`2025-03-20T08:44:41Z`: Fabricate's timestamp shape (UTC, seconds)."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def definition_body(database: Database) -> dict[str, Any]:
    """The definition as plain JSON data, keeping what the author wrote (and unknown keys) only."""
    body = database.model_dump(mode="json", exclude_unset=True)
    # Always present in Fabricate's answers, even when the author left them to their defaults.
    body["name"] = database.name
    body["platform"] = database.platform
    body["variables"] = database.variables
    return body


def to_fabricate(database: Database, meta: FabricateMeta) -> dict[str, Any]:
    """The database as Fabricate's `GET /workspaces/:ws/databases/:db` answers it."""
    body = definition_body(database)
    out: dict[str, Any] = {
        "id": meta.id,
        "name": database.name,
        "created_at": iso(meta.created_at),
        "updated_at": iso(meta.updated_at),
        "last_generated": iso(meta.last_generated),
        "data_url": meta.data_url,
        "platform": database.platform,
        "variables": body.pop("variables"),
        "entities": body.pop("entities"),
        "workspace": {"id": meta.workspace_id, "name": meta.workspace_name},
    }
    # synthdb's own top-level keys (seed, locale, ...) and any unknown ones the author sent.
    for key, value in body.items():
        out.setdefault(key, value)
    return out


def strip_meta(data: Mapping[str, Any]) -> dict[str, Any]:
    """A Fabricate export without the stored copy's metadata (ids, timestamps, URLs, workspace)."""
    return {key: value for key, value in data.items() if key not in META_KEYS}


def from_fabricate(data: Any, *, trusted_paths: bool = False) -> Database:
    """Read a database in Fabricate's shape (an export or a hand-written body) into the model.

    It is the service's shape, so by default a static table's `source.path` is refused, not read.
    """
    if isinstance(data, Mapping):
        data = strip_meta(data)
    return definition_from_data(data, trusted_paths=trusted_paths)
