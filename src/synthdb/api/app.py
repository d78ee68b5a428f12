"""The FastAPI application: `create_app(settings)` wires the store, the task pool, the routes and errors."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

import synthdb
from synthdb.api.errors import install_error_handlers
from synthdb.api.guard import RequestGuard
from synthdb.api.hosts import HostGuard, check_link_settings, parse_allowed_hosts
from synthdb.api.routes import connections, databases, downloads, legacy, mock, snapshots, tasks, workspaces
from synthdb.api.schemas import Health
from synthdb.api.settings import Settings
from synthdb.api.signing import API_PREFIX
from synthdb.api.state import AppState
from synthdb.service.tasks import TaskManager, cleanup_artifacts, recover_interrupted
from synthdb.store.db import open_store
from synthdb.store.secrets import PasswordBox, signing_key

log = logging.getLogger("synthdb.api")


def start_state(settings: Settings) -> AppState:
    """Open and migrate the store, settle tasks a previous run left behind, start the workers."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(settings.store_url)
    recovered = recover_interrupted(store)
    if recovered:
        log.warning("%d task(s) interrupted by the previous shutdown were marked failed", recovered)
    cleanup_artifacts(store, settings.artifacts_dir, timedelta(seconds=settings.retention_seconds))
    secret = settings.secret_bytes()
    manager = TaskManager(store, settings.artifacts_dir, settings.workers, settings.task_limits())
    manager.start()
    return AppState(settings, store, manager, signing_key(secret), PasswordBox(secret))


async def _maintenance(state: AppState) -> None:
    retention = timedelta(seconds=state.settings.retention_seconds)
    while True:
        await asyncio.sleep(state.settings.cleanup_interval)
        try:
            removed = await asyncio.to_thread(cleanup_artifacts, state.store, state.settings.artifacts_dir, retention)
            if removed:
                log.info("retention: removed %d artifact(s)", removed)
        except Exception:  # keep the loop alive; the next round retries
            log.exception("artifact cleanup failed")


def _openapi(app: FastAPI) -> dict[str, Any]:
    # Validation errors answer 400 with the error body (see errors.py), not FastAPI's 422 shape.
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """The synthdb service. The store is opened and the workers started when the app starts serving."""
    settings = settings or Settings.from_env()
    check_link_settings(settings.public_url, settings.allowed_hosts)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await asyncio.to_thread(start_state, settings)
        app.state.synthdb = state
        maintenance = asyncio.create_task(_maintenance(state))
        try:
            yield
        finally:
            maintenance.cancel()
            state.tasks.shutdown()
            state.store.dispose()

    app = FastAPI(
        title="synthdb",
        version=synthdb.__version__,
        description="Fabricate-compatible REST API of synthdb: databases, generate tasks, signed downloads.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (workspaces, databases, connections, tasks, downloads, snapshots, mock, legacy):
        app.include_router(module.router, prefix=API_PREFIX)
    # The mock API's services, one per active snapshot (api/routes/mock.py).
    app.state.mock_services = {}
    app.state.forget_mock = lambda snapshot_id: mock.forget(app.state.mock_services, snapshot_id)
    from synthdb.mcp.http import mount_mcp  # here: synthdb.mcp imports the API's routes

    mount_mcp(app)  # the MCP tools at /api/v1/mcp (docs/mcp.md)
    from synthdb.web.app import mount_web  # here: the web app imports the API's routes

    mount_web(app)  # the web app at / (docs/web.md)

    @app.get(f"{API_PREFIX}/health", response_model=Health, tags=["health"])
    def health() -> Health:
        """Liveness probe (no key needed)."""
        return Health(status="ok")

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Multipart framing adds a little to the largest accepted CSV.
    app.add_middleware(
        RequestGuard,
        max_body=settings.max_upload_bytes + 1024 * 1024,
        max_json_body=settings.max_json_bytes,
        max_json_depth=settings.max_json_depth,
        body_timeout=settings.header_timeout,
    )
    if parse_allowed_hosts(settings.allowed_hosts):
        app.add_middleware(HostGuard, allowed=parse_allowed_hosts(settings.allowed_hosts))
    return app
