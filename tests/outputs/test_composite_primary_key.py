"""A unique constraint marked primary_key: declared as PRIMARY KEY (a, b) with NOT NULL, and validated."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from synthdb.errors import DefinitionError
from synthdb.python_api import to_tables

LINES: dict[str, Any] = {"name": "shop", "entities": [
    {"name": "orders", "record_count": 40, "fields": [{"name": "id", "generator": "Row Number", "primary_key": True}]},
    {"name": "lines", "fields": [
        {"name": "order_id", "generator": "Foreign Key", "primary_key_entity": "orders", "primary_key_field": "id",
         "distribution": "poisson", "mean": 3, "min": 1, "max": 8},
        {"name": "line_no", "generator": "Rank", "partition": True},
        {"name": "qty", "generator": "Number", "min": 1, "max": 5}],
     "constraints": [{"constraint_type": "unique", "fields": ["order_id", "line_no"], "primary_key": True}]}]}


def test_line_numbers_count_within_each_order() -> None:
    rows = to_tables(LINES)["lines"].to_pylist()
    by_order: dict[int, list[int]] = {}
    for row in rows:
        by_order.setdefault(row["order_id"], []).append(row["line_no"])
    assert len(by_order) == 40
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in by_order.values())


def test_sqlite_declares_the_composite_primary_key(tmp_path: Path) -> None:
    source = tmp_path / "shop.yaml"
    source.write_text(yaml.safe_dump(LINES))
    out = tmp_path / "shop.sqlite"
    subprocess.run([sys.executable, "-m", "synthdb", "generate", str(source), "--format", "sqlite", "--output",
                    str(out)], check=True, capture_output=True)
    with sqlite3.connect(out) as conn:
        info = {row[1]: row for row in conn.execute("PRAGMA table_info(lines)")}
        assert info["order_id"][5] == 1 and info["line_no"][5] == 2  # pk position
        assert info["order_id"][3] == 1 and info["line_no"][3] == 1 and info["qty"][3] == 0  # NOT NULL
        # The database itself would refuse a repeated (order, line): the key is real, and the rows hold it.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO lines SELECT order_id, line_no, qty FROM lines LIMIT 1")


@pytest.mark.parametrize(("change", "message"), [
    ({"constraints": [{"constraint_type": "unique", "fields": ["order_id", "line_no"], "primary_key": True},
                      {"constraint_type": "unique", "fields": ["line_no", "qty"], "primary_key": True}]},
     "only one unique constraint may be the primary key"),
    ({"fields": [*LINES["entities"][1]["fields"][:2],
                 {"name": "qty", "generator": "Row Number", "primary_key": True}]},
     "cannot also be primary_key"),
])
def test_a_second_primary_key_is_refused(change: dict[str, object], message: str) -> None:
    entity = {**LINES["entities"][1], **change}
    with pytest.raises((DefinitionError, ValueError), match=message):
        to_tables({**LINES, "entities": [LINES["entities"][0], entity]})
