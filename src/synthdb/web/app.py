"""Mount the web app on the service's FastAPI application: static files, page routers, the sign-in redirect."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from synthdb.web import (
    routes_auth,
    routes_designer,
    routes_generate,
    routes_home,
    routes_preview,
    routes_snapshots,
    routes_source,
)
from synthdb.web.session import SignInNeeded

STATIC = Path(__file__).parent / "static"


async def _sign_in(request: Request, _exc: Exception) -> Response:
    if request.headers.get("hx-request"):
        # htmx follows this header with a full page load (a redirect would be swapped into the fragment).
        return Response(status_code=401, headers={"HX-Redirect": "/signin"})
    return RedirectResponse("/signin", status_code=303)


def mount_web(app: FastAPI) -> None:
    """Serve the pages at `/` beside the API at /api/v1 (both share the store, keys and errors)."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(SignInNeeded, _sign_in)
    for module in (routes_auth, routes_home, routes_designer, routes_generate, routes_preview, routes_snapshots,
                   routes_source):
        app.include_router(module.router, include_in_schema=False)
