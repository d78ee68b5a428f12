"""The Run object: selection with SQL tables, row counts, bounded counting, options, and `validate` through it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import synthdb
from synthdb.cli import _load_commands, app
from synthdb.errors import DefinitionError, UsageError
from synthdb.service.run import Run, RunOptions, UnknownEntity


def definition(customers: int = 6) -> dict[str, Any]:
    return {"name": "pairs", "seed": 3, "variables": {"n": customers}, "entities": [
        {"name": "customers", "record_count": "n", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
            {"name": "score", "generator": "Number", "min": 1, "max": 9, "data_type": "integer"}]},
        {"name": "orders", "record_count": "n * 2", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
            {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
             "primary_key_field": "id"}]},
        {"name": "pairs", "view": True,
         "sql": "SELECT x.id AS a, y.id AS b FROM customers x CROSS JOIN customers y"},
        {"name": "busy", "view": True, "sql": "SELECT a, COUNT(*) AS n FROM pairs GROUP BY a"},
    ]}


def test_selection_includes_sql_tables() -> None:
    run = Run(definition())
    assert run.names == ["customers", "orders", "pairs", "busy"]
    only = Run(definition(), RunOptions(entity="busy"))
    # `busy` reads `pairs`, which reads `customers`: only `busy` is written.
    assert only.names == ["busy"] and list(only.sql_tables) == ["pairs", "busy"]
    assert Run(definition(), RunOptions(entity="orders")).names == ["orders"]


def test_row_counts_include_sql_tables() -> None:
    with Run(definition()) as run:
        assert run.row_counts() == {"customers": 6, "orders": 12, "pairs": 36, "busy": 6}
        assert run.generated_rows() == 18
        assert run.rows_produced() == 18 + 36 + 6
    with Run(definition(), RunOptions(entity="busy")) as run:
        # The 6 customers are generated (to compute it) though not written.
        assert run.generated_rows() == 6 and run.rows_produced() == 6 + 6


def test_counting_is_bounded_by_the_generated_rows() -> None:
    with Run(definition()) as run:
        assert run.rows_produced(within=17) == 18  # over the bound already: SQL tables not computed
        assert run._phase is None
        assert run.rows_produced(within=18) == 60


def test_counts_equal_the_rows_delivered() -> None:
    tables = synthdb.to_tables(definition(), batch_size=5)
    with Run(definition()) as run:
        assert run.row_counts() == {name: table.num_rows for name, table in tables.items()}


def test_unknown_entity_suggests_any_table() -> None:
    with pytest.raises(UnknownEntity, match="unknown entity 'pair'; did you mean 'pairs'"):
        Run(definition(), RunOptions(entity="pair"))


@pytest.mark.parametrize(("options", "message"), [
    (RunOptions(workers=0), "--workers must be at least 1, got 0"),
    (RunOptions(batch_size=0), "--batch-size must be at least 1, got 0"),
])
def test_bad_numbers_name_the_flag(options: RunOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Run(definition(), options)


def test_a_sql_table_reading_an_unknown_column_fails_when_the_run_is_built() -> None:
    broken = definition()
    broken["entities"][2]["sql"] = "SELECT x.idd FROM customers x"
    with pytest.raises(DefinitionError, match=r"entities\[2\]\.sql"):
        Run(broken)


def test_workers_give_the_same_batches(pool_ran: None) -> None:
    def rows(workers: int) -> dict[str, list[dict[str, Any]]]:
        with Run(definition(40), RunOptions(workers=workers, batch_size=7)) as run:
            return {name: [row for batch in batches for row in batch.to_pylist()]
                    for name, _schema, batches in run.iter_tables()}

    assert rows(2) == rows(1)


def test_validate_checks_sql_tables_and_lists_them(tmp_path: Path) -> None:
    _load_commands()
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(definition()))
    result = CliRunner().invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["customers: 6 rows, 2 columns", "orders: 12 rows, 2 columns",
                                          "pairs: SQL table, 2 columns", "busy: SQL table, 2 columns",
                                          f"{good}: valid"]
    broken = definition()
    broken["entities"][2]["sql"] = "SELECT x.idd FROM customers x"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(broken))
    result = CliRunner().invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "entities[2].sql" in result.stderr
