"""Fabricate-shaped definitions from the public examples and docs load, plan and generate; empty tables do not."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import synthdb
from synthdb.definition.fabricate import from_fabricate
from synthdb.engine.planner import build_plan
from synthdb.errors import DefinitionError

CORPUS = Path(__file__).resolve().parents[1] / "data" / "fabricate"
FILES = sorted(CORPUS.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_the_corpus_is_there() -> None:
    names = {path.name for path in FILES}
    assert {"examples-upsert-database.json", "export-with-metadata.json", "docs-shapes.json"} <= names


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_definition_loads_plans_and_generates(path: Path, tmp_path: Path) -> None:
    data = _load(path)
    database = from_fabricate(data)
    plan = build_plan(database, 7)
    out = synthdb.generate(database, "sqlite", tmp_path / "out.sqlite", seed=7)
    with sqlite3.connect(out) as db:
        for entity in data["entities"]:
            if entity.get("export", True) is False:
                continue
            count = db.execute(f'SELECT count(*) FROM "{entity["name"]}"').fetchone()[0]
            assert count > 0, entity["name"]
            if entity["name"] in plan.tables:
                assert count == plan.tables[entity["name"]].size
            if "source" in entity:  # a static table holds exactly its CSV's records
                records = list(csv.DictReader(io.StringIO(entity["source"]["data"])))
                rows = db.execute(f'SELECT * FROM "{entity["name"]}"').fetchall()
                assert len(rows) == len(records)
                assert [str(value) for value in rows[0]] == list(records[0].values())


def test_a_source_makes_the_table_static_without_is_static() -> None:
    data = _load(CORPUS / "examples-upsert-database.json")
    imported = data["entities"][0]
    assert "is_static" not in imported
    database = from_fabricate(data)
    assert database.entities[0].is_static
    tables = synthdb.to_tables(database)
    assert tables["imported"].column("first_name").to_pylist()[:2] == ["Babara", "Alard"]


def test_a_static_table_without_fields_takes_the_csv_header() -> None:
    tables = synthdb.to_tables(from_fabricate(_load(CORPUS / "examples-static-no-fields.json")))
    assert tables["imported"].column_names == ["id", "first_name", "last_name", "email", "gender", "ip_address"]
    assert tables["imported"].num_rows == 11


@pytest.mark.parametrize(
    ("entity", "path", "words"),
    [
        ({"name": "t"}, "entities[0].fields", "at least one field"),
        ({"name": "t", "source": {"filename": "t.csv"}}, "entities[0].source.data", "missing or empty"),
        ({"name": "t", "source": {"data": "", "filename": "t.csv"}}, "entities[0].source.data", "missing or empty"),
        ({"name": "t", "is_static": True}, "entities[0].source", "is missing"),
        ({"name": "t", "source": {"data": "id,name\n", "filename": "t.csv"}}, "entities[0].source.data",
         "has a header but no rows"),
        ({"name": "t", "is_static": True, "fields": [{"name": "id", "generator": "Source File"}]},
         "entities[0].source", "is missing"),
    ],
    ids=["no-fields", "no-data", "empty-data", "static-no-source", "header-only", "fields-no-source"],
)
def test_an_empty_table_is_an_error_naming_what_is_missing(entity: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        build_plan(from_fabricate({"name": "d", "entities": [entity]}))
    assert caught.value.path == path
    assert words in caught.value.message


def _ranked(fields: list[dict[str, Any]]) -> dict[str, list[Any]]:
    # A static table fixes the scores and teams, so the ranks can be written down.
    data = "id,score,team\n1,3,a\n2,1,b\n3,2,a\n4,3,b\n5,1,a\n6,5,b\n"
    definition = {"name": "r", "entities": [{"name": "t", "source": {"data": data, "filename": "t.csv"}, "fields": [
        {"name": "id", "generator": "Source File", "data_type": "integer"},
        {"name": "score", "generator": "Source File", "data_type": "integer"},
        {"name": "team", "generator": "Source File"},
        *fields]}]}
    return synthdb.to_tables(definition)["t"].to_pydict()


def test_rank_without_a_field_ranks_rows_in_order() -> None:
    table = _ranked([{"name": "n", "generator": "Rank"},
                     {"name": "back", "generator": "Rank", "direction": "desc"}])
    assert table["n"] == [1, 2, 3, 4, 5, 6]
    assert table["back"] == [6, 5, 4, 3, 2, 1]


def test_rank_takes_fabricates_spellings() -> None:
    table = _ranked([
        {"name": "by_score", "generator": "Rank", "order_by": "score"},
        {"name": "by_score_desc", "generator": "Rank", "field": "score", "sort_order": "DESC"},
        {"name": "in_team", "generator": "Rank", "field": "score", "partition_by": "team"},
        {"name": "team_row", "generator": "Rank", "group_by": "team"},
    ])
    assert table["score"] == [3, 1, 2, 3, 1, 5]
    assert table["by_score"] == [4, 1, 3, 4, 1, 6]  # ties share a rank, the next one skips
    assert table["by_score_desc"] == [2, 5, 4, 2, 5, 1]
    # team a holds rows 0, 2, 4 (scores 3, 2, 1); team b rows 1, 3, 5 (scores 1, 3, 5)
    assert table["in_team"] == [3, 1, 2, 2, 1, 3]
    assert table["team_row"] == [1, 1, 2, 2, 3, 3]


def test_rank_names_a_missing_column() -> None:
    with pytest.raises(DefinitionError) as caught:
        _ranked([{"name": "x", "generator": "Rank", "partition_by": "nope"}])
    assert caught.value.path == "entities[0].fields[3].partition_by"
