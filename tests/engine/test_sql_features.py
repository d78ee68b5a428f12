"""The SQL generator, postprocessing_sql and SQL tables (view + sql): values, errors, determinism."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import synthdb
from synthdb import DefinitionError
from synthdb.generators.helpers.sql_eval import compile_expression

STATUSES = ["pending", "shipped", "cancelled", "returned"]


def _shop(orders: int = 400, order_fields: list[dict[str, Any]] | None = None,
          views: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"name": "shop", "seed": 11, "entities": [
        {"name": "customers", "record_count": "40", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "first_name", "generator": "First Name"},
            {"name": "last_name", "generator": "Last Name"},
            {"name": "created_at", "generator": "Datetime", "start_date": "2021-01-01", "end_date": "2021-12-31"},
        ]},
        {"name": "orders", "record_count": str(orders), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
             "primary_key_field": "id"},
            {"name": "quantity", "generator": "Number", "min": -20, "max": 20},
            {"name": "unit_price", "generator": "Number", "min": 1, "max": 100, "decimals": 2},
            {"name": "status", "generator": "Custom List", "values": STATUSES},
            *(order_fields or []),
        ]},
        *(views or []),
    ]}


CALCULATED = [
    {"name": "total", "generator": "SQL", "sql": "quantity * unit_price"},
    {"name": "thirds", "generator": "SQL Expression", "sql": "quantity / 3"},
    {"name": "kept", "generator": "sql", "sql": "CASE WHEN status = 'cancelled' THEN NULL ELSE unit_price END"},
    {"name": "who", "generator": "SQL", "sql": "UPPER(\"customer_id.first_name\") || ' ' || customer_id.last_name"},
    {"name": "after_signup", "generator": "SQL", "sql": "\"customer_id.created_at\" + INTERVAL 1 DAY"},
]


def test_sql_generator_equals_the_python_computation() -> None:
    tables = synthdb.to_tables(_shop(10_000, CALCULATED))
    orders, customers = tables["orders"].to_pylist(), tables["customers"].to_pylist()
    by_id = {c["id"]: c for c in customers}
    assert tables["orders"].schema.field("thirds").type == tables["orders"].schema.field("quantity").type
    for row in orders:
        q, price = row["quantity"], row["unit_price"]
        assert row["total"] == q * price
        assert row["thirds"] == int(q / 3)  # SQLite divides integers as integers, truncating toward zero
        assert row["kept"] == (None if row["status"] == "cancelled" else price)
        customer = by_id[row["customer_id"]]
        assert row["who"] == f"{customer['first_name'].upper()} {customer['last_name']}"
        assert (row["after_signup"] - customer["created_at"]).total_seconds() == 86_400
    assert {r["kept"] is None for r in orders} == {True, False}


def test_sql_generator_keeps_row_order_and_percent_null() -> None:
    fields = [{"name": "again", "generator": "SQL", "sql": "id", "percent_null": 30}]
    orders = synthdb.to_tables(_shop(2000, fields), batch_size=333)["orders"]
    ids, again = orders["id"].to_pylist(), orders["again"].to_pylist()
    assert all(a is None or a == i for i, a in zip(ids, again, strict=True))
    # percent_null: 30 within 5 binomial standard deviations of the sample (a false failure ~1 in 1.7 million).
    spread = 5 * (0.3 * 0.7 / len(again)) ** 0.5
    assert abs(again.count(None) / len(again) - 0.3) < spread


def test_row_expression_keeps_the_order_of_shuffled_rows() -> None:
    values = pa.array(np.random.default_rng(3).permutation(300_000))
    words = pa.array([f"w{v}" for v in values.to_pylist()])
    expression = compile_expression("(x * 2) || '-' || w", {"x": values.type, "w": words.type})
    got = expression.evaluate({"x": values, "w": words}, len(values)).to_pylist()
    assert got == [f"{v * 2}-w{v}" for v in values.to_pylist()]


@pytest.mark.parametrize(("sql", "words"), [
    ("quantity * nope", "refers to column 'nope', which entity 'orders' lacks"),
    ("quantity * unit_prise", "did you mean 'unit_price'"),
    ("customer_id.nope", "entity 'customers' has no field 'nope'"),
    ("quantity *", "invalid SQL: "),
    ("SUM(quantity)", "aggregates rows"),
    ("random() * quantity", "changes from run to run"),
    ("quantity - status", "No function matches the given name and argument types '-(BIGINT, VARCHAR)'"),
])
def test_sql_generator_errors_name_the_parameter(sql: str, words: str) -> None:
    with pytest.raises(DefinitionError) as info:
        synthdb.to_tables(_shop(10, [{"name": "bad", "generator": "SQL", "sql": sql}]))
    assert info.value.path == "entities[1].fields[5].sql"
    assert words in info.value.message


def test_postprocessing_replaces_values_and_sees_other_columns() -> None:
    fields = [
        {"name": "shipped", "generator": "Number", "min": 1, "max": 9,
         "postprocessing_sql": "CASE WHEN status = 'pending' THEN NULL ELSE shipped * 100 + quantity END"},
        {"name": "signup_year", "generator": "Number", "min": 0, "max": 0,
         "postprocessing_sql": "CAST(strftime('%Y', \"customer_id.created_at\") AS INTEGER)"},
        {"name": "blank", "generator": "Number", "postprocessing_sql": ""},
    ]
    plain = synthdb.to_tables(_shop(500, fields[2:]))["orders"]
    orders = synthdb.to_tables(_shop(500, fields))["orders"]
    raw = synthdb.to_tables(_shop(500, [{**fields[0], "postprocessing_sql": None}]))["orders"]["shipped"].to_pylist()
    for row, before in zip(orders.to_pylist(), raw, strict=True):
        expected = None if row["status"] == "pending" else before * 100 + row["quantity"]
        assert row["shipped"] == expected
        assert row["signup_year"] == 2021
    assert orders["blank"] == plain["blank"]  # "" means none (Fabricate exports send it)


def test_postprocessed_column_looked_up_from_another_table() -> None:
    fields = [{"name": "score", "generator": "Number", "min": 1, "max": 5,
               "postprocessing_sql": "score * 1000 + quantity"}]
    definition = _shop(300, fields)
    definition["entities"].append({"name": "refunds", "record_count": "200", "fields": [
        {"name": "order_id", "generator": "Foreign Key", "primary_key_entity": "orders", "primary_key_field": "id"},
        {"name": "order_score", "generator": "Column From Another Table", "foreign_key_field": "order_id",
         "value_field": "score"},
    ]})
    tables = synthdb.to_tables(definition)
    score = dict(zip(tables["orders"]["id"].to_pylist(), tables["orders"]["score"].to_pylist(), strict=True))
    for row in tables["refunds"].to_pylist():
        assert row["order_score"] == score[row["order_id"]]


@pytest.mark.parametrize(("sql", "words"), [
    ("CASE WHEN", "invalid SQL"), ("statuz", "did you mean 'status'"), ("max(quantity)", "aggregates rows"),
])
def test_postprocessing_errors_name_the_key(sql: str, words: str) -> None:
    fields = [{"name": "x", "generator": "Number", "postprocessing_sql": sql}]
    with pytest.raises(DefinitionError) as info:
        synthdb.to_tables(_shop(10, fields))
    assert info.value.path == "entities[1].fields[5].postprocessing_sql"
    assert words in info.value.message


VIEWS = [
    {"name": "status_summary", "view": True, "sql":
        "SELECT status, COUNT(*) AS orders, SUM(quantity) AS units, SUM(quantity) / COUNT(*) AS per_order, "
        "ROUND(SUM(quantity * unit_price), 2) AS revenue FROM orders GROUP BY status"},
    {"name": "top_customers", "view": True, "sql":
        "WITH t AS (SELECT customer_id, SUM(quantity) AS units FROM orders GROUP BY customer_id) "
        "SELECT c.id, c.last_name, t.units FROM customers c JOIN t ON t.customer_id = c.id "
        "ORDER BY t.units DESC LIMIT 10"},
    {"name": "cancelled", "view": True, "sql": "SELECT s.status, s.orders FROM status_summary s "
                                               "WHERE s.status = 'cancelled'"},
]


def test_sql_table_group_by_equals_a_python_aggregation() -> None:
    tables = synthdb.to_tables(_shop(3000, views=VIEWS))
    assert list(tables) == ["customers", "orders", "status_summary", "top_customers", "cancelled"]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in tables["orders"].to_pylist():
        groups[row["status"]].append(row)
    expected = []
    for status in sorted(groups):  # no ORDER BY: rows are ordered by every column
        rows = groups[status]
        units = sum(r["quantity"] for r in rows)
        expected.append({"status": status, "orders": len(rows), "units": units,
                         "per_order": int(units / len(rows)),
                         "revenue": round(sum(r["quantity"] * r["unit_price"] for r in rows), 2)})
    summary = tables["status_summary"].to_pylist()
    for got, want in zip(summary, expected, strict=True):
        assert got == pytest.approx(want)
    assert tables["status_summary"].schema.field("units").type == tables["orders"].schema.field("quantity").type
    top = tables["top_customers"].to_pylist()
    assert len(top) == 10 and [r["units"] for r in top] == sorted((r["units"] for r in top), reverse=True)
    assert tables["cancelled"].to_pylist() == [{"status": "cancelled", "orders": len(groups["cancelled"])}]


def test_sql_tables_are_deterministic_across_batches_and_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = _shop(500, CALCULATED[:2], VIEWS)
    base = synthdb.to_tables(definition, batch_size=65_536)
    assert synthdb.to_tables(definition, batch_size=7, workers=2) == base
    one = synthdb.generate(definition, "csv", tmp_path / "one.zip", batch_size=65_536)
    two = synthdb.generate(definition, "csv", tmp_path / "two.zip", batch_size=7, workers=2)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        assert archive.namelist() == [f"{e['name']}.csv" for e in definition["entities"]] + ["README.md"]
        header = archive.read("status_summary.csv").decode().splitlines()[0]
    assert header == "status,orders,units,per_order,revenue"


def test_single_sql_table_entity(tmp_path: Path) -> None:
    path = synthdb.generate(_shop(300, views=VIEWS), "csv", tmp_path, entity="cancelled")
    assert path.name == "cancelled.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == "status,orders" and len(lines) == 2
    assert list(synthdb.to_tables(_shop(300, views=VIEWS), entity="cancelled")) == ["cancelled"]


@pytest.mark.parametrize(("view", "path", "words"), [
    ({"sql": "SELECT * FROM orderz"}, "entities[2].sql", "reads table 'orderz'"),
    ({"sql": "SELECT id FROM orders WHERE"}, "entities[2].sql", "invalid SQL"),
    ({"sql": "SELECT nope FROM orders"}, "entities[2].sql", "nope"),
    ({"sql": "UPDATE orders SET id = 1"}, "entities[2].sql", "must be one SELECT query"),
    ({"sql": None}, "entities[2].sql", "needs sql"),
    ({"sql": "SELECT * FROM v"}, "entities[2].sql", "cannot read itself"),
])
def test_sql_table_errors(view: dict[str, Any], path: str, words: str) -> None:
    definition = _shop(10, views=[{"name": "v", "view": True, **view}])
    with pytest.raises(DefinitionError) as info:
        synthdb.to_tables(definition)
    assert info.value.path == path
    assert words in info.value.message


def test_generated_tables_cannot_read_sql_tables() -> None:
    fields = [{"name": "s", "generator": "Foreign Key", "primary_key_entity": "status_summary",
               "primary_key_field": "status"}]
    views = [{**VIEWS[0], "fields": [{"name": "status", "generator": "Custom List", "values": ["a"]}]}]
    with pytest.raises(DefinitionError, match=r"entities\[1\]\.fields\[5\]: reads SQL table 'status_summary'"):
        synthdb.to_tables(_shop(10, fields, views))


def test_sql_table_names_types_and_sqlite_functions() -> None:
    view = {"name": "v", "view": True,
            "fields": [{"name": "orders", "generator": "Number", "data_type": "varchar(20)"}],
            "sql": "SELECT status, count(*), COUNT(*) AS orders, total(quantity) AS t, "
                   "MAX(date(created_at, '+7 days')) AS last_week FROM orders JOIN customers c "
                   "ON c.id = orders.customer_id GROUP BY status"}
    table = synthdb.to_tables(_shop(200, views=[view]))["v"]
    assert table.column_names == ["status", "count(*)", "orders", "t", "last_week"]
    assert table["orders"].to_pylist() == [str(n) for n in table["count(*)"].to_pylist()]
    assert str(table.schema.field("t").type) == "double" and str(table.schema.field("last_week").type) == "date32[day]"
    assert all(str(d) <= "2022-01-07" for d in table["last_week"].to_pylist())
