"""Issue 9, item 3: hostile names and values never turn a generated script into a command.

The attack: a field named `a` + NUL followed by a field whose name holds a newline and `\\! touch pwned`
(or the same through a value made with `char(0)`) made `psql -f load.sql` run the shell command, as the
NUL cut psql's line short and its quote tracking lost step. Names are refused at upsert/validate; a NUL
value is refused by the formats that cannot hold it; every other hostile value loads back exactly with
the real `psql` and `mysql` clients.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import httpx
import psycopg
import pymysql
import pytest

import synthdb
from api.apiserver import ApiServer, fetch, wait_task
from conftest import fresh_mariadb, fresh_postgres
from security.hostile import assert_no_leak, error_of, responsive
from synthdb.errors import OutputError


def hostile_values(pwned: Path) -> list[str]:
    """Values that try to end a literal and start a client command on the next line."""
    shell = f"\\! touch {pwned}"
    return [
        f"x';\n{shell}\n--",
        f"back\\slash\n{shell}",
        f"\n{shell}\n",
        "q\"uo'te''",
        "tab\there\r\nCRLF\\",
        f"\\\n{shell}\n\\.",
        f"system touch {pwned}\n.shell touch {pwned}",
        "plain",
    ]


def definition(pwned: Path, platform: str = "postgres", nul: bool = False) -> dict[str, Any]:
    values = hostile_values(pwned)
    fields: list[dict[str, Any]] = [
        {"name": "id", "generator": "Row Number", "primary_key": True, "data_type": "integer"},
        {"name": "v", "generator": "Custom List", "values": values, "data_type": "text"},
    ]
    if nul:
        # Last column: the NUL drops the closing quote of the row's last literal, which desynchronised psql.
        fields.append({"name": "n", "generator": "SQL", "sql": "'a' || char(0)"})
    return {"name": "hostile", "platform": platform, "seed": 1,
            "entities": [{"name": "t", "record_count": len(values) * 3, "fields": fields}]}


ATTACK_FIELDS = [
    {"name": "id", "generator": "Number", "primary_key": True},
    {"name": "a\x00", "generator": "Number"},
    {"name": "b\n\\! touch pwned\n", "generator": "Number"},
]


def psql(database_url: str, script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    name = urlsplit(database_url).path.lstrip("/")
    return subprocess.run(
        ["psql", "-X", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-v", "ON_ERROR_STOP=1", "-f", script],
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )


def unzip(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def expected_rows(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    table = synthdb.to_tables(data)["t"]
    return sorted(tuple(row.values()) for row in table.to_pylist())


def loaded_rows(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as connection:
        return sorted(connection.execute('SELECT * FROM "t"').fetchall())


# --- names: refused at upsert with the field's path, over HTTP --------------------------------------------


def test_upsert_refuses_nul_and_newline_field_names(secure_server: ApiServer, attacker: httpx.Client,
                                                    ws: str) -> None:
    body = {"name": "evil", "platform": "postgres",
            "entities": [{"name": "t", "record_count": "3", "fields": ATTACK_FIELDS}]}
    with responsive(secure_server):
        answer = attacker.post(f"/workspaces/{ws}/databases", json=body)
    message = error_of(answer)
    assert message.startswith("entities[0].fields[1].name:") and "U+0000" in message
    body["entities"][0]["fields"] = [ATTACK_FIELDS[0], ATTACK_FIELDS[2]]
    message = error_of(attacker.post(f"/workspaces/{ws}/databases", json=body))
    assert message.startswith("entities[0].fields[1].name:") and "U+000A" in message
    # Nothing was stored.
    assert attacker.get(f"/workspaces/{ws}/databases/evil").status_code == 404


@pytest.mark.parametrize(("entity", "field", "expected"), [
    ("../t", "id", "entities[0].name:"),
    ("t", "x" * 64, "entities[0].fields[0].name:"),  # 64 bytes: PostgreSQL would truncate it
    ("t", "caf\u00e9\u2028", "entities[0].fields[0].name:"),
    ("t", "\ud800", "entities[0].fields[0].name:"),
])
def test_upsert_refuses_names_no_target_can_hold(attacker: httpx.Client, ws: str, entity: str, field: str,
                                                 expected: str) -> None:
    body = {"name": "evil", "platform": "postgres",
            "entities": [{"name": entity, "record_count": "3", "fields": [{"name": field, "generator": "Number"}]}]}
    # A lone surrogate cannot travel as UTF-8 JSON: send it as the JSON escape a client would write.
    content = httpx.Request("POST", "/", json=body).content if "\ud800" not in field else (
        b'{"name": "evil", "entities": [{"name": "t", "fields": [{"name": "\\ud800", "generator": "Number"}]}]}')
    answer = attacker.post(f"/workspaces/{ws}/databases", content=content,
                           headers={"Content-Type": "application/json"})
    assert error_of(answer).startswith(expected), answer.text


def test_task_with_a_nul_value_fails_naming_table_column_row(secure_server: ApiServer, attacker: httpx.Client,
                                                            ws: str, tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    assert attacker.post(f"/workspaces/{ws}/databases", json=definition(pwned, nul=True)).status_code == 200
    for fmt in ("sql", "postgres-optimized", "csv", "xml"):
        task = attacker.post("/generate_tasks", json={"workspace": ws, "database": "hostile", "format": fmt}).json()
        task = wait_task(attacker, task["id"])
        assert task["data_url"] is None, (fmt, task)
        assert "table 't', column 'n', row 1: the value holds a NUL character (U+0000)" in task["error"], task
        assert_no_leak(secure_server, task["error"])
    # JSONL can hold it, escaped.
    task = attacker.post("/generate_tasks", json={"workspace": ws, "database": "hostile", "format": "jsonl"}).json()
    task = wait_task(attacker, task["id"])
    with zipfile.ZipFile(io.BytesIO(fetch(task["data_url"]).content)) as archive:
        assert '"n":"a\\u0000"' in archive.read("t.jsonl").decode()
    assert not pwned.exists()


def test_downloaded_sql_loads_with_psql_without_running_anything(attacker: httpx.Client, ws: str,
                                                                 tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    data = definition(pwned)
    assert attacker.post(f"/workspaces/{ws}/databases", json=data).status_code == 200
    task = attacker.post("/generate_tasks", json={"workspace": ws, "database": "hostile", "format": "sql"}).json()
    task = wait_task(attacker, task["id"])
    assert task["error"] is None, task
    with zipfile.ZipFile(io.BytesIO(fetch(task["data_url"]).content)) as archive:
        archive.extractall(tmp_path / "out")
    with fresh_postgres() as url:
        for script in ("schema.sql", "load.sql"):
            result = psql(url, script, tmp_path / "out")
            assert result.returncode == 0, result.stderr
        assert loaded_rows(url) == expected_rows(data)
    assert not pwned.exists()


# --- the same through the Python API and the CLI, loaded by the real clients ---------------------------


def test_nul_attack_without_the_guard_would_run_the_command(tmp_path: Path) -> None:
    """The test's own check: with the NUL guard switched off, psql really does run `\\!` (so the guard matters)."""
    import synthdb.outputs.formats.sql_format as sql_format

    pwned = tmp_path / "pwned"
    data = definition(pwned, nul=True)
    # One multi-line value before the NUL: row 1's NUL drops its closing quote, row 2's opening quote
    # then reads as a closing one, and the `\!` line after it as a command.
    data["entities"][0]["fields"][1]["values"] = [f"x\n\\! touch {pwned}\n"]
    with mock.patch.object(sql_format, "refuse_nul", lambda job, what: job):
        path = synthdb.generate(data, "sql", tmp_path / "raw.zip")
    folder = unzip(path, tmp_path / "raw")
    with fresh_postgres() as url:
        assert psql(url, "schema.sql", folder).returncode == 0
        psql(url, "load.sql", folder)
    assert pwned.exists()


