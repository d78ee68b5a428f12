"""`synthdb mock examples/shop.yaml --openapi spec.yaml` over real HTTP: a team's own camelCase contract
served from the shop's tables, answers equal to SQL on the snapshot, requests and responses checked."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

import synthdb
from mock.mockhelpers import SHOP, VARIABLES, start_local, stop

SPEC = Path(__file__).parent / "data" / "shop_openapi.yaml"
CUSTOMER = {"id": "id", "firstName": "first_name", "lastName": "last_name", "email": "email", "phone": "phone",
            "state": "state", "tier": "tier", "birthDate": "birth_date", "createdAt": "created_at"}
ORDER = {"id": "id", "customerId": "customer_id", "orderNumber": "order_number", "status": "status",
         "orderedAt": "ordered_at", "shippedAt": "shipped_at", "total": "total"}
ITEM = {"id": "id", "orderId": "order_id", "productId": "product_id", "quantity": "quantity",
        "unitPrice": "unit_price", "lineTotal": "line_total"}

# Only the checks about this setup are off: the served fixture is shared on purpose and a real server is
# slower than hypothesis expects of a pure function; data generation and filtering checks stay on.
SETUP_HEALTH_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@dataclass
class Reverse:
    base: str
    log: Path
    snapshot: Path

    def rows(self, props: dict[str, str], sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """SQL on the snapshot, shaped as the spec says (camelCase, RFC 3339 timestamps, no disallowed nulls)."""
        import sqlite3

        con = sqlite3.connect(f"file:{self.snapshot}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            out = []
            for row in con.execute(sql, args).fetchall():
                item: dict[str, Any] = {}
                for name, column in props.items():
                    value = row[column]
                    if column.endswith("_at") and value is not None:
                        value = value.replace(" ", "T") + "Z"
                    if value is None and name in ("createdAt", "orderedAt", "state", "tier", "birthDate"):
                        continue
                    item[name] = value
                out.append(item)
            return out
        finally:
            con.close()


@pytest.fixture(scope="module")
def reverse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reverse]:
    tmp = tmp_path_factory.mktemp("reverse")
    reference = tmp / "shop.sqlite"
    synthdb.generate(SHOP, "sqlite", reference, variables=VARIABLES)
    process, port = start_local(tmp, ["--openapi", str(SPEC)])
    try:
        yield Reverse(f"http://127.0.0.1:{port}/v1", tmp / f"mock-{port}.log", reference)
    finally:
        stop(process)


def test_startup_report_names_unmatched_paths_and_properties(reverse: Reverse) -> None:
    text = reverse.log.read_text()
    assert "GET /customers/{customerId}/orders" in text and "-> orders (children of customers) [nested]" in text
    assert "GET /wishlists" in text and "unmatched (501)" in text and "'wishlists'" in text
    assert "property loyaltyPoints matches no column of customers (left out)" in text


def test_list_in_a_wrapper_paged(reverse: Reverse) -> None:
    answer = httpx.get(f"{reverse.base}/customers", params={"limit": 5, "page": 2})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"data", "total", "page"}
    assert body["total"] == VARIABLES["n_customers"] and body["page"] == 2
    expected = reverse.rows(CUSTOMER, "SELECT * FROM customers ORDER BY id LIMIT 5 OFFSET 5")
    assert body["data"] == expected
    assert all("loyaltyPoints" not in row and "first_name" not in row for row in body["data"])
    assert answer.headers["X-Total-Count"] == str(VARIABLES["n_customers"])


def test_filters_operators_sort_and_search_on_property_names(reverse: Reverse) -> None:
    params = {"tier": "bronze", "createdAt_gte": "2023-01-01T00:00:00Z", "_sort": "-createdAt", "limit": 100}
    answer = httpx.get(f"{reverse.base}/customers", params=params)
    assert answer.status_code == 200, answer.text
    expected = reverse.rows(CUSTOMER, "SELECT * FROM customers WHERE tier = 'bronze' AND created_at >= "
                                      "'2023-01-01 00:00:00' ORDER BY created_at DESC, id")
    assert expected and answer.json()["data"] == expected and answer.json()["total"] == len(expected)
    some = expected[0]["lastName"]
    found = httpx.get(f"{reverse.base}/customers", params={"q": some, "lastName_like": some}).json()
    assert found["data"] == reverse.rows(CUSTOMER, "SELECT * FROM customers WHERE last_name LIKE ? ORDER BY id",
                                         (f"%{some}%",))
    products = httpx.get(f"{reverse.base}/products", params={"inStock": "true", "price_gte": 20, "_limit": 100})
    assert products.status_code == 200, products.text
    rows = reverse.rows({"id": "id", "price": "price", "inStock": "in_stock"},
                        "SELECT * FROM products WHERE in_stock = 1 AND price >= 20 ORDER BY id")
    assert [(p["id"], p["price"], p["inStock"]) for p in products.json()] == [(r["id"], r["price"], True) for r in rows]
    assert all(set(p) == {"id", "sku", "name", "category", "price", "inStock"} for p in products.json())


def test_get_by_id_and_nested(reverse: Reverse) -> None:
    one = httpx.get(f"{reverse.base}/customers/7")
    assert one.status_code == 200 and one.json() == reverse.rows(CUSTOMER, "SELECT * FROM customers WHERE id = 7")[0]
    assert httpx.get(f"{reverse.base}/customers/999999").status_code == 404
    customer = reverse.rows({"id": "customer_id"}, "SELECT customer_id FROM orders GROUP BY customer_id "
                                                   "ORDER BY count(*) DESC, customer_id LIMIT 1")[0]["id"]
    orders = httpx.get(f"{reverse.base}/customers/{customer}/orders", params={"status": "delivered"})
    assert orders.status_code == 200, orders.text
    assert orders.json() == reverse.rows(ORDER, "SELECT * FROM orders WHERE customer_id = ? AND status = 'delivered' "
                                                "ORDER BY id", (customer,))
    lines = httpx.get(f"{reverse.base}/orders/3/orderItems")
    assert lines.status_code == 200
    assert lines.json() == reverse.rows(ITEM, "SELECT * FROM order_items WHERE order_id = 3 ORDER BY id")
    assert lines.json()


@pytest.mark.parametrize(("method", "path", "params", "body", "field", "words"), [
    ("GET", "/customers", {"limit": "0"}, None, "query.limit", "less than the minimum of 1"),
    ("GET", "/customers", {"tier": "platinum"}, None, "query.tier", "is not one of"),
    ("GET", "/customers", {"state": "Texas"}, None, "query.state", "does not match"),
    ("GET", "/customers", {"favouriteColour": "red"}, None, "query.favouriteColour", "not a property"),
    ("GET", "/customers/abc", {}, None, "path.customerId", "is not of type 'integer'"),
    ("POST", "/customers", {}, {"firstName": "Ann", "lastName": "Lee"}, "body", "'email' is a required property"),
    ("POST", "/customers", {}, {"firstName": "Ann", "lastName": "Lee", "email": 5}, "body.email", "not of type"),
])
def test_invalid_requests_are_400_naming_the_field(
    reverse: Reverse, method: str, path: str, params: dict[str, str], body: Any, field: str, words: str
) -> None:
    answer = httpx.request(method, f"{reverse.base}{path}", params=params, json=body,
                           headers={"X-Mock-Session": "bad"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["field"] == field and words in answer.json()["error"]


def test_create_then_read_in_the_session(reverse: Reverse) -> None:
    session = {"X-Mock-Session": "reverse-create"}
    created = httpx.post(f"{reverse.base}/customers", headers=session,
                         json={"firstName": "Ann", "lastName": "O'Hara", "email": "ann@example.org", "tier": "gold"})
    assert created.status_code == 201, created.text
    row = created.json()
    assert row["firstName"] == "Ann" and row["tier"] == "gold" and row["id"] > VARIABLES["n_customers"]
    assert httpx.get(f"{reverse.base}/customers/{row['id']}", headers=session).json() == row
    assert httpx.get(f"{reverse.base}/customers/{row['id']}").status_code == 404  # another session


def test_unmatched_path_is_501_and_undeclared_method_405(reverse: Reverse) -> None:
    answer = httpx.get(f"{reverse.base}/wishlists")
    assert answer.status_code == 501
    assert "GET /wishlists" in answer.json()["error"] and "wishlists" in answer.json()["error"]
    gone = httpx.delete(f"{reverse.base}/customers")
    assert gone.status_code == 405 and gone.headers["Allow"] == "GET, POST"
    # The automatic API is still at /api.
    assert httpx.get(reverse.base.replace("/v1", "/api/customers/1")).json()["first_name"]


@pytest.mark.parametrize(("text", "where"), [
    ("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /customers:\n    get:\n      responses:\n"
     "        '200': {descripton: oops}\n", "$.paths['/customers'].get.responses"),
    ("openapi: 2.0\ninfo: {title: x}\n", "$.openapi"),
    ("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
     "        '200': {$ref: 'other.yaml#/x'}\n", "$.paths['/a'].get.responses['200']"),
    ("openapi: [unclosed\n", "not valid YAML"),
])
def test_invalid_spec_exits_2_naming_the_path(tmp_path: Path, text: str, where: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = subprocess.run([sys.executable, "-m", "synthdb", "mock", str(SHOP), "--openapi", str(spec),
                             "--port", "1"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout
    assert where in result.stderr and str(spec) in result.stderr


@pytest.fixture(scope="module")
def user_schema(reverse: Reverse) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_path(SPEC)
    schema.config.update(base_url=reverse.base)
    return schema


user = schemathesis.pytest.from_fixture("user_schema")


@user.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=SETUP_HEALTH_CHECKS)
def test_user_spec_fuzzed_no_server_errors(case: schemathesis.Case) -> None:
    """Every served operation: no 5xx, and every answer conforms to the user's response schemas."""
    if case.operation.path == "/wishlists":
        return  # its documented 501 is test_unmatched_path_is_501_and_undeclared_method_405's point
    case.call_and_validate(headers={"X-Mock-Session": "fuzz"},
                           checks=[schemathesis.checks.not_a_server_error,
                                   schemathesis.checks.response_schema_conformance])


