"""Fixtures of the service tests: one real server for the session, and fresh workspaces with keys."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer, shop


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """The shared server (2 workers, default limits).

    The operator setting lets it push into the local test databases: by default API callers may not
    reach loopback (tests/security/test_connections.py shows the default refusing it).
    """
    env = {"SYNTHDB_ALLOWED_TARGETS": "127.0.0.1/32"}
    instance = ApiServer(tmp_path_factory.mktemp("service") / "data", env=env).start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def workspace() -> str:
    """A fresh workspace name: tests do not see each other's databases or usage."""
    return f"ws-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def editor(server: ApiServer, workspace: str) -> Iterator[httpx.Client]:
    """An editor client of a fresh workspace that already holds the `shop` database."""
    with server.client(server.key(workspace, "editor")) as client:
        answer = client.post(f"/workspaces/{workspace}/databases", json=shop())
        assert answer.status_code == 200, answer.text
        yield client


@pytest.fixture
def data_dir(server: ApiServer) -> Path:
    return server.data_dir
