"""The ASGI guard in front of every route: path checks, a key before any body, bounded bodies and JSON.

It runs before routing and before FastAPI reads a byte of the body, so a client without a valid key is
answered 401 without its body being read, a body (chunked ones included) is counted while it streams
and refused with 413 as soon as it passes the cap, a client that stalls mid-body gets 408, and JSON
nested deeper than the limit gets 400 (Python's parsers recurse, so depth is checked before parsing).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import numpy as np
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from synthdb.api.signing import API_PREFIX
from synthdb.store.keys import check_key

# Routes under the API prefix that answer without a key (signed links carry their own proof).
_OPEN = (f"{API_PREFIX}/health", f"{API_PREFIX}/downloads/", f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DEPTH_CHUNK = 1 << 20
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped), in linear time."""
    outside = _STRING.sub(b"", body)
    deepest = depth = 0
    for start in range(0, len(outside), _DEPTH_CHUNK):
        chars = np.frombuffer(outside, dtype=np.uint8, count=min(_DEPTH_CHUNK, len(outside) - start), offset=start)
        steps = np.isin(chars, (ord("["), ord("{"))).astype(np.int64) - np.isin(chars, (ord("]"), ord("}")))
        levels = depth + np.cumsum(steps)
        deepest = max(deepest, int(levels.max(initial=depth)))
        depth = int(levels[-1]) if len(levels) else depth
    return deepest


def _needs_key(path: str) -> bool:
    return path.startswith(f"{API_PREFIX}/") and not path.startswith(_OPEN)


def _key_problem(state: Any, authorization: str) -> str | None:
    """Why the Authorization header does not let the request in (None: a valid key)."""
    scheme, _, token = authorization.partition(" ")
    if not authorization:
        return "Authorization: header missing; send 'Authorization: Bearer <key>'"
    if scheme.lower() != "bearer" or not token.strip():
        return "Authorization: expected 'Bearer <key>'"
    with state.store.session() as session:
        return check_key(session, token.strip()).problem


class RequestGuard:
    """Refuses, before routing: bad paths, keyless bodies, bodies over the cap, slow bodies, deep JSON."""

    def __init__(
        self, app: ASGIApp, max_body: int, max_json_body: int | None = None, max_json_depth: int = 64,
        body_timeout: float = 10.0,
    ) -> None:
        self.app = app
        self.max_upload_body = max_body
        # Python parses JSON holding the GIL (no thread helps), so JSON bodies get a smaller cap.
        self.max_json_body = max_body if max_json_body is None else min(max_json_body, max_body)
        self.max_json_depth = max_json_depth
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = (scope.get("raw_path") or scope["path"].encode()).split(b"?", 1)[0].lower()
        # Routing decodes %2F into '/', which would turn a bad name into a confusing 404.
        dots = any(part in (".", "..") for part in scope["path"].split("/"))
        if b"%2f" in raw or b"%5c" in raw or b"%00" in raw or dots:
            message = "path: names may not contain '/', '\\' or NUL characters, nor be '.' or '..'"
            await _answer(scope, receive, send, 400, message)
            return
        headers = dict(scope.get("headers") or [])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/")
        cap = self.max_upload_body if multipart else self.max_json_body
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > cap:
            await _answer(scope, receive, send, 413, _too_large(cap))
            return
        if int(length) == 0 and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        if _needs_key(scope["path"]):
            state = scope["app"].state.synthdb
            authorization = headers.get(b"authorization", b"").decode("latin-1").strip()
            # The store is synchronous: ask it off the event loop.
            problem = await asyncio.to_thread(_key_problem, state, authorization)
            if problem is not None:
                await _answer(scope, receive, send, 401, problem, _CHALLENGE)
                return
        body = await self._read(scope, receive, send, cap)
        if body is None:
            return
        if not multipart and json_depth(body) > self.max_json_depth:
            message = f"body: JSON nested deeper than {self.max_json_depth} levels"
            await _answer(scope, receive, send, 400, message)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, scope: Scope, receive: Receive, send: Send, cap: int) -> bytes | None:
        """The whole body, counted as it streams; None once an answer (413, 408) was sent instead."""
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                await _answer(scope, receive, send, 408, f"body: nothing received for {self.body_timeout:g} s")
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                await _answer(scope, receive, send, 413, _too_large(cap))
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _too_large(cap: int) -> str:
    return f"body: larger than the {cap:,}-byte limit"


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body read by the guard, then passes on (to report a disconnect)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, message: str, headers: dict[str, str] | None = None
) -> None:
    # Connection: close — the rest of an unread body must not be parsed as the next request.
    extra = {"Connection": "close", **(headers or {})}
    await JSONResponse({"error": message}, status_code=status, headers=extra)(scope, receive, send)
