"""CHECK constraints in the definition: declared by every DDL output and `load --create`, and every generated
batch checked against them before anything is written (a false CHECK names table, row and constraint)."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import psycopg
import pytest

from conftest import fresh_postgres
from synthdb import generate, to_tables
from synthdb.errors import DefinitionError
from synthdb.service.load import LoadOptions, load


def _definition(hi_min: int = 10, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"name": "checks", "entities": [{"name": "span", "record_count": 300, "constraints": [
        {"constraint_type": "check", "sql": "hi >= lo", "name": "hi_not_below_lo"},
        {"constraint_type": "check", "sql": "upper(kind) IN ('A', 'B')"},
        {"constraint_type": "check", "sql": "ended_on >= started_on OR ended_on IS NULL"},
        *(extra or []),
    ], "fields": [
        {"name": "id", "generator": "Row Number", "primary_key": True},
        {"name": "lo", "generator": "Number", "min": 0, "max": 10},
        {"name": "hi", "generator": "Number", "min": hi_min, "max": 20},
        {"name": "kind", "generator": "Custom List", "values": ["a", "B"]},
        {"name": "started_on", "generator": "Date", "start_date": "2024-01-01", "end_date": "2024-06-30"},
        {"name": "ended_on", "generator": "Date", "date_type": "relative", "date_relative_to_field": "started_on",
         "date_unit": "days", "date_operator": "+", "min": 0, "max": 90, "percent_null": 30},
    ]}]}


def test_rows_that_keep_the_checks_are_generated() -> None:
    table = to_tables(_definition())["span"]
    assert table.num_rows == 300 and table.column("ended_on").null_count > 0


def test_rows_a_check_rejects_are_redrawn_the_same_way_in_any_batch() -> None:
    # hi in 0-20 against lo in 0-10: about a third of the draws break hi >= lo and are redrawn.
    definition = _definition(hi_min=0)
    whole = to_tables(definition, batch_size=300)["span"]
    pieces = to_tables(definition, batch_size=7)["span"]
    assert whole.equals(pieces)  # a row's redraws depend on the row only
    hi, lo = whole.column("hi").to_pylist(), whole.column("lo").to_pylist()
    assert all(h >= low for h, low in zip(hi, lo, strict=True))
    unchecked = to_tables({**definition, "entities": [{**definition["entities"][0], "constraints": []}]})["span"]
    assert sum(h < low for h, low in zip(unchecked.column("hi").to_pylist(), unchecked.column("lo").to_pylist(),
                                         strict=True)) > 30  # without the CHECK many rows would break it
    kept = [i for i, (h, low) in enumerate(zip(unchecked.column("hi").to_pylist(), unchecked.column("lo").to_pylist(),
                                               strict=True)) if h >= low]
    assert [hi[i] for i in kept] == [unchecked.column("hi")[i].as_py() for i in kept]  # good rows untouched


def test_a_false_check_stops_the_run_naming_table_row_and_constraint(tmp_path: Path) -> None:
    impossible = {"constraint_type": "check", "sql": "hi > 100", "name": "hi_over_100"}
    out = tmp_path / "spans.zip"
    with pytest.raises(DefinitionError) as caught:
        generate(_definition(extra=[impossible]), "csv", str(out))
    assert caught.value.path == "entities[0].constraints[3].sql"
    message = str(caught.value)
    assert "table 'span', row 1: CHECK (hi > 100) 'hi_over_100' is false (hi=" in message
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing written, not even a partial file


@pytest.mark.parametrize(("sql", "expected"), [
    ("hi >=", "invalid SQL"),
    ("kinds = 'a'", "reads 'kinds', which is not an exported field of 'span'; did you mean 'kind'"),
    ("DROP TABLE span", "one SELECT query or one expression, not DROP"),
])
def test_a_check_that_cannot_be_read_is_refused_at_its_path(sql: str, expected: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        to_tables(_definition(extra=[{"constraint_type": "check", "sql": sql}]))
    assert caught.value.path == "entities[0].constraints[3].sql"
    assert expected in str(caught.value)


@pytest.mark.parametrize("fmt", ["sql", "postgres-optimized"])
def test_sql_outputs_declare_the_checks(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "spans.zip"
    generate(_definition(), fmt, str(out))
    with zipfile.ZipFile(out) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".sql"))
    assert 'CONSTRAINT "hi_not_below_lo" CHECK ("hi" >= "lo")' in text
    assert "CHECK (UPPER(\"kind\") IN ('A', 'B'))" in text


def test_sqlite_file_enforces_the_declared_checks(tmp_path: Path) -> None:
    target = tmp_path / "spans.sqlite"
    load(_definition(), f"sqlite:///{target}", LoadOptions(create=True))
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM span").fetchone() == (300,)
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute("UPDATE span SET hi = lo - 1 WHERE id = 1")


def test_postgres_create_declares_and_enforces_the_checks() -> None:
    with fresh_postgres("checks") as url:
        load(_definition(), url, LoadOptions(create=True))
        with psycopg.connect(url, autocommit=True) as conn:
            found = conn.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'span'::regclass "
                                 "AND contype = 'c'").fetchone()
            assert found == (3,)
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute("UPDATE span SET kind = 'c' WHERE id = 1")
