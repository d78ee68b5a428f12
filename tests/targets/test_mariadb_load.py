"""Loading into the local MariaDB (LOAD DATA LOCAL and INSERTs): keys, counts, integrity, all or nothing."""

from __future__ import annotations

from typing import Any

import pymysql
import pytest

import synthdb
from conftest import awkward_definition
from synthdb.service.load import LoadOptions, load
from synthdb.targets import LoadError
from targets.shop_helpers import SHOP, SHOP_TABLES, SHOP_VARS, mysql_url, orphan_queries, shop_counts, shop_ddl

pytestmark = pytest.mark.mariadb
MODES = {"load-data": "", "inserts": "?local_infile=0"}


def _connect(database: dict[str, Any]) -> Any:
    return pymysql.connect(**database, autocommit=True)


def _rows(database: dict[str, Any], query: str) -> list[tuple[Any, ...]]:
    conn = _connect(database)
    try:
        with conn.cursor() as cur:
            cur.execute(query)
            return list(cur.fetchall())
    finally:
        conn.close()


def _run(database: dict[str, Any], *statements: str) -> None:
    conn = _connect(database)
    try:
        with conn.cursor() as cur:
            for statement in statements:
                cur.execute(statement)
    finally:
        conn.close()


def _snapshot(database: dict[str, Any], tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    present = {r[0] for r in _rows(database, "SHOW TABLES")}
    return {t: sorted(_rows(database, f"SELECT * FROM `{t}`"), key=repr) for t in tables if t in present}


def _check_shop(database: dict[str, Any]) -> None:
    counts = shop_counts()
    for table in SHOP_TABLES:
        assert _rows(database, f"SELECT COUNT(*) FROM `{table}`")[0][0] == counts[table]
    for query in orphan_queries(lambda name: f"`{name}`"):
        assert _rows(database, query)[0][0] == 0


@pytest.mark.parametrize("mode", sorted(MODES))
def test_shop_with_create(mariadb_database: dict[str, Any], mode: str) -> None:
    url = mysql_url(mariadb_database, MODES[mode])
    assert load(SHOP, url, LoadOptions(variables=SHOP_VARS, create=True)) == shop_counts()
    _check_shop(mariadb_database)
    keys = _rows(mariadb_database, "SELECT TABLE_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS "
                                   "WHERE TABLE_SCHEMA = DATABASE()")
    assert ("order_items", "FOREIGN KEY") in keys and ("customers", "UNIQUE") in keys
    expected = synthdb.to_tables(SHOP, variables=SHOP_VARS)["customers"]
    emails = [r[0] for r in _rows(mariadb_database, "SELECT email FROM customers ORDER BY id")]
    assert emails == expected["email"].to_pylist()


@pytest.mark.parametrize("mode", sorted(MODES))
def test_awkward_text_arrives_intact(mariadb_database: dict[str, Any], mode: str) -> None:
    definition = awkward_definition(40)
    load(definition, mysql_url(mariadb_database, MODES[mode]), LoadOptions(create=True, batch_size=7))
    expected = synthdb.to_tables(definition)
    assert [r[0] for r in _rows(mariadb_database, "SELECT label FROM parents ORDER BY id")] == \
        expected["parents"]["label"].to_pylist()
    assert [r[0] for r in _rows(mariadb_database, "SELECT note FROM parents ORDER BY id")] == \
        expected["parents"]["note"].to_pylist()


def test_into_tables_created_beforehand_and_truncate(mariadb_database: dict[str, Any]) -> None:
    _run(mariadb_database, *shop_ddl("mysql"))
    url = mysql_url(mariadb_database)
    load(SHOP, url, LoadOptions(variables=SHOP_VARS))
    load(SHOP, url, LoadOptions(variables=SHOP_VARS, truncate=True))
    _check_shop(mariadb_database)


def _precreate_with_existing_rows(database: dict[str, Any]) -> None:
    _run(database, *shop_ddl("mysql", checks={"order_items": "quantity < 5"}))
    _run(database,
         "INSERT INTO customers (id, email, first_name) VALUES (100001, 'kept@example.org', 'Kept')",
         "INSERT INTO products (id, name, price) VALUES (100001, 'kept product', 9.99)",
         "INSERT INTO orders (id, customer_id, status) VALUES (100001, 100001, 'paid')",
         "INSERT INTO order_items (id, order_id, product_id, quantity) VALUES (100001, 100001, 100001, 1)")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_constraint_violation_in_the_last_table_leaves_everything_as_it_was(
        mariadb_database: dict[str, Any], mode: str) -> None:
    _precreate_with_existing_rows(mariadb_database)
    before = _snapshot(mariadb_database, SHOP_TABLES)
    with pytest.raises(LoadError) as error:
        load(SHOP, mysql_url(mariadb_database, MODES[mode]), LoadOptions(variables=SHOP_VARS))
    assert error.value.table == "order_items" and "CONSTRAINT" in str(error.value)
    assert _snapshot(mariadb_database, SHOP_TABLES) == before


def test_killed_connection_leaves_everything_as_it_was(mariadb_database: dict[str, Any]) -> None:
    _precreate_with_existing_rows(mariadb_database)
    _run(mariadb_database, "ALTER TABLE order_items DROP CONSTRAINT IF EXISTS `CONSTRAINT_1`")
    before = _snapshot(mariadb_database, SHOP_TABLES)
    killed: list[int] = []

    class KillAfterFirstBatch:
        def start(self, total_rows: int) -> None: ...
        def finish(self) -> None: ...

        def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
            if table == "order_items" and not killed:
                found = _rows(mariadb_database, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
                                                "AND ID <> CONNECTION_ID()")
                killed.extend(pid for (pid,) in found)
                _run(mariadb_database, *[f"KILL {pid}" for pid in killed])

    with pytest.raises(LoadError, match="lost the connection") as error:
        load(SHOP, mysql_url(mariadb_database), LoadOptions(variables=SHOP_VARS, batch_size=50), KillAfterFirstBatch())
    assert killed and error.value.table == "order_items"
    assert _snapshot(mariadb_database, SHOP_TABLES) == before


def test_failure_after_create_drops_the_created_tables(mariadb_database: dict[str, Any]) -> None:
    # DDL commits by itself in MariaDB: the tables this load created are dropped again.
    _run(mariadb_database, "CREATE TABLE children (id INT PRIMARY KEY, parent_id INT, `text` TEXT, "
                           "amount DECIMAL(18, 2), flag BOOLEAN, ratio DOUBLE, CHECK (id < 0))")
    with pytest.raises(LoadError) as error:
        load(awkward_definition(10), mysql_url(mariadb_database), LoadOptions(create=True))
    assert error.value.table == "children"
    assert [r[0] for r in _rows(mariadb_database, "SHOW TABLES")] == ["children"]


def test_ctrl_c_after_create_drops_the_created_tables(mariadb_database: dict[str, Any]) -> None:
    class Interrupt:
        def start(self, total_rows: int) -> None: ...
        def finish(self) -> None: ...

        def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
            if table == "orders":
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(SHOP, mysql_url(mariadb_database), LoadOptions(variables=SHOP_VARS, create=True, batch_size=50),
             Interrupt())
    assert _rows(mariadb_database, "SHOW TABLES") == []
