"""The snapshots and mock API tab: list, create, activate, download and delete snapshots (through the REST
API's own functions), and try a GET route of the database's mock API in the page."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from synthdb.api.auth import Principal
from synthdb.api.errors import ApiError
from synthdb.api.routes import snapshots as api
from synthdb.api.routes.mock import _service as mock_service
from synthdb.api.signing import API_PREFIX
from synthdb.api.state import state_of
from synthdb.web.definitions import load
from synthdb.web.render import render
from synthdb.web.session import Edit, Page, Poster

router = APIRouter()
MAX_SHOWN_CHARS = 20_000  # a mock answer longer than this is cut in the page


def _page(request: Request, principal: Principal, database: str, status: int = 200, problem: str = "",
          tried: dict[str, Any] | None = None, form: dict[str, str] | None = None) -> Response:
    data = load(request, principal, database)
    snapshots = api.list_snapshots(principal.workspace, database, request, principal)
    tables = [e["name"] for e in data.get("entities", []) if e.get("export", True)]
    return render(request, "snapshots.html", principal, status=status, active="snapshots", db=database,
                  snapshots=snapshots, problem=problem, tried=tried, form=form or {}, tables=tables,
                  pending=any(s.status == "pending" for s in snapshots))


@router.get("/databases/{database}/snapshots")
def snapshots_page(database: str, request: Request, principal: Page) -> Response:
    """The database's snapshots and the mock API's try-it form."""
    return _page(request, principal, database)


@router.post("/databases/{database}/snapshots")
def create(database: str, request: Request, principal: Edit, name: Annotated[str, Form()] = "",
           seed: Annotated[str, Form()] = "") -> Response:
    """Generate a snapshot (a SQLite file kept by the server; the first one becomes active)."""
    try:
        body = api.SnapshotCreate(name=name.strip() or None, seed=int(seed) if seed.strip() else None)
        api.create_snapshot(principal.workspace, database, body, request, principal)
    except ValueError:
        return _page(request, principal, database, 400, f"seed: '{seed}' is not a whole number")
    except ApiError as exc:
        return _page(request, principal, database, 400, exc.message)
    return RedirectResponse(f"/databases/{quote(database)}/snapshots", status_code=303)


@router.post("/databases/{database}/snapshots/{name}/activate")
def activate(database: str, name: str, request: Request, principal: Edit) -> Response:
    """Make this snapshot the one the mock API serves."""
    try:
        api.activate_snapshot(principal.workspace, database, name, request, principal)
    except ApiError as exc:
        return _page(request, principal, database, 400, exc.message)
    return RedirectResponse(f"/databases/{quote(database)}/snapshots", status_code=303)


@router.post("/databases/{database}/snapshots/{name}/delete")
def delete(database: str, name: str, request: Request, principal: Edit) -> Response:
    """Delete a snapshot."""
    api.delete_snapshot(principal.workspace, database, name, request, principal)
    return RedirectResponse(f"/databases/{quote(database)}/snapshots", status_code=303)


@router.get("/databases/{database}/snapshots/{name}/download")
def download(database: str, name: str, request: Request, principal: Page) -> Response:
    """The snapshot's SQLite file (the session's key, where the API asks for a bearer key)."""
    return api.download_snapshot(principal.workspace, database, name, request, principal)


@router.post("/databases/{database}/mock/try")
def try_route(database: str, request: Request, principal: Poster, path: Annotated[str, Form()] = "") -> Response:
    """Call a GET route of the mock API on the active snapshot and show the answer (read only: any role)."""
    form = {"path": path}
    rest, _, query = path.strip().lstrip("/").partition("?")
    state = state_of(request)
    try:
        service = mock_service(request, state, principal, principal.workspace, database)
    except ApiError as exc:
        return _page(request, principal, database, 400, exc.message, form=form)
    base = f"{state.base_url(request)}{API_PREFIX}/workspaces/{principal.workspace}/databases/{database}/api"
    result = service.handle("GET", rest, parse_qsl(query), b"", f"key:{principal.key_id}", base)
    body = "" if result.body is None else json.dumps(result.body, indent=2, ensure_ascii=False, default=str)
    if len(body) > MAX_SHOWN_CHARS:
        body = body[:MAX_SHOWN_CHARS] + f"\n… ({len(body) - MAX_SHOWN_CHARS:,} more characters)"
    tried = {"url": f"{base}/{rest}" + (f"?{query}" if query else ""), "status": result.status, "body": body}
    return _page(request, principal, database, tried=tried, form=form)
