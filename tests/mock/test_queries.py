"""Every query feature of the mock API on the shop, checked against SQL run directly on the snapshot;
run against the service (a snapshot) and against `synthdb mock examples/shop.yaml`."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mock.mockhelpers import Served


def ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["id"] for row in rows]


def column(served: Served, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
    return [row[0] for row in served.sql(sql, args)]


def all_pages(served: Served, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with served.client() as client:
        answer = client.get(path, params={**params, "_limit": 1000})
        assert answer.status_code == 200, answer.text
        assert int(answer.headers["X-Total-Count"]) == len(answer.json())
        rows: list[dict[str, Any]] = answer.json()
        return rows


@pytest.mark.parametrize(("params", "where", "args"), [
    ({"status": "paid"}, "status = ?", ("paid",)),
    ({"status": ["paid", "shipped"]}, "status IN (?, ?)", ("paid", "shipped")),
    ({"total_gte": "500"}, "total >= ?", (500,)),
    ({"total_lte": "300"}, "total <= ?", (300,)),
    ({"total_gt": "500", "total_lt": "900"}, "total > ? AND total < ?", (500, 900)),
    ({"status_ne": "delivered"}, "status <> ?", ("delivered",)),
    ({"id_in": "3,5,8,1000"}, "id IN (3, 5, 8, 1000)", ()),
    ({"customer_id": "7"}, "customer_id = ?", (7,)),
    ({"shipped_at": "null"}, "shipped_at IS NULL", ()),
    ({"shipped_at_ne": "null", "status": "paid"}, "shipped_at IS NOT NULL AND status = 'paid'", ()),
])
def test_filters(served: Served, params: dict[str, Any], where: str, args: tuple[Any, ...]) -> None:
    expected = column(served, f"SELECT id FROM orders WHERE {where} ORDER BY id", args)
    assert expected, "the filter should match something in the shop"
    assert ids(all_pages(served, "/orders", params)) == expected


def test_like_and_search(served: Served) -> None:
    expected = column(served, "SELECT id FROM customers WHERE email LIKE '%example%' ORDER BY id")
    assert ids(all_pages(served, "/customers", {"email_like": "example"})) == expected
    first = served.sql("SELECT last_name FROM customers ORDER BY id LIMIT 1")[0][0]
    text_columns = ["first_name", "last_name", "email", "phone", "street_address", "city", "state", "postal_code",
                    "birth_date", "created_at", "tier"]
    where = " OR ".join(f"{c} LIKE ?" for c in text_columns)
    expected = column(served, f"SELECT id FROM customers WHERE {where} ORDER BY id",
                      tuple(f"%{first[:4]}%" for _ in text_columns))
    found = all_pages(served, "/customers", {"q": first[:4]})
    assert ids(found) == expected and expected
    # A LIKE wildcard in q is text, not a pattern.
    assert all_pages(served, "/customers", {"q": "%"}) == []


def test_sort_order_and_pages(served: Served) -> None:
    expected = column(served, "SELECT id FROM orders ORDER BY total DESC, id ASC")
    assert ids(all_pages(served, "/orders", {"_sort": "total", "_order": "desc"})) == expected
    assert ids(all_pages(served, "/orders", {"_sort": "-total"})) == expected
    two = column(served, "SELECT id FROM orders ORDER BY status ASC, total DESC, id ASC")
    assert ids(all_pages(served, "/orders", {"_sort": "status,total", "_order": "asc,desc"})) == two
    total = served.sql("SELECT count(*) FROM orders WHERE status = 'delivered'")[0][0]
    with served.client() as client:
        page = client.get("/orders", params={"status": "delivered", "_sort": "id", "_page": 2, "_limit": 5})
        assert page.status_code == 200
        assert page.headers["X-Total-Count"] == str(total)
        assert ids(page.json()) == column(served, "SELECT id FROM orders WHERE status = 'delivered' ORDER BY id "
                                                  "LIMIT 5 OFFSET 5")
        links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', page.headers["Link"]))
        assert set(links) == {"first", "prev", "next", "last"}
        assert "_page=1" in links["first"] and "_page=3" in links["next"]
        assert f"_page={-(-total // 5)}" in links["last"]
        last = client.get(links["last"])
        assert ids(last.json()) == column(served, "SELECT id FROM orders WHERE status = 'delivered' ORDER BY id")[
            (-(-total // 5) - 1) * 5:]


def test_get_by_id_embed_expand_and_nested(served: Served) -> None:
    with served.client() as client:
        customer = client.get("/customers/7", params={"_embed": "orders"}).json()
        row = served.sql("SELECT first_name, email FROM customers WHERE id = 7")[0]
        assert (customer["first_name"], customer["email"]) == row
        assert ids(customer["orders"]) == column(served, "SELECT id FROM orders WHERE customer_id = 7 ORDER BY id")
        items = client.get("/order_items", params={"_expand": "product,order", "_limit": 20}).json()
        for item in items:
            assert item["product"]["id"] == item["product_id"]
            price = served.sql("SELECT price FROM products WHERE id = ?", (item["product_id"],))[0][0]
            assert item["product"]["price"] == price == item["unit_price"]
            assert item["order"]["id"] == item["order_id"]
        nested = client.get("/customers/7/orders", params={"_sort": "-total"}).json()
        assert ids(nested) == column(served, "SELECT id FROM orders WHERE customer_id = 7 ORDER BY total DESC, id")
        product = client.get("/products/3").json()
        assert isinstance(product["in_stock"], bool)
        assert product["in_stock"] == bool(served.sql("SELECT in_stock FROM products WHERE id = 3")[0][0])
        assert client.get("/customers/99999").status_code == 404
        assert client.get("/customers/abc").status_code == 404


@pytest.mark.parametrize(("path", "params", "named"), [
    ("/orders", {"nope": "1"}, "nope"),
    ("/orders", {"total_gte": "abc"}, "total_gte"),
    ("/orders", {"_sort": "nope"}, "_sort"),
    ("/orders", {"_order": "sideways", "_sort": "id"}, "_order"),
    ("/orders", {"_limit": "0"}, "_limit"),
    ("/orders", {"_page": "-1"}, "_page"),
    ("/orders", {"_embed": "products"}, "_embed"),
    ("/orders", {"_expand": "nope"}, "_expand"),
    ("/orders", {"_bogus": "1"}, "_bogus"),
    ("/products", {"in_stock": "perhaps"}, "in_stock"),
])
def test_bad_parameters_are_400_naming_them(served: Served, path: str, params: dict[str, str], named: str) -> None:
    with served.client() as client:
        answer = client.get(path, params=params)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith(named), answer.text


def test_hostile_values_are_data(served: Served) -> None:
    with served.client() as client:
        for value in ["x' OR '1'='1", "paid; DROP TABLE orders", '"; --', "\\"]:
            answer = client.get("/orders", params={"status": value})
            assert answer.status_code == 200 and answer.json() == []
        # A column name is checked against the schema, never spliced.
        assert client.get("/orders", params={'status" OR 1=1 --': "x"}).status_code == 400
        assert client.get("/customers; DROP TABLE orders").status_code == 404
        total = served.sql("SELECT count(*) FROM orders")[0][0]
        assert client.get("/orders").headers["X-Total-Count"] == str(total)
