"""Fabricate's pre-workspace routes (`/databases...`): the workspace routes, in the key's default workspace.

Fabricate answered these before it had workspaces; old scripts still call them. Each is the workspace
route of the same name with the workspace filled in (`Principal.workspace`: the key's first workspace),
so answers, errors and roles are exactly those of the workspace routes. `POST /generate_tasks` without
a `workspace` is handled in routes/tasks.py the same way.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Query, Request, Response, UploadFile

from synthdb.api.auth import Caller, Editor
from synthdb.api.errors import error_responses
from synthdb.api.routes import databases
from synthdb.api.schemas import DatabaseOut, DatabaseSummary, SourceOut

router = APIRouter(tags=["databases (pre-workspace)"], responses=error_responses(400, 401, 404))


@router.get("/databases", response_model=list[DatabaseSummary], deprecated=True)
def list_databases(request: Request, principal: Caller) -> list[dict[str, Any]]:
    """`GET /workspaces/{default}/databases` for the key's default workspace."""
    return databases.list_databases(principal.workspace, request, principal)


@router.get("/databases/{database}", response_model=DatabaseOut, deprecated=True)
def get_database(database: str, request: Request, principal: Caller) -> dict[str, Any]:
    """`GET /workspaces/{default}/databases/{database}`."""
    return databases.get_database(principal.workspace, database, request, principal)


@router.post("/databases", response_model=DatabaseOut, responses=error_responses(403), deprecated=True)
def upsert_database(
    request: Request,
    body: Annotated[dict[str, Any], Body(examples=[databases.DEFINITION_EXAMPLE])],
    principal: Editor,
    lenient: Annotated[bool, Query(description="As for the workspace route.")] = False,
) -> dict[str, Any]:
    """`POST /workspaces/{default}/databases`: create or update by name."""
    return databases.upsert_database(principal.workspace, request, body, principal, lenient)


@router.delete(
    "/databases/{database}",
    response_class=Response,
    responses={200: {"description": "deleted (empty body)", "content": {}}, **error_responses(403)},
    deprecated=True,
)
def delete_database(database: str, request: Request, principal: Editor) -> Response:
    """`DELETE /workspaces/{default}/databases/{database}`."""
    return databases.delete_database(principal.workspace, database, request, principal)


@router.post(
    "/databases/{database}/entities/{entity}/source",
    response_model=SourceOut,
    responses=error_responses(403, 413),
    deprecated=True,
)
def upload_source(
    database: str,
    entity: str,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV with a header row (UTF-8).")],
    principal: Editor,
) -> SourceOut:
    """`POST /workspaces/{default}/databases/{database}/entities/{entity}/source`."""
    return databases.upload_source(principal.workspace, database, entity, request, file, principal)
