"""Fixtures of the security suite: a real server over HTTP, editors of fresh workspaces."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from api.apiserver import ApiServer, shop


@pytest.fixture(scope="session")
def secure_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """One real `synthdb serve` for the security suite (2 workers, default settings)."""
    instance = ApiServer(tmp_path_factory.mktemp("security") / "data").start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def ws() -> str:
    return f"sec-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def attacker(secure_server: ApiServer, ws: str) -> Iterator[httpx.Client]:
    """An editor key of a fresh workspace (the attacker of issue 9), with the small shop stored."""
    with secure_server.client(secure_server.key(ws, "editor")) as client:
        answer = client.post(f"/workspaces/{ws}/databases", json=shop())
        assert answer.status_code == 200, answer.text
        yield client
