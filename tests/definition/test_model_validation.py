"""The definition model's validators, each pinned by its exact JSON path and message (definition/model.py).

A user reads these messages to fix a definition, and the service returns them as they are: a changed
bound, a lost path segment or a reworded message fails here (docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from synthdb.definition.files import UNTRUSTED_PATH
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database, csv_header
from synthdb.errors import DefinitionError

F = {"name": "id", "generator": "Number"}


def refusal(data: dict[str, Any], **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(DefinitionError) as caught:
        definition_from_data(data, **kwargs)
    return caught.value.path, caught.value.message


def one_field(**field: Any) -> dict[str, Any]:
    return {"entities": [{"name": "a", "fields": [{**F, **field}]}]}


def second_entity(**entity: Any) -> dict[str, Any]:
    return {"entities": [{"name": "z", "fields": [F]}, {"name": "a", **entity}]}


# --- fields -------------------------------------------------------------------------------------

@pytest.mark.parametrize("share", [0, 0.001, 50, 100])
def test_percent_null_accepts_zero_to_one_hundred(share: float) -> None:
    assert definition_from_data(one_field(percent_null=share)).entities[0].fields[0].percent_null == share


@pytest.mark.parametrize(("share", "shown"), [(101, "101.0"), (100.5, "100.5"), (-0.5, "-0.5"), (-1, "-1.0")])
def test_percent_null_outside_zero_to_one_hundred_is_refused(share: float, shown: str) -> None:
    assert refusal(second_entity(fields=[F, {**F, "name": "b", "percent_null": share}])) == (
        "entities[1].fields[1].percent_null", f"must be between 0 and 100, got {shown}")


def test_not_null_fields_cannot_ask_for_nulls() -> None:
    assert refusal(second_entity(fields=[{**F, "nullable": False, "percent_null": 5}])) == (
        "entities[1].fields[0]", "field 'id' is nullable: false (NOT NULL) but asks percent_null: 5.0")
    for ok in ({"nullable": False}, {"nullable": True, "percent_null": 5}, {"percent_null": 5}):
        assert definition_from_data(one_field(**ok)).entities[0].fields[0].nullable == ok.get("nullable")


def test_field_params_are_the_extra_keys_without_export_metadata() -> None:
    field = definition_from_data(one_field(min=3, max="9", id="f1", description="d", nulls=2, position=4,
                                           entity_id="e", created_at="t", updated_at="t")).entities[0].fields[0]
    assert field.params == {"min": 3, "max": "9"}


def test_field_names_are_unique_within_an_entity() -> None:
    assert refusal(second_entity(fields=[F, {**F, "generator": "UUID"}])) == (
        "entities[1].fields", "field name 'id' is used twice")
    database = definition_from_data(second_entity(fields=[F, {**F, "name": "ID"}]))
    assert [f.name for f in database.entities[1].fields] == ["id", "ID"]


def test_only_static_and_sql_tables_may_omit_fields() -> None:
    message = "an entity needs at least one field (only static tables and SQL tables may omit them)"
    assert refusal(second_entity(fields=[])) == ("entities[1].fields", message)
    # Without the key, pydantic does not validate the default: the planner refuses it (engine/static.py).
    assert definition_from_data(second_entity()).entities[1].fields == []
    # Either kind alone may list no fields.
    assert definition_from_data(second_entity(view=True, sql="select 1", fields=[])).entities[1].fields == []
    static = definition_from_data(second_entity(is_static=True, fields=[])).entities[1]
    assert static.is_static and static.fields == []
    assert definition_from_data(second_entity(is_static=True)).entities[1].fields == []


# --- entities -----------------------------------------------------------------------------------

def test_entity_names_are_unique() -> None:
    data = {"entities": [{"name": "a", "fields": [F]}, {"name": "b", "fields": [F]}, {"name": "a", "fields": [F]}]}
    assert refusal(data) == ("", "entity name 'a' is used twice")
    database = definition_from_data({"entities": [{"name": "a", "fields": [F]}, {"name": "A", "fields": [F]}]})
    assert database.entity("A") is database.entities[1] and database.entity("a") is database.entities[0]
    assert database.entity("b") is None
    assert database.entities[0].field("id") is database.entities[0].fields[0]
    assert database.entities[0].field("ID") is None


def test_one_primary_key_per_entity() -> None:
    fields = [F, {**F, "name": "b"}]
    two = [{"constraint_type": "unique", "fields": ["id"], "primary_key": True},
           {"constraint_type": "unique", "fields": ["b"], "primary_key": True}]
    assert refusal(second_entity(fields=fields, constraints=two)) == (
        "entities[1]", "only one unique constraint may be the primary key (primary_key: true)")
    both = [{"constraint_type": "unique", "fields": ["id", "b"], "primary_key": True}]
    assert refusal(second_entity(fields=[{**F, "primary_key": True}, *fields[1:]], constraints=both)) == (
        "entities[1]", "the primary key is the constraint over ['id', 'b'], so field(s) ['id'] cannot also be "
                       "primary_key")
    ok = definition_from_data(second_entity(fields=fields, constraints=[two[0], {**two[1], "primary_key": False}]))
    assert [c.primary_key for c in ok.entities[1].constraints] == [True, False]
    assert definition_from_data(second_entity(fields=[{**F, "primary_key": True}, fields[1]])).entities[1].fields[0]


def test_a_one_field_unique_constraint_marks_the_field_unique_without_marking_it_set() -> None:
    # (A one-field not-equal constraint cannot be written: the model wants exactly two fields.)
    database = definition_from_data(second_entity(fields=[F, {**F, "name": "b"}, {**F, "name": "c"}], constraints=[
        {"constraint_type": "unique", "fields": ["b"]}, {"constraint_type": "unique", "fields": ["id", "c"]},
        {"constraint_type": "not-equal", "fields": ["id", "c"]}, {"constraint_type": "unique", "fields": ["nope"]}]))
    fields = database.entities[1].fields
    assert [f.unique for f in fields] == [False, True, False]
    assert "unique" not in fields[1].model_fields_set
    assert "unique" not in database.model_dump(exclude_unset=True)["entities"][1]["fields"][1]


def test_constraint_spellings_are_normalised() -> None:
    constraints = definition_from_data(second_entity(fields=[F, {**F, "name": "b"}], constraints=[
        {"constraint_type": "not-equal", "fields": ["id", "b"]}])).entities[1].constraints
    assert [(c.constraint_type, c.fields) for c in constraints] == [("not-equal", ["id", "b"])]


# --- static tables ------------------------------------------------------------------------------

def test_a_source_makes_the_table_static_with_one_field_per_header_column() -> None:
    entity = definition_from_data(second_entity(source={"data": "\ufeffx,\"y,z\"\r\n1,2\r\n"})).entities[1]
    assert entity.is_static
    assert [(f.name, f.generator) for f in entity.fields] == [("x", "Source File"), ("y,z", "Source File")]
    declared = definition_from_data(second_entity(is_static=False, source={"data": "x\n1\n"}, fields=[F]))
    assert not declared.entities[1].is_static  # an explicit is_static wins
    listed = definition_from_data(second_entity(source={"data": "x,y\n1,2\n"}, fields=[{**F, "name": "y"}]))
    assert [f.name for f in listed.entities[1].fields] == ["y"]  # declared fields are kept


@pytest.mark.parametrize("header", ["a,a", "a,,b", ","])
def test_a_static_header_names_each_column_once(header: str) -> None:
    names = header.split(",")
    assert refusal(second_entity(source={"data": f"{header}\n1\n"})) == (
        "entities[1]", f"the CSV header must name each column once, got {names}")


def test_csv_header_reads_the_first_record() -> None:
    assert csv_header('a,"b ""c""",d\n1,2,3\n') == ["a", 'b "c"', "d"]
    assert csv_header("\ufeffid\n") == ["id"]
    assert csv_header("") == []
    assert csv_header('"multi\nline",x\n') == ["multi\nline", "x"]


