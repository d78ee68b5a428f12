"""Identifier rules per platform: refused at validation with the path of the name."""

from __future__ import annotations

from typing import Any

import pytest

from synthdb.definition.identifiers import rules_for
from synthdb.definition.loader import definition_from_data
from synthdb.engine.plan import build_plan
from synthdb.errors import DefinitionError


def database(fields: list[str], platform: str = "postgres", entities: list[str] | None = None,
             name: str = "db") -> dict[str, Any]:
    return {"name": name, "platform": platform, "entities": [
        {"name": entity, "record_count": 2, "fields": [{"name": f, "generator": "Row Number"} for f in fields]}
        for entity in entities or ["t"]]}


def problem(data: dict[str, Any]) -> str:
    with pytest.raises(DefinitionError) as caught:
        build_plan(definition_from_data(data))
    return str(caught.value)


@pytest.mark.parametrize("bad", ["a\x00", "a\nb", "a\rb", "\tx", "x\x1b[31m", "x\x7f", "x\x85", "x\u2028",
                                 "x\u2029", "x\ufeff", " ", ""])
def test_control_characters_and_empty_names_are_refused_everywhere(bad: str) -> None:
    # Every supported platform (an unknown one is refused before names are read).
    for platform in ("postgres", "mysql", "mariadb", "sqlite", "sqlserver", "duckdb"):
        message = problem(database(["id", bad], platform))
        assert message.startswith("entities[0].fields[1].name: "), message


def test_lone_surrogate_is_refused_with_its_path() -> None:
    with pytest.raises(DefinitionError, match=r"^entities\[0\]\.fields\[0\]\.name: holds a lone surrogate"):
        definition_from_data(database(["\udc80"]))


@pytest.mark.parametrize(("platform", "longest", "too_long"), [
    ("postgres", "é" * 31 + "x", "é" * 32),  # 63 bytes ok, 64 bytes (32 two-byte characters) refused
    ("mysql", "x" * 64, "é" * 65),  # characters, not bytes
    ("mariadb", "x" * 64, "x" * 65),
    ("sqlserver", "😀" * 64, "😀" * 64 + "x"),  # UTF-16 code units: an emoji counts twice
])
def test_length_limits_per_platform(platform: str, longest: str, too_long: str) -> None:
    build_plan(definition_from_data(database([longest], platform)))
    message = problem(database([too_long], platform))
    assert message.startswith("entities[0].fields[0].name: ") and f"at most {rules_for(platform).max_length}" in message


def test_sqlite_and_duckdb_have_no_length_limit_but_file_names_do() -> None:
    for platform in ("sqlite", "duckdb"):
        build_plan(definition_from_data(database(["x" * 500], platform)))
    assert problem(database(["id"], "sqlite", entities=["t" * 129])).startswith("entities[0].name: must be at most")


def test_mysql_encoding_rules() -> None:
    assert "beyond U+FFFF" in problem(database(["emoji😀"], "mysql"))
    assert "ends with whitespace" in problem(database(["trailing "], "mysql"))
    build_plan(definition_from_data(database(["emoji😀", "trailing "], "postgres")))


def test_sqlite_reserves_its_prefix_for_tables() -> None:
    assert "reserved by sqlite" in problem(database(["id"], "sqlite", entities=["sqlite_stats"]))
    build_plan(definition_from_data(database(["sqlite_x"], "sqlite")))


def test_names_differing_only_in_case_collide() -> None:
    message = problem(database(["Id", "name", "ID"]))
    assert message.startswith("entities[0].fields[2].name: field 'ID' collides with 'Id'")
    message = problem(database(["id"], entities=["Orders", "orders"]))
    assert message.startswith("entities[1].name: entity 'orders' collides with 'Orders'")
    # Composed and decomposed spellings of the same letters are the same name too.
    assert "collides" in problem(database(["caf\u00e9", "cafe\u0301"]))


@pytest.mark.parametrize("bad", ["../x", "a/b", "a\\b", "c:x", ".", ".."])
def test_database_and_table_names_are_plain_file_names(bad: str) -> None:
    assert problem(database(["id"], name=bad)).startswith("name: ")
    assert problem(database(["id"], entities=[bad])).startswith("entities[0].name: ")
    # Field names never become file names: a slash or colon is fine there.
    build_plan(definition_from_data(database(["a/b", "c:d"])))
