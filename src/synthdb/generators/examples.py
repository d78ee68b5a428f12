"""A small definition around any one generator: used for catalog examples, the every-generator test suite
and the per-generator benchmark, so all three agree on what a generator needs."""

from __future__ import annotations

from typing import Any

# Parameters for generators that cannot run on defaults alone; every other generator must.
EXAMPLE_PARAMS: dict[str, dict[str, Any]] = {
    "array": {"items": {"generator": "Number", "min": 1, "max": 9}},
    "column_from_another_table": {"foreign_key_field": "id", "value_field": "id", "enable_where": True,
                                  "primary_key_entity": "t", "primary_key_field": "id"},
    "constant": {"constant_value": "same"},
    "custom_list": {"values": ["a", "b", "c"]},
    "foreign_key": {"primary_key_entity": "parent", "primary_key_field": "id"},
    "object": {"fields": [{"name": "a", "generator": "Words"}, {"name": "n", "generator": "Number"}]},
    "rank": {"field": "id"},
    "encrypt": {"field": "id"},
    "regular_expression": {"regex": "[A-Z]{2}-[0-9]{3}"},
    "sql": {"sql": "id * 2 + 1"},
    "sum_from_another_table": {"child_entity": "kids", "foreign_key_field": "t_id", "aggregate": "count"},
    "sum_of_previous_rows": {"field": "id"},
    "template": {"template": "row {id}"},
    "value_from_previous_row": {"field": "id", "default": 0},
}


def example_definition(key: str, rows: int, extra: dict[str, Any] | None = None,
                       with_nulls: bool = False) -> dict[str, Any]:
    """Table `t` with `id` and a `value` column of generator `key` (and `maybe`, half null, if asked),
    beside a `parent` table it may reference and a `kids` table referencing it."""
    params = {**EXAMPLE_PARAMS.get(key, {}), **(extra or {})}
    fields: list[dict[str, Any]] = [
        {"name": "id", "generator": "Number", "primary_key": True},
        {"name": "value", "generator": key, **params},
    ]
    if with_nulls:
        fields.append({"name": "maybe", "generator": key, "percent_null": 50, **params})
    table: dict[str, Any] = {"name": "t", "record_count": str(rows), "fields": fields}
    if key == "source_file":
        # Source File reads an attached CSV: make `t` a static table of `rows` records.
        lines = "\n".join(f"v{i}" for i in range(rows))
        table.update(is_static=True, source={"data": f"value\n{lines}\n", "filename": "t.csv"})
        for field in fields[1:]:
            field["source_column"] = "value"
    return {"entities": [
        {"name": "parent", "record_count": "20", "fields": [{"name": "id", "generator": "Number",
                                                              "primary_key": True}]},
        table,
        {"name": "kids", "record_count": str(max(rows // 2, 1)), "fields": [
            {"name": "t_id", "generator": "Foreign Key", "primary_key_entity": "t", "primary_key_field": "id"}]},
    ]}
