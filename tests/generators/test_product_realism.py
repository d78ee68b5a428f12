"""Products people believe: a price that fits the product (not just its category) and a description of it."""

from __future__ import annotations

import csv
import json
import statistics
from importlib import resources
from typing import Any

import synthdb


def _bands() -> dict[str, tuple[float, float]]:
    text = resources.files("synthdb.data").joinpath("business/product_price_bands.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["product_type"]: (float(r["low"]), float(r["high"])) for r in rows}


def _type_of(name: str, bands: dict[str, tuple[float, float]]) -> str:
    return max((t for t in bands if name.lower().endswith(t.lower())), key=len)


def _table(fields: list[dict[str, Any]], rows: int) -> list[dict[str, Any]]:
    definition = {"name": "shop", "seed": 4, "entities": [{"name": "t", "record_count": rows, "fields": fields}]}
    return synthdb.to_tables(definition)["t"].to_pylist()


def test_every_price_is_inside_its_products_band() -> None:
    bands = _bands()
    rows = _table([{"name": "name", "generator": "Product Name"}, {"name": "price", "generator": "Product Price"}],
                  5000)
    by_type: dict[str, list[float]] = {}
    for row in rows:
        kind = _type_of(row["name"], bands)
        low, high = bands[kind]
        assert low <= float(row["price"]) <= high, row
        by_type.setdefault(kind, []).append(float(row["price"]))
    # The examples: a bike is never priced like a water bottle.
    assert min(by_type["Bike"]) >= 200 and max(by_type["Water Bottle"]) <= 40
    assert statistics.median(by_type["Bike"]) > 10 * statistics.median(by_type["Water Bottle"])
    # Each type's prices use its band, not a corner of it (log-uniform: the median near the geometric middle).
    for kind in ("Bike", "Camera", "Mug"):
        low, high = bands[kind]
        assert (low * high) ** 0.5 / 2 < statistics.median(by_type[kind]) < 2 * (low * high) ** 0.5, kind


def test_a_price_reads_product_names_it_did_not_make() -> None:
    names = ["Trek Mountain Bike", "Stainless Steel Water Bottle", "Gaming Laptop", "Organic Coffee", "Widget"]
    rows = _table([{"name": "item", "generator": "Custom List", "values": names},
                   {"name": "price", "generator": "Product Price", "product_field": "item"}], 2000)
    expected = {"Trek Mountain Bike": (200, 3000), "Stainless Steel Water Bottle": (5, 40),
                "Gaming Laptop": (300, 3000), "Organic Coffee": (6, 25)}
    widgets = []
    for row in rows:
        if row["item"] == "Widget":  # no known type: some product's band, anywhere in the catalog's range
            widgets.append(float(row["price"]))
            continue
        low, high = expected[row["item"]]
        assert low <= float(row["price"]) <= high, row
    assert widgets and min(widgets) >= 1


def test_descriptions_name_the_product_and_fit_its_category() -> None:
    rows = _table([{"name": "name", "generator": "Product Name"}, {"name": "category", "generator": "Product Category"},
                   {"name": "about", "generator": "Product Description"}], 2000)
    phrases = resources.files("synthdb.data").joinpath("business/product_descriptions.json").read_text("utf-8")
    features = {c: v["features"] for c, v in json.loads(phrases)["categories"].items()}
    for row in rows:
        assert row["name"] in row["about"], row
        assert sum(f in row["about"] for f in features[row["category"]]) == 2, row
        others = [f for c, fs in features.items() if c != row["category"] for f in fs]
        assert not any(f in row["about"] for f in others if f not in features[row["category"]]), row
        assert row["about"].endswith(".") and "  " not in row["about"]
    assert len({r["about"] for r in rows}) > 1900


def test_a_parents_product_name_is_priced_and_described_as_its_type() -> None:
    """Order lines reading the product's name through the foreign key: the name alone sets band and category."""
    definition = {"name": "shop", "seed": 2, "entities": [
        {"name": "products", "record_count": 50, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "name", "generator": "Product Name"}, {"name": "category", "generator": "Product Category"}]},
        {"name": "lines", "record_count": 1000, "fields": [
            {"name": "product_id", "generator": "Foreign Key", "primary_key_entity": "products",
             "primary_key_field": "id"},
            {"name": "price", "generator": "Product Price", "product_field": "product_id.name"},
            {"name": "about", "generator": "Product Description", "product_field": "product_id.name"}]}]}
    tables = synthdb.to_tables(definition)
    products = {p["id"]: p for p in tables["products"].to_pylist()}
    bands = _bands()
    features = {c: v["features"] for c, v in json.loads(resources.files("synthdb.data").joinpath(
        "business/product_descriptions.json").read_text("utf-8"))["categories"].items()}
    for line in tables["lines"].to_pylist():
        product = products[line["product_id"]]
        low, high = bands[_type_of(product["name"], bands)]
        assert low <= float(line["price"]) <= high, (line, product)
        assert product["name"] in line["about"]
        assert sum(f in line["about"] for f in features[product["category"]]) == 2, (line, product)
