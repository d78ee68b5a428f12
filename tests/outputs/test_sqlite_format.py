"""The sqlite format: tables, types, keys and values equal to the engine's, byte-identical across batch sizes."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition, typed_definition


def as_sqlite(value: Any) -> Any:
    """A Python value as SQLite gives it back."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def expected_rows(table: pa.Table) -> list[tuple[Any, ...]]:
    return [tuple(as_sqlite(v) for v in row.values()) for row in table.to_pylist()]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "typed.sqlite"
    return synthdb.generate(typed_definition(), format="sqlite", output=path)


def test_tables_rows_and_values_equal_the_engine(database: Path) -> None:
    expected = synthdb.to_tables(typed_definition())
    with sqlite3.connect(database) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        assert names == list(expected)  # created in foreign-key order
        for name, table in expected.items():
            columns = ", ".join(f'"{c}"' for c in table.column_names)
            rows = connection.execute(f'SELECT {columns} FROM "{name}" ORDER BY rowid').fetchall()
            assert len(rows) == table.num_rows
            assert rows == expected_rows(table), name


def test_awkward_strings_nulls_and_empty_strings_survive(database: Path) -> None:
    tables = synthdb.to_tables(typed_definition())
    engine = set(tables["parents"]["label"].to_pylist() + tables["children"]["text"].to_pylist())
    with sqlite3.connect(database) as connection:
        found = {r[0] for r in connection.execute("SELECT label FROM parents UNION SELECT text FROM children")}
        notes = [r[0] for r in connection.execute("SELECT note FROM parents")]
    assert found == engine and found <= set(AWKWARD_STRINGS)
    assert len(found) >= 15 and {"", "back\\slash", "emoji 😀🎉👍🏽", "it's"} <= found
    assert None in notes  # NULL stays NULL, distinct from ''


def test_keys_are_declared_and_hold(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        info = {r[1]: r for r in connection.execute("PRAGMA table_info(events)")}
        assert info["id"][5] == 1 and info["code"][5] == 2  # composite primary key, in order
        assert info["id"][3] == 1  # NOT NULL
        assert info["ref"][2] == "TEXT"  # UUIDs keep TEXT affinity
        fks = connection.execute("PRAGMA foreign_key_list(children)").fetchall()
        assert [(f[2], f[3], f[4]) for f in fks] == [("parents", "parent_id", "id")]
        fks = connection.execute("PRAGMA foreign_key_list(events)").fetchall()
        assert [(f[2], f[3], f[4]) for f in fks] == [("children", "child_id", "id")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        types = {r[1]: r[2] for r in connection.execute("PRAGMA table_info(children)")}
    assert types == {"id": "INTEGER", "parent_id": "INTEGER", "text": "TEXT", "amount": "REAL(18, 2)",
                     "flag": "INTEGER", "ratio": "REAL"}


def test_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = typed_definition(rows=30)
    digests = set()
    for batch_size, workers in [(7, 1), (65536, 1), (7, 2)]:
        path = tmp_path / f"{batch_size}-{workers}.sqlite"
        synthdb.generate(definition, format="sqlite", output=path, batch_size=batch_size, workers=workers)
        digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_single_entity_is_one_plain_sqlite_file(tmp_path: Path) -> None:
    path = synthdb.generate(awkward_definition(), format="sqlite", output=tmp_path / "children.sqlite",
                            entity="children")
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    with sqlite3.connect(path) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert names == ["children"]
        assert connection.execute("SELECT count(*) FROM children").fetchone() == (120,)
        # The parent table is not written, so no foreign key points at it.
        assert connection.execute("PRAGMA foreign_key_list(children)").fetchall() == []


def test_nothing_is_left_behind_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from synthdb.outputs.formats import sqlite_format

    def broken(table: Any) -> Any:
        yield (1, 1, "x")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sqlite_format, "table_rows", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        synthdb.generate(awkward_definition(), format="sqlite", output=tmp_path / "x.sqlite")
    assert list(tmp_path.iterdir()) == []  # neither the file nor a journal
