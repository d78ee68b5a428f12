"""SQL schemas (namespaces): CREATE SCHEMA blocks, qualified names, no silent merge, --schema, live reflection."""

from __future__ import annotations

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
    assert set(schema.tables) == {"person", "badge"}
    assert {t.schema for t in schema.tables.values()} == {"hr"}
    assert [(fk.columns, fk.parent, fk.parent_columns) for fk in schema.tables["badge"].foreign_keys] == \
        [(["person_id"], "person", ["id"])]


def test_same_name_in_two_schemas_is_refused_not_merged() -> None:
    with pytest.raises(UsageError, match=r"'person' is declared in schemas hr and sales.*--schema"):
        parse_ddl(DDL, "postgres")


def test_schema_filter_keeps_qualified_references_apart() -> None:
    schema = parse_ddl(DDL, "postgres", schemas=["sales"])
    assert set(schema.tables) == {"person", "orders"}
    parents = {fk.columns[0]: fk.parent for fk in schema.tables["orders"].foreign_keys}
    # buyer -> sales.person (kept, now plain 'person'); rep -> hr.person (not imported: stays qualified)
    assert parents == {"buyer": "person", "rep": "hr.person"}
    assert schema.tables["person"].columns.keys() == {"id", "email"}


def test_default_schema_and_another_together() -> None:
    schema = parse_ddl(DDL, "postgres", schemas=["public", "hr"])
    assert set(schema.tables) == {"person", "badge", "audit"}
    assert schema.tables["audit"].foreign_keys[0].parent == "badge"


def test_unknown_schema_names_the_ones_found() -> None:
    with pytest.raises(UsageError, match=r"no tables in schema nope \(schemas found: hr, public, sales\)"):
        parse_ddl(DDL, "postgres", schemas=["nope"])


def test_live_postgres_sees_every_schema() -> None:
    with fresh_postgres("import11_schemas") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(DDL.encode())
        with pytest.raises(UsageError, match="declared in schemas hr and sales"):
            import_definition(url)
        hr = import_definition(url, schemas=["hr"]).definition
        assert [e["name"] for e in hr["entities"]] == ["person", "badge"]
        badge = {f["name"]: f for f in hr["entities"][1]["fields"]}
        assert badge["person_id"]["primary_key_entity"] == "person"
        both = import_definition(url, schemas=["public", "hr"]).definition
        audit = next(e for e in both["entities"] if e["name"] == "audit")
        assert {f["name"]: f.get("primary_key_entity") for f in audit["fields"]}["badge_id"] == "badge"
