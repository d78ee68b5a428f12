"""Calculated and related values: lookups, sums, running totals, previous rows, ranks."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

import synthdb
from synthdb import DefinitionError


def _shop(driven: bool = True, customers: int = 300) -> dict[str, Any]:
    fk: dict[str, Any] = {"name": "order_id", "generator": "Foreign Key", "primary_key_entity": "orders",
                          "primary_key_field": "id"}
    if driven:
        fk.update(distribution="uniform", min=0, max=6)
    return {"entities": [
        {"name": "customers", "record_count": str(customers), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "code", "generator": "Character Sequence", "format": "C-#####", "unique": True},
            {"name": "tier", "generator": "Custom List", "values": ["a", "b", "c"]},
        ]},
        {"name": "orders", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
             "primary_key_field": "id", "distribution": "poisson", "mean": 3},
            {"name": "customer_tier", "generator": "Column From Another Table", "foreign_key_field": "customer_id",
             "value_field": "tier"},
            {"name": "total", "generator": "Sum From Another Table", "child_entity": "order_items",
             "foreign_key_field": "order_id", "value_field": "amount"},
            {"name": "items", "generator": "Sum From Another Table", "child_entity": "order_items",
             "foreign_key_field": "order_id", "aggregate": "count"},
            {"name": "customer_running_total", "generator": "Sum Of Previous Rows", "field": "total",
             "partition": True},
            {"name": "previous_total", "generator": "Value From Previous Row", "field": "total", "partition": True},
            {"name": "order_rank", "generator": "Rank", "field": "total", "descending": True},
        ]},
        {"name": "order_items", "record_count": "2500", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            fk,
            {"name": "amount", "generator": "Money", "min": 1, "max": 100},
            {"name": "running", "generator": "Sum Of Previous Rows", "field": "amount"},
        ]},
    ]}


@pytest.mark.parametrize("driven", [True, False])
def test_totals_equal_the_sum_of_their_items(driven: bool) -> None:
    tables = synthdb.to_tables(_shop(driven))
    sums: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    for order, amount in zip(tables["order_items"]["order_id"].to_pylist(),
                             tables["order_items"]["amount"].to_pylist(), strict=True):
        sums[order] += amount
        counts[order] += 1
    orders = tables["orders"]
    for order, total, items in zip(orders["id"].to_pylist(), orders["total"].to_pylist(),
                                   orders["items"].to_pylist(), strict=True):
        assert total == sums.get(order, Decimal(0))
        assert items == counts.get(order, 0)


def test_column_from_another_table_follows_the_foreign_key() -> None:
    tables = synthdb.to_tables(_shop())
    tier = dict(zip(tables["customers"]["id"].to_pylist(), tables["customers"]["tier"].to_pylist(), strict=True))
    orders = tables["orders"]
    assert orders["customer_tier"].to_pylist() == [tier[c] for c in orders["customer_id"].to_pylist()]


def test_column_from_another_table_by_value() -> None:
    definition = _shop()
    definition["entities"].append({"name": "events", "record_count": "400", "fields": [
        {"name": "customer_code", "generator": "Column From Another Table", "foreign_key_field": "customer_id",
         "value_field": "code"},
        {"name": "customer_id", "generator": "Number", "min": 1, "max": 320},
        {"name": "tier", "generator": "Column From Another Table", "enable_where": True,
         "primary_key_entity": "customers", "primary_key_field": "code", "foreign_key_field": "customer_code",
         "value_field": "tier"},
    ]})
    # customer_id here is a plain number, so customer_code is matched by value: ids above 300 find nothing.
    definition["entities"][-1]["fields"][0].update(enable_where=True, primary_key_entity="customers",
                                                   primary_key_field="id")
    tables = synthdb.to_tables(definition)
    by_id = {r["id"]: r for r in tables["customers"].to_pylist()}
    for row in tables["events"].to_pylist():
        expected = by_id.get(row["customer_id"])
        assert row["customer_code"] == (expected["code"] if expected else None)
        assert row["tier"] == (expected["tier"] if expected else None)


def test_running_totals_previous_values_and_ranks() -> None:
    tables = synthdb.to_tables(_shop())
    items = tables["order_items"]
    running, acc = [], Decimal(0)
    for amount in items["amount"].to_pylist():
        acc += amount
        running.append(acc)
    assert items["running"].to_pylist() == running
    orders = tables["orders"].to_pylist()
    seen: dict[int, Decimal] = {}
    previous: dict[int, Decimal | None] = {}
    for row in orders:
        customer = row["customer_id"]
        assert row["previous_total"] == previous.get(customer)
        seen[customer] = seen.get(customer, Decimal(0)) + row["total"]
        assert row["customer_running_total"] == seen[customer]
        previous[customer] = row["total"]
    totals = [r["total"] for r in orders]
    for row in orders[:200]:
        assert row["order_rank"] == 1 + sum(1 for t in totals if t > row["total"])


def test_sequential_values_do_not_depend_on_batching(pool_ran: None) -> None:
    definition = _shop()
    definition["entities"][2]["record_count"] = "70000"
    definition["entities"][2]["fields"][1] = {"name": "order_id", "generator": "Foreign Key",
                                              "primary_key_entity": "orders", "primary_key_field": "id"}
    base = synthdb.to_tables(definition, batch_size=65_536)
    assert synthdb.to_tables(definition, batch_size=999) == base
    assert synthdb.to_tables(definition, batch_size=4096, workers=2) == base


@pytest.mark.parametrize(
    ("field", "path", "message"),
    [
        ({"name": "x", "generator": "Sum From Another Table", "child_entity": "nope", "foreign_key_field": "a",
          "value_field": "b"}, "entities[0].fields[3].child_entity", "unknown entity 'nope'"),
        ({"name": "x", "generator": "Sum From Another Table", "child_entity": "customers",
          "foreign_key_field": "tier", "value_field": "id"}, "entities[0].fields[3].foreign_key_field",
         "must be a Foreign Key to 'customers'"),
        ({"name": "x", "generator": "Value From Previous Row", "field": "x"}, "entities[0].fields[3].field",
         "cannot be computed from itself"),
        ({"name": "x", "generator": "Rank", "field": "missing"}, "entities[0].fields[3].field",
         "has no field 'missing'"),
        ({"name": "x", "generator": "Column From Another Table", "foreign_key_field": "tier",
          "value_field": "id"}, "entities[0].fields[3].primary_key_entity", "needs primary_key_entity"),
    ],
)
def test_bad_calculated_fields(field: dict[str, Any], path: str, message: str) -> None:
    definition = _shop()
    definition["entities"][0]["fields"].append(field)
    with pytest.raises(DefinitionError) as err:
        synthdb.to_tables(definition)
    assert err.value.path == path
    assert message in err.value.message


def test_custom_list_weights_depend_on_other_columns() -> None:
    definition = {"entities": [{"name": "orders", "record_count": "20000", "fields": [
        {"name": "status", "generator": "Custom List", "values": ["pending", "shipped", "delivered"],
         "weights": [2, 3, 5]},
        {"name": "carrier", "generator": "Custom List", "values": [
            {"value": "none", "weight": 0,
             "conditions": [{"subset_field": "status", "operator": "is_one_of", "subset_value": ["pending"],
                             "weight": 1}]},
            {"value": "UPS", "default_weight": 3,
             "conditions": [{"subset_field": "status", "operator": "is_one_of", "subset_value": "pending",
                             "weight": 0}]},
            {"value": "FedEx", "default_weight": 1,
             "conditions": [{"subset_field": "status", "operator": "is_one_of", "subset_value": "pending",
                             "weight": 0}]},
        ]},
    ]}]}
    rows = synthdb.to_tables(definition)["orders"].to_pylist()
    assert all((r["carrier"] == "none") == (r["status"] == "pending") for r in rows)
    shipped = [r["carrier"] for r in rows if r["status"] != "pending"]
    assert 0.72 < shipped.count("UPS") / len(shipped) < 0.78
