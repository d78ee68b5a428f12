"""The import says which dialect it read and why, names statements it left out, and explains its guesses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from synthdb.importers import explain_dialect, import_definition

MYSQL_PLAIN = """
CREATE TABLE t (id INT PRIMARY KEY, x VARCHAR(20) CHARACTER SET latin1, KEY k (x));
CREATE TABLE u (id INT PRIMARY KEY, t_id INT, flag TINYINT);
"""


@pytest.mark.parametrize(("ddl", "dialect", "mark"), [
    (MYSQL_PLAIN, "mysql", "CHARACTER SET"),
    ("CREATE TABLE a (id int,\n  KEY idx_a (id)\n);", "mysql", "KEY idx_a ("),
    ("CREATE TABLE a (n MEDIUMINT);", "mysql", "MEDIUMINT"),
    ("CREATE TABLE a (id INT IDENTITY(1,1));", "tsql", "IDENTITY("),
    ("EXEC sp_addtype tid, 'varchar(6)', 'NOT NULL'\nCREATE TABLE a (id tid)", "tsql", "sp_addtype"),
    ("CREATE TABLE [Sales].[Store] ([Name] [varchar](50) NULL)", "tsql", "[Sales].[Store]"),
    ("CREATE TABLE a (id int CONSTRAINT pk PRIMARY KEY CLUSTERED)", "tsql", "CLUSTERED"),
    ("CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);", "sqlite", "AUTOINCREMENT"),
    ("CREATE TABLE a (id serial PRIMARY KEY);", "postgres", "no other dialect"),
])
def test_the_guess_names_its_reason(ddl: str, dialect: str, mark: str) -> None:
    guessed, reason = explain_dialect(ddl)
    assert guessed == dialect and mark in reason and "--dialect" in reason


def test_mysql_without_backticks_keeps_its_keys_out_of_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "plain.sql"
    path.write_text(MYSQL_PLAIN + "CREATE TABL broken (;\n")
    result = import_definition(str(path))
    columns = {e["name"]: [f["name"] for f in e["fields"]] for e in result.definition["entities"]}
    assert columns == {"t": ["id", "x"], "u": ["id", "t_id", "flag"]}  # no column called KEY
    assert result.notes[0].startswith("read as mysql DDL: it has 'CHARACTER SET'")
    assert any("left out: CREATE TABL broken" in note for note in result.notes)


def test_explain_keeps_each_guess_in_the_yaml(tmp_path: Path) -> None:
    path = tmp_path / "plain.sql"
    path.write_text(MYSQL_PLAIN)
    out = tmp_path / "plain.yaml"
    done = subprocess.run([sys.executable, "-m", "synthdb", "import", str(path), "-q", "--explain", "-o", str(out)],
                          capture_output=True, text=True, check=True)
    text = out.read_text()
    assert "# inference score: " in text
    assert re.search(r"^# guess: t\.x -> [A-Z][\w ]+ \(\d+%\): \S", text, re.M)
    assert len(re.findall(r"^# guess: ", text, re.M)) == 5  # one per column
    assert "generators picked" in done.stderr  # --explain prints the table even with -q
    quiet = subprocess.run([sys.executable, "-m", "synthdb", "import", str(path), "-q", "-o", str(out)],
                           capture_output=True, text=True, check=True)
    assert quiet.stderr == "" and "# guess:" not in out.read_text()
