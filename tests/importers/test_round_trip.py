"""Import a schema, generate, load into a fresh database made from the ORIGINAL DDL: zero constraint violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pymysql
import pytest
import yaml

from importers.schemas import FILM_RENTAL, HOSPITAL, MUSIC_STORE, SCHEMAS
from synthdb.importers import import_definition, render
from synthdb.importers.ddl import split_statements
from synthdb.service.load import LoadOptions, load


def _pg_run(url: str, ddl: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode())


def _pg_rows(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def _maria_run(database: dict[str, Any], ddl: str) -> None:
    conn = pymysql.connect(**database, autocommit=True)
    try:
        with conn.cursor() as cur:
            for statement in split_statements(ddl, "mysql"):
                cur.execute(statement)
    finally:
        conn.close()


def _maria_rows(database: dict[str, Any], query: str) -> list[tuple[Any, ...]]:
    conn = pymysql.connect(**database)
    try:
        with conn.cursor() as cur:
            cur.execute(query)
            return list(cur.fetchall())
    finally:
        conn.close()


def _maria_url(database: dict[str, Any]) -> str:
    return f"mysql://root@127.0.0.1:3306/{database['database']}"


def _import_file(tmp_path: Path, ddl: str, dialect: str) -> dict[str, Any]:
    source = tmp_path / "schema.sql"
    source.write_text(ddl)
    result = import_definition(str(source), dialect)
    # What `synthdb import` writes reads back as the same definition.
    assert yaml.safe_load(render(result, str(source))) == result.definition
    return result.definition


def _every_table_filled(counts: dict[str, int], definition: dict[str, Any]) -> None:
    assert set(counts) == {e["name"] for e in definition["entities"]}
    assert all(rows > 0 for rows in counts.values()), counts


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_ddl_round_trip_postgres(name: str, tmp_path: Path, postgres_url: str) -> None:
    definition = _import_file(tmp_path, SCHEMAS[name], "postgres")
    _pg_run(postgres_url, SCHEMAS[name])
    counts = load(definition, postgres_url, LoadOptions(batch_size=100))
    _every_table_filled(counts, definition)
    for table, rows in counts.items():
        assert _pg_rows(postgres_url, f'SELECT count(*) FROM "{table}"')[0][0] == rows


@pytest.mark.postgres
def test_round_trip_keeps_the_rules(tmp_path: Path, postgres_url: str, source_postgres_url: str) -> None:
    """Beyond what the database checks: cycles filled, hierarchies, composite keys, ordered timestamps."""
    _pg_run(postgres_url, FILM_RENTAL)
    load(_import_file(tmp_path, FILM_RENTAL, "postgres"), postgres_url)
    assert _pg_rows(postgres_url, "SELECT count(*) FROM store WHERE manager_staff_id IS NULL")[0][0] < 30
    assert _pg_rows(postgres_url, "SELECT count(*) FROM rental WHERE return_date < rental_date") == [(0,)]
    assert _pg_rows(postgres_url, "SELECT count(DISTINCT rating) FROM film")[0][0] == 5
    hospital = tmp_path / "hospital"
    hospital.mkdir()
    other = source_postgres_url  # a second fresh database
    _pg_run(other, HOSPITAL)
    load(_import_file(hospital, HOSPITAL, "postgres"), other)
    assert _pg_rows(other, "SELECT count(*) FROM staff WHERE supervisor_id IS NULL")[0][0] >= 1
    assert _pg_rows(other, "SELECT count(*) FROM staff WHERE supervisor_id >= staff_id") == [(0,)]
    joined = _pg_rows(other, "SELECT count(*) FROM admission a JOIN bed b USING (ward_id, bed_number)")
    assert joined == _pg_rows(other, "SELECT count(*) FROM admission")


@pytest.mark.mariadb
def test_ddl_round_trip_mariadb(tmp_path: Path, mariadb_database: dict[str, Any]) -> None:
    definition = _import_file(tmp_path, MUSIC_STORE, "mysql")
    assert definition["platform"] == "mysql"
    _maria_run(mariadb_database, MUSIC_STORE)
    counts = load(definition, _maria_url(mariadb_database), LoadOptions(batch_size=100))
    _every_table_filled(counts, definition)
    orphans = _maria_rows(mariadb_database, "SELECT COUNT(*) FROM employee e LEFT JOIN employee m "
                                            "ON e.reports_to = m.employee_id WHERE e.reports_to IS NOT NULL "
                                            "AND m.employee_id IS NULL")
    assert orphans == [(0,)]


@pytest.mark.postgres
def test_reflected_postgres_round_trip(source_postgres_url: str, postgres_url: str) -> None:
    _pg_run(source_postgres_url, FILM_RENTAL)
    result = import_definition(source_postgres_url)
    fields = {(e["name"], f["name"]): f for e in result.definition["entities"] for f in e["fields"]}
    assert fields[("film", "rating")]["values"] == ["G", "PG", "PG-13", "R", "NC-17"]
    assert fields[("film", "rating")]["data_type"] == "mpaa_rating"
    assert fields[("payment", "amount")]["min"] == 0
    assert fields[("rental", "return_date")]["date_relative_to_field"] == "rental_date"
    _pg_run(postgres_url, FILM_RENTAL)
    _every_table_filled(load(result.definition, postgres_url), result.definition)


@pytest.mark.mariadb
def test_reflected_mariadb_round_trip(source_mariadb_database: dict[str, Any],
                                      mariadb_database: dict[str, Any]) -> None:
    _maria_run(source_mariadb_database, MUSIC_STORE)
    result = import_definition(_maria_url(source_mariadb_database))
    fields = {(e["name"], f["name"]): f for e in result.definition["entities"] for f in e["fields"]}
    assert fields[("invoice_line", "quantity")]["min"] == 1 and fields[("invoice_line", "quantity")]["max"] == 10
    assert fields[("employee", "reports_to")]["primary_key_entity"] == "employee"
    _maria_run(mariadb_database, MUSIC_STORE)
    _every_table_filled(load(result.definition, _maria_url(mariadb_database)), result.definition)


@pytest.mark.postgres
def test_sample_reads_aggregates_not_rows(source_postgres_url: str, tmp_path: Path) -> None:
    _pg_run(source_postgres_url, HOSPITAL)
    # Fill the source with synthetic rows (as a user's database would hold real ones).
    load(_import_file(tmp_path, HOSPITAL, "postgres"), source_postgres_url, LoadOptions(seed=9))
    counts = dict(_pg_rows(source_postgres_url, "SELECT 'patient', count(*) FROM patient UNION ALL "
                                                "SELECT 'department', count(*) FROM department"))
    emails = {r[0] for r in _pg_rows(source_postgres_url, "SELECT email FROM staff WHERE email IS NOT NULL")}
    result = import_definition(source_postgres_url, sample=True)
    entities = {e["name"]: e for e in result.definition["entities"]}
    assert entities["patient"]["record_count"] == f"{counts['patient']} * scale"
    fields = {f["name"]: f for f in entities["patient"]["fields"]}
    low, high = _pg_rows(source_postgres_url, "SELECT min(birth_date), max(birth_date) FROM patient")[0]
    assert (fields["birth_date"]["start_date"], fields["birth_date"]["end_date"]) == (str(low), str(high))
    assert 0 < fields["phone"]["percent_null"] < 100
    text = render(result, source_postgres_url)
    assert not any(email in text for email in emails)  # no row values copied


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_reflected_file_round_trip(tmp_path: Path, kind: str) -> None:
    """A SQLite or DuckDB file made by synthdb, imported, then refilled under its own constraints."""
    import synthdb

    path = tmp_path / f"shop.{kind}"
    shop = Path(__file__).resolve().parents[2] / "examples" / "shop.yaml"
    load(shop, f"{kind}:///{path}", LoadOptions(create=True, variables={"n_customers": 30, "n_products": 10}))
    result = import_definition(str(path), sample=True)
    customers = next(e for e in result.definition["entities"] if e["name"] == "customers")
    assert customers["record_count"] == "30 * scale"
    fields = {f["name"]: f for f in customers["fields"]}
    assert fields["email"]["generator"] == "Email Address" and fields["email"]["unique"]
    assert fields["tier"]["generator"] == "Custom List"  # three values, each frequent
    counts = load(result.definition, f"{kind}:///{path}", LoadOptions(truncate=True))
    assert counts["customers"] == 30
    assert synthdb.to_tables(result.definition)["orders"].num_rows == counts["orders"]
