"""postgres-optimized: the zip loads with one psql command, in one transaction, with the engine's exact rows."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from typing import Any

import psycopg
import pytest

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition, typed_definition

FORMAT = "postgres-optimized"



def unzip(definition: dict[str, Any], folder: Path, **options: Any) -> Path:
    path = synthdb.generate(definition, format=FORMAT, output=folder.parent / f"{folder.name}.zip", **options)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def psql(url: str, script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    return subprocess.run(
        ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", script.name],
        cwd=cwd, capture_output=True, text=True,
    )


def rows(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as connection:
        return [tuple(str(v) if isinstance(v, uuid.UUID) else v for v in r) for r in connection.execute(query)]


def test_zip_layout(tmp_path: Path) -> None:
    folder = unzip(awkward_definition(), tmp_path / "out")
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "data/children.csv", "data/parents.csv", "load.sql", "schema.sql",
    ]
    load = (folder / "load.sql").read_text()
    assert load.index("\\set ON_ERROR_STOP on") < load.index("BEGIN;") < load.index("\\ir schema.sql")
    assert load.index("data/parents.csv") < load.index("data/children.csv") < load.index("COMMIT;")
    assert (folder / "schema.sql").read_text().count("CREATE TABLE IF NOT EXISTS") == 2


def test_loads_into_postgres_with_keys_and_exact_values(tmp_path: Path, postgres_url: str) -> None:
    definition = typed_definition()
    folder = unzip(definition, tmp_path / "out")
    result = psql(postgres_url, folder / "load.sql", folder)
    assert result.returncode == 0, result.stderr
    for name, table in synthdb.to_tables(definition).items():
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        expected = [tuple(r.values()) for r in table.to_pylist()]
        assert rows(postgres_url, f'SELECT {columns} FROM "{name}" ORDER BY id') == expected, name
    constraints = set(rows(postgres_url, "SELECT conrelid::regclass::text, contype FROM pg_constraint"))
    assert {("parents", "p"), ("children", "p"), ("children", "f"), ("events", "p"), ("events", "f")} <= constraints
    [(key,)] = rows(postgres_url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                  "WHERE conrelid = 'events'::regclass AND contype = 'p'")
    assert key == "PRIMARY KEY (id, code)"
    # Awkward strings arrive unchanged; NULL and '' stay distinct.
    labels = {r[0] for r in rows(postgres_url, "SELECT label FROM parents UNION SELECT text FROM children")}
    assert len(labels) >= 15 and labels <= set(AWKWARD_STRINGS) and "" in labels
    [(nulls, empties)] = rows(postgres_url, "SELECT count(*) FILTER (WHERE note IS NULL), "
                                            "count(*) FILTER (WHERE note = '') FROM parents")
    notes = synthdb.to_tables(definition)["parents"]["note"].to_pylist()
    assert (nulls, empties) == (notes.count(None), notes.count("")) and nulls > 0
    # Enforced: a child without a parent is refused.
    with psycopg.connect(postgres_url) as connection, pytest.raises(psycopg.errors.ForeignKeyViolation):
        connection.execute("INSERT INTO children (id, parent_id) VALUES (-1, -1)")


def test_broken_data_file_leaves_nothing_behind(tmp_path: Path, postgres_url: str) -> None:
    folder = unzip(awkward_definition(), tmp_path / "out")
    data = folder / "data" / "children.csv"
    # A bad row at the end: parents and most children are already copied when it fails.
    data.write_text(data.read_text() + 'not-a-number,1,"x",1.00,true,0.5\n')
    result = psql(postgres_url, folder / "load.sql", folder)
    assert result.returncode != 0 and "not-a-number" in result.stderr
    assert rows(postgres_url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'") == []


def test_loading_twice_fails_and_keeps_the_first_load(tmp_path: Path, postgres_url: str) -> None:
    folder = unzip(awkward_definition(), tmp_path / "out")
    assert psql(postgres_url, folder / "load.sql", folder).returncode == 0
    again = psql(postgres_url, folder / "load.sql", folder)
    assert again.returncode != 0 and "duplicate key" in again.stderr
    assert rows(postgres_url, "SELECT count(*) FROM children") == [(120,)]


def test_single_entity_is_a_plain_psql_script(tmp_path: Path, postgres_url: str) -> None:
    definition = awkward_definition()
    path = synthdb.generate(definition, format=FORMAT, output=tmp_path / "children.sql", entity="children")
    assert not zipfile.is_zipfile(path)
    text = path.read_text()
    assert "COPY \"children\"" in text and "FROM stdin;" in text and "FOREIGN KEY" not in text
    result = psql(postgres_url, path, tmp_path)
    assert result.returncode == 0, result.stderr
    table = synthdb.to_tables(definition, entity="children")["children"]
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    assert rows(postgres_url, f"SELECT {columns} FROM children ORDER BY id") == [
        tuple(r.values()) for r in table.to_pylist()
    ]


def test_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = typed_definition(rows=30)
    digests, entity_digests = set(), set()
    for batch_size, workers in [(7, 1), (65536, 1), (7, 2)]:
        options = {"batch_size": batch_size, "workers": workers}
        path = synthdb.generate(definition, format=FORMAT, output=tmp_path / f"{batch_size}-{workers}.zip", **options)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
        single = synthdb.generate(definition, format=FORMAT, output=tmp_path / f"{batch_size}-{workers}.sql",
                                  entity="events", **options)
        entity_digests.add(hashlib.sha256(single.read_bytes()).hexdigest())
    assert len(digests) == len(entity_digests) == 1
