"""One acceptance suite for every load target: each scenario runs against PostgreSQL, MariaDB, SQLite and DuckDB.

Scenarios: tables created (`create`), all or nothing on a late failure, Ctrl-C mid-load, a killed
connection (the server's backend, or the loading process itself), loading twice (an error naming the
table, or `truncate`), one entity (a generated table or a SQL table).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import synthdb
from conftest import fresh_mariadb, fresh_postgres
from synthdb.service.load import LoadOptions, load
from synthdb.targets import LoadError
from synthdb.targets.registry import TARGETS
from targets.shop_helpers import SHOP, SHOP_TABLES, SHOP_VARS, mysql_url, orphan_queries, shop_counts, shop_ddl

# Rows already in the tables before a load that must leave them as they were.
EXISTING = [
    "INSERT INTO customers (id, email, first_name) VALUES (100001, 'kept@example.org', 'Kept')",
    "INSERT INTO products (id, name, price) VALUES (100001, 'kept product', 9.99)",
    "INSERT INTO orders (id, customer_id, status) VALUES (100001, 100001, 'paid')",
    "INSERT INTO order_items (id, order_id, product_id, quantity) VALUES (100001, 100001, 100001, 1)",
]
# Generated quantities run from 1 to 5: this CHECK fails somewhere in the last table only.
LATE_CHECK = {"order_items": "quantity < 5"}


class Fresh:
    """A fresh, empty database of one kind: its URL, and SQL run beside the load under test."""

    def __init__(self, kind: str, platform: str, url: str, connect: Callable[[], Any],
                 path: Path | None = None) -> None:
        self.kind = kind
        self.platform = platform  # the DDL dialect of shop_ddl
        self.url = url
        self._connect = connect
        self.path = path  # the file of an embedded database

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        conn = self._connect()
        try:
            cursor = conn.cursor()
            cursor.execute(query)
            return list(cursor.fetchall())
        finally:
            conn.close()

    def run(self, *statements: str) -> None:
        conn = self._connect()
        try:
            cursor = conn.cursor()
            for statement in statements:
                cursor.execute(statement)
            if self.kind != "mariadb":  # PyMySQL connects with autocommit here
                conn.commit()
        finally:
            conn.close()

    def tables(self) -> set[str]:
        """Names of the tables present (lower case)."""
        if self.path is not None and not self.path.exists():
            return set()
        query = {
            "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
            "mariadb": "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
            "duckdb": "SELECT table_name FROM duckdb_tables()",
        }[self.kind]
        return {str(r[0]).lower() for r in self.rows(query)}

    def other_sessions(self) -> int:
        """Sessions on this database besides the one asking (a server's; 0 for an embedded database)."""
        if self.path is not None:
            return 0
        query = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                 if self.kind == "postgresql" else
                 "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")
        return int(self.rows(query)[0][0])

    def quote(self, name: str) -> str:
        return f"`{name}`" if self.kind == "mariadb" else f'"{name}"'

    def snapshot(self, tables: list[str] = SHOP_TABLES) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table present, sorted: compared before and after a load that must change nothing."""
        present = self.tables()
        return {t: sorted(self.rows(f"SELECT * FROM {self.quote(t)}"), key=repr) for t in tables if t in present}

    def precreate(self, checks: dict[str, str] | None = None, only: list[str] | None = None) -> None:
        """The shop's tables as synthdb declares them (or some of them), with extra CHECKs and rows already in."""
        statements = shop_ddl(self.platform, checks=checks)
        if only is not None:
            # Those tables alone, without their foreign keys (the parents do not exist), and empty.
            statements = ["\n".join(line for line in s.splitlines() if not line.strip().startswith("FOREIGN KEY"))
                          for s in statements if any(f"TABLE {self.quote(t)}" in s for t in only)]
            self.run(*statements)
            return
        self.run(*statements, *EXISTING)


def _postgres() -> Iterator[Fresh]:
    import psycopg

    with fresh_postgres() as url:
        yield Fresh("postgresql", "postgres", url, lambda: psycopg.connect(url))


def _mariadb() -> Iterator[Fresh]:
    import pymysql

    with fresh_mariadb() as args:
        yield Fresh("mariadb", "mysql", mysql_url(args), lambda: pymysql.connect(**args, autocommit=True))


def _file(kind: str, directory: Path) -> Iterator[Fresh]:
    path = directory / f"target.{kind}"
    connect: Callable[[], Any] = (lambda: sqlite3.connect(path)) if kind == "sqlite" \
        else (lambda: duckdb.connect(str(path)))
    yield Fresh(kind, kind, f"{kind}:///{path}", connect, path)


