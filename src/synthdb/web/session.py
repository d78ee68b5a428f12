"""Sign-in sessions: the API key sealed in an httpOnly, SameSite cookie; CSRF tokens bound to the session."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response

from synthdb.api.auth import Principal, authenticate
from synthdb.api.errors import ApiError
from synthdb.api.state import state_of
from synthdb.store.keys import MOCK_ROLE

COOKIE = "synthdb_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# Sessions end with the browser, and at the latest after this many seconds (the key's own expiry also applies).
MAX_AGE = 12 * 3600


class SignInNeeded(Exception):
    """A page was asked for without a valid session: the app redirects to the sign-in page."""


def seal(request: Request, key: str) -> str:
    """The cookie value: the key encrypted and authenticated with the server secret (Fernet)."""
    return state_of(request).passwords.encrypt(key)


def _unseal(request: Request, value: str) -> str | None:
    try:
        return state_of(request).passwords.decrypt(value)
    except ValueError:
        return None


def set_session(request: Request, response: Response, key: str) -> None:
    """Sign in: the sealed key in a cookie JavaScript cannot read and other sites cannot send."""
    secure = request.url.scheme == "https"
    response.set_cookie(COOKIE, seal(request, key), max_age=MAX_AGE, httponly=True, samesite="strict",
                        secure=secure, path="/")


def clear_session(response: Response) -> None:
    """Sign out."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def session_principal(request: Request) -> Principal | None:
    """The signed-in key's principal (checked against the store on every request: revoked keys end sessions)."""
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    key = _unseal(request, value)
    if key is None:
        return None
    try:
        principal = authenticate(request, key)
    except ApiError:
        return None
    return None if principal.role == MOCK_ROLE else principal


def csrf_token(request: Request) -> str:
    """The session's CSRF token: an HMAC of the session cookie, so it changes with every sign-in."""
    value = request.cookies.get(COOKIE, "")
    key = state_of(request).signing_key
    return hmac.new(key, b"synthdb web csrf\n" + value.encode(), hashlib.sha256).hexdigest()


def viewer(request: Request) -> Principal:
    """Dependency of pages: the signed-in principal, else a redirect to the sign-in page."""
    principal = session_principal(request)
    if principal is None:
        raise SignInNeeded()
    return principal


async def _checked(request: Request) -> Principal:
    principal = session_principal(request)
    if principal is None:
        raise ApiError(401, "session: not signed in (or the session expired); sign in again")
    presented = request.headers.get(CSRF_HEADER)
    if presented is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        presented = field if isinstance(field, str) else None
    if not presented or not hmac.compare_digest(presented, csrf_token(request)):
        raise ApiError(403, f"{CSRF_FIELD}: missing or wrong CSRF token; reload the page and try again")
    return principal


def changer(role: str = "editor") -> Callable[[Request], Awaitable[Principal]]:
    """Dependency factory of form posts: a session with a valid CSRF token and at least `role` (else 401/403)."""

    async def dependency(request: Request) -> Principal:
        principal = await _checked(request)
        if not principal.can(role):
            raise ApiError(403, f"this API key's role '{principal.role}' cannot do this; it needs '{role}'")
        return principal

    return dependency


Page = Annotated[Principal, Depends(viewer)]
Poster = Annotated[Principal, Depends(changer("viewer"))]
Edit = Annotated[Principal, Depends(changer("editor"))]
