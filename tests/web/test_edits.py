"""The designer's edits on plain definition data (no server)."""

from __future__ import annotations

from synthdb.web.edits import (
    grid_columns,
    located,
    named_parameter,
    rename_table,
    static_table,
    variables_from,
    with_generator,
)


def test_grid_keeps_parameters_and_sets_flags() -> None:
    fields = [{"name": "id", "generator": "Number", "primary_key": True},
              {"name": "qty", "generator": "Number", "min": 1, "max": 5, "unique": True}]
    form = {"c0_name": "id", "c0_data_type": "integer", "c0_percent_null": "0", "c0_primary_key": "1",
            "c1_name": "quantity", "c1_data_type": "", "c1_percent_null": "12.5"}
    out = grid_columns(fields, form)
    assert out[0] == {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"}
    assert out[1] == {"name": "quantity", "generator": "Number", "min": 1, "max": 5, "percent_null": 12.5}
    assert fields[1]["name"] == "qty"  # the stored data is not changed in place
    assert grid_columns(fields, {"c0_name": "id", "c0_percent_null": "lots"})[0]["percent_null"] == "lots"


def test_rename_follows_references() -> None:
    data = {"entities": [{"name": "a", "fields": []},
                         {"name": "b", "unique_records_for": "a",
                          "fields": [{"name": "a_id", "generator": "Foreign Key", "primary_key_entity": "a"},
                                     {"name": "n", "generator": "Sum From Another Table", "child_entity": "a"}]}]}
    rename_table(data, "a", "z")
    assert data["entities"][0]["name"] == "z" and data["entities"][1]["unique_records_for"] == "z"
    assert [f.get("primary_key_entity") or f.get("child_entity") for f in data["entities"][1]["fields"]] == ["z", "z"]


def test_generator_change_drops_old_parameters() -> None:
    column = {"name": "v", "generator": "Number", "min": 1, "percent_null": 5, "unique": True}
    assert with_generator(column, "Custom List", {"values": ["a"]}) == {
        "name": "v", "generator": "Custom List", "percent_null": 5, "unique": True, "values": ["a"]}


def test_paths_and_named_parameters() -> None:
    assert located("entities[2].fields[3].max") == (2, 3, "max")
    assert located("entities[1].record_count") == (1, None, "record_count")
    assert located("variables.n") == (None, None, None)
    assert named_parameter("min (10.0) is greater than max (1.0)", ["min", "max"]) == "min"
    assert named_parameter("'values' must not be empty", ["values"]) == "values"
    assert named_parameter("something else", ["min"]) is None


def test_static_table_and_variables() -> None:
    entity = {"name": "c", "record_count": "9", "fields": [{"name": "code", "generator": "Number", "primary_key": True},
                                                           {"name": "extra", "generator": "City"}]}
    out = static_table(entity, "code,name\nUS,United States\n", "c.csv")
    assert out["is_static"] is True and "record_count" not in out
    assert out["fields"] == [{"name": "code", "generator": "Source File", "primary_key": True},
                             {"name": "name", "generator": "Source File"}, {"name": "extra", "generator": "City"}]
    assert variables_from({"n": 3, "m": 1}, {"var0_value": "7", "var1_remove": "1", "var_new_name": "k",
                                             "var_new_value": "2.5"}) == {"n": 7, "k": 2.5}
    assert isinstance(variables_from({}, {"var_new_name": "9x"}), str)
    assert isinstance(variables_from({"n": 1}, {"var_new_name": "n"}), str)
