"""Schemathesis against the served OpenAPI document: no 5xx, answers conform to the documented schemas."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.apiserver import ApiServer, shop

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_key(server: ApiServer) -> str:
    key = server.key("fuzz", "admin")
    with server.client(key) as client:
        assert client.post("/workspaces/fuzz/databases", json=shop()).status_code == 200
    return key


@pytest.fixture(scope="module")
def api_schema(server: ApiServer, fuzz_key: str) -> schemathesis.BaseSchema:
    assert httpx.get(f"{server.api}/openapi.json").status_code == 200
    return schemathesis.openapi.from_url(f"{server.api}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


# 50 inputs for each of the 28 operations (about 1,400 requests). Only the health checks about this setup
# are off: the server fixture is shared on purpose (function_scoped_fixture) and a real server is slower
# than hypothesis expects of a pure function (too_slow). Data generation and filtering checks stay on.
EXAMPLES = 50


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_server_errors_and_conforming_answers(case: schemathesis.Case, server: ApiServer, fuzz_key: str) -> None:
    case.call_and_validate(base_url=server.base, headers={"Authorization": f"Bearer {fuzz_key}"}, checks=CHECKS)
