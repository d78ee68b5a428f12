"""Jinja2 rendering: one environment, the context every page shares (principal, CSRF token, role)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from synthdb.api.auth import Principal
from synthdb.web.session import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "svg"]),
                  trim_blocks=True, lstrip_blocks=True)


def _number(value: Any) -> str:
    """5.0 shows as 5 (the stored definition holds floats where the author wrote integers)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


env.filters["num"] = _number


def render(request: Request, template: str, principal: Principal | None = None, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A page or fragment; `can_edit` hides every edit control from viewers."""
    shared = {
        "request": request,
        "principal": principal,
        "can_edit": principal is not None and principal.can("editor"),
        "csrf_field": CSRF_FIELD,
        "csrf": csrf_token(request) if principal is not None else "",
    }
    html = env.get_template(template).render(**shared, **context)
    return HTMLResponse(html, status_code=status, headers=headers)
