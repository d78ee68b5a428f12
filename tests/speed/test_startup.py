"""Cold start: the CLI's help and version don't import the engine; runs use every core on threads by default."""

from __future__ import annotations

import subprocess
import sys

import pytest

from synthdb import __version__
from synthdb.defaults import cores
from synthdb.service.run import Run, RunOptions

SHOP = "examples/shop.yaml"


def _imported(*argv: str) -> set[str]:
    # Printed by an exit handler: the command line ends its process with os._exit once those have run.
    code = ("import atexit, sys; from synthdb.cli import main; sys.argv = ['synthdb', *sys.argv[1:]]\n"
            "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
            "main()")
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


def test_a_run_makes_batches_on_a_thread_per_core_in_its_own_process_unless_asked() -> None:
    big = {"n_customers": 2_000_000}
    assert Run(SHOP, RunOptions(workers=None)).workers == 1
    assert Run(SHOP, RunOptions(workers=None, variables=big)).workers == 1
    assert Run(SHOP, RunOptions(workers=None)).threads == cores()
    assert Run(SHOP, RunOptions(workers=3, threads=1)).workers == 3
    assert Run(SHOP, RunOptions(threads=5)).threads == 5
    with Run(SHOP, RunOptions(threads=3)) as run:
        assert run.source.threads == 3 and run.source.workers == 1


@pytest.mark.parametrize("flag", ["--threads", "--workers"])
def test_zero_threads_or_workers_is_a_usage_error_naming_the_flag(flag: str, tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "synthdb", "generate", SHOP, "-o", str(tmp_path / "s.zip"),
                           flag, "0", "-q"], capture_output=True, text=True)
    assert done.returncode != 0 and flag in done.stderr
    assert not (tmp_path / "s.zip").exists()
