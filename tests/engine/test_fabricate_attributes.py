"""Fabricate attributes with Fabricate's meaning: one-field unique constraints, index, weight_field."""

from __future__ import annotations

import sqlite3
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import synthdb
from synthdb import DefinitionError
from synthdb.service.load import LoadOptions, load


def people(*constraints: dict[str, Any], email_unique: bool = False, rows: int = 300) -> dict[str, Any]:
    return {"entities": [{"name": "people", "record_count": rows, "constraints": list(constraints), "fields": [
        {"name": "id", "generator": "Number", "primary_key": True},
        {"name": "email", "generator": "Email Address", "unique": email_unique},
        {"name": "first_name", "generator": "First Name"},
        {"name": "city", "generator": "City", "index": True},
    ]}]}


def test_one_field_unique_constraint_is_the_fields_unique() -> None:
    constrained = synthdb.to_tables(people({"constraint_type": "unique", "fields": ["email"]}))["people"]
    flagged = synthdb.to_tables(people(email_unique=True))["people"]
    emails = constrained["email"].to_pylist()
    assert len(set(emails)) == len(emails) == 300
    assert emails == flagged["email"].to_pylist()  # exactly what `unique: true` gives


def test_composite_unique_holding_a_unique_field_needs_no_enumeration() -> None:
    for data in (people({"constraint_type": "unique", "fields": ["first_name", "email"]}, email_unique=True),
                 people({"constraint_type": "unique", "fields": ["email"]},
                        {"constraint_type": "unique", "fields": ["first_name", "email"]})):
        rows = synthdb.to_tables(data)["people"].to_pylist()
        assert len({(r["first_name"], r["email"]) for r in rows}) == 300


def test_composite_unique_without_a_unique_field_still_needs_enumerable_generators() -> None:
    with pytest.raises(DefinitionError) as caught:
        synthdb.validate(people({"constraint_type": "unique", "fields": ["first_name", "email"]}))
    assert caught.value.path == "entities[0].constraints[0].fields"
    assert "cannot enumerate its values" in caught.value.message


def test_constraint_naming_a_missing_field_suggests_one() -> None:
    with pytest.raises(DefinitionError) as caught:
        synthdb.validate(people({"constraint_type": "unique", "fields": ["emial"]}))
    assert str(caught.value) == "entities[0].constraints[0].fields: entity 'people' has no field 'emial'; " \
                                "did you mean 'email'?"


def test_one_field_unique_constraint_is_declared_unique_in_the_ddl(tmp_path: Path) -> None:
    path = synthdb.generate(people({"constraint_type": "unique", "fields": ["email"]}), "sql", tmp_path / "p.zip")
    with zipfile.ZipFile(path) as archive:
        schema = archive.read("schema.sql").decode()
    assert '"email" TEXT NOT NULL UNIQUE' in schema or '"email" TEXT UNIQUE' in schema


def _sqlite_indexes(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        return dict(rows.fetchall())
    finally:
        connection.close()


@pytest.mark.parametrize("platform", ["postgres", "mysql", "sqlite", "sqlserver", "duckdb"])
def test_index_is_a_create_index_in_the_sql_output(tmp_path: Path, platform: str) -> None:
    data = {**people(), "platform": platform}
    path = synthdb.generate(data, "sql", tmp_path / "p.zip")
    with zipfile.ZipFile(path) as archive:
        schema = archive.read("schema.sql").decode()
    quote = {"mysql": "`", "sqlserver": "["}.get(platform, '"')
    close = "]" if quote == "[" else quote
    assert f"CREATE INDEX {quote}ix_people_city{close} ON {quote}people{close}({quote}city{close});" in schema
    assert schema.count("CREATE INDEX") == 1  # only the field marked `index`


def test_index_is_created_by_the_sql_scripts_in_sqlite(tmp_path: Path) -> None:
    path = synthdb.generate({**people(), "platform": "sqlite"}, "sql", tmp_path / "p.zip")
    with zipfile.ZipFile(path) as archive:
        schema, rows = archive.read("schema.sql").decode(), archive.read("load.sql").decode()
    database = tmp_path / "scripted.sqlite"
    connection = sqlite3.connect(database)
    connection.executescript(schema)
    connection.executescript(rows)
    connection.close()
    assert list(_sqlite_indexes(database)) == ["ix_people_city"]


def test_index_in_the_sqlite_format_and_in_a_create_load(tmp_path: Path) -> None:
    output = synthdb.generate(people(), "sqlite", tmp_path / "p.sqlite")
    assert list(_sqlite_indexes(output)) == ["ix_people_city"]
    target = tmp_path / "loaded.sqlite"
    counts = load(people(), f"sqlite:///{target}", LoadOptions(create=True))
    assert counts == {"people": 300}
    indexes = _sqlite_indexes(target)
    assert list(indexes) == ["ix_people_city"] and '"city"' in indexes["ix_people_city"]


def test_index_in_postgres_and_mariadb_create_loads(postgres_url: str, mariadb_database: dict[str, Any]) -> None:
    import psycopg
    import pymysql

    load(people(), postgres_url, LoadOptions(create=True))
    with psycopg.connect(postgres_url) as conn:
        found = conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'people'").fetchall()
    assert ("ix_people_city",) in found
    url = "mysql://root@127.0.0.1:3306/{database}".format(**mariadb_database)
    load(people(), url, LoadOptions(create=True))
    conn = pymysql.connect(**mariadb_database)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW INDEX FROM people WHERE Key_name = 'ix_people_city'")
            assert cur.fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["weight_field", "relative_prevalence_field"])
def test_weight_field_skews_foreign_keys_by_a_parent_column(name: str) -> None:
    data = {"entities": [
        {"name": "shops", "record_count": 10, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            # Shops 1-5 weigh 1, shops 6-10 weigh 9.
            {"name": "weight", "generator": "SQL", "sql": "CASE WHEN id <= 5 THEN 1 ELSE 9 END", "virtual": True},
        ]},
        {"name": "visits", "record_count": 20_000, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "shop_id", "generator": "Foreign Key", "primary_key_entity": "shops", "primary_key_field": "id",
             name: "weight"},
        ]},
    ]}
    counts = Counter(synthdb.to_tables(data)["visits"]["shop_id"].to_pylist())
    light = sum(counts[i] for i in range(1, 6))
    heavy = sum(counts[i] for i in range(6, 11))
    assert light + heavy == 20_000
    assert 8.0 < heavy / light < 10.0  # 9 to 1 by construction, measured


def test_names_from_finite_lists_take_part_in_unique_combinations() -> None:
    data = {"entities": [{"name": "p", "record_count": 20_000,
                          "constraints": [{"constraint_type": "unique", "fields": ["first_name", "last_name"]}],
                          "fields": [{"name": "id", "generator": "Number", "primary_key": True},
                                     {"name": "first_name", "generator": "First Name"},
                                     {"name": "last_name", "generator": "Last Name"}]}]}
    rows = synthdb.to_tables(data)["p"].to_pylist()
    assert len({(r["first_name"], r["last_name"]) for r in rows}) == 20_000
    assert len({r["last_name"] for r in rows}) > 500  # spread over the list, not a few names
    data["entities"][0]["constraints"][0]["fields"] = ["first_name", "middle_initial"]
    data["entities"][0]["fields"].append({"name": "middle_initial", "generator": "Middle Initial"})
    with pytest.raises(DefinitionError, match="Middle Initial"):
        synthdb.validate(data)  # initials repeat: no list of distinct values to combine
