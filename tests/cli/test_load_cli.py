"""`synthdb load`, `synthdb connections` and `synthdb import` from the command line."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from synthdb.cli import _load_commands, app

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop.yaml"
SMALL = ["--var", "n_customers=20", "--var", "n_products=5"]
DDL = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, full_name VARCHAR(80) NOT NULL, email VARCHAR(120) UNIQUE);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id),
  title VARCHAR(200), isbn VARCHAR(20), price NUMERIC(6, 2) CHECK (price BETWEEN 1 AND 99),
  format VARCHAR(10) CHECK (format IN ('hardcover', 'paperback', 'ebook')), published_on DATE);
"""


def _invoke(*args: str, code: int = 0, env: dict[str, str] | None = None) -> Any:
    _load_commands()
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_load_prints_rows_per_table(tmp_path: Path) -> None:
    target = tmp_path / "shop.db"
    result = _invoke("load", str(SHOP), "--to", f"sqlite:///{target}", "--create", *SMALL, "--batch-size", "7")
    lines = result.stdout.splitlines()
    assert lines[0] == "customers: 20 rows"
    assert lines[-1].startswith("loaded ") and lines[-1].endswith(f"into 4 tables of sqlite:///{target}")
    _invoke("load", str(SHOP), "--to", f"sqlite:///{target}", "--truncate", "--quiet", *SMALL)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT COUNT(*) FROM customers").fetchone() == (20,)
    conn.close()


def _all_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in names}
    finally:
        conn.close()


def test_load_workers_give_identical_rows(tmp_path: Path) -> None:
    # Small batches: every table spans several, so two worker processes really share the work.
    outputs = {}
    for workers in ("1", "2"):
        path = tmp_path / f"shop{workers}.db"
        _invoke("load", str(SHOP), "--to", f"sqlite:///{path}", "--create", "--quiet", *SMALL,
                "--batch-size", "9", "--workers", workers)
        outputs[workers] = _all_rows(path)
    assert set(outputs["1"]) == {"customers", "products", "orders", "order_items"}
    assert all(outputs["1"][table] for table in outputs["1"])
    assert outputs["2"] == outputs["1"]


def test_load_workers_must_be_positive(tmp_path: Path) -> None:
    result = _invoke("load", str(SHOP), "--to", f"sqlite:///{tmp_path / 'x.db'}", "--workers", "0", *SMALL, code=2)
    assert "--workers must be at least 1, got 0" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_load_errors_are_one_line_with_an_exit_code(tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'shop.db'}"
    missing = _invoke("load", str(SHOP), "--to", target, *SMALL, code=1)
    assert missing.stderr.startswith("error: table(s) 'customers'")
    _invoke("load", str(SHOP), "--to", target, "--create", "--entity", "customers", *SMALL)
    twice = _invoke("load", str(SHOP), "--to", target, "--entity", "customers", *SMALL, code=1)
    assert "error: table 'customers': UNIQUE constraint failed" in twice.stderr
    scheme = _invoke("load", str(SHOP), "--to", "oracle://scott@db/x", code=2)
    assert "unsupported database URL scheme 'oracle'" in scheme.stderr
    unknown = _invoke("load", str(SHOP), "--to", "nosuchname", code=2,
                      env={"SYNTHDB_CONFIG_DIR": str(tmp_path / "config")})
    assert "no saved connection named 'nosuchname'" in unknown.stderr
    bad_var = _invoke("load", str(SHOP), "--to", target, "--var", "n_customer=3", code=2)
    assert "variables.n_customer: unknown variable" in bad_var.stderr


def test_load_as_a_process(tmp_path: Path) -> None:
    target = tmp_path / "shop.duckdb"
    done = subprocess.run([sys.executable, "-m", "synthdb", "load", str(SHOP), "--to", f"duckdb:///{target}",
                           "--create", *SMALL], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "loaded" in done.stdout and done.stderr == ""
    import duckdb

    with duckdb.connect(str(target), read_only=True) as con:
        rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
    assert rows and all(n > 0 for n in rows.values()), rows
    assert f"loaded {sum(rows.values()):,} rows into {len(rows)} tables" in done.stdout, (done.stdout, rows)


def test_connections_round_trip(tmp_path: Path) -> None:
    env = {"SYNTHDB_CONFIG_DIR": str(tmp_path / "config")}
    target = tmp_path / "named.db"
    _invoke("connections", "add", "files", f"sqlite:///{target}", env=env)
    assert _invoke("connections", "list", env=env).stdout.startswith("files\tsqlite:///")
    _invoke("load", str(SHOP), "--to", "files", "--create", *SMALL, env=env)
    assert target.exists()
    _invoke("connections", "remove", "files", env=env)
    assert "no saved connections" in _invoke("connections", "list", env=env).stderr
    _invoke("connections", "remove", "files", code=2, env=env)
    bad = _invoke("connections", "add", "has space", "sqlite:///x.db", code=2, env=env)
    assert "connection names start with a letter" in bad.stderr


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_import_writes_a_definition_validate_accepts(tmp_path: Path, suffix: str) -> None:
    ddl = tmp_path / "books.sql"
    ddl.write_text(DDL)
    output = tmp_path / f"books{suffix}"
    result = _invoke("import", str(ddl), "--dialect", "sqlite", "--output", str(output))
    assert "generators picked" in result.stderr and "Email" in result.stderr
    data = json.loads(output.read_text()) if suffix == ".json" else yaml.safe_load(output.read_text())
    books = next(e for e in data["entities"] if e["name"] == "books")
    fields = {f["name"]: f for f in books["fields"]}
    assert fields["author_id"]["generator"] == "Foreign Key"
    assert fields["format"]["values"] == ["hardcover", "paperback", "ebook"]
    assert (fields["price"]["min"], fields["price"]["max"]) == (1, 99)
    assert "valid" in _invoke("validate", str(output)).stdout
    target = tmp_path / "books.db"
    conn = sqlite3.connect(target)
    conn.executescript(DDL)
    conn.close()
    _invoke("load", str(output), "--to", f"sqlite:///{target}")


def test_import_to_stdout_quietly(tmp_path: Path) -> None:
    ddl = tmp_path / "books.sql"
    ddl.write_text(DDL)
    result = _invoke("import", str(ddl), "--quiet")
    assert result.stderr == ""
    assert yaml.safe_load(result.stdout)["platform"] == "postgres"  # no dialect marks: PostgreSQL
    sampled = _invoke("import", str(ddl), "--sample", code=2)
    assert "--sample reads aggregates from a live database" in sampled.stderr
