"""The sql format: schema.sql + load.sql executed by SQLite, DuckDB, PostgreSQL and MariaDB give the engine's rows,
and running load.sql a second time (it deletes every table's rows first) leaves the same rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition, typed_definition
from synthdb.errors import DefinitionError, UsageError
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.sql.ddl import create_table_sql, foreign_keys
from synthdb.outputs.sql.dialects import DIALECTS, dialect_for
from synthdb.outputs.sql.inserts import ROWS_PER_INSERT


def scripts(definition: dict[str, Any], tmp_path: Path, **options: Any) -> dict[str, str]:
    path = synthdb.generate(definition, format="sql", output=tmp_path / "out.zip", **options)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["schema.sql", "load.sql"]
        for name in archive.namelist():
            archive.extract(name, tmp_path)
        return {name: archive.read(name).decode() for name in archive.namelist()}


def normalise(value: Any, *, booleans_as_int: bool = False) -> Any:
    """Driver values and Arrow values on common ground."""
    if isinstance(value, bool) and booleans_as_int:
        return int(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):  # MySQL TIME
        return (dt.datetime.min + value).time()
    return value


def assert_same_rows(fetch: Any, tables: dict[str, pa.Table], quote: str = '"', **options: Any) -> None:
    for name, table in tables.items():
        columns = ", ".join(f"{quote}{c}{quote}" for c in table.column_names)  # "at" is reserved in DuckDB
        rows = [tuple(normalise(v, **options) for v in r) for r in fetch(f"SELECT {columns} FROM {name} ORDER BY id")]
        expected = [tuple(normalise(v, **options) for v in r.values()) for r in table.to_pylist()]
        assert rows == expected, name


def test_sqlite_runs_the_scripts(tmp_path: Path) -> None:
    text = scripts(typed_definition("sqlite"), tmp_path)
    connection = sqlite3.connect(":memory:")
    connection.executescript(text["schema.sql"])
    connection.executescript(text["load.sql"])
    connection.executescript(text["load.sql"])  # re-runnable: the rows are replaced, not duplicated
    assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)  # switched on again at the end
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    found = {r[0] for r in connection.execute("SELECT label FROM parents UNION SELECT text FROM children")}
    assert len(found) >= 15 and found <= set(AWKWARD_STRINGS)
    # Same rows as the sqlite format writes, value for value.
    other = synthdb.generate(typed_definition("sqlite"), format="sqlite", output=tmp_path / "same.sqlite")
    reference = sqlite3.connect(other)
    for table in ("parents", "children", "events"):
        query = f"SELECT * FROM {table} ORDER BY rowid"
        assert connection.execute(query).fetchall() == reference.execute(query).fetchall()


def test_duckdb_runs_the_scripts(tmp_path: Path) -> None:
    text = scripts(typed_definition("duckdb"), tmp_path)
    connection = duckdb.connect()
    connection.execute(text["schema.sql"])
    connection.execute(text["load.sql"])
    connection.execute(text["load.sql"])
    assert_same_rows(lambda q: connection.execute(q).fetchall(), synthdb.to_tables(typed_definition("duckdb")))


def run_psql(url: str, *files: Path) -> None:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    for file in files:
        arguments += ["-f", str(file)]
    subprocess.run(arguments, check=True, capture_output=True)


def test_postgres_runs_the_scripts(tmp_path: Path, postgres_url: str) -> None:
    import psycopg

    definition = typed_definition("postgres")
    scripts(definition, tmp_path)
    run_psql(postgres_url, tmp_path / "schema.sql", tmp_path / "load.sql", tmp_path / "load.sql")
    with psycopg.connect(postgres_url) as connection:
        assert_same_rows(lambda q: connection.execute(q).fetchall(), synthdb.to_tables(definition))
        keys = connection.execute("SELECT conrelid::regclass::text, contype FROM pg_constraint ORDER BY 1, 2")
        assert set(keys.fetchall()) >= {("children", "f"), ("children", "p"), ("events", "f"), ("events", "p")}
        # The self-reference is checked at COMMIT, so rows may point at rows inserted later.
        deferred = connection.execute("SELECT condeferred FROM pg_constraint WHERE conrelid = 'staff'::regclass "
                                      "AND contype = 'f'").fetchall()
        assert deferred == [(True,)]
        # Self-references form a hierarchy: managers come first, and the roots have none.
        assert connection.execute("SELECT count(*) FROM staff WHERE manager_id >= id").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM staff WHERE manager_id IS NULL").fetchone()[0] > 0


def test_mariadb_runs_the_mysql_scripts(tmp_path: Path, mariadb_database: dict[str, Any]) -> None:
    import pymysql

    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mariadb/mysql client installed")
    definition = typed_definition("mysql")
    scripts(definition, tmp_path)
    for name in ("schema.sql", "load.sql", "load.sql"):
        with open(tmp_path / name, "rb") as script:
            subprocess.run(
                [client, "--default-character-set=utf8mb4", "-h", "127.0.0.1", "-P", "3306", "-u", "root",
                 mariadb_database["database"]],
                stdin=script, check=True, capture_output=True,
            )
    connection = pymysql.connect(**mariadb_database)
    try:
        with connection.cursor() as cursor:

            def fetch(query: str) -> list[tuple[Any, ...]]:
                cursor.execute(query)
                return list(cursor.fetchall())

            assert_same_rows(fetch, synthdb.to_tables(definition), quote="`", booleans_as_int=True)
            # Every foreign key is declared, the self-reference by ALTER TABLE at the end of schema.sql.
            references = fetch("SELECT TABLE_NAME, REFERENCED_TABLE_NAME "
                               "FROM information_schema.REFERENTIAL_CONSTRAINTS "
                               f"WHERE CONSTRAINT_SCHEMA = '{mariadb_database['database']}'")
            assert sorted(references) == [("children", "parents"), ("events", "children"), ("staff", "staff")]
    finally:
        connection.close()


def test_sqlserver_script_is_tsql(tmp_path: Path) -> None:
    text = scripts(typed_definition("sqlserver"), tmp_path)
    for script in text.values():
        sqlglot.parse(script, read="tsql")  # raises on a syntax error
    assert "N'emoji 😀🎉👍🏽'" in text["load.sql"] and "BEGIN TRANSACTION;" in text["load.sql"]
    assert "[label] NVARCHAR(MAX)" in text["schema.sql"]
    assert "TRUE" not in text["load.sql"]
    load, schema = text["load.sql"], text["schema.sql"]
    # The self-reference is added once every table exists, before any row; load.sql holds no DDL but
    # switches each table's constraints off around its transaction and back on WITH CHECK.
    assert schema.index("ALTER TABLE [staff] ADD FOREIGN KEY ([manager_id])") > schema.index("CREATE TABLE [staff]")
    assert "ADD FOREIGN KEY" not in load
    assert load.index("ALTER TABLE [staff] NOCHECK CONSTRAINT ALL;") < load.index("BEGIN TRANSACTION;")
    assert load.index("DELETE FROM [staff];") < load.index("INSERT INTO [staff]")
    assert load.index("COMMIT TRANSACTION;") < load.index("ALTER TABLE [staff] WITH CHECK CHECK CONSTRAINT ALL;")


def test_inserts_hold_a_fixed_number_of_rows(tmp_path: Path) -> None:
    text = scripts(awkward_definition(1250), tmp_path, batch_size=333)
    statements = text["load.sql"].count('INSERT INTO "children"')
    assert statements == -(-2500 // ROWS_PER_INSERT)


def test_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = typed_definition("mysql", 30)
    digests = set()
    for batch_size, workers in [(7, 1), (65536, 1), (7, 2), (65536, 2)]:
        path = synthdb.generate(definition, format="sql", output=tmp_path / f"{batch_size}-{workers}.zip",
                                batch_size=batch_size, workers=workers)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize("platform", ["sqlite", "postgres"])
def test_single_entity_is_one_plain_sql_file(tmp_path: Path, platform: str) -> None:
    definition = awkward_definition()
    definition["platform"] = platform
    path = synthdb.generate(definition, format="sql", output=tmp_path / "children.sql", entity="children")
    assert not zipfile.is_zipfile(path)
    text = path.read_text()
    assert "CREATE TABLE" in text and "INSERT INTO" in text and "FOREIGN KEY" not in text
    again = synthdb.generate(definition, format="sql", output=tmp_path / "again.sql", entity="children", batch_size=7)
    assert again.read_bytes() == path.read_bytes()
    if platform == "sqlite":
        connection = sqlite3.connect(":memory:")
        connection.executescript(text)
        assert connection.execute("SELECT count(*) FROM children").fetchone() == (120,)


def test_unknown_platform_is_refused_when_the_definition_is_read(tmp_path: Path) -> None:
    definition = awkward_definition()
    definition["platform"] = "oracel"
    with pytest.raises(DefinitionError, match=r"^platform: unsupported platform 'oracel'"):
        synthdb.generate(definition, format="sql", output=tmp_path / "x.zip")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError, match="unsupported SQL platform 'oracel'"):
        dialect_for("oracel")  # the writers' own check, for callers that bypass the model


def _table(name: str, columns: list[ColumnInfo]) -> TableOutput:
    return TableOutput(name, columns, 0, lambda: iter(()))


def test_foreign_keys_cover_composite_keys_and_skip_non_unique_targets() -> None:
    parent = _table("parent", [ColumnInfo("a", pa.int64(), primary_key=True, nullable=False),
                               ColumnInfo("b", pa.string(), primary_key=True, nullable=False),
                               ColumnInfo("c", pa.string())])
    child = _table("child", [ColumnInfo("x", pa.string(), references=("parent", "b")),
                             ColumnInfo("y", pa.int64(), references=("parent", "a")),
                             ColumnInfo("z", pa.string(), references=("parent", "c"))])
    job = OutputJob("db", "mysql", [parent, child])
    [composite] = foreign_keys(child, job.tables)
    assert composite.sql("postgres") == 'FOREIGN KEY ("y", "x") REFERENCES "parent"("a", "b")'
    mysql = create_table_sql(parent, job, DIALECTS["mysql"])
    # Key columns of text get an indexable VARCHAR, tables utf8mb4 with a binary collation.
    assert "`b` VARCHAR(255) NOT NULL" in mysql and "`c` TEXT" in mysql
    assert "DEFAULT CHARACTER SET=utf8mb4" in mysql and "COLLATE=utf8mb4_bin" in mysql


def test_declared_types_are_transpiled() -> None:
    columns = [ColumnInfo("when", pa.timestamp("s"), "datetime2"), ColumnInfo("price", pa.decimal128(18, 2), "money"),
               ColumnInfo("n", pa.int64(), "serial"), ColumnInfo("doc", pa.string(), "jsonb"),
               ColumnInfo("blob", pa.binary()), ColumnInfo("tags", pa.list_(pa.string())),
               ColumnInfo("t_ms", pa.timestamp("ms", tz="UTC"))]
    job = OutputJob("db", "postgres", [_table("t", columns)])
    expected = {
        "postgres": ['"when" TIMESTAMP', '"price" DECIMAL(18, 2)', '"n" INT', '"doc" JSONB', '"blob" BYTEA',
                     '"tags" JSONB'],
        "mysql": ["`when` DATETIME", "`price` DECIMAL(18, 2)", "`n` INT", "`doc` JSON", "`tags` JSON",
                  "`t_ms` DATETIME(3)"],
        "sqlserver": ["[when] DATETIME2", "[price] MONEY", "[doc] NVARCHAR(MAX)", "[tags] NVARCHAR(MAX)"],
        "sqlite": ['"doc" TEXT', '"blob" BLOB', '"tags" TEXT'],
        "duckdb": ['"when" TIMESTAMP', '"price" DECIMAL(18, 2)', '"doc" JSON', '"blob" BLOB'],
    }
    for platform, fragments in expected.items():
        text = create_table_sql(job.tables[0], job, DIALECTS[platform])
        for fragment in fragments:
            assert fragment in text, (platform, fragment, text)
        sqlglot.parse_one(text, read=DIALECTS[platform].sqlglot)


def test_decimal_literals_stay_exact_in_postgres_scripts(tmp_path: Path) -> None:
    text = scripts(awkward_definition(), tmp_path)
    tables = synthdb.to_tables(awkward_definition())
    amounts = {str(v) for v in tables["children"]["amount"].to_pylist() if isinstance(v, Decimal)}
    assert all(f", {a}, " in text["load.sql"] for a in list(amounts)[:20])