@pytest.mark.parametrize("fmt", ["sql", "postgres-optimized"])
def test_nul_value_refused_by_postgres_scripts(tmp_path: Path, fmt: str) -> None:
    pwned = tmp_path / "pwned"
    with pytest.raises(OutputError, match=r"table 't', column 'n', row 1: .* NUL"):
        synthdb.generate(definition(pwned, nul=True), fmt, tmp_path / "out.zip")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["sql", "postgres-optimized"])
def test_hostile_values_round_trip_through_psql(tmp_path: Path, fmt: str) -> None:
    pwned = tmp_path / "pwned"
    data = definition(pwned)
    folder = unzip(synthdb.generate(data, fmt, tmp_path / "out.zip"), tmp_path / "out")
    with fresh_postgres() as url:
        for script in (["schema.sql", "load.sql"] if fmt == "sql" else ["load.sql"]):
            result = psql(url, script, folder)
            assert result.returncode == 0, result.stderr
        assert loaded_rows(url) == expected_rows(data)
    assert not pwned.exists()


def test_postgres_single_entity_script_round_trips(tmp_path: Path) -> None:
    """The one-file COPY ... FROM stdin script: values with `\\.` lines and backslashes stay data."""
    pwned = tmp_path / "pwned"
    data = definition(pwned)
    synthdb.generate(data, "postgres-optimized", tmp_path / "t.sql", entity="t")
    with fresh_postgres() as url:
        result = psql(url, "t.sql", tmp_path)
        assert result.returncode == 0, result.stderr
        assert loaded_rows(url) == expected_rows(data)
    assert not pwned.exists()


