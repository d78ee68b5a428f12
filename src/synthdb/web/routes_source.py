"""The definition's YAML source (edited and saved through the same validator as the grid) and the relations diagram."""

from __future__ import annotations

import json
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from synthdb.api.auth import Principal
from synthdb.web.definitions import load, save
from synthdb.web.diagram import relations_svg
from synthdb.web.render import render
from synthdb.web.session import Edit, Page

router = APIRouter()


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"yaml: {where}{reason}"


def _json_problem(exc: json.JSONDecodeError) -> str:
    return f"json: line {exc.lineno}, column {exc.colno}: {exc.msg}"


def _page(request: Request, principal: Principal, database: str, text: str, fmt: str, problem: str = "",
          status: int = 200, flash: str = "") -> Response:
    return render(request, "source.html", principal, status=status, active="designer", db=database, text=text,
                  fmt=fmt, problem=problem, flash=flash)


@router.get("/databases/{database}/source")
def source(database: str, request: Request, principal: Page, fmt: str = "yaml") -> Response:
    """The definition as YAML (or JSON with `?fmt=json`)."""
    data = load(request, principal, database)
    fmt = "json" if fmt == "json" else "yaml"
    text = json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json" else \
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return _page(request, principal, database, text, fmt, flash=request.query_params.get("done", ""))


@router.post("/databases/{database}/source")
def save_source(database: str, request: Request, principal: Edit, text: Annotated[str, Form()] = "",
                fmt: Annotated[str, Form()] = "yaml") -> Response:
    """Replace the definition with the edited YAML or JSON; a refusal names the line or the definition path."""
    fmt = "json" if fmt == "json" else "yaml"
    try:
        data: Any = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return _page(request, principal, database, text, fmt, _yaml_problem(exc), status=400)
    except json.JSONDecodeError as exc:
        return _page(request, principal, database, text, fmt, _json_problem(exc), status=400)
    if not isinstance(data, dict):
        return _page(request, principal, database, text, fmt, f"{fmt}: expected a mapping holding a definition",
                     400)
    if data.get("name", database) != database:
        return _page(request, principal, database, text, fmt, status=400,
                     problem=f"name: this page edits '{database}'; duplicate it from the workspace to rename it")
    data["name"] = database
    if refused := save(request, principal, data):
        return _page(request, principal, database, text, fmt, str(refused), status=400)
    return RedirectResponse(f"/databases/{database}/source?fmt={fmt}&done=Saved", status_code=303)


@router.get("/databases/{database}/diagram")
def diagram(database: str, request: Request, principal: Page) -> Response:
    """Tables with their keys, and an arrow from each foreign key to the table it references."""
    data = load(request, principal, database)
    return render(request, "diagram.html", principal, active="designer", db=database, svg=relations_svg(data))
