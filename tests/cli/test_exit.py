"""The command line ends its process without Python's teardown, yet keeps what an ordinary exit promises:
the exit code, every byte of output (also through a pipe), and the exit handlers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP = str(ROOT / "examples" / "shop.yaml")
_WITH_HANDLER = """
import atexit, sys
atexit.register(lambda: sys.stderr.write('handler ran\\n'))
sys.argv = ['synthdb', *sys.argv[1:]]
from synthdb.cli import main
main()
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _WITH_HANDLER, *args], capture_output=True, text=True,
                          timeout=300)


def test_success_keeps_the_output_the_code_and_the_exit_handlers() -> None:
    done = _run("validate", SHOP)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == f"{SHOP}: valid"
    assert "customers: 1,000 rows" in done.stdout
    assert done.stderr.endswith("handler ran\n")


def test_a_usage_error_keeps_its_code_and_message(tmp_path: Path) -> None:
    done = _run("validate", str(tmp_path / "missing.yaml"))
    assert done.returncode == 2
    assert "missing.yaml" in done.stderr and "not found" in done.stderr
    assert done.stderr.endswith("handler ran\n")


def test_long_output_through_a_pipe_arrives_whole() -> None:
    # `catalog` prints every generator (far more than a pipe's buffer): nothing may be lost at the exit.
    done = subprocess.run([sys.executable, "-m", "synthdb", "generators", "--markdown"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0
    assert (ROOT / "docs" / "generators.md").read_text() == done.stdout


def test_an_error_while_duckdb_opens_ahead_exits_cleanly(tmp_path: Path) -> None:
    # The run opens DuckDB on a thread as it starts planning; a definition error found before that
    # thread is done must still end with exit code 2, never with the process aborted by a teardown of
    # DuckDB under a running thread.
    definition = tmp_path / "d.yaml"
    definition.write_text("name: d\nentities:\n  - name: t\n    record_count: 5\n    fields:\n"
                          "      - {name: id, generator: Number, primary_key: true}\n"
                          "      - {name: x, generator: SQL, sql: 'id * 2'}\n"
                          "      - {name: y, generator: Number, mni: 3}\n")
    for _ in range(5):
        done = _run("validate", str(definition))
        assert done.returncode == 2, done.stderr
        assert "mni" in done.stderr and done.stderr.endswith("handler ran\n")
