"""The mock API's generated OpenAPI document: valid per openapi-spec-validator, fuzzed with schemathesis."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from mock.mockhelpers import Served

# Only the checks about this setup are off: the served fixture is shared on purpose and a real server is
# slower than hypothesis expects of a pure function; data generation and filtering checks stay on.
SETUP_HEALTH_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def test_document_is_valid_and_complete(served: Served) -> None:
    document = httpx.get(f"{served.base}/openapi.json", headers=served.headers).json()
    validate(document)
    paths = document["paths"]
    for table in ("customers", "orders", "products", "order_items"):
        assert {"get", "post"} <= set(paths[f"/{table}"])
        assert {"get", "put", "patch", "delete"} <= set(paths[f"/{table}/{{id}}"])
    assert "/customers/{id}/orders" in paths and "/orders/{id}/order_items" in paths
    assert "get" in paths["/customers/{id}/spending"] and "get" in paths["/search/customers"]
    assert paths["/search/customers"]["get"]["parameters"][0]["name"] == "last_name"
    assert document["servers"][0]["url"] == served.base
    props = document["components"]["schemas"]["products"]["properties"]
    assert props["in_stock"]["anyOf"][0]["type"] == "boolean"


@pytest.fixture(scope="module")
def local_schema(served_local: Served) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{served_local.base}/openapi.json")


@pytest.fixture(scope="module")
def server_schema(served_server: tuple[Served, str]) -> schemathesis.BaseSchema:
    served, _ = served_server
    return schemathesis.openapi.from_url(f"{served.base}/openapi.json", headers=served.headers)


local = schemathesis.pytest.from_fixture("local_schema")
server = schemathesis.pytest.from_fixture("server_schema")


@local.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=SETUP_HEALTH_CHECKS)
def test_local_no_server_errors(case: schemathesis.Case, served_local: Served) -> None:
    if "flaky" in case.operation.path:
        return  # answers its documented 503 by design; its seeded sequence is test_routes' to check
    case.call_and_validate(headers={"X-Mock-Session": "fuzz"}, checks=[schemathesis.checks.not_a_server_error])


@server.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=SETUP_HEALTH_CHECKS)
def test_server_no_server_errors(case: schemathesis.Case, served_server: tuple[Served, str]) -> None:
    served, _ = served_server
    if "flaky" in case.operation.path:
        return  # as above
    case.call_and_validate(headers={**served.headers, "X-Mock-Session": "fuzz"},
                           checks=[schemathesis.checks.not_a_server_error])
