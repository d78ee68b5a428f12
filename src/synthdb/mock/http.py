"""HTTP glue shared by the service's mock routes and `synthdb mock`: CORS, and MockResponse to Response."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.responses import Response

from synthdb.mock.service import MockResponse

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Mock-Session"


def cors_headers(origins: Sequence[str], origin: str | None) -> dict[str, str]:
    """CORS headers for a request from `origin` when the database allows it (an exact origin, or '*')."""
    if not origin or not origins:
        return {}
    if "*" in origins:
        allowed = "*"
    elif origin in origins:
        allowed = origin
    else:
        return {}
    return {"Access-Control-Allow-Origin": allowed, "Vary": "Origin",
            "Access-Control-Expose-Headers": "X-Total-Count, Link"}


def preflight(origins: Sequence[str], origin: str | None) -> Response:
    """The answer to a CORS preflight (OPTIONS): no key is needed, nothing but headers is said."""
    headers = cors_headers(origins, origin)
    if headers:
        headers.update({"Access-Control-Allow-Methods": ALLOWED_METHODS,
                        "Access-Control-Allow-Headers": ALLOWED_HEADERS, "Access-Control-Max-Age": "600"})
    return Response(status_code=204, headers=headers)


def to_response(result: MockResponse, extra: dict[str, str] | None = None) -> Response:
    """The JSON response of a mock answer."""
    headers = {**result.headers, **(extra or {})}
    if result.body is None:
        return Response(status_code=result.status, headers=headers)
    content = json.dumps(result.body, ensure_ascii=False, allow_nan=False, default=str).encode()
    return Response(content, status_code=result.status, headers=headers, media_type="application/json")
