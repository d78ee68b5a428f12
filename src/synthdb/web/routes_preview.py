"""The designer's live preview (an htmx fragment loaded after every edit) and the reseed button."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from synthdb.api.state import state_of
from synthdb.definition.loader import definition_from_data
from synthdb.web.definitions import entity_index, load, save
from synthdb.web.preview import preview
from synthdb.web.render import render
from synthdb.web.routes_designer import designer, done
from synthdb.web.session import Edit, Page

router = APIRouter()



@router.get("/databases/{database}/tables/{table}/preview")
def table_preview(database: str, table: str, request: Request, principal: Page) -> Response:
    """The first 20 rows of `table` for the database's seed (what generate writes first)."""
    data = load(request, principal, database)
    entity_index(data, table)
    shown = preview(definition_from_data(data, trusted_paths=False), table, state_of(request).settings)
    return render(request, "_preview.html", principal, db=database, shown=shown)


@router.post("/databases/{database}/reseed")
def reseed(database: str, request: Request, principal: Edit, table: Annotated[str, Form()] = "") -> Response:
    """A new random seed for the database: the preview (and the next generated data) change."""
    data = load(request, principal, database)
    data["seed"] = secrets.randbelow(2**31)
    if refused := save(request, principal, data):
        return designer(request, principal, database, load(request, principal, database), table or None,
                        status=400, error=str(refused))
    entities = [e["name"] for e in data.get("entities", [])]
    return done(database, table if table in entities else (entities[0] if entities else ""))
