"""Static tables: rows from an attached CSV, the Source File generator, foreign keys into them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import synthdb
from conftest import AWKWARD_STRINGS
from synthdb import DefinitionError
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


CODES = [f"C{i:02d}" for i in range(len(AWKWARD_STRINGS))]
DATA = _csv([["code", "label", "rank", "zip"],
             *[[c, s, i * 10, f"{i:05d}"] for i, (c, s) in enumerate(zip(CODES, AWKWARD_STRINGS, strict=True))]])


def _shop(static: dict[str, Any], orders: int = 300) -> dict[str, Any]:
    return {"name": "shop", "seed": 5, "entities": [
        {"name": "categories", "is_static": True, "record_count": "999",
         "source": {"data": DATA, "filename": "categories.csv"}, **static},
        {"name": "products", "record_count": str(orders), "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "category", "generator": "Foreign Key", "primary_key_entity": "categories",
             "primary_key_field": "code"},
            {"name": "category_label", "generator": "SQL", "sql": '"category.label"'},
        ]},
    ]}


def test_fields_omitted_one_column_per_header_with_exact_values() -> None:
    tables = synthdb.to_tables(_shop({}))
    categories = tables["categories"]
    assert categories.num_rows == len(AWKWARD_STRINGS)  # record_count is ignored
    assert categories.column_names == ["code", "label", "rank", "zip"]
    assert categories["label"].to_pylist() == AWKWARD_STRINGS
    assert categories["code"].to_pylist() == CODES
    assert categories.schema.field("rank").type == pa.int64()
    # Leading zeros would be lost as numbers: such columns stay text.
    assert categories["zip"].to_pylist() == [f"{i:05d}" for i in range(len(CODES))]


def test_foreign_key_into_a_static_table_and_parent_columns() -> None:
    products = synthdb.to_tables(_shop({}))["products"]
    by_code = dict(zip(CODES, AWKWARD_STRINGS, strict=True))
    assert set(products["category"].to_pylist()) <= set(CODES)
    assert len(set(products["category"].to_pylist())) > len(CODES) // 2
    for code, label in zip(products["category"].to_pylist(), products["category_label"].to_pylist(), strict=True):
        assert label == by_code[code]


def test_listed_fields_source_column_data_type_and_generated_columns() -> None:
    fields = [
        {"name": "code", "generator": "Source File", "primary_key": True},
        {"name": "label", "generator": "Source File"},
        {"name": "name", "generator": "Source File", "source_column": "label"},
        {"name": "rank", "generator": "Source File", "data_type": "varchar(10)"},
        {"name": "zip", "generator": "Source File", "data_type": "integer"},
        {"name": "score", "generator": "Number", "min": 1, "max": 5},
        {"name": "tag", "generator": "SQL", "sql": "code || '-' || score"},
    ]
    categories = synthdb.to_tables(_shop({"fields": fields}))["categories"]
    assert categories["name"].to_pylist() == AWKWARD_STRINGS
    assert categories["rank"].to_pylist() == [str(i * 10) for i in range(len(CODES))]
    assert categories["zip"].to_pylist() == list(range(len(CODES)))
    scores = categories["score"].to_pylist()
    assert all(1 <= s <= 5 for s in scores) and len(set(scores)) > 1
    assert categories["tag"].to_pylist() == [f"{c}-{s}" for c, s in zip(CODES, scores, strict=True)]


def test_static_tables_are_batch_and_worker_independent(pool_ran: None) -> None:
    base = synthdb.to_tables(_shop({}))
    assert synthdb.to_tables(_shop({}), batch_size=7, workers=2) == base


@pytest.mark.parametrize(("static", "path", "words"), [
    ({"fields": [{"name": "code", "generator": "Source File", "source_column": "cod"}]},
     "entities[0].fields[0].source_column", "did you mean 'code'"),
    ({"fields": [{"name": "nope", "generator": "Source File"}]},
     "entities[0].fields[0].source_column", "categories.csv has no column 'nope'"),
    ({"fields": [{"name": "label", "generator": "Source File", "data_type": "integer"}]},
     "entities[0].fields[0].data_type", "cannot be read as 'integer'"),
    ({"source": None}, "entities[0].source", "needs its CSV"),
    ({"source": {"data": "a,b\n1,2,3\n"}}, "entities[0].source", "cannot read the CSV"),
])
def test_static_errors_name_the_element(static: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(DefinitionError) as info:
        synthdb.to_tables(_shop(static))
    assert info.value.path == path
    assert words in info.value.message


def test_source_file_outside_a_static_table_and_fields_required_elsewhere() -> None:
    definition = {"entities": [{"name": "t", "fields": [{"name": "x", "generator": "Source File"}]}]}
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.fields\[0\]\.generator: .*is_static"):
        synthdb.to_tables(definition)
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.fields: an entity needs at least one field"):
        definition_from_data({"entities": [{"name": "t", "fields": []}]})


def test_source_path_is_read_relative_to_the_base_directory(tmp_path: Path) -> None:
    (tmp_path / "cats.csv").write_text("code,n\nA,1\nB,2\n", encoding="utf-8")
    data = {"entities": [{"name": "cats", "is_static": True, "source": {"path": "cats.csv"}}]}
    database = Database.model_validate(data, context={"base_dir": str(tmp_path)})
    assert database.entities[0].source is not None and database.entities[0].source.filename == "cats.csv"
    assert synthdb.to_tables(database)["cats"].to_pylist() == [{"code": "A", "n": 1}, {"code": "B", "n": 2}]
    # Without a base directory (the loader does not pass one yet) the path is relative to the cwd.
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.source: cannot read 'cats.csv'"):
        definition_from_data(data)
