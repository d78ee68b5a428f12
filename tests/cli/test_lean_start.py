"""The command line keeps pandas and Faker (and, validating, DuckDB) out of its process, and pyarrow still
meets pandas when asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PROBE = """
import atexit, json, sys
def report():
    print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'faker', 'sqlglot', 'duckdb'})),
          file=sys.stderr)
atexit.register(report)
sys.argv = ['synthdb', *sys.argv[1:]]
from synthdb.cli import main
main()
"""


def _imported(tmp_path: Path, *args: str) -> list[str]:
    env = {**os.environ, "SYNTHDB_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run fills the reference cache, the second is the one a person feels
        result = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                                env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stderr.strip().splitlines()[-1]))


def test_validate_and_generate_import_neither_pandas_nor_faker(tmp_path: Path) -> None:
    shop = str(ROOT / "examples" / "shop.yaml")
    # The shop has SQL (a column, a postprocessing_sql, mock routes): checked once, then remembered, and
    # so are the probe's evaluations of it: the second validate imports neither sqlglot nor DuckDB.
    assert _imported(tmp_path, "validate", shop) == []
    imported = _imported(tmp_path, "generate", shop, "-f", "csv", "-o", str(tmp_path / "shop.zip"), "-q")
    assert "pandas" not in imported and "faker" not in imported
    assert (tmp_path / "shop.zip").stat().st_size > 0


def test_pyarrow_still_converts_pandas_after_the_skipped_probe() -> None:
    code = """
import sys
from synthdb.pandas_probe import skip_pandas_probe
skip_pandas_probe()
import pyarrow as pa
pa.array(['a', None]); pa.array([1, 2]); pa.scalar(None, pa.string())
assert 'pandas' not in sys.modules, 'pyarrow imported pandas'
import pandas as pd
assert pa.table({'a': [1, 2]}).to_pandas()['a'].tolist() == [1, 2]
assert pa.types.is_dictionary(pa.array(pd.Series(['x', 'y'], dtype='category')).type)
frame = pd.DataFrame({'t': pd.to_datetime(['2020-01-01'], utc=True)})
assert pa.Table.from_pandas(frame).schema.field('t').type.tz == 'UTC'
print('ok')
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_servers_check_every_sql_text_afresh() -> None:
    code = """
import atexit, sys
def report():
    import synthdb.sql_memo as memo
    print('memo', memo._enabled, file=sys.stderr)
atexit.register(report)
sys.argv = ['synthdb', *sys.argv[1:]]
from synthdb.cli import main
main()
"""
    for command, remembered in (("serve", False), ("mock", False), ("mcp", False), ("validate", True),
                                ("generate", True)):
        result = subprocess.run([sys.executable, "-c", code, command, "--help"], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        assert f"memo {remembered}" in result.stderr, (command, result.stderr[-300:])


def test_a_command_named_first_is_built_alone_and_the_others_still_answer() -> None:
    import typer.main

    from synthdb.cli import _keep_only_the_invoked, _load_commands, app

    _load_commands()
    kept = (list(app.registered_commands), list(app.registered_groups))
    try:
        _keep_only_the_invoked(["validate"])
        assert [c.callback.__name__ for c in app.registered_commands if c.callback] == ["validate_command"]
        assert app.registered_groups == []
        app.registered_commands, app.registered_groups = kept
        _keep_only_the_invoked(["connections"])
        assert app.registered_commands == [] and [g.name for g in app.registered_groups] == ["connections"]
        app.registered_commands, app.registered_groups = kept
        for first in ([], ["--help"], ["valdate"]):
            _keep_only_the_invoked(first)
            assert (app.registered_commands, app.registered_groups) == kept
        assert typer.main.get_command(app) is not None
    finally:
        app.registered_commands, app.registered_groups = kept


def test_the_command_line_still_lists_every_command_and_suggests_on_a_typo() -> None:
    listed = subprocess.run([sys.executable, "-m", "synthdb", "--help"], capture_output=True, text=True,
                            timeout=300)
    for name in ("generate", "validate", "load", "connections", "snapshots"):
        assert name in listed.stdout
    typo = subprocess.run([sys.executable, "-m", "synthdb", "valdate", "x.yaml"], capture_output=True, text=True,
                          timeout=300)
    assert typo.returncode == 2 and "validate" in typo.stderr
    own = subprocess.run([sys.executable, "-m", "synthdb", "generate", "--help"], capture_output=True, text=True,
                         timeout=300)
    assert own.returncode == 0 and "--threads" in own.stdout and "--workers" in own.stdout


def test_only_the_command_line_raises_the_collector_thresholds() -> None:
    from synthdb.defaults import COLLECTOR_THRESHOLDS

    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print(list(gc.get_threshold()), file=sys.stderr))\n"
             "sys.argv = ['synthdb', '--version']\n"
             "from synthdb.cli import main\nmain()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == list(COLLECTOR_THRESHOLDS)
    library = subprocess.run([sys.executable, "-c", "import gc, synthdb, synthdb.cli; print(list(gc.get_threshold()))"],
                             capture_output=True, text=True, timeout=300)
    assert json.loads(library.stdout) != list(COLLECTOR_THRESHOLDS)
