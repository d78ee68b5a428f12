"""Cold start: the CLI's help and version don't import the engine; the default worker count follows the run's size."""

from __future__ import annotations

import subprocess
import sys

import pytest

from synthdb import __version__
from synthdb.defaults import PARALLEL_ROWS, cores, default_workers
from synthdb.service.run import Run, RunOptions

SHOP = "examples/shop.yaml"


def _imported(*argv: str) -> set[str]:
    code = ("import sys; from synthdb.cli import main; sys.argv = ['synthdb', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def test_help_imports_neither_numpy_nor_arrow_nor_httpx() -> None:
    loaded = _imported("--help")
    assert not {"numpy", "pyarrow", "httpx", "duckdb", "sqlglot", "faker"} & loaded


def test_validate_without_sql_imports_neither_duckdb_nor_sqlglot(tmp_path) -> None:
    definition = tmp_path / "d.yaml"
    definition.write_text("name: d\nentities:\n  - name: t\n    record_count: 5\n    fields:\n"
                          "      - {name: id, generator: Number, primary_key: true}\n")
    loaded = _imported("validate", str(definition))
    assert "pyarrow" in loaded  # it did plan
    assert not {"duckdb", "sqlglot", "httpx"} & loaded


def test_version_prints_the_package_version() -> None:
    done = subprocess.run([sys.executable, "-m", "synthdb", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"synthdb {__version__}"


@pytest.mark.parametrize(("rows", "expected"), [(10, 1), (PARALLEL_ROWS, 1), (PARALLEL_ROWS + 1, cores())])
def test_default_workers_by_size(rows: int, expected: int) -> None:
    assert default_workers(rows) == expected


def test_run_workers_default_is_one_for_the_small_shop_and_explicit_wins() -> None:
    assert Run(SHOP, RunOptions(workers=None)).workers == 1
    assert Run(SHOP, RunOptions(workers=None, variables={"n_customers": 2_000_000})).workers == default_workers(
        10**9)
    assert Run(SHOP, RunOptions(workers=3)).workers == 3
