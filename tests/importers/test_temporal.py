"""Dates ordered by their names: within a row and through a foreign key to the parent's row."""

from __future__ import annotations

from pathlib import Path

from synthdb.importers import import_definition
from synthdb.importers.temporal import stages_of
from synthdb.python_api import to_tables

TPCH = """
CREATE TABLE orders (o_orderkey integer PRIMARY KEY, o_orderdate date NOT NULL, o_comment varchar(79));
CREATE TABLE lineitem (
  l_orderkey integer NOT NULL REFERENCES orders (o_orderkey), l_linenumber integer NOT NULL,
  l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,
  PRIMARY KEY (l_orderkey, l_linenumber));
CREATE TABLE contract (id integer PRIMARY KEY, valid_from timestamp NOT NULL, valid_to timestamp,
  created_at timestamp NOT NULL, last_modified timestamp NOT NULL);
"""


def test_stage_names() -> None:
    assert [s.chain for s in stages_of("l_shipdate", "lineitem")] == ["order"]
    assert {s.chain for s in stages_of("return_date", "rental")} == {"order", "rental"}
    assert stages_of("birth_date", "people") == []


def test_line_items_ship_after_their_order_and_arrive_after_shipping(tmp_path: Path) -> None:
    ddl = tmp_path / "tpch.sql"
    ddl.write_text(TPCH)
    result = import_definition(str(ddl), "postgres")
    fields = {(e["name"], f["name"]): f for e in result.definition["entities"] for f in e["fields"]}
    assert fields[("lineitem", "l_commitdate")]["date_relative_to_field"] == "l_orderkey.o_orderdate"
    assert fields[("lineitem", "l_receiptdate")]["date_relative_to_field"] == "l_shipdate"
    assert fields[("contract", "valid_to")]["date_relative_to_field"] == "valid_from"
    assert fields[("contract", "last_modified")]["date_relative_to_field"] == "created_at"
    tables = to_tables(result.definition)
    ordered = dict(zip(tables["orders"].column("o_orderkey").to_pylist(),
                       tables["orders"].column("o_orderdate").to_pylist(), strict=True))
    items = tables["lineitem"].to_pylist()
    assert len(items) >= 100
    for row in items:
        assert ordered[row["l_orderkey"]] <= row["l_commitdate"] <= row["l_shipdate"] <= row["l_receiptdate"]
    for row in tables["contract"].to_pylist():
        assert row["valid_to"] is None or row["valid_to"] > row["valid_from"]
        assert row["last_modified"] >= row["created_at"]
