"""The command line skips pydantic's plugin scan only when no pydantic plugin is installed, and notices one
installed later (its sys.path folder changes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from plugins import write_dist_info

ROOT = Path(__file__).resolve().parents[2]
SHOP = str(ROOT / "examples" / "shop.yaml")

# A pydantic plugin that leaves a mark when pydantic loads it and when it sees a model's validator built.
_PLUGIN = '''
from pathlib import Path
MARK = Path(__file__).with_name("loaded.txt")

class Plugin:
    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config, settings):
        with MARK.open("a") as handle:
            handle.write(f"{schema_type_path.module}\\n")
        return None, None, None

plugin = Plugin()
'''

_SWITCH = "import os, synthdb.cli; print(os.environ.get('PYDANTIC_DISABLE_PLUGINS', '-'))"


def _env(tmp_path: Path, site: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env.update(SYNTHDB_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]),
               **extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300)


def _installed_elsewhere() -> bool:
    from importlib.metadata import entry_points

    return bool(list(entry_points(group="pydantic")))


def test_no_plugin_switches_the_scan_off_and_a_plugin_installed_later_is_loaded(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    env = _env(tmp_path, site)
    expected = "-" if _installed_elsewhere() else "__all__"
    for _ in range(2):  # the first look is remembered; the second start reads it
        assert _run(["-c", _SWITCH], env).stdout.strip() == expected
    remembered = list((tmp_path / "cache").glob("pydantic-plugins-*.json"))
    assert len(remembered) == 1
    # Other files written into a folder on the path (a run's output, say) do not make it look again.
    (site / "output.csv").write_text("a,b\n")
    assert _run(["-c", _SWITCH], env).stdout.strip() == expected
    assert list((tmp_path / "cache").glob("pydantic-plugins-*.json")) == remembered

    # Installing a plugin changes its folder: the remembered look no longer applies.
    (site / "marking_plugin.py").write_text(_PLUGIN)
    write_dist_info(site, "marking-plugin", {"pydantic": {"marking": "marking_plugin:plugin"}})
    assert _run(["-c", _SWITCH], env).stdout.strip() == "-"
    result = _run(["-m", "synthdb", "validate", SHOP], env)
    assert result.returncode == 0, result.stderr
    seen = (site / "loaded.txt").read_text().split()
    assert any(module.startswith("synthdb.definition") for module in seen), seen


def test_a_switch_the_user_set_is_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    env = _env(tmp_path, site, PYDANTIC_DISABLE_PLUGINS="someone-elses")
    assert _run(["-c", _SWITCH], env).stdout.strip() == "someone-elses"


def test_the_lightest_starts_still_import_neither_numpy_nor_arrow(tmp_path: Path) -> None:
    # The remembered look lives in the user's cache, read without the reference cache's Arrow machinery.
    site = tmp_path / "site"
    site.mkdir()
    code = ("import sys; from synthdb.cli import main; sys.argv = ['synthdb', '--version']\n"
            "import atexit; atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules}"
            " & {'numpy', 'pyarrow'}), file=sys.stderr))\nmain()")
    result = _run(["-c", code], _env(tmp_path, site))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
