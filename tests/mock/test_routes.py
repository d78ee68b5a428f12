"""Custom routes of the definition: parameters bound (quotes and '; DROP' are data), seeded errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import synthdb
from mock.mockhelpers import Served, shop_definition
from synthdb.definition.loader import definition_from_data
from synthdb.errors import DefinitionError
from synthdb.mock.routes import CustomRoutes, Match
from synthdb.mock.service import MockService


def test_route_with_path_parameter(served: Served) -> None:
    with served.client() as client:
        for customer in (1, 2, 7):
            answer = client.get(f"/customers/{customer}/spending")
            assert answer.status_code == 200, answer.text
            expected = served.sql("SELECT count(*), round(sum(total), 2) FROM orders WHERE customer_id = ?",
                                  (customer,))[0]
            if expected[0]:
                assert (answer.json()["orders"], answer.json()["spent"]) == expected
            assert answer.headers["cache-control"] == "no-store"
        # many: false and nothing found: 404.
        assert client.get("/customers/999999/spending").status_code == 404


def test_query_parameters_are_bound_never_spliced(served: Served) -> None:
    with served.client() as client:
        last = served.sql("SELECT last_name FROM customers ORDER BY id LIMIT 1")[0][0]
        answer = client.get("/search/customers", params={"last_name": last})
        expected = [r[0] for r in served.sql("SELECT id FROM customers WHERE last_name = ? ORDER BY id", (last,))]
        assert [row["id"] for row in answer.json()] == expected
        for hostile in ["x' OR '1'='1", "'; DROP TABLE customers; --", "O'Brien", "1 OR 1=1"]:
            answer = client.get("/search/customers", params={"last_name": hostile})
            assert answer.status_code == 200 and answer.json() == [], hostile
        answer = client.get("/customers/1 OR 1=1/spending")
        assert answer.status_code == 404
        assert client.get("/customers").status_code == 200
        missing = client.get("/search/customers")
        assert missing.status_code == 400 and missing.json()["error"].startswith("last_name")


def test_seeded_errors_repeat(served: Served) -> None:
    """The flaky route fails on the calls the seed picks, the same ones on every run."""
    definition = definition_from_data(shop_definition())
    assert definition.api is not None
    reference = CustomRoutes(definition.api.routes, definition.seed or 0)
    index = next(i for i, r in enumerate(definition.api.routes) if r.path.startswith("/flaky"))
    route = definition.api.routes[index]
    expected = [503 if reference.fails(Match(index, route, {})) else 200 for _ in range(20)]
    assert 200 in expected and 503 in expected
    with served.client() as client:
        statuses = [client.get("/flaky/orders/paid").status_code for _ in range(20)]
    assert statuses == expected


def test_status_headers_and_delay_of_a_declared_route(tmp_path: Path) -> None:
    """A route's declared status and headers are answered, after its delay (in-process: no timing asserts
    beyond the delay itself having happened)."""
    data = shop_definition()
    data["variables"] = {"n_customers": 5, "n_products": 5}
    data["api"] = {"routes": [{"method": "POST", "path": "/echo/:word", "sql": "SELECT :word AS word",
                               "status": 201, "headers": {"X-Kind": "echo"}, "many": False, "delay_ms": 50}]}
    definition = definition_from_data(data)
    path = synthdb.generate(definition, "sqlite", tmp_path / "s.sqlite")
    service = MockService(Path(path), tmp_path / "sessions", definition)
    began = time.monotonic()
    result = service.handle("POST", "echo/it's; DROP TABLE orders", [], None, None, "http://x/api")
    assert time.monotonic() - began >= 0.05
    assert (result.status, result.body, result.headers) == (201, {"word": "it's; DROP TABLE orders"},
                                                             {"X-Kind": "echo"})
    assert service.handle("GET", "echo/x", [], None, None, "http://x/api").status == 404


@pytest.mark.parametrize(("route", "message"), [
    ({"path": "/x", "sql": "DELETE FROM orders"}, "api.routes[0].sql"),
    ({"path": "/x", "sql": "SELECT 1; DROP TABLE orders"}, "api.routes[0].sql"),
    ({"path": "/x", "sql": "SELECT * FROM read_csv('/etc/passwd')"}, "api.routes[0].sql"),
    ({"path": "no-slash", "sql": "SELECT 1"}, "api.routes[0].path"),
    ({"path": "/x", "sql": "SELECT 1", "error_rate": 2}, "api.routes[0].error_rate"),
    ({"path": "/x", "sql": "SELECT 1", "verb": "GET"}, "api.routes[0].verb"),
])
def test_routes_checked_at_validation(route: dict[str, object], message: str) -> None:
    data = shop_definition()
    data["api"] = {"routes": [route]}
    with pytest.raises(DefinitionError) as caught:
        definition_from_data(data)
    assert str(caught.value).startswith(message), str(caught.value)
