"""SQL array columns (`text[]`, `integer[]`): array literal text that PostgreSQL reads back as the same lists."""

from __future__ import annotations

from typing import Any

import psycopg
import pyarrow as pa
import pytest

from conftest import fresh_postgres
from synthdb import to_tables
from synthdb.engine.array_literals import array_text, is_array_type
from synthdb.service.load import LoadOptions, load


def test_literals_quote_and_escape_elements() -> None:
    values = pa.array([["a", 'b"c', None], None, [], ["x\\y", "a,b"]])
    assert array_text(values).to_pylist() == ['{"a","b\\"c",NULL}', None, "{}", '{"x\\\\y","a,b"}']
    assert array_text(pa.array([[1, 2], [3]])).to_pylist() == ["{1,2}", "{3}"]
    assert array_text(pa.array([[[1, 2], [3, 4]]])).to_pylist() == ["{{1,2},{3,4}}"]
    assert array_text(pa.array([True, None])).to_pylist() == ["{t}", None]  # a scalar is a one-item array
    assert array_text(pa.array([["q"], ["r"]]).slice(1)).to_pylist() == ['{"r"}']


def test_array_types_are_recognised() -> None:
    assert is_array_type("text[]") and is_array_type("INTEGER[]") and is_array_type("varchar(20)[]")
    assert not is_array_type("text") and not is_array_type("jsonb") and not is_array_type(None)


def _definition(rows: int = 200) -> dict[str, Any]:
    tags = {"generator": "Custom List", "values": ["red", "green", 'say "hi"', "back\\slash", "a,b", "{x}"]}
    return {"name": "arrays", "entities": [{"name": "item", "record_count": rows, "fields": [
        {"name": "id", "generator": "Row Number", "primary_key": True},
        {"name": "tags", "data_type": "text[]", "generator": "Array", "items": tags, "min": 0, "max": 4,
         "percent_null": 10},
        {"name": "scores", "data_type": "integer[]", "generator": "Array",
         "items": {"generator": "Number", "min": -5, "max": 5}, "exact_value": 3, "distribution": "fixed"},
        {"name": "single", "data_type": "text[]", "generator": "First Name"},
    ]}]}


def _lists(definition: dict[str, Any]) -> dict[str, list[Any]]:
    """The same columns generated as Arrow lists (no declared array type)."""
    plain = {**definition, "entities": [{**definition["entities"][0], "fields": [
        {k: v for k, v in f.items() if k != "data_type"} for f in definition["entities"][0]["fields"]]}]}
    table = to_tables(plain)["item"]
    return {name: table.column(name).to_pylist() for name in table.column_names}


def test_postgres_reads_the_literals_back_as_the_generated_lists() -> None:
    definition = _definition()
    expected = _lists(definition)
    with fresh_postgres("arrays") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE item (id int PRIMARY KEY, tags text[], scores integer[], single text[])")
        load(definition, url, LoadOptions(batch_size=64))
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT id, tags, scores, single FROM item ORDER BY id").fetchall()
    assert [r[0] for r in rows] == expected["id"]
    assert [r[1] for r in rows] == expected["tags"]
    assert [r[2] for r in rows] == expected["scores"]
    assert [r[3] for r in rows] == [[name] for name in expected["single"]]
    assert any(r[1] is None for r in rows) and any(r[1] == [] for r in rows)


@pytest.mark.parametrize("fmt", ["sql", "postgres-optimized"])
def test_created_tables_declare_the_array_type(tmp_path: Any, fmt: str) -> None:
    from synthdb import generate

    out = tmp_path / "arrays.zip"
    generate(_definition(20), fmt, str(out))
    import zipfile

    with zipfile.ZipFile(out) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".sql"))
    assert '"tags" TEXT[]' in text and '"scores" INT[]' in text
