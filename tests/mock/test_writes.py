"""Writes of the mock API: validated, isolated per key (or X-Mock-Session), undone by reset."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.apiserver import ApiServer
from mock.mockhelpers import Served, shop_definition, wait_snapshot

NEW = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "tier": "gold"}


def test_writes_isolated_between_sessions_and_undone_by_reset(served: Served) -> None:
    with served.client() as one, served.client(served.other_headers) as two:
        one.post("/_reset")
        two.post("/_reset")
        count = int(one.get("/customers").headers["X-Total-Count"])
        created = one.post("/customers", json=NEW)
        assert created.status_code == 201, created.text
        new_id = created.json()["id"]
        assert created.json()["email"] == NEW["email"] and new_id > count
        assert one.get(f"/customers/{new_id}").json()["first_name"] == "Ada"
        assert one.get("/customers").headers["X-Total-Count"] == str(count + 1)
        # The other session sees the snapshot as it was.
        assert two.get(f"/customers/{new_id}").status_code == 404
        assert two.get("/customers").headers["X-Total-Count"] == str(count)

        patched = one.patch("/customers/1", json={"city": "Springfield"})
        assert patched.status_code == 200 and patched.json()["city"] == "Springfield"
        original_city = served.sql("SELECT city FROM customers WHERE id = 1")[0][0]
        assert two.get("/customers/1").json()["city"] == original_city
        replaced = one.put(f"/customers/{new_id}", json={"first_name": "Grace", "email": "grace@example.org"})
        assert replaced.status_code == 200
        assert replaced.json()["first_name"] == "Grace" and replaced.json()["last_name"] is None
        item = served.sql("SELECT id FROM order_items ORDER BY id LIMIT 1")[0][0]
        assert one.delete(f"/order_items/{item}").status_code == 200
        assert one.get(f"/order_items/{item}").status_code == 404
        assert two.get(f"/order_items/{item}").status_code == 200

        reset = one.post("/_reset")
        assert reset.status_code == 200 and reset.json()["had_changes"] is True
        assert one.get(f"/customers/{new_id}").status_code == 404
        assert one.get("/customers/1").json()["city"] == original_city
        assert one.get(f"/order_items/{item}").status_code == 200


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), [
    ("POST", "/customers", {"first_name": 5}, 400, "first_name"),
    ("POST", "/customers", {"shoe_size": 42}, 400, "shoe_size"),
    ("POST", "/customers", {"state": "TOOLONG"}, 400, "state"),
    ("POST", "/customers", {"birth_date": "31/01/1990"}, 400, "birth_date"),
    ("POST", "/customers", {"id": "seven"}, 400, "id"),
    ("POST", "/customers", {"id": 1}, 409, "id"),
    ("POST", "/customers", {"email": "__EXISTING__"}, 409, "email"),
    ("POST", "/orders", {"customer_id": 999999, "status": "paid"}, 400, "customer_id"),
    ("POST", "/products", {"in_stock": "yes"}, 400, "in_stock"),
    ("POST", "/products", {"price": "cheap"}, 400, "price"),
    ("POST", "/customers", ["not", "an", "object"], 400, "body"),
    ("PATCH", "/customers/1", {"id": 2}, 400, "id"),
    ("PATCH", "/orders/1", {"customer_id": 999999}, 400, "customer_id"),
    ("DELETE", "/customers/1", None, 409, "customers 1"),
    ("PATCH", "/customers/99999", {"city": "x"}, 404, "no customers"),
])
def test_constraint_violations_are_4xx_naming_the_field(
    served: Served, method: str, path: str, body: object, status: int, field: str
) -> None:
    if body == {"email": "__EXISTING__"}:
        body = {"email": served.sql("SELECT email FROM customers WHERE id = 2")[0][0]}
    with served.client() as client:
        answer = client.request(method, path, json=body)
        assert answer.status_code == status, answer.text
        assert answer.json()["error"].startswith(field), answer.text
        client.post("/_reset")


def test_invalid_json_body(served: Served) -> None:
    with served.client() as client:
        answer = client.post("/customers", content=b"{not json", headers={"Content-Type": "application/json"})
        assert answer.status_code == 400 and answer.json()["error"].startswith("body")


def test_read_only_database(mock_server: ApiServer, tmp_path: Path) -> None:
    definition = shop_definition()
    definition["name"] = "frozen"
    definition["api"] = {"read_only": True}
    workspace = "readonly"
    editor = mock_server.key(workspace, "editor")
    with mock_server.client(editor) as client:
        assert client.post(f"/workspaces/{workspace}/databases", json=definition).status_code == 200
        url = f"/workspaces/{workspace}/databases/frozen/snapshots"
        client.post(url, json={"overrides": {"variables": {"n_customers": 5, "n_products": 5}}})
        assert wait_snapshot(client, url, "v1")["status"] == "ready"
    base = f"{mock_server.api}/workspaces/{workspace}/databases/frozen/api"
    headers = {"Authorization": f"Bearer {editor}"}
    assert httpx.get(f"{base}/customers", headers=headers).headers["X-Total-Count"] == "5"
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        path = "/customers" if method == "POST" else "/customers/1"
        answer = httpx.request(method, base + path, json={"city": "x"} if method != "DELETE" else None,
                               headers=headers)
        assert answer.status_code == 405 and "read-only" in answer.json()["error"], (method, answer.text)
