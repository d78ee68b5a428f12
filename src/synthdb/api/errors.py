"""One error shape for every answer: `{"error": "<field>: <what is wrong>"}` with a 4xx (5xx only for bugs)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from synthdb.definition.loader import format_path
from synthdb.errors import DefinitionError, UsageError

log = logging.getLogger("synthdb.api")


class ErrorBody(BaseModel):
    """Every error answer."""

    error: str


class ApiError(Exception):
    """An error answered to the client as it is."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def not_found(what: str, name: str) -> ApiError:
    """404 naming what was looked for (also used for other workspaces' resources: no existence leak)."""
    return ApiError(404, f"{what} '{name}' not found")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error answer."""
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def describe_validation(errors: list[Any]) -> str:
    """The first pydantic error of a request as `<location>: <message>` (location without 'body')."""
    if not errors:
        return "invalid request"
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    if loc and loc[0] == "body":
        loc = loc[1:]
    where = format_path(loc) or "body"
    kind = first.get("type", "")
    if kind == "missing":
        message = "is required"
    elif kind == "json_invalid":
        where, message = "body", f"malformed JSON ({first.get('ctx', {}).get('error', 'invalid')})"
    elif kind == "extra_forbidden":
        message = "unknown field"
    else:
        message = str(first.get("msg", "is invalid")).removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"{where}: {message}{more}"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(400, describe_validation(list(exc.errors())))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = "no such endpoint"
    return error_response(exc.status_code, message, getattr(exc, "headers", None))


async def _definition_error(_request: Request, exc: Exception) -> JSONResponse:
    return error_response(400, str(exc))


async def _conflict(_request: Request, exc: Exception) -> JSONResponse:
    # A unique constraint lost a race with a concurrent request (same name created twice at once).
    return error_response(409, "conflict with a concurrent change; retry the request")


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    # Bugs only: details go to the log, never to the client (they may hold paths or settings).
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception kind to the one JSON shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DefinitionError, _definition_error)
    app.add_exception_handler(UsageError, _definition_error)
    app.add_exception_handler(IntegrityError, _conflict)
    app.add_exception_handler(Exception, _unexpected)


# OpenAPI `responses=` for the error statuses a route can answer.
def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Document the given statuses with the error body."""
    return {status: {"model": ErrorBody, "description": _REASONS.get(status, "error")} for status in statuses}


_REASONS = {
    400: "invalid request (the message names the field)",
    401: "missing, invalid or expired API key",
    403: "the key's role does not allow this, or the download link is invalid or expired",
    404: "not found (or not in the key's workspace)",
    409: "conflict with the current state",
    410: "the artifact was deleted after the retention period",
    413: "upload too large",
    429: "daily row limit reached, or too many tasks waiting in the workspace",
}