KINDS = [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
    "sqlite",
    "duckdb",
]


@pytest.fixture(params=KINDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Fresh]:
    """A fresh, empty database of each kind in turn."""
    kind = request.param
    fresh = {"postgresql": _postgres, "mariadb": _mariadb}.get(kind)
    yield from (fresh() if fresh is not None else _file(kind, tmp_path))


@pytest.fixture(params=KINDS[:2])
def server(request: pytest.FixtureRequest) -> Iterator[Fresh]:
    """A fresh, empty database on each server in turn (embedded databases have no session to kill)."""
    yield from {"postgresql": _postgres, "mariadb": _mariadb}[request.param]()


def test_every_registered_target_is_covered() -> None:
    # A new target registers a URL scheme; this suite must learn to make a fresh database of it.
    assert {TARGETS.for_url(_url(s)).name for s in TARGETS.schemes()} == {"postgresql", "mysql", "sqlite", "duckdb"}


def _url(scheme: str) -> Any:
    from sqlalchemy.engine import make_url

    return make_url(f"{scheme}:///x.db" if scheme.startswith(("sqlite", "duckdb")) else f"{scheme}://u@h/d")


def _options(**overrides: Any) -> LoadOptions:
    return LoadOptions(variables=SHOP_VARS, **overrides)


class Interrupt:
    """Progress that raises KeyboardInterrupt once a batch of `table` has reached the database."""

    def __init__(self, table: str) -> None:
        self.table = table

    def start(self, total_rows: int) -> None: ...
    def finish(self) -> None: ...

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        if table == self.table:
            raise KeyboardInterrupt


def _check_shop(target: Fresh, counts: dict[str, int]) -> None:
    for table in SHOP_TABLES:
        assert target.rows(f"SELECT COUNT(*) FROM {target.quote(table)}")[0][0] == counts[table]
    for query in orphan_queries(target.quote):
        assert target.rows(query)[0][0] == 0
    expected = synthdb.to_tables(SHOP, variables=SHOP_VARS)["customers"]
    emails = [r[0] for r in target.rows("SELECT email FROM customers ORDER BY id")]
    assert emails == expected["email"].to_pylist()


# --- created tables -------------------------------------------------------------------------------
def test_create_makes_the_tables_and_loads_every_row(target: Fresh) -> None:
    counts = load(SHOP, target.url, _options(create=True, batch_size=16))
    assert counts == shop_counts()
    assert target.tables() == set(SHOP_TABLES)
    _check_shop(target, counts)


def test_missing_tables_without_create_change_nothing(target: Fresh) -> None:
    with pytest.raises(LoadError, match="'customers', 'products', 'orders', 'order_items' do not exist"):
        load(SHOP, target.url, _options())
    assert target.tables() == set()


# --- all or nothing on a late failure --------------------------------------------------------------
def test_a_constraint_violation_in_the_last_table_leaves_everything_as_it_was(target: Fresh) -> None:
    target.precreate(checks=LATE_CHECK)
    before = target.snapshot()
    with pytest.raises(LoadError) as error:
        load(SHOP, target.url, _options(batch_size=16))
    assert error.value.table == "order_items"
    assert target.snapshot() == before
    assert target.other_sessions() == 0


def test_a_late_failure_drops_the_tables_the_load_created(target: Fresh) -> None:
    target.precreate(checks=LATE_CHECK, only=["order_items"])
    with pytest.raises(LoadError) as error:
        load(SHOP, target.url, _options(create=True, batch_size=16))
    assert error.value.table == "order_items"
    assert target.tables() == {"order_items"}
    assert target.snapshot() == {"order_items": []}


# --- Ctrl-C ----------------------------------------------------------------------------------------
def test_ctrl_c_mid_load_leaves_everything_as_it_was(target: Fresh) -> None:
    target.precreate()
    before = target.snapshot()
    with pytest.raises(KeyboardInterrupt):
        load(SHOP, target.url, _options(batch_size=16), Interrupt("orders"))
    assert target.snapshot() == before
    assert target.other_sessions() == 0  # no session left holding a transaction open


def test_ctrl_c_mid_load_with_create_leaves_no_table(target: Fresh) -> None:
    with pytest.raises(KeyboardInterrupt):
        load(SHOP, target.url, _options(create=True, batch_size=16), Interrupt("order_items"))
    assert target.tables() == set()
    if target.path is not None:  # a new file is removed again
        assert not target.path.exists()


