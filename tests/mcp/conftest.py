"""Fixtures of the MCP tests: a temporary root for `synthdb mcp`, and a real API server for HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.apiserver import ApiServer


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A real `synthdb serve` (1 worker) for the HTTP transport."""
    instance = ApiServer(tmp_path_factory.mktemp("mcp-service") / "data", workers=1).start()
    try:
        yield instance
    finally:
        instance.stop()
