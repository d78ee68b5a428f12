"""Saved connections of a workspace: passwords are write-only (encrypted at rest, never answered)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from synthdb.api.auth import Admin, Caller, check_workspace
from synthdb.api.errors import error_responses, not_found
from synthdb.api.lookup import workspace_of
from synthdb.api.names import check_name
from synthdb.api.schemas import ConnectionIn, ConnectionOut
from synthdb.api.state import state_of
from synthdb.api.targets import target_spec
from synthdb.definition.fabricate import iso
from synthdb.store.models import ConnectionRecord, Workspace, utcnow

router = APIRouter(tags=["connections"], responses=error_responses(400, 401, 404))


def _out(record: ConnectionRecord) -> ConnectionOut:
    return ConnectionOut(
        id=record.id, name=record.name, platform=record.platform, host=record.host, port=record.port,
        database_name=record.database_name, username=record.username, tls=record.tls,
        load_mode=record.load_mode or "replace",
        has_password=record.password_encrypted is not None,
        created_at=iso(record.created_at) or "", updated_at=iso(record.updated_at) or "",
    )


def _find(session: Session, workspace: Workspace, name: str) -> ConnectionRecord:
    check_name(name, "connection")
    record = session.scalar(
        select(ConnectionRecord).where(ConnectionRecord.workspace_id == workspace.id, ConnectionRecord.name == name)
    )
    if record is None:
        raise not_found("connection", name)
    return record


@router.get("/workspaces/{workspace}/connections", response_model=list[ConnectionOut])
def list_connections(
    workspace: str, request: Request, principal: Caller
) -> list[ConnectionOut]:
    """The workspace's saved connections (without passwords)."""
    with state_of(request).store.session() as session:
        ws = workspace_of(session, principal, workspace)
        records = session.scalars(
            select(ConnectionRecord).where(ConnectionRecord.workspace_id == ws.id).order_by(ConnectionRecord.name)
        ).all()
        return [_out(r) for r in records]


@router.get("/workspaces/{workspace}/connections/{name}", response_model=ConnectionOut)
def get_connection(
    workspace: str, name: str, request: Request, principal: Caller
) -> ConnectionOut:
    """One saved connection (without its password)."""
    with state_of(request).store.session() as session:
        return _out(_find(session, workspace_of(session, principal, workspace), name))


@router.post("/workspaces/{workspace}/connections", response_model=ConnectionOut, responses=error_responses(403))
def upsert_connection(
    workspace: str, body: ConnectionIn, request: Request, principal: Admin
) -> ConnectionOut:
    """Create or update a connection by name. Leave `password` out to keep the stored one; "" removes it."""
    check_workspace(principal, workspace)
    name = check_name(body.name, "name")
    platform = (body.platform or "postgres").lower()
    state = state_of(request)
    # Validates platform, host (syntax and the operator's host policy) and database name as a push would.
    target_spec(state.settings, platform, body.host, body.port, body.database_name, body.username, None, body.tls)
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        record = session.scalar(
            select(ConnectionRecord).where(ConnectionRecord.workspace_id == ws.id, ConnectionRecord.name == name)
        )
        if record is None:
            record = ConnectionRecord(workspace_id=ws.id, name=name, password_encrypted=None)
            session.add(record)
        record.platform = platform
        record.host, record.port, record.database_name = body.host, body.port, body.database_name
        record.username, record.tls, record.updated_at = body.username, body.tls, utcnow()
        if body.load_mode is not None:
            record.load_mode = body.load_mode
        elif record.load_mode is None:
            record.load_mode = "replace"
        if body.password is not None:
            record.password_encrypted = state.passwords.encrypt(body.password) if body.password else None
        session.flush()
        return _out(record)


@router.delete(
    "/workspaces/{workspace}/connections/{name}",
    response_class=Response,
    responses={200: {"description": "deleted (empty body)", "content": {}}, **error_responses(403)},
)
def delete_connection(
    workspace: str, name: str, request: Request, principal: Admin
) -> Response:
    """Delete a saved connection."""
    with state_of(request).store.session() as session:
        session.delete(_find(session, workspace_of(session, principal, workspace), name))
    return Response(status_code=200)
