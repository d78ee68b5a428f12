"""SQL schemas in a definition: identity (schema, name), plain names when unambiguous, errors with paths."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import synthdb
from synthdb.definition.fabricate import definition_body
from synthdb.definition.loader import definition_from_data
from synthdb.engine.planner import build_plan
from synthdb.errors import DefinitionError, UsageError
from synthdb.service.run import Run, RunOptions


def _entity(name: str, schema: str | None = None, rows: int = 5, **fields: Any) -> dict[str, Any]:
    entity: dict[str, Any] = {"name": name, "record_count": rows,
                              "fields": [{"name": "id", "generator": "Row Number", "primary_key": True}]}
    entity["fields"] += [{"name": k, **v} for k, v in fields.items()]
    if schema is not None:
        entity["schema"] = schema
    return entity


def _fk(parent: str) -> dict[str, Any]:
    return {"generator": "Foreign Key", "primary_key_entity": parent, "primary_key_field": "id"}


BASE: dict[str, Any] = {"name": "two", "seed": 3, "entities": [
    _entity("person", "hr", rows=3),
    _entity("person", "sales", rows=50),
    _entity("orders", "sales", rows=40, buyer=_fk("sales.person"), rep=_fk("hr.person")),
    _entity("notes", rows=10, order_id=_fk("orders")),
]}


def test_same_name_in_two_schemas_is_two_tables() -> None:
    tables = synthdb.to_tables(copy.deepcopy(BASE))
    assert list(tables) == ["hr.person", "sales.person", "sales.orders", "notes"]
    orders = tables["sales.orders"].to_pydict()
    # Each key reads its own `person`: hr has 3 rows, sales 50.
    assert max(orders["rep"]) <= 3 and max(orders["buyer"]) > 3
    assert set(tables["notes"].column("order_id").to_pylist()) <= set(orders["id"])


def test_same_schema_and_name_twice_is_refused_with_its_path() -> None:
    data = copy.deepcopy(BASE)
    data["entities"].append(_entity("person", "hr"))
    with pytest.raises(DefinitionError) as caught:
        definition_from_data(data)
    assert "entities[4]: entity 'hr.person' (schema and name) is used twice, first at entities[0]" in str(caught.value)


def test_a_plain_name_key_colliding_with_a_qualified_one_is_refused() -> None:
    data = {"entities": [_entity("hr.person"), _entity("person", "hr")]}
    with pytest.raises(DefinitionError, match=r"entity 'hr.person' \(schema and name\) is used twice"):
        definition_from_data(data)


def test_an_ambiguous_plain_reference_names_the_field_and_the_candidates() -> None:
    data = copy.deepcopy(BASE)
    data["entities"][2]["fields"][1]["primary_key_entity"] = "person"
    with pytest.raises(DefinitionError) as caught:
        build_plan(definition_from_data(data))
    assert caught.value.path == "entities[2].fields[1].primary_key_entity"
    assert "'person' is ambiguous: it names hr.person, sales.person" in str(caught.value)


def test_an_unknown_reference_still_suggests_a_name() -> None:
    data = copy.deepcopy(BASE)
    data["entities"][3]["fields"][1]["primary_key_entity"] = "order"
    with pytest.raises(DefinitionError, match="unknown entity 'order'"):
        build_plan(definition_from_data(data))


def test_entity_option_takes_plain_and_qualified_names() -> None:
    database = definition_from_data(copy.deepcopy(BASE))
    assert [t.name for t in Run(database, RunOptions(entity="orders")).tables] == ["sales.orders"]
    assert [t.name for t in Run(database, RunOptions(entity="hr.person")).tables] == ["hr.person"]
    with pytest.raises(UsageError, match="ambiguous"):
        Run(database, RunOptions(entity="person"))


def test_sql_tables_read_qualified_and_plain_names() -> None:
    data = copy.deepcopy(BASE)
    data["entities"].append({"name": "per_rep", "view": True, "schema": "reports",
                             "sql": "SELECT p.id, count(o.id) AS n FROM hr.person p LEFT JOIN orders o "
                                    "ON o.rep = p.id GROUP BY p.id ORDER BY p.id"})
    tables = synthdb.to_tables(data)
    per_rep = tables["reports.per_rep"].to_pydict()
    assert per_rep["id"] == [1, 2, 3] and sum(per_rep["n"]) == 40


def test_sql_table_with_an_ambiguous_name_is_refused() -> None:
    data = copy.deepcopy(BASE)
    data["entities"].append({"name": "bad", "view": True, "sql": "SELECT count(*) AS n FROM person"})
    with pytest.raises(DefinitionError, match=r"entities\[4\]\.sql: 'person' is ambiguous"):
        build_plan(definition_from_data(data))


def test_schema_names_are_checked_like_table_names() -> None:
    data = {"entities": [_entity("t", "bad/schema")]}
    with pytest.raises(DefinitionError) as caught:
        build_plan(definition_from_data(data))
    assert caught.value.path == "entities[0].schema"


def test_export_keeps_schema_and_omits_it_when_unset() -> None:
    exported = definition_body(definition_from_data(copy.deepcopy(BASE)))
    assert [e.get("schema") for e in exported["entities"]] == ["hr", "sales", "sales", None]
    assert "schema" not in exported["entities"][3]
    plain = definition_from_data({"entities": [_entity("t")]})
    assert "schema" not in plain.model_dump(mode="json", by_alias=True)["entities"][0]


def test_workers_plan_the_definition_as_written() -> None:
    # Worker processes re-plan the dumped definition: the schema-qualified rows equal one process's.
    one = synthdb.to_tables(copy.deepcopy(BASE))
    plan = build_plan(definition_from_data(copy.deepcopy(BASE)))
    assert plan.definition.entities[0].db_schema == "hr"
    assert plan.schemas == {"hr.person": ("hr", "person"), "sales.person": ("sales", "person"),
                            "sales.orders": ("sales", "orders")}
    two = synthdb.to_tables(copy.deepcopy(BASE), workers=2, batch_size=7)
    assert all(one[name].equals(two[name]) for name in one)


@pytest.mark.parametrize("schema", ["pg_catalog", "PG_toast", "pg_anything", "information_schema", "mysql",
                                    "performance_schema", "sys", "INFORMATION_SCHEMA"])
def test_a_system_schema_is_refused_with_its_path(schema: str) -> None:
    database = definition_from_data({"entities": [
        {"name": "ok", "fields": [{"name": "id", "generator": "Row Number"}]},
        {"name": "user", "schema": schema, "fields": [{"name": "id", "generator": "Row Number"}]}]})
    with pytest.raises(DefinitionError, match=r"entities\[1\]\.schema.*system schema"):
        build_plan(database, 1, {})


def test_schemas_that_only_look_like_system_ones_are_kept() -> None:
    for schema in ("pgsql", "mysql_app", "system", "sales"):
        build_plan(definition_from_data({"entities": [
            {"name": "t", "schema": schema, "fields": [{"name": "id", "generator": "Row Number"}]}]}), 1, {})
