"""Request and response bodies of the REST API (they also make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    # A misspelt key ("formt") is a client mistake: answer 400 naming it rather than ignoring it.
    model_config = ConfigDict(extra="forbid")


class WorkspaceRef(BaseModel):
    id: str | None
    name: str | None


class WorkspaceOut(BaseModel):
    id: str
    name: str
    created_at: str


class WorkspaceCreate(_Strict):
    name: str = Field(description="Workspace name: no '/', '\\\\', ':' or control characters.")


class WorkspaceCreated(WorkspaceOut):
    api_key: str = Field(description="An admin key of the new workspace. Shown once: store it.")


class DatabaseSummary(BaseModel):
    id: str
    name: str
    created_at: str
    updated_at: str
    last_generated: str | None
    data_url: str | None
    workspace: WorkspaceRef


class DatabaseOut(DatabaseSummary):
    """The full definition in Fabricate's shape; entities and any other keys as stored."""

    model_config = ConfigDict(extra="allow")

    platform: str
    variables: dict[str, Any]
    entities: list[dict[str, Any]]


class SourceOut(BaseModel):
    entity: str
    filename: str
    rows: int
    columns: list[str]


# Connection pushes replace the definition's tables' rows (Fabricate's load.sql) or append to them.
LoadMode = Literal["replace", "append"]


class ConnectionInline(_Strict):
    """Fabricate clients' inline connection. `platform` (synthdb) overrides the definition's platform."""

    host: str
    port: int | None = Field(default=None, ge=1, le=65535)
    database_name: str
    username: str | None = None
    password: str | None = Field(default=None, json_schema_extra={"writeOnly": True})
    tls: bool = False
    platform: str | None = None


class ConnectionIn(ConnectionInline):
    name: str
    # How pushes treat existing rows; None keeps the stored choice (new connections: replace).
    load_mode: LoadMode | None = None


class ConnectionOut(BaseModel):
    id: str
    name: str
    platform: str
    host: str
    port: int | None
    database_name: str
    username: str | None
    tls: bool
    load_mode: str
    has_password: bool
    created_at: str
    updated_at: str


class GenerateRequest(_Strict):
    """Fabricate's generate request; `create_tables` and `truncate` are synthdb additions for pushes."""

    # Left out (Fabricate's pre-workspace requests): the key's default workspace.
    workspace: str | None = None
    database: str
    format: str | None = None
    connection: str | ConnectionInline | None = None
    entity: str | None = None
    overrides: dict[str, Any] | None = None
    create_tables: bool = False
    truncate: bool = False
    # synthdb addition: overrides the saved connection's load_mode for this push (default replace).
    load_mode: LoadMode | None = None


class TaskOut(BaseModel):
    """A generate task, as Fabricate answers it, plus synthdb's `status`, names and row count."""

    id: str
    database_id: str
    completed: bool
    error: str | None
    progress: float = Field(ge=0, le=1)
    created_at: str
    updated_at: str
    data_url: str | None
    download_url: str | None = Field(default=None, description="Same as data_url (older Fabricate docs' name).")
    content_type: str | None
    phase: str
    context: str | None
    status: str = Field(description="pending, running, completed, failed or cancelled")
    workspace: str
    database: str
    format: str | None
    entity: str | None
    rows: int


class Health(BaseModel):
    status: str
