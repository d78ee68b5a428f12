"""Golden comparison with files Fabricate produced (tests/data/fabricate_outputs, from its public examples).

The sql format's MySQL load.sql has the same statement sequence as Fabricate's own: header SET, a
`-- fabricate-flush` marker before every DELETE, DELETE children first, one multi-row INSERT per table
each followed by a marker, closing SET, with the same blank lines; our only additions are a comment,
`SET NAMES`, and the BEGIN/COMMIT that make it all or nothing. It loads into a MariaDB database created
from Fabricate's ecommerce.sql that already holds Fabricate's rows, twice, with the real `mariadb` client,
and the PostgreSQL and SQLite scripts likewise (psql, sqlite3). The csv format writes Fabricate's
users.csv back byte for byte.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

import synthdb
from conftest import fresh_mariadb, fresh_postgres
from synthdb.importers import import_definition

FABRICATE = Path(__file__).resolve().parent.parent / "data" / "fabricate_outputs"
ROW = re.compile(r"^\(.*\)([,;])$")
# Lines our load.sql adds to Fabricate's shape: the comment naming the database, the client character
# set, and the transaction that makes a failed run change nothing.
OUR_ADDITIONS = re.compile(r"^(-- Rows \(replacing every table's rows\) of database .*"
                           r"|SET NAMES utf8mb4;|BEGIN;|COMMIT;)$")


def client(name: str) -> str:
    """The path of a database client; a skip (a failure under CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, and CI is set: the golden load test must run")
        pytest.skip(f"SKIPPED LOUDLY: the {name} client is not installed, so load.sql was not run with it")
    return found


def skeleton(text: str) -> list[str]:
    """A load.sql's statement sequence: rows collapsed to `row,`/`row;`, INSERT and DELETE to their verb."""
    out: list[str] = []
    for line in text.split("\n"):
        row = ROW.match(line)
        if row:
            kind = "row" + row.group(1)
            if not (kind == "row," and out and out[-1] == "row,"):
                out.append(kind)
        elif line.startswith(("INSERT INTO ", "DELETE FROM ")):
            out.append(line.split()[0])
        else:
            out.append(line)
    return out


def parents_of(ddl: str) -> dict[str, set[str]]:
    """Each table of a CREATE TABLE script with the tables its foreign keys reference."""
    graph: dict[str, set[str]] = {}
    for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", ddl, re.S):
        graph[name] = set(re.findall(r"REFERENCES (\w+)", body))
    return graph


def statements(text: str, verb: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith(verb)]


def table_of(line: str) -> str:
    return line.split("`")[1]


@pytest.fixture(scope="module")
def ecommerce() -> dict[str, Any]:
    """Fabricate's ecommerce schema imported by our importer (the MySQL DDL its load.sql goes into)."""
    return dict(import_definition(str(FABRICATE / "ecommerce.sql"), "mysql").definition)


def sql_zip(definition: dict[str, Any], platform: str, folder: Path) -> dict[str, Path]:
    folder.mkdir()
    path = synthdb.generate({**definition, "platform": platform}, "sql", folder / "out.zip")
    import zipfile

    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
        assert archive.namelist() == ["schema.sql", "load.sql"]
    return {"schema": folder / "schema.sql", "load": folder / "load.sql"}


def test_mysql_load_sql_has_fabricates_statement_sequence(ecommerce: dict[str, Any], tmp_path: Path) -> None:
    theirs = (FABRICATE / "load.sql").read_text()
    ours = sql_zip(ecommerce, "mysql", tmp_path / "mysql")["load"].read_text()
    # Line for line the same shape once our three additions are taken out (and they are where we say).
    kept = [line for line in skeleton(ours) if not OUR_ADDITIONS.match(line)]
    assert kept == skeleton(theirs)
    assert skeleton(ours)[:5] == [skeleton(ours)[0], "SET NAMES utf8mb4;", "SET FOREIGN_KEY_CHECKS = 0;", "BEGIN;", ""]
    assert skeleton(ours)[-3:] == ["COMMIT;", "SET FOREIGN_KEY_CHECKS = 1;", ""]
    assert theirs.endswith("\n\n\n-- fabricate-flush\n\n\nSET FOREIGN_KEY_CHECKS = 1;\n")
    assert ours.endswith("\n\n\n-- fabricate-flush\n\n\nCOMMIT;\nSET FOREIGN_KEY_CHECKS = 1;\n")
    # The INSERT headers are character for character Fabricate's (same quoting, column order, VALUES).
    assert sorted(statements(ours, "INSERT INTO ")) == sorted(statements(theirs, "INSERT INTO "))
    # Every table is emptied, children before their parents (Fabricate's order is one such order, ours
    # the reverse of the foreign-key order the rows are inserted in).
    graph = parents_of((FABRICATE / "ecommerce.sql").read_text())
    for script in (theirs, ours):
        deleted = [table_of(line) for line in statements(script, "DELETE FROM ")]
        assert sorted(deleted) == sorted(graph)
        for position, table in enumerate(deleted):
            assert graph[table] <= set(deleted[position + 1:]), (table, deleted)
    inserted = [table_of(line) for line in statements(ours, "INSERT INTO ")]
    assert all(graph[table] <= set(inserted[:position]) for position, table in enumerate(inserted))


def _checksums(connection: Any, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        out = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM `{table}` ORDER BY 1")
            out[table] = list(cursor.fetchall())
    return out


def test_mysql_load_sql_replaces_fabricates_rows_in_mariadb(ecommerce: dict[str, Any], tmp_path: Path) -> None:
    """Into Fabricate's own schema holding Fabricate's own rows: our load.sql twice, with the mariadb client."""
    import pymysql

    mariadb = client("mariadb")
    load = sql_zip(ecommerce, "mysql", tmp_path / "mysql")["load"]
    expected = synthdb.to_tables({**ecommerce, "platform": "mysql"})
    with fresh_mariadb() as args:

        def run(script: Path) -> None:
            with open(script, "rb") as stdin:
                subprocess.run([mariadb, "--default-character-set=utf8mb4", "-h", args["host"], "-P", str(args["port"]),
                                "-u", args["user"], args["database"]], stdin=stdin, check=True, capture_output=True)

        run(FABRICATE / "ecommerce.sql")
        run(FABRICATE / "load.sql")  # the tables now hold Fabricate's rows, as a pushed-to database would
        connection = pymysql.connect(**args)
        try:
            before = _checksums(connection, list(expected))
            run(load)
            connection.commit()
            first = _checksums(connection, list(expected))
            run(load)
            connection.commit()
            second = _checksums(connection, list(expected))
            with connection.cursor() as cursor:
                cursor.execute("SELECT @@FOREIGN_KEY_CHECKS")
                assert cursor.fetchone() == (1,)
        finally:
            connection.close()
    assert first == second  # re-runnable: the second run leaves exactly the rows of the first
    for table, rows in first.items():
        assert len(rows) == expected[table].num_rows and rows != before[table]  # Fabricate's rows are gone
        assert [row[0] for row in rows] == sorted(expected[table].column(0).to_pylist())


def test_postgres_load_sql_runs_twice_with_psql(ecommerce: dict[str, Any], tmp_path: Path) -> None:
    import psycopg

    psql = client("psql")
    files = sql_zip(ecommerce, "postgres", tmp_path / "postgres")
    load = files["load"].read_text()
    assert "SET CONSTRAINTS ALL DEFERRED;" in load and "FOREIGN_KEY_CHECKS" not in load
    tables = len(parents_of((FABRICATE / "ecommerce.sql").read_text()))
    assert skeleton(load).count("-- fabricate-flush") == 2 * tables + 1  # before each DELETE, after each INSERT
    expected = synthdb.to_tables({**ecommerce, "platform": "postgres"})
    with fresh_postgres() as url:
        results = []
        for scripts in ([files["schema"], files["load"]], [files["load"]]):
            command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
            for script in scripts:
                command += ["-f", str(script)]
            subprocess.run(command, check=True, capture_output=True)
            with psycopg.connect(url) as connection:
                results.append({t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in expected})
    assert results[0] == results[1]
    assert {t: len(rows) for t, rows in results[0].items()} == {t: v.num_rows for t, v in expected.items()}


def test_sqlite_load_sql_runs_twice_with_sqlite3(ecommerce: dict[str, Any], tmp_path: Path) -> None:
    sqlite3_shell = client("sqlite3")
    files = sql_zip(ecommerce, "sqlite", tmp_path / "sqlite")
    load = files["load"].read_text()
    assert load.index("PRAGMA foreign_keys = OFF;") < load.index("BEGIN") < load.index("DELETE FROM")
    assert load.index("COMMIT") < load.index("PRAGMA foreign_keys = ON;") and load.count("PRAGMA") == 2
    database = tmp_path / "shop.db"
    expected = synthdb.to_tables({**ecommerce, "platform": "sqlite"})
    results = []
    for scripts in ([files["schema"], files["load"]], [files["load"]]):
        for script in scripts:
            with open(script, "rb") as stdin:
                subprocess.run([sqlite3_shell, "-bail", str(database)], stdin=stdin, check=True, capture_output=True)
        connection = sqlite3.connect(database)
        try:
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            results.append({t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in expected})
        finally:
            connection.close()
    assert results[0] == results[1]
    assert {t: len(rows) for t, rows in results[0].items()} == {t: v.num_rows for t, v in expected.items()}


def _users_static() -> dict[str, Any]:
    data = (FABRICATE / "users.csv").read_text()
    columns = data.split("\n", 1)[0].split(",")
    return {"name": "CREATED_FROM_API", "platform": "postgres", "entities": [{
        "name": "imported", "is_static": True, "source": {"data": data, "filename": "users.csv"},
        "fields": [{"name": c, "generator": "Source File", "source_column": c} for c in columns]}]}


def test_csv_writes_fabricates_users_csv_back_byte_for_byte(tmp_path: Path) -> None:
    """Fabricate's CSV, loaded as a static table and exported again, comes out identical (quoting, header, \\n)."""
    theirs = (FABRICATE / "users.csv").read_bytes()
    assert b'"' not in theirs and b"\r" not in theirs and theirs.endswith(b"\n")
    ours = synthdb.generate(_users_static(), "csv", tmp_path / "imported.csv", entity="imported")
    assert ours.read_bytes() == theirs
    # The zip holds the same file, and a README.md describing it.
    import zipfile

    archive = synthdb.generate(_users_static(), "csv", tmp_path / "all.zip")
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.read("imported.csv") == theirs
        readme = zipped.read("README.md").decode()
    assert "| imported | `imported.csv` | 11 | 6 |" in readme and "`ip_address`" in readme
    # The pre-issue-18 shape stays one flag away: every header cell and string quoted.
    old = synthdb.generate(_users_static(), "csv", tmp_path / "old.csv", entity="imported", csv_quoting="strings")
    assert old.read_text().split("\n")[:2] == ['"id","first_name","last_name","email","gender","ip_address"',
                                                '20,"Babara","Hardaway","bhardawayj@oakley.com","Female","47.153.69.170"']


def test_generated_csv_has_fabricates_form(tmp_path: Path) -> None:
    """The examples' generated `users` table: an unquoted header, LF line ends, quotes only where needed."""
    definition = {"name": "CREATED_FROM_API", "platform": "postgres", "entities": [{
        "name": "users", "record_count": "100", "fields": [
            {"name": "id", "data_type": "integer", "generator": "Number", "distribution": "autoincrement"},
            {"name": "email", "data_type": "varchar", "generator": "Email Address"},
            {"name": "first_name", "data_type": "varchar", "generator": "First Name"},
            {"name": "created_at", "data_type": "datetime", "generator": "Datetime", "start_date": "2024-01-01",
             "end_date": "2025-01-01"},
            {"name": "bio", "data_type": "text", "generator": "Custom List",
             "values": ["plain", "with, comma", 'say "hi"', "two\nlines"]}]}]}
    text = synthdb.generate(definition, "csv", tmp_path / "users.csv", entity="users").read_bytes().decode()
    assert "\r" not in text and text.endswith("\n")
    assert text.split("\n", 1)[0] == "id,email,first_name,created_at,bio"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 101 and all(len(row) == 5 for row in rows)
    # Re-written by Python's csv module with QUOTE_MINIMAL, the file is the same bytes.
    again = io.StringIO()
    csv.writer(again, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    assert again.getvalue() == text
    assert {row[4] for row in rows[1:]} == {"plain", "with, comma", 'say "hi"', "two\nlines"}
