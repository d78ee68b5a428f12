"""Databases of a workspace: list, get, upsert by name, delete, and static CSV data for a table."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Query, Request, Response, UploadFile
from sqlalchemy import select

from synthdb.api.auth import Caller, Editor, check_workspace
from synthdb.api.errors import ApiError, error_responses, not_found
from synthdb.api.lookup import find_database, limits_of, plan_definition, stored_definition, workspace_of
from synthdb.api.names import check_name
from synthdb.api.schemas import DatabaseOut, DatabaseSummary, SourceOut
from synthdb.api.state import state_of
from synthdb.api.views import database_meta
from synthdb.definition.fabricate import definition_body, from_fabricate, to_fabricate
from synthdb.definition.loader import definition_from_data
from synthdb.engine.strict import relax
from synthdb.store.models import DatabaseRecord, utcnow

router = APIRouter(tags=["databases"], responses=error_responses(400, 401, 404))

DEFINITION_EXAMPLE = {
    "name": "shop",
    "platform": "postgres",
    "variables": {"n_customers": 100},
    "entities": [
        {
            "name": "customers",
            "record_count": "n_customers",
            "fields": [
                {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                {"name": "email", "generator": "Email Address", "unique": True},
            ],
        }
    ],
}


@router.get("/workspaces/{workspace}/databases", response_model=list[DatabaseSummary])
def list_databases(
    workspace: str, request: Request, principal: Caller
) -> list[dict[str, Any]]:
    """Every database of the workspace (without entities)."""
    state = state_of(request)
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        records = session.scalars(
            select(DatabaseRecord).where(DatabaseRecord.workspace_id == ws.id).order_by(DatabaseRecord.name)
        ).all()
        out = []
        for record in records:
            meta = database_meta(state, request, session, record, ws)
            full = to_fabricate(stored_definition(record), meta)
            out.append({key: full[key] for key in DatabaseSummary.model_fields})
        return out


@router.get("/workspaces/{workspace}/databases/{database}", response_model=DatabaseOut)
def get_database(
    workspace: str, database: str, request: Request, principal: Caller
) -> dict[str, Any]:
    """The full definition in Fabricate's shape (a backup that the upsert below restores)."""
    state = state_of(request)
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        record = find_database(session, ws, database)
        return to_fabricate(stored_definition(record), database_meta(state, request, session, record, ws))


@router.post("/workspaces/{workspace}/databases", response_model=DatabaseOut, responses=error_responses(403))
def upsert_database(
    workspace: str,
    request: Request,
    body: Annotated[dict[str, Any], Body(examples=[DEFINITION_EXAMPLE])],
    principal: Editor,
    lenient: Annotated[bool, Query(description="Unknown keys are dropped and listed in `warnings` instead of "
                                               "refused (for definitions written for another tool).")] = False,
) -> dict[str, Any]:
    """Create the database, or replace the definition of the one with the same name.

    Unknown keys are a 400 naming their path; with `?lenient=true` they are dropped from the stored
    definition and the answer lists them in `warnings`.
    """
    check_workspace(principal, workspace)
    check_name(body.get("name"), "name")
    definition = from_fabricate(body, trusted_paths=False)
    warnings: list[str] = []
    if lenient:
        definition, warnings = relax(definition, trusted_paths=False)
    state = state_of(request)
    plan_definition(definition, limits=limits_of(state.settings))
    text = json.dumps(definition_body(definition))
    with state.store.session() as session:
        ws = workspace_of(session, principal, workspace)
        record = session.scalar(
            select(DatabaseRecord).where(DatabaseRecord.workspace_id == ws.id, DatabaseRecord.name == definition.name)
        )
        if record is None:
            record = DatabaseRecord(workspace_id=ws.id, name=definition.name, definition=text)
            session.add(record)
        else:
            record.definition = text
            record.updated_at = utcnow()
        session.flush()
        answer = to_fabricate(definition, database_meta(state, request, session, record, ws))
        if lenient:
            answer["warnings"] = warnings
        return answer


@router.delete(
    "/workspaces/{workspace}/databases/{database}",
    response_class=Response,
    responses={200: {"description": "deleted (empty body)", "content": {}}, **error_responses(403)},
)
def delete_database(
    workspace: str, database: str, request: Request, principal: Editor
) -> Response:
    """Delete a database definition. Its tasks and their downloads live on until retention removes them."""
    with state_of(request).store.session() as session:
        record = find_database(session, workspace_of(session, principal, workspace), database)
        session.delete(record)
    return Response(status_code=200)


@router.post(
    "/workspaces/{workspace}/databases/{database}/entities/{entity}/source",
    response_model=SourceOut,
    responses=error_responses(403, 413),
)
def upload_source(
    workspace: str,
    database: str,
    entity: str,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV with a header row (UTF-8).")],
    principal: Editor,
) -> SourceOut:
    """Attach a CSV to a table: stored in the definition as `source: {data, filename}`, `is_static: true`."""
    check_name(entity, "entity")
    filename = check_name(file.filename or f"{entity}.csv", "file.filename")
    limit = state_of(request).settings.max_upload_bytes
    raw = file.file.read(limit + 1)
    if len(raw) > limit:
        raise ApiError(413, f"file: larger than the {limit:,}-byte upload limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"file: not UTF-8 text (byte {exc.start})") from exc
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ApiError(400, f"file: not valid CSV ({exc})") from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ApiError(400, "file: the CSV needs a header row")
    if not any(any(cell.strip() for cell in row) for row in rows[1:]):
        # An empty static table would export nothing without a word: refused, like in a definition.
        raise ApiError(400, "file: the CSV has a header but no rows; a static table needs at least one record")
    with state_of(request).store.session() as session:
        record = find_database(session, workspace_of(session, principal, workspace), database)
        data = json.loads(record.definition)
        target = next((e for e in data.get("entities", []) if e.get("name") == entity), None)
        if target is None:
            raise not_found("entity", entity)
        # The engine reads static tables from here (as Fabricate stores them).
        target["source"] = {"data": text, "filename": filename}
        target["is_static"] = True
        record.definition = json.dumps(definition_body(definition_from_data(data, trusted_paths=False)))
        record.updated_at = utcnow()
    return SourceOut(entity=entity, filename=filename, rows=len(rows) - 1, columns=rows[0])
