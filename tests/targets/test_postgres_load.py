"""Loading into the local PostgreSQL: keys declared, counts and integrity by SQL, all or nothing under failure."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg import sql

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition
from synthdb.service.load import LoadOptions, load
from synthdb.targets import LoadError
from targets.shop_helpers import SHOP, SHOP_TABLES, SHOP_VARS, orphan_queries, shop_counts, shop_ddl

pytestmark = pytest.mark.postgres


def _rows(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def _run(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _snapshot(url: str, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: compared before and after a failed load."""
    out = {}
    with psycopg.connect(url) as conn:
        for table in tables:
            exists = conn.execute("SELECT to_regclass(%s)", [table]).fetchone()
            if exists and exists[0]:
                rows = conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table))).fetchall()
                out[table] = sorted(rows, key=repr)
    return out


def _shop_options(**overrides: Any) -> LoadOptions:
    return LoadOptions(variables=SHOP_VARS, **overrides)


def _quote(name: str) -> str:
    return f'"{name}"'


def _check_shop(url: str, counts: dict[str, int] | None = None) -> None:
    counts = counts or shop_counts()
    for table in SHOP_TABLES:
        assert _rows(url, f'SELECT count(*) FROM "{table}"')[0][0] == counts[table]
    for query in orphan_queries(_quote):
        assert _rows(url, query)[0][0] == 0


def test_shop_with_create_declares_every_key(postgres_url: str) -> None:
    counts = load(SHOP, postgres_url, _shop_options(create=True))
    assert counts == shop_counts()
    _check_shop(postgres_url)
    kinds = _rows(postgres_url, "SELECT conrelid::regclass::text, contype, count(*) FROM pg_constraint "
                                "WHERE connamespace = 'public'::regnamespace GROUP BY 1, 2 ORDER BY 1, 2")
    assert ("order_items", "f", 2) in kinds and ("orders", "f", 1) in kinds
    assert ("customers", "u", 1) in kinds  # email is unique
    assert all((t, "p", 1) in kinds for t in SHOP_TABLES)


def test_values_equal_the_generated_ones(postgres_url: str) -> None:
    load(SHOP, postgres_url, _shop_options(create=True))
    expected = synthdb.to_tables(SHOP, variables=SHOP_VARS)["customers"]
    rows = _rows(postgres_url, 'SELECT id, email, phone, birth_date, tier FROM customers ORDER BY id')
    assert [r[0] for r in rows] == expected["id"].to_pylist()
    assert [r[1] for r in rows] == expected["email"].to_pylist()
    assert [r[2] for r in rows] == expected["phone"].to_pylist()
    assert [r[3] for r in rows] == expected["birth_date"].to_pylist()


def test_awkward_text_arrives_intact(postgres_url: str) -> None:
    definition = awkward_definition(40)
    load(definition, postgres_url, LoadOptions(create=True, batch_size=7))
    labels = [r[0] for r in _rows(postgres_url, "SELECT label FROM parents ORDER BY id")]
    assert labels == synthdb.to_tables(definition)["parents"]["label"].to_pylist()
    assert set(labels) <= set(AWKWARD_STRINGS)


def test_into_tables_created_beforehand(postgres_url: str) -> None:
    _run(postgres_url, *shop_ddl("postgres"))
    load(SHOP, postgres_url, _shop_options())
    _check_shop(postgres_url)


def test_missing_tables_need_create(postgres_url: str) -> None:
    with pytest.raises(LoadError, match="'customers', 'products', 'orders', 'order_items' do not exist"):
        load(SHOP, postgres_url, _shop_options())


def test_truncate_empties_children_first(postgres_url: str) -> None:
    load(SHOP, postgres_url, _shop_options(create=True))
    counts = load(SHOP, postgres_url, _shop_options(truncate=True, seed=5))
    assert counts != shop_counts()
    _check_shop(postgres_url, counts)


def test_loading_twice_without_truncate_changes_nothing(postgres_url: str) -> None:
    load(SHOP, postgres_url, _shop_options(create=True))
    before = _snapshot(postgres_url, SHOP_TABLES)
    with pytest.raises(LoadError) as error:
        load(SHOP, postgres_url, _shop_options())
    assert error.value.table == "customers" and error.value.row == 1
    assert "duplicate key" in str(error.value)
    assert _snapshot(postgres_url, SHOP_TABLES) == before