def test_a_source_path_is_read_relative_to_the_definition(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "codes.csv").write_text("code,label\nA,alpha\n", encoding="utf-8")
    entity = definition_from_data(second_entity(source={"path": "data/codes.csv"}),
                                  source=str(tmp_path / "def.yaml")).entities[1]
    assert entity.source is not None
    assert (entity.source.data, entity.source.filename) == ("code,label\nA,alpha\n", "codes.csv")
    assert [f.name for f in entity.fields] == ["code", "label"]
    named = definition_from_data(second_entity(source={"path": "data/codes.csv", "filename": "mine.csv"}),
                                 source=str(tmp_path / "def.yaml")).entities[1].source
    assert named is not None and named.filename == "mine.csv"
    inline = definition_from_data(second_entity(source={"path": "nowhere.csv", "data": "q\n1\n"}),
                                  trusted_paths=False).entities[1].source
    assert inline is not None and inline.data == "q\n1\n"  # inline data wins; the path is never read


def test_source_path_problems_are_named() -> None:
    assert refusal(second_entity(source={"path": "codes.csv"}), trusted_paths=False) == (
        "entities[1].source.path", UNTRUSTED_PATH)
    assert refusal(second_entity(source={"path": "/nonexistent/codes.csv"})) == (
        "entities[1].source", "cannot read '/nonexistent/codes.csv': file not found")


# --- database -----------------------------------------------------------------------------------

def test_variables_as_a_list_of_records() -> None:
    database = definition_from_data({"variables": [{"name": "n", "value": 3}, {"name": "m", "default": "4"},
                                                   {"name": 5}, {"name": "v", "value": 1, "default": 2}],
                                     "entities": [{"name": "a", "fields": [F]}]})
    assert database.variables == {"n": 3, "m": "4", "5": None, "v": 1}
    assert definition_from_data({"variables": None, "entities": [{"name": "a", "fields": [F]}]}).variables == {}
    assert definition_from_data({"variables": {"k": 2}, "entities": [{"name": "a", "fields": [F]}]}).variables == {
        "k": 2}


@pytest.mark.parametrize("variables", [[{"value": 1}], [3], [{"name": "n"}, "m"]])
def test_each_listed_variable_needs_a_name(variables: list[Any]) -> None:
    assert refusal({"variables": variables, "entities": [{"name": "a", "fields": [F]}]}) == (
        "variables", "each variable needs a 'name'")


def test_the_platform_is_checked_and_kept_as_written() -> None:
    assert refusal({"platform": "oracle9", "entities": [{"name": "a", "fields": [F]}]}) == (
        "platform", "unsupported platform 'oracle9' (supported: postgres, mysql, sqlite, sqlserver, duckdb; also "
                    "spelled postgresql, pg, mariadb, sqlite3, mssql, tsql)")
    assert definition_from_data({"platform": "pg", "entities": [{"name": "a", "fields": [F]}]}).platform == "pg"


def test_defaults_of_a_minimal_definition() -> None:
    database = Database.model_validate({"entities": [{"name": "a", "fields": [F]}]})
    entity, field = database.entities[0], database.entities[0].fields[0]
    assert (database.name, database.platform, database.locale, database.csv_quoting) == (
        "database", "postgres", "en_US", "minimal")
    assert (entity.records, entity.record_count, entity.is_static, entity.view, entity.export) == (
        "exact", "100", False, False, True)
    assert (field.percent_null, field.primary_key, field.unique, field.virtual, field.nullable) == (
        0, False, False, False, None)
