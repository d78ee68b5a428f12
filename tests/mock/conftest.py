"""Fixtures of the mock API tests: one server with the shop snapshotted, and one `synthdb mock` process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import synthdb
from api.apiserver import ApiServer
from mock.mockhelpers import SHOP, VARIABLES, Served, serve_shop, start_local, stop


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    instance = ApiServer(tmp_path_factory.mktemp("mockservice") / "data", workers=1).start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture(scope="session")
def served_server(mock_server: ApiServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Served, str]:
    return serve_shop(mock_server, "mockshop", tmp_path_factory.mktemp("snap"))


@pytest.fixture(scope="session")
def served_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("local")
    reference = tmp / "shop.sqlite"
    # The same definition, seed and variables give the same bytes: the reference to query directly.
    synthdb.generate(SHOP, "sqlite", reference, variables=VARIABLES)
    process, port = start_local(tmp)
    try:
        yield Served("local", f"http://127.0.0.1:{port}/api", {"X-Mock-Session": "one"}, reference,
                     {"X-Mock-Session": "two"})
    finally:
        stop(process)


@pytest.fixture(params=["server", "local"])
def served(request: pytest.FixtureRequest) -> Served:
    """The shop's mock API, served by the service (from a snapshot) and by `synthdb mock`."""
    if request.param == "server":
        result: Served = request.getfixturevalue("served_server")[0]
        return result
    local: Served = request.getfixturevalue("served_local")
    return local


