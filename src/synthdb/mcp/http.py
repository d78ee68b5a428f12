"""The MCP tools over streamable HTTP at `/api/v1/mcp` of the REST service, behind the API key.

Stateless and JSON-answering: every POST carries its own `Authorization: Bearer` key and needs no
session kept on the server, so any worker can answer and a revoked key stops working at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from synthdb.api.auth import authenticate
from synthdb.api.errors import ApiError
from synthdb.api.signing import API_PREFIX
from synthdb.mcp.remote import RemoteBackend, bearer_token
from synthdb.mcp.server import build_server

MCP_PATH = f"{API_PREFIX}/mcp"


class McpEndpoint:
    """ASGI endpoint: refuses a missing or bad key with the REST API's 401, then hands over to the SDK."""

    def __init__(self) -> None:
        self.manager: StreamableHTTPSessionManager | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        token = bearer_token(request)
        try:
            if token is None:
                raise ApiError(401, "Authorization: header missing; send 'Authorization: Bearer <key>'",
                               headers={"WWW-Authenticate": "Bearer"})
            await asyncio.to_thread(authenticate, request, token)
        except ApiError as exc:
            await JSONResponse({"error": exc.message}, exc.status, headers=exc.headers)(scope, receive, send)
            return
        if self.manager is None:
            await JSONResponse({"error": "the MCP endpoint is starting; retry shortly"}, 503)(scope, receive, send)
            return
        await self.manager.handle_request(scope, receive, send)


def mount_mcp(app: FastAPI) -> None:
    """Serve the MCP tools at `/api/v1/mcp` of `app`, started and stopped with the app's lifespan."""
    server = build_server(lambda ctx: RemoteBackend(ctx.request_context.request))  # type: ignore[arg-type]
    endpoint = McpEndpoint()
    app.router.routes.append(Route(MCP_PATH, endpoint=endpoint, methods=["GET", "POST", "DELETE"],
                                   include_in_schema=False))
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        async with inner(application) as state:
            # A session manager runs once: a new one for every start of the app (tests start it often).
            # The key is required on every request, so the SDK's DNS-rebinding guard (a browser page
            # reaching a local server without credentials) has nothing to add and would refuse real hosts.
            server.streamable_http_app(stateless_http=True, json_response=True,
                                       transport_security=TransportSecuritySettings(
                                           enable_dns_rebinding_protection=False))
            manager = server.session_manager
            async with manager.run():
                endpoint.manager = manager
                try:
                    yield state
                finally:
                    endpoint.manager = None

    app.router.lifespan_context = lifespan
