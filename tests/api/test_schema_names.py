"""A table's SQL schema names its files too (`sales.orders.csv`): the service and MCP refuse a path in it."""

from __future__ import annotations

import pytest

from synthdb.api.errors import ApiError
from synthdb.api.lookup import check_entity_names
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database
from synthdb.mcp.checks import name_errors


def _database(schema: str) -> Database:
    return definition_from_data({"entities": [
        {"name": "orders", "schema": schema, "fields": [{"name": "id", "generator": "Row Number"}]}]})


def test_service_refuses_a_schema_that_is_a_path() -> None:
    check_entity_names(_database("sales"))
    with pytest.raises(ApiError, match=r"entities\[0\]\.schema: '\.\./x' is not a valid name"):
        check_entity_names(_database("../x"))


def test_mcp_names_the_schema_path() -> None:
    assert name_errors(_database("sales")) == []
    assert [e["path"] for e in name_errors(_database("a/b"))] == ["entities[0].schema"]
