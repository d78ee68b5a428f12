"""SQL schemas (namespaces): CREATE SCHEMA blocks, qualified names, same names kept apart, --schema, live reflection."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from conftest import fresh_postgres
from synthdb.errors import UsageError
from synthdb.importers import import_definition
from synthdb.importers.ddl import parse_ddl

DDL = """
CREATE SCHEMA hr
  CREATE TABLE person (id int PRIMARY KEY, first_name varchar(40))
  CREATE TABLE badge (id int PRIMARY KEY, person_id int NOT NULL REFERENCES person (id));
CREATE SCHEMA sales;
CREATE TABLE sales.person (id int PRIMARY KEY, email text);
CREATE TABLE sales.orders (id int PRIMARY KEY, buyer int NOT NULL REFERENCES sales.person (id),
  rep int REFERENCES hr.person (id));
CREATE TABLE public.audit (id int PRIMARY KEY, badge_id int REFERENCES hr.badge (id));
GRANT SELECT ON ALL TABLES IN SCHEMA hr TO PUBLIC;
"""


def test_create_schema_block_is_read() -> None:
    schema = parse_ddl(DDL, "postgres", schemas=["hr"])
    assert set(schema.tables) == {"hr.person", "hr.badge"}
    assert {(t.schema, t.bare_name) for t in schema.tables.values()} == {("hr", "person"), ("hr", "badge")}
    assert [(fk.columns, fk.parent, fk.parent_columns) for fk in schema.tables["hr.badge"].foreign_keys] == \
        [(["person_id"], "hr.person", ["id"])]


def test_same_name_in_two_schemas_is_two_tables_not_merged() -> None:
    schema = parse_ddl(DDL, "postgres")
    assert set(schema.tables) == {"hr.person", "hr.badge", "sales.person", "sales.orders", "audit"}
    assert schema.tables["hr.person"].columns.keys() == {"id", "first_name"}
    assert schema.tables["sales.person"].columns.keys() == {"id", "email"}
    parents = {fk.columns[0]: fk.parent for fk in schema.tables["sales.orders"].foreign_keys}
    assert parents == {"buyer": "sales.person", "rep": "hr.person"}
    entities = import_definition_text(DDL)["entities"]
    assert [(e.get("schema"), e["name"]) for e in entities] == [
        ("hr", "person"), ("hr", "badge"), ("sales", "person"), ("sales", "orders"), (None, "audit")]


def test_schema_filter_keeps_qualified_references_apart() -> None:
    schema = parse_ddl(DDL, "postgres", schemas=["sales"])
    assert set(schema.tables) == {"sales.person", "sales.orders"}
    parents = {fk.columns[0]: fk.parent for fk in schema.tables["sales.orders"].foreign_keys}
    # rep -> hr.person is not imported: it stays qualified (and the builder notes it)
    assert parents == {"buyer": "sales.person", "rep": "hr.person"}
    # One `person` only: the definition's reference is the plain name.
    orders = import_definition_text(DDL, ["sales"])["entities"][1]
    assert orders["schema"] == "sales"
    assert {f["name"]: f.get("primary_key_entity") for f in orders["fields"]}["buyer"] == "person"


def test_default_schema_and_another_together() -> None:
    schema = parse_ddl(DDL, "postgres", schemas=["public", "hr"])
    assert set(schema.tables) == {"hr.person", "hr.badge", "audit"}
    assert schema.tables["audit"].schema == "public" and schema.tables["audit"].bare_name == "audit"
    assert schema.tables["audit"].foreign_keys[0].parent == "hr.badge"


def import_definition_text(ddl: str, schemas: list[str] | None = None) -> dict[str, Any]:
    from synthdb.importers.build import build_definition

    return build_definition(parse_ddl(ddl, "postgres", schemas=schemas)).definition


def test_unknown_schema_names_the_ones_found() -> None:
    with pytest.raises(UsageError, match=r"no tables in schema nope \(schemas found: hr, public, sales\)"):
        parse_ddl(DDL, "postgres", schemas=["nope"])


def test_live_postgres_sees_every_schema() -> None:
    with fresh_postgres("import11_schemas") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(DDL.encode())
        every = import_definition(url).definition
        assert {(e.get("schema"), e["name"]) for e in every["entities"]} == {
            ("hr", "person"), ("hr", "badge"), ("sales", "person"), ("sales", "orders"), (None, "audit")}
        hr = import_definition(url, schemas=["hr"]).definition
        assert [(e["schema"], e["name"]) for e in hr["entities"]] == [("hr", "person"), ("hr", "badge")]
        badge = {f["name"]: f for f in hr["entities"][1]["fields"]}
        assert badge["person_id"]["primary_key_entity"] == "person"
        both = import_definition(url, schemas=["public", "hr"]).definition
        audit = next(e for e in both["entities"] if e["name"] == "audit")
        assert {f["name"]: f.get("primary_key_entity") for f in audit["fields"]}["badge_id"] == "badge"
