"""One-to-one chains import in any declaration order: parents are sized by the foreign-key graph."""

from __future__ import annotations

import itertools

import pytest

from synthdb.importers.build import build_definition
from synthdb.importers.ddl import parse_ddl
from synthdb.python_api import to_tables

TABLES = {"a": "CREATE TABLE a (id int PRIMARY KEY);",
          "b": "CREATE TABLE b (id int PRIMARY KEY);",
          "c": "CREATE TABLE c (id int PRIMARY KEY);",
          "d": "CREATE TABLE d (id int PRIMARY KEY, note text);"}
# d -> c -> b -> a, each one-to-one (the key is the foreign key), added after every table exists.
KEYS = ["ALTER TABLE b ADD FOREIGN KEY (id) REFERENCES a (id);",
        "ALTER TABLE c ADD FOREIGN KEY (id) REFERENCES b (id);",
        "ALTER TABLE d ADD FOREIGN KEY (id) REFERENCES c (id);"]


def test_the_issue_repro_imports() -> None:
    ddl = ("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY); "
           "CREATE TABLE b (id int PRIMARY KEY); ALTER TABLE b ADD FOREIGN KEY (id) REFERENCES a (id); "
           "ALTER TABLE c ADD FOREIGN KEY (id) REFERENCES b (id);")
    result = build_definition(parse_ddl(ddl, "postgres"))
    counts = {e["name"]: e["record_count"] for e in result.definition["entities"]}
    assert counts == {"a": "100 * scale", "b": "100 * scale", "c": "100 * scale"}


@pytest.mark.parametrize("order", list(itertools.permutations("abcd"))[::5])
@pytest.mark.parametrize("keys_first", [False, True])
def test_chain_in_any_order(order: tuple[str, ...], keys_first: bool) -> None:
    statements = [TABLES[t] for t in order]
    # Inline foreign keys instead of ALTERs: the child may be declared before its parent.
    if keys_first:
        statements = [s.replace("PRIMARY KEY)", f"PRIMARY KEY REFERENCES {chr(ord(t) - 1)} (id))")
                      if t != "a" else s for t, s in zip(order, statements, strict=True)]
        statements = [s.replace("PRIMARY KEY, note", "PRIMARY KEY REFERENCES c (id), note") for s in statements]
    else:
        statements += KEYS[::-1]
    result = build_definition(parse_ddl("\n".join(statements), "postgres"))
    tables = to_tables(result.definition)
    ids = {name: set(table.column("id").to_pylist()) for name, table in tables.items()}
    assert len(ids["a"]) == tables["a"].num_rows == 100
    for child, parent in (("b", "a"), ("c", "b"), ("d", "c")):
        assert tables[child].num_rows == len(ids[child]) > 0
        assert ids[child] <= ids[parent], f"{child}.id outside {parent}.id"
