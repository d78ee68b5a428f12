"""Workspaces: list the caller's; the server's operator creates new ones (the answer carries their key)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from synthdb.api.auth import Caller, Operator
from synthdb.api.errors import ApiError, error_responses
from synthdb.api.names import check_name
from synthdb.api.schemas import WorkspaceCreate, WorkspaceCreated, WorkspaceOut
from synthdb.api.state import state_of
from synthdb.definition.fabricate import iso
from synthdb.store.keys import add_key
from synthdb.store.models import Workspace

router = APIRouter(tags=["workspaces"], responses=error_responses(400, 401))


@router.get("/workspaces", response_model=list[WorkspaceOut])
def list_workspaces(request: Request, principal: Caller) -> list[WorkspaceOut]:
    """The workspaces this key holds a role in: its default one first."""
    with state_of(request).store.session() as session:
        out = []
        for grant in principal.all_grants:
            workspace = session.get(Workspace, grant.workspace_id)
            if workspace is not None:
                out.append(WorkspaceOut(id=workspace.id, name=workspace.name,
                                        created_at=iso(workspace.created_at) or ""))
        return out


@router.post(
    "/workspaces", response_model=WorkspaceCreated, status_code=201, responses=error_responses(403, 409)
)
def create_workspace(
    body: WorkspaceCreate, request: Request, principal: Operator
) -> WorkspaceCreated:
    """Create a workspace (operator keys only). Keys stay within one workspace: the answer holds an admin key.

    A workspace admin gets 403 whatever the name, so no answer tells which names other tenants use; the
    operator, who sees every tenant anyway, gets 409 for a taken name.
    """
    name = check_name(body.name, "name")
    with state_of(request).store.session() as session:
        if session.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
            raise ApiError(409, f"name: workspace '{name}' already exists")
        workspace = Workspace(name=name)
        session.add(workspace)
        session.flush()
        key = add_key(session, workspace, "admin")
        return WorkspaceCreated(
            id=workspace.id, name=workspace.name, created_at=iso(workspace.created_at) or "", api_key=key.key
        )