SPEC31 = """
openapi: 3.1.0
info: {title: strict shop, version: "1"}
paths:
  /Customers:
    get:
      parameters: [{name: pageSize, in: query, schema: {type: integer, maximum: 50}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Customer"}}
                  totalCount: {type: integer}
  /customer/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Customer"}}}}
  /stores/{id}/customers:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: object}}}}}
  /products/{productId}:
    parameters: [{name: productId, in: path, required: true, schema: {type: integer}}]
    put: &write
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Product"}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Product"}}}}
    patch: *write
    delete:
      responses: {"204": {description: gone}}
components:
  schemas:
    Product:
      type: object
      properties:
        id: {type: integer}
        productName: {type: string}
        price: {type: number}
        inStock: {type: boolean}
    Customer:
      type: object
      required: [ID, State]
      properties:
        ID: {type: integer}
        Phone: {type: [string, "null"]}
        State: {type: string, maxLength: 1}
        LastName: {type: integer}
"""


def test_openapi_31_names_types_and_contract_errors(reverse: Reverse, tmp_path: Path) -> None:
    """In process: 3.1 null types, PascalCase and singular paths, a wrapper under `items` with `totalCount`,
    a property of the wrong type left out, and a response that breaks the spec as a 500 naming its path."""
    from synthdb.mock.service import MockService
    from synthdb.mock.specserve import SpecMock
    from synthdb.mock.userspec import load_spec

    spec_file = tmp_path / "strict.yaml"
    spec_file.write_text(SPEC31)
    mock = SpecMock(load_spec(spec_file), MockService(reverse.snapshot, tmp_path / "sessions"))
    by_op = {(b.method, b.path): b for b in mock.bindings}
    listing = by_op[("get", "/Customers")]
    assert listing.table == "customers" and listing.problem is None and listing.shape is not None
    assert listing.shape.props == {"ID": "id", "Phone": "phone", "State": "state"}
    assert listing.shape.meta == {"totalCount": "total"} and listing.aliases == {"pageSize": "_limit"}
    assert any("LastName is not compatible with column 'last_name'" in w for w in listing.warnings)
    assert by_op[("get", "/customer/{id}")].kind == "item"
    assert "'stores'" in str(by_op[("get", "/stores/{id}/customers")].problem)
    assert mock.handle("GET", "/stores/1/customers", [], {}, None, "s", "http://x").status == 501
    broken = mock.handle("GET", "/Customers", [("pageSize", "3")], {}, None, "s", "http://x")
    assert broken.status == 500
    assert broken.body["path"] == "response.items[0].State" and "contract error" in broken.body["error"]
    too_big = mock.handle("GET", "/Customers", [("pageSize", "51")], {}, None, "s", "http://x")
    assert too_big.status == 400 and too_big.body["field"] == "query.pageSize"


