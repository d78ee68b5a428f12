"""Issue 9, items 1 and 9: user SQL (SQL tables, the SQL generator, postprocessing_sql) is refused at upsert
when it reaches beyond the definition's tables, and the DuckDB it runs on could not do it anyway."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pyarrow as pa
import pytest
import yaml

from api.apiserver import ApiServer, shop, wait_task
from security.hostile import assert_no_leak, error_of, responsive
from synthdb import sql_sandbox
from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import build_plan
from synthdb.engine.sql_tables import plan_sql_tables
from synthdb.errors import DefinitionError
from synthdb.generators.helpers.sql_eval import SqlError, parse, parse_expression

# `{secret}`, `{store}` and `{data}` are the server's signing secret file, its metadata store and its data dir.
QUERY_ATTACKS = {
    "read_text of the secret": "SELECT content FROM read_text('{secret}')",
    "read_csv of /etc/passwd": "SELECT * FROM read_csv('/etc/passwd')",
    "read_csv_auto": "SELECT * FROM read_csv_auto('/etc/passwd')",
    "read_blob of the store": "SELECT content FROM read_blob('{store}')",
    "environment": "SELECT content FROM read_text('/proc/self/environ')",
    "read_parquet": "SELECT * FROM read_parquet('{data}/x.parquet')",
    "read_json": "SELECT * FROM read_json_auto('{data}/x.json')",
    "glob of the data dir": "SELECT * FROM glob('{data}/*')",
    "duckdb_settings()": "SELECT * FROM duckdb_settings()",
    "duckdb_tables()": "SELECT * FROM duckdb_tables()",
    "pragma table function": "SELECT * FROM pragma_table_info('customers')",
    "query() of a file": "SELECT * FROM query('SELECT content FROM read_text(''{secret}'')')",
    "query() bypassing determinism": "SELECT * FROM query('SELECT random()')",
    "query_table()": "SELECT * FROM query_table('customers')",
    "sqlite_scan of the store": "SELECT * FROM sqlite_scan('{store}', 'api_keys')",
    "replacement scan of a path": "SELECT * FROM '{secret}'",
    "attach": "ATTACH '{store}' AS s",
    "copy to": "COPY (SELECT 1) TO '{data}/out.csv'",
    "install": "INSTALL sqlite",
    "load": "LOAD sqlite",
    "set": "SET enable_external_access = true",
    "pragma": "PRAGMA threads = 64",
    "call": "CALL pragma_version()",
    "export": "EXPORT DATABASE '{data}/dump'",
    "two statements": "SELECT id FROM customers; ATTACH '{store}' AS s",
    "cte hiding a table function": "WITH s AS (SELECT content FROM read_text('{secret}')) SELECT * FROM s",
    "subquery hiding a table function": "SELECT id, (SELECT content FROM read_text('{secret}')) AS s FROM customers",
    "union hiding a table function": "SELECT email FROM customers UNION ALL SELECT content FROM read_text('{secret}')",
    "join hiding a table function": "SELECT c.id, t.content FROM customers c, read_text('{secret}') t",
    "upper case": "SELECT CONTENT FROM READ_TEXT('{secret}')",
    "quoted": "SELECT content FROM \"read_text\"('{secret}')",
    "schema-qualified function": "SELECT content FROM main.read_text('{secret}')",
    "schema-qualified table": "SELECT * FROM information_schema.tables",
    "catalog table": "SELECT * FROM sqlite_master",
    "current_setting": "SELECT current_setting('temp_directory') AS t",
    "random()": "SELECT random() AS r FROM customers",
    "uuid()": "SELECT gen_random_uuid() AS u FROM customers",
    "now()": "SELECT now() AS t FROM customers",
    "current_timestamp": "SELECT current_timestamp AS t FROM customers",
    "tablesample": "SELECT * FROM customers USING SAMPLE 10",
    "unbounded range": "SELECT * FROM range(10000000000)",
    "cross join of ranges": "SELECT count(*) AS n FROM range(1000000) a, range(1000000) b",
}

EXPRESSION_ATTACKS = {
    "read_text call": "read_text('{secret}')",
    "subquery of a table function": "(SELECT content FROM read_text('{secret}'))",
    "query()": "query('SELECT random()')",
    "current_setting": "current_setting('temp_directory')",
    "random()": "random()",
    "uuid()": "uuid()",
    "now()": "now()",
    "current_timestamp": "CURRENT_TIMESTAMP",
    "date('now')": "date('now')",
    "version()": "version()",
    "upper case": "READ_TEXT('{secret}')",
    "quoted": "\"read_text\"('{secret}')",
    "schema-qualified": "main.read_text('{secret}')",
    "attach": "ATTACH '{store}' AS s",
    "set": "SET enable_external_access = true",
    "two statements": "score; ATTACH '{store}' AS s",
    "pragma": "PRAGMA threads = 64",
    "copy": "COPY (SELECT 1) TO '{data}/out.csv'",
}


def _fill(text: str, server: ApiServer) -> str:
    return text.format(secret=server.data_dir / "secret.key", store=server.data_dir / "synthdb.sqlite3",
                       data=server.data_dir)


def _with_sql_table(sql: str) -> dict[str, Any]:
    definition = shop()
    definition["entities"].append({"name": "v", "view": True, "sql": sql})
    return definition


def _with_sql_field(sql: str) -> dict[str, Any]:
    definition = shop()
    definition["entities"][0]["fields"].append({"name": "leak", "generator": "SQL", "sql": sql})
    return definition


def _with_postprocessing(sql: str) -> dict[str, Any]:
    definition = shop()
    definition["entities"][0]["fields"][2]["postprocessing_sql"] = sql
    return definition


PLACES = {
    "sql table": (_with_sql_table, "entities[2].sql"),
    "sql generator": (_with_sql_field, "entities[0].fields[3].sql"),
    "postprocessing_sql": (_with_postprocessing, "entities[0].fields[2].postprocessing_sql"),
}

CASES = [pytest.param("sql table", text, id=f"sql table: {name}") for name, text in QUERY_ATTACKS.items()] + [
    pytest.param(place, text, id=f"{place}: {name}")
    for place in ("sql generator", "postprocessing_sql") for name, text in EXPRESSION_ATTACKS.items()
]


def _assert_refused(server: ApiServer, answer: httpx.Response, field: str) -> str:
    error = error_of(answer)
    assert error.startswith(f"{field}:") or f"{field}:" in error, error
    assert_no_leak(server, answer.text)
    return error


@pytest.mark.parametrize(("place", "attack"), CASES)
def test_hostile_sql_is_refused_at_upsert(
    secure_server: ApiServer, attacker: httpx.Client, ws: str, place: str, attack: str
) -> None:
    make, field = PLACES[place]
    with responsive(secure_server):
        answer = attacker.post(f"/workspaces/{ws}/databases", json=make(_fill(attack, secure_server)))
    _assert_refused(secure_server, answer, field)
    # Nothing was stored: the shop stored by the fixture is unchanged.
    stored = attacker.get(f"/workspaces/{ws}/databases/shop").json()
    assert len(stored["entities"]) == 2 and len(stored["entities"][0]["fields"]) == 3
    assert "postprocessing_sql" not in stored["entities"][0]["fields"][2]


OVERRIDE_CASES = [
    pytest.param(
        {"entities": {"v": {"sql": text}}}, "entities[2].sql", id=f"override sql table: {name}")
    for name, text in QUERY_ATTACKS.items()
    if name in ("read_text of the secret", "query() bypassing determinism", "attach", "cte hiding a table function",
                "duckdb_settings()", "schema-qualified function", "replacement scan of a path")
] + [
    pytest.param({"entities": {"customers": {"fields": {"score": {"postprocessing_sql": text}}}}},
                 "entities[0].fields[2].postprocessing_sql", id=f"override postprocessing_sql: {name}")
    for name, text in EXPRESSION_ATTACKS.items()
    if name in ("read_text call", "query()", "random()", "set", "schema-qualified", "current_setting")
] + [
    pytest.param({"entities": {"customers": {"fields": {"label": {"sql": text}}}}},
                 "entities[0].fields[3].sql", id=f"override sql generator: {name}")
    for name, text in EXPRESSION_ATTACKS.items()
    if name in ("read_text call", "query()", "now()", "two statements", "quoted")
]


def _benign() -> dict[str, Any]:
    definition = shop()
    definition["entities"][0]["fields"].append({"name": "label", "generator": "SQL", "sql": "upper(email)"})
    definition["entities"][0]["fields"][2]["postprocessing_sql"] = "score * 2"
    definition["entities"].append({"name": "v", "view": True, "sql": "SELECT count(*) AS n FROM customers"})
    return definition


@pytest.mark.parametrize(("overrides", "field"), OVERRIDE_CASES)
def test_hostile_sql_is_refused_in_task_overrides(
    secure_server: ApiServer, attacker: httpx.Client, ws: str, overrides: dict[str, Any], field: str
) -> None:
    assert attacker.post(f"/workspaces/{ws}/databases", json=_benign()).status_code == 200
    filled = copy.deepcopy(overrides)
    for entity in filled["entities"].values():
        if "sql" in entity:
            entity["sql"] = _fill(entity["sql"], secure_server)
        for params in entity.get("fields", {}).values():
            for key in params:
                params[key] = _fill(params[key], secure_server)
    body = {"workspace": ws, "database": "shop", "format": "csv", "overrides": filled}
    with responsive(secure_server):
        answer = attacker.post("/generate_tasks", json=body)
    _assert_refused(secure_server, answer, field)


def test_postprocessing_sql_is_compiled_at_upsert(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    """A type error used to fail only inside the task; it is now a 400 naming the field."""
    answer = attacker.post(f"/workspaces/{ws}/databases", json=_with_postprocessing("score + no_such_function(1)"))
    error = _assert_refused(secure_server, answer, "entities[0].fields[2].postprocessing_sql")
    assert "no_such_function" in error


def test_sql_table_query_errors_are_refused_at_upsert(
    secure_server: ApiServer, attacker: httpx.Client, ws: str
) -> None:
    answer = attacker.post(f"/workspaces/{ws}/databases", json=_with_sql_table("SELECT nope FROM customers"))
    assert "nope" in _assert_refused(secure_server, answer, "entities[2].sql")


def test_legitimate_sql_still_works_over_http(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    definition = _benign()
    definition["entities"].append({"name": "numbers", "view": True,
                                   "sql": "SELECT x, x * x AS square FROM range(1, 4) AS t(x)"})
    assert attacker.post(f"/workspaces/{ws}/databases", json=definition).status_code == 200
    answer = attacker.post("/generate_tasks", json={"workspace": ws, "database": "shop", "format": "jsonl"})
    assert answer.status_code == 200, answer.text
    task = wait_task(attacker, answer.json()["id"])
    assert task["completed"] and not task["error"], task


# --- the static check, without a server -------------------------------------------------------------


@pytest.mark.parametrize("attack", [pytest.param(t, id=n) for n, t in QUERY_ATTACKS.items()])
def test_the_static_check_refuses_every_query_attack(attack: str) -> None:
    text = attack.format(secret="/srv/secret.key", store="/srv/store.db", data="/srv")
    with pytest.raises(DefinitionError) as info:
        plan_sql_tables(build_plan(definition_from_data(_with_sql_table(text))))
    assert info.value.path == "entities[2].sql"


@pytest.mark.parametrize("attack", [pytest.param(t, id=n) for n, t in EXPRESSION_ATTACKS.items()])
def test_the_static_check_refuses_every_expression_attack(attack: str) -> None:
    with pytest.raises(SqlError):
        parse_expression(attack.format(secret="/srv/secret.key", store="/srv/store.db", data="/srv"))


@pytest.mark.parametrize("query", [
    "SELECT c.id, count(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id",
    "WITH t AS (SELECT id FROM customers) SELECT * FROM t",
    "SELECT id, row_number() OVER (ORDER BY id) AS r FROM customers",
    "SELECT x FROM range(5) AS t(x)",
    "SELECT * FROM generate_series(1, 1000000)",
    "SELECT date('2024-01-01', '+1 day') AS d",
    "SELECT * FROM (VALUES (1), (2)) AS v(x)",
])
def test_the_static_check_keeps_legitimate_sql(query: str) -> None:
    parse(query)


# --- the runtime sandbox: defence in depth, handed raw SQL ----------------------------------------------


@pytest.fixture
def sandboxed(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = sql_sandbox.connect(tmp_path / "db.duckdb", memory_limit="64MB", temp_directory=tmp_path / "spill")
    yield con
    con.close()


@pytest.mark.parametrize("sql", [
    "SELECT content FROM read_text('{secret}')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT content FROM read_blob('/proc/self/environ')",
    "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM '{secret}'",
    "SELECT * FROM query('SELECT content FROM read_text(''{secret}'')')",
    "ATTACH '{dir}/other.duckdb' AS other",
    "COPY (SELECT 1) TO '{dir}/out.csv'",
    "EXPORT DATABASE '{dir}/dump'",
    "INSTALL sqlite",
    "LOAD sqlite",
    "SELECT * FROM sqlite_scan('{dir}/x.db', 't')",
])
def test_the_sandbox_cannot_read_or_write_files_or_load_extensions(
    sandboxed: duckdb.DuckDBPyConnection, tmp_path: Path, sql: str
) -> None:
    secret = tmp_path / "secret.key"
    secret.write_text("top-secret-value-0123456789")
    with pytest.raises(duckdb.Error) as info:
        sandboxed.execute(sql.format(secret=secret, dir=tmp_path)).fetchall()
    assert "top-secret" not in str(info.value)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "dump").exists()
    assert not (tmp_path / "other.duckdb").exists()


@pytest.mark.parametrize("sql", [
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET lock_configuration",
    "SET memory_limit = '100GB'",
    "PRAGMA threads = 64",
    "SET autoinstall_known_extensions = true",
    "SET allow_unsigned_extensions = true",
    "SET temp_directory = '/tmp'",
])
def test_the_sandbox_configuration_is_locked(sandboxed: duckdb.DuckDBPyConnection, sql: str) -> None:
    with pytest.raises(duckdb.Error, match=r"locked|disabled"):
        sandboxed.execute(sql)
    settings = dict(sandboxed.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('enable_external_access', 'lock_configuration', 'memory_limit', 'threads')").fetchall())
    assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
    assert settings["threads"] == "1" and re.match(r"6\d(\.\d+)? MiB", settings["memory_limit"])


def test_the_sandbox_does_not_scan_python_variables(sandboxed: duckdb.DuckDBPyConnection) -> None:
    secret_rows = pa.table({"secret": ["top-secret"]})  # DuckDB's Python client would find it by name
    assert secret_rows.num_rows == 1
    with pytest.raises(duckdb.CatalogException):
        sandboxed.execute("SELECT * FROM secret_rows").fetchall()


def test_the_sandbox_spills_to_its_own_directory(sandboxed: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """SQL tables keep working beyond memory: a sort larger than the limit spills to the directory we gave."""
    rows = sandboxed.execute("SELECT count(*), min(h) FROM (SELECT md5(x::VARCHAR) || md5((x + 1)::VARCHAR) AS h "
                             "FROM range(600000) t(x) ORDER BY h)").fetchall()
    assert rows[0][0] == 600000
    assert (tmp_path / "spill").is_dir()


def test_an_in_memory_sandbox_never_spills(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    con = sql_sandbox.connect(memory_limit="16MB")
    try:
        with pytest.raises(duckdb.OutOfMemoryException):
            con.execute("SELECT count(*) FROM (SELECT md5(x::VARCHAR) AS h FROM range(2000000) t(x) ORDER BY h)"
                        ).fetchall()
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []  # DuckDB's default would have been ./.tmp


@pytest.mark.parametrize(("entity", "field"), [
    ({"name": "v", "view": True, "sql": "SELECT content FROM read_text('/etc/passwd')"}, "entities[1].sql"),
    ({"name": "w", "fields": [{"name": "x", "generator": "SQL", "sql": "query('SELECT random()')"}]},
     "entities[1].fields[0].sql"),
    ({"name": "w", "fields": [{"name": "x", "generator": "Number", "postprocessing_sql": "current_setting('a')"}]},
     "entities[1].fields[0].postprocessing_sql"),
])
def test_cli_validate_refuses_hostile_sql_in_one_line(tmp_path: Path, entity: dict[str, Any], field: str) -> None:
    definition = {"name": "d", "entities": [
        {"name": "t", "record_count": 3, "fields": [{"name": "id", "generator": "Number"}]}, entity]}
    file = tmp_path / "d.yaml"
    file.write_text(yaml.safe_dump(definition), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-m", "synthdb", "validate", str(file)], capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{field}: " in lines[0], result.stderr
    assert "root:x" not in result.stderr + result.stdout
