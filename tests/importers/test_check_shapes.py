"""The common CHECK shapes are kept by the imported definition: its rows load into the original schema, and
`load --create` declares every CHECK again."""

from __future__ import annotations

from pathlib import Path

import psycopg

from conftest import fresh_postgres
from synthdb.importers import import_definition
from synthdb.service.load import LoadOptions, load

SHAPES = """
CREATE TABLE team (id int PRIMARY KEY, name varchar(40) NOT NULL);
CREATE TABLE booking (
  id int PRIMARY KEY,
  kind varchar(10) NOT NULL CHECK (upper(kind) IN ('A', 'B', 'c')),
  level varchar(8) CHECK (lower(level) = 'low' OR lower(level) = 'high'),
  s date NOT NULL,
  e date,
  starts_at timestamp NOT NULL,
  ends_at timestamp,
  home_team int NOT NULL REFERENCES team (id),
  away_team int NOT NULL REFERENCES team (id),
  low_score int,
  high_score int,
  qty int CHECK (qty BETWEEN 1 AND 9),
  price numeric(8, 2) CHECK (price > 0 AND price <= 500),
  code varchar(12) CHECK (code LIKE 'BK-%'),
  label text CHECK (length(label) >= 3),
  pin char(4) CHECK (char_length(pin) = 4),
  CONSTRAINT ends_after CHECK ((e >= s) OR (e IS NULL)),
  CONSTRAINT later CHECK (ends_at > starts_at),
  CONSTRAINT two_teams CHECK (home_team <> away_team),
  CONSTRAINT ordered_scores CHECK (high_score >= low_score)
);
"""
ROWS_PER_TABLE = 3000


def _definition(tmp_path: Path) -> tuple[dict, list[str]]:
    path = tmp_path / "shapes.sql"
    path.write_text(SHAPES)
    result = import_definition(str(path), "postgres")
    definition = result.definition
    for entity in definition["entities"]:
        entity["record_count"] = ROWS_PER_TABLE if entity["name"] == "booking" else 20
    return definition, result.notes


def test_every_check_shape_is_kept_in_the_definition(tmp_path: Path) -> None:
    definition, notes = _definition(tmp_path)
    booking = next(e for e in definition["entities"] if e["name"] == "booking")
    checks = [c["sql"] for c in booking["constraints"] if c["constraint_type"] == "check"]
    assert {"constraint_type": "not-equal", "fields": ["home_team", "away_team"]} in booking["constraints"]
    assert len(checks) == 11, (checks, notes)
    assert not [n for n in notes if "left out" in n], notes
    fields = {f["name"]: f for f in booking["fields"]}
    assert fields["kind"]["values"] == ["A", "B"]  # 'c' can never pass upper(kind) IN (...)
    assert fields["code"]["format"].startswith("BK-")


def test_rows_load_into_the_original_schema_and_create_declares_the_checks(tmp_path: Path) -> None:
    definition, _ = _definition(tmp_path)
    with fresh_postgres("shapes_orig") as original, fresh_postgres("shapes_made") as made:
        with psycopg.connect(original, autocommit=True) as conn:
            conn.execute(SHAPES.encode())
        counts = load(definition, original, LoadOptions(batch_size=1000))
        assert counts["booking"] == ROWS_PER_TABLE
        load(definition, made, LoadOptions(batch_size=1000, create=True))
        with psycopg.connect(made) as conn:
            declared = conn.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'booking'::regclass "
                                    "AND contype = 'c'").fetchone()
            nulls = conn.execute("SELECT count(*) FROM booking WHERE e IS NULL").fetchone()
        assert declared == (11,)
        assert nulls is not None and nulls[0] > 0  # the OR e IS NULL branch is used, not avoided
