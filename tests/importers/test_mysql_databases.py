"""MySQL/MariaDB, where a schema is a database: `--schema` reads other databases too, keys across them kept."""

from __future__ import annotations

import uuid

import pymysql
import pytest

from conftest import fresh_mariadb
from synthdb.errors import UsageError
from synthdb.importers import import_definition
from synthdb.python_api import to_tables


def _url(args: dict[str, object]) -> str:
    return f"mysql://root@127.0.0.1:3306/{args['database']}"


def test_other_databases_are_read_when_named() -> None:
    with fresh_mariadb("import11_main") as main:
        other = f"import11_hr_{uuid.uuid4().hex[:8]}"
        conn = pymysql.connect(**{**main, "autocommit": True})
        try:
            with conn.cursor() as cur:
                cur.execute(f"CREATE DATABASE `{other}`")
                cur.execute(f"CREATE TABLE `{other}`.person (id INT PRIMARY KEY, email VARCHAR(80) NOT NULL, "
                            "age INT CHECK (age BETWEEN 18 AND 70))")
                cur.execute("CREATE TABLE person (id INT PRIMARY KEY, first_name VARCHAR(40))")
                cur.execute(f"CREATE TABLE orders (id INT PRIMARY KEY, buyer INT NOT NULL, clerk INT, "
                            f"FOREIGN KEY (buyer) REFERENCES person (id), "
                            f"FOREIGN KEY (clerk) REFERENCES `{other}`.person (id))")
            alone = import_definition(_url(main)).definition
            assert {e["name"] for e in alone["entities"]} == {"person", "orders"}  # the connection's own only
            both = import_definition(_url(main), schemas=[main["database"], other]).definition  # type: ignore[list-item]
            keys = {(e.get("schema"), e["name"]) for e in both["entities"]}
            assert keys == {(None, "person"), (None, "orders"), (other, "person")}
            orders = next(e for e in both["entities"] if e["name"] == "orders")
            refs = {f["name"]: f.get("primary_key_entity") for f in orders["fields"]}
            assert refs["buyer"] == "person" and refs["clerk"] == f"{other}.person"
            hr = next(e for e in both["entities"] if e.get("schema") == other)
            # The other database's CHECK is read (information_schema per database) and honoured by construction.
            checks = [c["sql"] for c in hr["constraints"] if c["constraint_type"] == "check"]
            assert checks == ['"age" BETWEEN 18 AND 70']
            age = next(f for f in hr["fields"] if f["name"] == "age")
            assert (age["min"], age["max"]) == (18, 70)
            tables = to_tables(both)
            ages = tables[f"{other}.person"].column("age").to_pylist()
            assert all(a is None or 18 <= a <= 70 for a in ages)
            clerks = set(tables["orders"].column("clerk").drop_null().to_pylist())
            assert clerks <= set(tables[f"{other}.person"].column("id").to_pylist())
            with pytest.raises(UsageError, match="no database nope"):
                import_definition(_url(main), schemas=["nope"])
        finally:
            with conn.cursor() as cur:
                cur.execute("DROP TABLE IF EXISTS orders")  # it refers to the other database
                cur.execute(f"DROP DATABASE IF EXISTS `{other}`")
            conn.close()