def test_mysql_script_keeps_nul_and_runs_nothing(tmp_path: Path) -> None:
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mysql client installed")
    pwned = tmp_path / "pwned"
    data = definition(pwned, platform="mysql", nul=True)
    folder = unzip(synthdb.generate(data, "sql", tmp_path / "out.zip"), tmp_path / "out")
    with fresh_mariadb() as args:
        for script in ("schema.sql", "load.sql"):
            with open(folder / script, "rb") as stdin:
                result = subprocess.run([client, "-h", "127.0.0.1", "-u", "root", args["database"]], stdin=stdin,
                                        capture_output=True, timeout=60)
            assert result.returncode == 0, result.stderr
        connection = pymysql.connect(**args)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, v, n FROM t")
                got = sorted(cursor.fetchall())
        finally:
            connection.close()
    assert got == expected_rows(data)
    assert {row[2] for row in got} == {"a\x00"}
    assert not pwned.exists()


def test_sqlite_script_runs_no_dot_command(tmp_path: Path) -> None:
    if shutil.which("sqlite3") is None:
        pytest.skip("sqlite3 is not installed")
    pwned = tmp_path / "pwned"
    data = definition(pwned, platform="sqlite")
    # The sqlite3 shell turns CR LF into LF even inside a literal (documented in docs/security.md).
    values = data["entities"][0]["fields"][1]["values"]
    values[:] = [v.replace("\r", "") for v in values]
    folder = unzip(synthdb.generate(data, "sql", tmp_path / "out.zip"), tmp_path / "out")
    database = tmp_path / "loaded.sqlite"
    for script in ("schema.sql", "load.sql"):
        result = subprocess.run(["sqlite3", "-bail", str(database), f".read {script}"], cwd=folder,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    import sqlite3

    with sqlite3.connect(database) as connection:
        assert sorted(connection.execute("SELECT * FROM t").fetchall()) == expected_rows(data)
    assert not pwned.exists()


# --- CSV formulas: the definition's setting reaches the service's tasks ---------------------------------


def test_definition_setting_escapes_formulas_in_api_tasks(attacker: httpx.Client, ws: str) -> None:
    def csv_values(escape: bool) -> set[str]:
        field = {"name": "v", "generator": "Custom List", "values": ["=1+1", "@SUM(1)", "ok"]}
        data = {"name": "sheet", "csv_escape_formulas": escape,
                "entities": [{"name": "t", "record_count": 60, "fields": [field]}]}
        assert attacker.post(f"/workspaces/{ws}/databases", json=data).status_code == 200
        task = attacker.post("/generate_tasks", json={"workspace": ws, "database": "sheet", "format": "csv"}).json()
        task = wait_task(attacker, task["id"])
        assert task["error"] is None, task
        with zipfile.ZipFile(io.BytesIO(fetch(task["data_url"]).content)) as archive:
            return set(archive.read("t.csv").decode().splitlines()[1:])

    assert csv_values(False) == {"=1+1", "@SUM(1)", "ok"}  # minimal quoting: nothing here needs quotes
    assert csv_values(True) == {"'=1+1", "'@SUM(1)", "ok"}
    stored = attacker.get(f"/workspaces/{ws}/databases/sheet").json()
    assert stored["csv_escape_formulas"] is True


@pytest.mark.parametrize("fmt", ["sql", "postgres-optimized"])
def test_quotes_in_names_stay_inside_identifiers_of_psql_meta_commands(tmp_path: Path, fmt: str) -> None:
    """Names that validation allows (quotes, parentheses, backslashes) cannot turn `\\copy` into `FROM PROGRAM`."""
    names = ['a") FROM PROGRAM \'touch pwned\' --', "b' FROM PROGRAM 'touch pwned", 'c"" x', "d\\\\ \\", "e'"]
    table = 't" (x) FROM PROGRAM \'touch pwned\' --'
    data = {"name": "h", "entities": [{"name": table, "record_count": 2, "fields": [
        {"name": name, "generator": "Row Number"} for name in names]}]}
    folder = unzip(synthdb.generate(data, fmt, tmp_path / "out.zip"), tmp_path / "out")
    with fresh_postgres() as url:
        for script in (["schema.sql", "load.sql"] if fmt == "sql" else ["load.sql"]):
            result = psql(url, script, folder)
            assert result.returncode == 0, result.stderr
        with psycopg.connect(url) as connection:
            cursor = connection.execute(f'SELECT * FROM "{table.replace(chr(34), chr(34) * 2)}"')
            assert [column.name for column in cursor.description or []] == names
            assert cursor.fetchall() == [(1,) * 5, (2,) * 5]
    assert not (folder / "pwned").exists() and not (tmp_path / "pwned").exists()