def test_writes_through_the_spec_use_its_names(reverse: Reverse, tmp_path: Path) -> None:
    """PUT/PATCH/DELETE on the spec's path and property names change the session's copy, shaped back."""
    import json

    from synthdb.mock.service import MockService
    from synthdb.mock.specserve import SpecMock
    from synthdb.mock.userspec import load_spec

    spec_file = tmp_path / "strict.yaml"
    spec_file.write_text(SPEC31)
    from synthdb.definition.loader import load_definition

    # With the definition, the service knows in_stock is a boolean (SQLite keeps an integer).
    service = MockService(reverse.snapshot, tmp_path / "sessions", load_definition(SHOP))
    mock = SpecMock(load_spec(spec_file), service)
    patched = mock.handle("PATCH", "/products/2", [], {}, json.dumps({"price": 9.5, "inStock": False}).encode(),
                          "w", "http://x")
    assert patched.status == 200, patched.body
    assert patched.body["price"] == 9.5 and patched.body["inStock"] is False and "in_stock" not in patched.body
    assert service.handle("GET", "products/2", [], None, "w", "http://x").body["price"] == 9.5
    assert service.handle("GET", "products/2", [], None, "other", "http://x").body["price"] != 9.5
    wrong = mock.handle("PUT", "/products/2", [], {}, json.dumps({"price": "cheap"}).encode(), "w", "http://x")
    assert wrong.status == 400 and wrong.body["field"] == "body.price"
    gone = mock.handle("DELETE", "/products/3", [], {}, None, "w", "http://x")
    assert gone.status in (204, 409), gone.body  # 409 when order lines refer to it (the mock's own rule)