# --- a killed connection ---------------------------------------------------------------------------
class KillBackend:
    """Progress that kills the load's server session once a batch of the last table has reached the server."""

    def __init__(self, target: Fresh) -> None:
        self.target = target
        self.killed: list[int] = []

    def start(self, total_rows: int) -> None: ...
    def finish(self) -> None: ...

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        if table != "order_items" or self.killed:
            return
        if self.target.kind == "postgresql":
            found = self.target.rows("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND pid <> pg_backend_pid()")
            self.killed = [pid for (pid,) in found]
            self.target.run(*[f"SELECT pg_terminate_backend({pid})" for pid in self.killed])
        else:
            found = self.target.rows("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
                                     "AND ID <> CONNECTION_ID()")
            self.killed = [pid for (pid,) in found]
            self.target.run(*[f"KILL {pid}" for pid in self.killed])


def test_a_killed_server_session_leaves_everything_as_it_was(server: Fresh) -> None:
    target = server
    target.precreate()
    before = target.snapshot()
    killer = KillBackend(target)
    with pytest.raises(LoadError, match="lost the connection") as error:
        load(SHOP, target.url, _options(batch_size=16), killer)
    assert killer.killed and error.value.table == "order_items"
    assert target.snapshot() == before


def test_a_killed_server_session_after_create_leaves_no_table(server: Fresh) -> None:
    target = server
    killer = KillBackend(target)
    with pytest.raises(LoadError, match="lost the connection"):
        load(SHOP, target.url, _options(create=True, batch_size=16), killer)
    assert killer.killed
    assert target.tables() == set()


# The loading process dies (SIGKILL) once a batch of the last table has reached the database.
DIE = """
import json, os, signal, sys
from synthdb.service.load import LoadOptions, load

class Die:
    def start(self, total_rows): pass
    def finish(self): pass
    def advance(self, table, rows, table_done, table_total):
        if table == "order_items":
            os.kill(os.getpid(), signal.SIGKILL)

load(sys.argv[1], sys.argv[2], LoadOptions(variables=json.loads(sys.argv[3]), batch_size=16), Die())
"""


def test_a_killed_loading_process_leaves_everything_as_it_was(target: Fresh) -> None:
    target.precreate()
    before = target.snapshot()
    died = subprocess.run([sys.executable, "-c", DIE, str(SHOP), target.url, json.dumps(SHOP_VARS)],
                          capture_output=True, timeout=120)
    assert died.returncode == -9, died.stderr.decode()
    assert target.snapshot() == before


# --- loading twice -----------------------------------------------------------------------------------
def test_loading_twice_is_an_error_naming_the_table_and_changes_nothing(target: Fresh) -> None:
    load(SHOP, target.url, _options(create=True))
    before = target.snapshot()
    with pytest.raises(LoadError) as error:
        load(SHOP, target.url, _options())
    assert error.value.table == "customers"
    assert "customers" in str(error.value)
    assert target.snapshot() == before


def test_loading_twice_with_truncate_replaces_the_rows(target: Fresh) -> None:
    load(SHOP, target.url, _options(create=True, seed=5))
    counts = load(SHOP, target.url, _options(truncate=True))
    assert counts == shop_counts()
    _check_shop(target, counts)


# --- one entity ----------------------------------------------------------------------------------------
def test_entity_loads_one_generated_table(target: Fresh) -> None:
    counts = load(SHOP, target.url, _options(create=True, entity="products"))
    assert counts == {"products": SHOP_VARS["n_products"]}
    assert target.tables() == {"products"}
    expected = synthdb.to_tables(SHOP, variables=SHOP_VARS, entity="products")["products"]
    assert [r[0] for r in target.rows("SELECT sku FROM products ORDER BY id")] == expected["sku"].to_pylist()


def _with_sql_table() -> dict[str, Any]:
    import yaml

    definition: dict[str, Any] = yaml.safe_load(SHOP.read_text())
    definition["entities"].append({
        "name": "orders_per_customer", "view": True,
        "sql": "SELECT customer_id, COUNT(*) AS orders FROM orders GROUP BY customer_id",
    })
    return definition


def test_entity_loads_one_sql_table(target: Fresh) -> None:
    definition = _with_sql_table()
    expected = synthdb.to_tables(definition, variables=SHOP_VARS, entity="orders_per_customer")
    counts = load(definition, target.url, _options(create=True, entity="orders_per_customer"))
    assert counts == {"orders_per_customer": expected["orders_per_customer"].num_rows} and counts["orders_per_customer"]
    assert target.tables() == {"orders_per_customer"}
    got = sorted(target.rows("SELECT customer_id, orders FROM orders_per_customer"))
    want = sorted(zip(*(expected["orders_per_customer"][c].to_pylist() for c in ("customer_id", "orders")),
                      strict=True))
    assert got == want