def _precreate_with_existing_rows(url: str) -> None:
    """The shop's tables with a CHECK on the last table that some generated rows break, and rows already in."""
    _run(url, *shop_ddl("postgres", checks={"order_items": "quantity < 5"}))
    _run(url,
         "INSERT INTO customers (id, email, first_name) VALUES (100001, 'kept@example.org', 'Kept')",
         "INSERT INTO products (id, name, price) VALUES (100001, 'kept product', 9.99)",
         "INSERT INTO orders (id, customer_id, status) VALUES (100001, 100001, 'paid')",
         "INSERT INTO order_items (id, order_id, product_id, quantity) VALUES (100001, 100001, 100001, 1)")


def test_constraint_violation_in_the_last_table_leaves_everything_as_it_was(postgres_url: str) -> None:
    _precreate_with_existing_rows(postgres_url)
    before = _snapshot(postgres_url, SHOP_TABLES)
    with pytest.raises(LoadError) as error:
        load(SHOP, postgres_url, _shop_options())
    assert error.value.table == "order_items"
    assert error.value.row is not None and "check constraint" in str(error.value)
    assert _snapshot(postgres_url, SHOP_TABLES) == before


def test_killed_connection_leaves_everything_as_it_was(postgres_url: str) -> None:
    _precreate_with_existing_rows(postgres_url)
    _run(postgres_url, "ALTER TABLE order_items DROP CONSTRAINT order_items_quantity_check")
    before = _snapshot(postgres_url, SHOP_TABLES)
    killed: list[int] = []

    class KillAfterFirstBatch:
        def start(self, total_rows: int) -> None: ...
        def finish(self) -> None: ...

        def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
            if table == "order_items" and not killed:
                # A deterministic point: the first batch of the last table has reached the server.
                found = _rows(postgres_url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                            "AND pid <> pg_backend_pid() AND query LIKE 'COPY%'")
                killed.extend(pid for (pid,) in found)
                _run(postgres_url, *[f"SELECT pg_terminate_backend({pid})" for pid in killed])

    with pytest.raises(LoadError, match="lost the connection") as error:
        load(SHOP, postgres_url, _shop_options(batch_size=50), KillAfterFirstBatch())
    assert killed and error.value.table == "order_items"
    assert _snapshot(postgres_url, SHOP_TABLES) == before


def test_ctrl_c_leaves_everything_as_it_was(postgres_url: str) -> None:
    _precreate_with_existing_rows(postgres_url)
    before = _snapshot(postgres_url, SHOP_TABLES)

    class Interrupt:
        def start(self, total_rows: int) -> None: ...
        def finish(self) -> None: ...

        def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
            if table == "orders":
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(SHOP, postgres_url, _shop_options(batch_size=50), Interrupt())
    assert _snapshot(postgres_url, SHOP_TABLES) == before
    idle = _rows(postgres_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND state LIKE 'idle in transaction%'")
    assert idle == [(0,)]


def test_created_tables_vanish_when_the_load_fails(postgres_url: str) -> None:
    definition = awkward_definition(10)
    _run(postgres_url, "CREATE TABLE children (id int PRIMARY KEY CHECK (id < 0), parent_id int, text text, "
                       "amount numeric, flag boolean, ratio float)")
    with pytest.raises(LoadError) as error:
        load(definition, postgres_url, LoadOptions(create=True))
    assert error.value.table == "children"
    assert _rows(postgres_url, "SELECT to_regclass('parents')") == [(None,)]


def test_serial_keys_move_their_sequences(postgres_url: str) -> None:
    _run(postgres_url, "CREATE TABLE parents (id serial PRIMARY KEY, label text, note varchar(255))")
    load(awkward_definition(25), postgres_url, LoadOptions(entity="parents"))
    _run(postgres_url, "INSERT INTO parents (label) VALUES ('next')")
    assert _rows(postgres_url, "SELECT id FROM parents WHERE label = 'next'") == [(26,)]


def test_entity_loads_one_table(postgres_url: str) -> None:
    counts = load(SHOP, postgres_url, _shop_options(create=True, entity="products"))
    assert counts == {"products": SHOP_VARS["n_products"]}
    assert _rows(postgres_url, "SELECT to_regclass('customers')") == [(None,)]
