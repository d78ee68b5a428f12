"""Sign-in with an API key and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from synthdb.api.auth import authenticate
from synthdb.api.errors import ApiError
from synthdb.store.keys import MOCK_ROLE
from synthdb.web.render import render
from synthdb.web.session import Poster, clear_session, session_principal, set_session

router = APIRouter()


@router.get("/signin")
def signin_page(request: Request) -> Response:
    """The sign-in form (or home, when already signed in)."""
    if session_principal(request) is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "signin.html")


@router.post("/signin")
def signin(request: Request, api_key: Annotated[str, Form()] = "") -> Response:
    """Check the key and start a session; the form again with the reason when the key is refused.

    No CSRF token here: there is no session yet, and the cookie is SameSite=strict, so another site
    cannot make a browser sign in to a session it can then use.
    """
    try:
        principal = authenticate(request, api_key.strip())
    except ApiError as exc:
        return render(request, "signin.html", error=f"api_key: {exc.message}", status=401)
    if principal.role == MOCK_ROLE:
        return render(request, "signin.html", status=403,
                      error="api_key: a 'mock' key can only call the mock API; sign in with a viewer key or higher")
    response = RedirectResponse("/", status_code=303)
    set_session(request, response, api_key.strip())
    return response


@router.post("/signout")
def signout(_principal: Poster) -> Response:
    """End the session (a CSRF token is needed, so other sites cannot sign the user out)."""
    response = RedirectResponse("/signin", status_code=303)
    clear_session(response)
    return response
