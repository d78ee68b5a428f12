"""The relations diagram of the shop example: a box per table, an arrow per foreign key, valid SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from synthdb.web.diagram import relations_svg

SHOP = Path(__file__).parents[2] / "examples" / "shop.yaml"
NS = "{http://www.w3.org/2000/svg}"


def test_shop_diagram_has_tables_and_key_arrows() -> None:
    data = yaml.safe_load(SHOP.read_text())
    root = ET.fromstring(relations_svg(data))
    boxes = root.findall(f"{NS}g")
    assert [box.findall(f"{NS}text")[0].text for box in boxes] == ["customers", "products", "orders", "order_items"]
    arrows = sorted(title.text or "" for title in root.iter(f"{NS}title") if "references" in (title.text or ""))
    assert arrows == ["order_items.order_id references orders", "order_items.product_id references products",
                      "orders.customer_id references customers"]
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts.count("PK") == 4 and texts.count("FK") == 3
    # Every box lies inside the drawing.
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    for rect in root.iter(f"{NS}rect"):
        assert float(rect.get("x", 0)) + float(rect.get("width", 0)) <= width
        assert float(rect.get("y", 0)) + float(rect.get("height", 0)) <= height


def test_names_are_escaped() -> None:
    svg = relations_svg({"entities": [{"name": "a<b", "fields": [{"name": "x&y", "generator": "Number"}]}]})
    assert "a&lt;b" in svg and "x&amp;y" in svg
    ET.fromstring(svg)


def test_same_named_tables_of_two_schemas_get_two_boxes_and_their_own_arrows() -> None:
    from synthdb.web.diagram import relations_svg

    fk = {"generator": "Foreign Key", "primary_key_field": "id"}
    svg = relations_svg({"entities": [
        {"name": "person", "schema": "hr", "fields": [{"name": "id", "primary_key": True}]},
        {"name": "person", "schema": "sales", "fields": [{"name": "id", "primary_key": True}]},
        {"name": "orders", "schema": "sales", "fields": [{"name": "rep", **fk, "primary_key_entity": "hr.person"}]},
        {"name": "audit", "fields": [{"name": "order_id", **fk, "primary_key_entity": "orders"}]},
    ]})
    assert ">hr.person</text>" in svg and ">sales.person</text>" in svg
    assert "sales.orders.rep references hr.person" in svg
    assert "audit.order_id references sales.orders" in svg
