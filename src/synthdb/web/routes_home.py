"""The workspace home: databases with table counts, last generated and usage; create, duplicate, delete,
import (DDL, Fabricate JSON, YAML) and export (YAML/JSON)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from synthdb.api.auth import Principal
from synthdb.api.errors import ApiError
from synthdb.api.lookup import workspace_of
from synthdb.api.names import name_problem
from synthdb.api.routes.databases import delete_database
from synthdb.api.state import state_of
from synthdb.definition.fabricate import strip_meta
from synthdb.definition.platforms import PLATFORMS
from synthdb.errors import SynthdbError
from synthdb.store.models import DatabaseRecord
from synthdb.store.usage import used_today
from synthdb.web.definitions import Problem, load, problem_of, save
from synthdb.web.render import render
from synthdb.web.session import Edit, Page

router = APIRouter()
# A new database starts with one table holding a key, so the designer has something to show.
STARTER_TABLE = {"name": "table_1", "record_count": "100",
                 "fields": [{"name": "id", "data_type": "integer", "generator": "Number", "primary_key": True}]}


def _databases(request: Request, principal: Principal) -> list[dict[str, Any]]:
    with state_of(request).store.session() as session:
        ws = workspace_of(session, principal, principal.workspace)
        records = session.scalars(select(DatabaseRecord).where(DatabaseRecord.workspace_id == ws.id)
                                  .order_by(DatabaseRecord.name)).all()
        out = []
        for record in records:
            data = json.loads(record.definition)
            out.append({"name": record.name, "tables": len(data.get("entities", [])),
                        "last_generated": record.last_generated.strftime("%Y-%m-%d %H:%M UTC")
                        if record.last_generated else "never",
                        "updated": record.updated_at.strftime("%Y-%m-%d %H:%M UTC")})
        return out


def _home(request: Request, principal: Principal, status: int = 200, **context: Any) -> Response:
    state = state_of(request)
    with state.store.session() as session:
        used = used_today(session, principal.workspace_id)
    limit = state.settings.daily_row_limit
    return render(request, "home.html", principal, status=status, active="home",
                  databases=_databases(request, principal), used=used, limit=limit if limit and limit > 0 else None,
                  platforms=sorted(set(PLATFORMS.values())), **context)


@router.get("/")
def home(request: Request, principal: Page) -> Response:
    """The workspace's databases."""
    return _home(request, principal, flash=request.query_params.get("done"))


def _refused(request: Request, principal: Principal, problem: Problem | str) -> Response:
    return _home(request, principal, status=400, error=str(problem))


@router.post("/databases")
def create(request: Request, principal: Edit, name: Annotated[str, Form()] = "",
           platform: Annotated[str, Form()] = "postgres") -> Response:
    """A new database with one starter table."""
    name = name.strip()
    if problem := name_problem(name):
        return _refused(request, principal, f"name: {problem}")
    if any(d["name"] == name for d in _databases(request, principal)):
        return _refused(request, principal, f"name: a database called '{name}' already exists")
    data = {"name": name, "platform": platform, "variables": {}, "entities": [dict(STARTER_TABLE)]}
    if problem_ := save(request, principal, data):
        return _refused(request, principal, problem_)
    return RedirectResponse(f"/databases/{name}", status_code=303)


@router.post("/databases/{database}/duplicate")
def duplicate(database: str, request: Request, principal: Edit, name: Annotated[str, Form()] = "") -> Response:
    """A copy under a new name."""
    name = name.strip() or f"{database}_copy"
    if problem := name_problem(name):
        return _refused(request, principal, f"name: {problem}")
    if any(d["name"] == name for d in _databases(request, principal)):
        return _refused(request, principal, f"name: a database called '{name}' already exists")
    data = load(request, principal, database)
    data["name"] = name
    if problem_ := save(request, principal, data):
        return _refused(request, principal, problem_)
    return RedirectResponse(f"/?done=Duplicated {database} as {name}", status_code=303)


@router.get("/databases/{database}/delete")
def confirm_delete(database: str, request: Request, principal: Page) -> Response:
    """The confirmation page (no JavaScript dialog: it works from the keyboard and without scripts)."""
    load(request, principal, database)  # 404 for a missing one
    return render(request, "confirm_delete.html", principal, active="home", target=database)


@router.post("/databases/{database}/delete")
def delete(database: str, request: Request, principal: Edit) -> Response:
    """Delete the database (its tasks' downloads live on until retention removes them)."""
    delete_database(principal.workspace, database, request, principal)
    return RedirectResponse(f"/?done=Deleted {database}", status_code=303)


def _imported(text: str, filename: str, kind: str, dialect: str, name: str) -> dict[str, Any]:
    """The definition held by an uploaded file: DDL (through the schema importer), Fabricate JSON or YAML."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "imported"
    if kind == "auto":
        kind = {"sql": "ddl", "ddl": "ddl", "json": "json", "yaml": "yaml", "yml": "yaml"}.get(
            filename.rsplit(".", 1)[-1].lower(), "")
        if not kind:
            raise ApiError(400, f"file: cannot tell the kind of '{filename}'; choose DDL, JSON or YAML")
    if kind == "ddl":
        from synthdb.importers.build import build_definition
        from synthdb.importers.ddl import parse_ddl

        result = build_definition(parse_ddl(text, dialect, name or stem))
        data = result.definition
        data["platform"] = dialect
    else:
        try:
            parsed = json.loads(text) if kind == "json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as exc:
            raise ApiError(400, f"file: not valid {kind.upper()} ({exc})") from exc
        if not isinstance(parsed, dict):
            raise ApiError(400, "file: expected an object holding a definition")
        data = strip_meta(parsed)
    if name:
        data["name"] = name
    data.setdefault("name", stem)
    return data


@router.post("/import")
def import_file(request: Request, principal: Edit, file: Annotated[UploadFile, File()],
                kind: Annotated[str, Form()] = "auto", dialect: Annotated[str, Form()] = "postgres",
                name: Annotated[str, Form()] = "") -> Response:
    """Import a DDL script, a Fabricate JSON export or a synthdb YAML/JSON definition as a new database."""
    limit = state_of(request).settings.max_upload_bytes
    raw = file.file.read(limit + 1)
    if len(raw) > limit:
        return _refused(request, principal, f"file: larger than the {limit:,}-byte upload limit")
    try:
        data = _imported(raw.decode("utf-8-sig"), file.filename or "upload", kind, dialect, name.strip())
    except UnicodeDecodeError as exc:
        return _refused(request, principal, f"file: not UTF-8 text (byte {exc.start})")
    except ApiError as exc:
        return _refused(request, principal, problem_of(exc.message))
    except SynthdbError as exc:
        return _refused(request, principal, f"file: {exc}")
    if any(d["name"] == data.get("name") for d in _databases(request, principal)):
        return _refused(request, principal, f"name: a database called '{data.get('name')}' already exists; "
                                            "give the import another name")
    if problem := save(request, principal, data):
        return _refused(request, principal, problem)
    return RedirectResponse(f"/databases/{data['name']}", status_code=303)


@router.get("/databases/{database}/export.{fmt}")
def export(database: str, fmt: str, request: Request, principal: Page) -> Response:
    """The definition as YAML or JSON (loads with `synthdb generate` and imports back here)."""
    data = load(request, principal, database)
    if fmt == "yaml":
        body, media = yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "application/yaml"
    elif fmt == "json":
        body, media = json.dumps(data, indent=2), "application/json"
    else:
        raise ApiError(404, f"format '{fmt}' not found (yaml or json)")
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{database}.{fmt}"'})
