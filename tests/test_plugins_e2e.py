"""A third-party plugin (tests/data/plugin_pkg) adds a generator, a format and a target through entry
points, used end to end by the CLI in a subprocess; a broken plugin beside it only warns."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import synthdb
from plugins import write_dist_info

PLUGIN = Path(__file__).parent / "data" / "plugin_pkg"
SRC = Path(synthdb.__file__).resolve().parents[1]

DEFINITION = """\
name: tickets
seed: 3
entities:
  - name: tickets
    record_count: 5
    fields:
      - {name: id, data_type: integer, generator: Number, primary_key: true}
      - {name: code, data_type: varchar(20), generator: Demo Ticket, prefix: ORD}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin 'installed' as pip would: its module and a .dist-info built from its pyproject.toml's
    entry points, plus a broken plugin from another distribution."""
    root = tmp_path_factory.mktemp("site")
    shutil.copy(PLUGIN / "synthdb_demo_plugin.py", root)
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text())["project"]
    write_dist_info(root, project["name"], project["entry-points"])
    write_dist_info(root, "synthdb-broken-plugin", {"synthdb.formats": {"broken": "synthdb_no_such_module"}})
    return root


def _synthdb(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(SRC)])}
    return subprocess.run([sys.executable, "-m", "synthdb", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120, check=False)


def _broken_warning(stderr: str) -> bool:
    return ("synthdb plugin 'broken' = 'synthdb_no_such_module' (from synthdb-broken-plugin)" in stderr
            and "No module named 'synthdb_no_such_module'" in stderr)


def test_the_plugin_format_is_listed(site: Path, tmp_path: Path) -> None:
    done = _synthdb(site, "formats", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "demo-tsv\tzip of one TSV file per table (demo plugin)" in done.stdout.splitlines()
    assert "csv" in done.stdout
    assert _broken_warning(done.stderr)


def test_generate_with_the_plugin_generator_into_the_plugin_format_in_workers(site: Path, tmp_path: Path) -> None:
    (tmp_path / "tickets.yaml").write_text(DEFINITION)
    done = _synthdb(site, "generate", "tickets.yaml", "-f", "demo-tsv", "-o", "out.zip", "-q",
                    "--workers", "2", "--batch-size", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        lines = archive.read("tickets.tsv").decode().splitlines()
    assert lines == ['"id"\t"code"', *(f'{row + 1}\t"ORD-{row:06d}"' for row in range(5))]


def test_load_into_the_plugin_target(site: Path, tmp_path: Path) -> None:
    (tmp_path / "tickets.yaml").write_text(DEFINITION)
    target = tmp_path / "tickets.db"
    done = _synthdb(site, "load", "tickets.yaml", "--to", f"demosqlite:///{target}", "--create", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(target) as db:
        rows = db.execute("SELECT id, code FROM tickets ORDER BY id").fetchall()
    assert rows == [(row + 1, f"ORD-{row:06d}") for row in range(5)]


def test_an_unknown_generator_still_gets_a_suggestion_with_plugins_installed(site: Path, tmp_path: Path) -> None:
    (tmp_path / "tickets.yaml").write_text(DEFINITION.replace("Demo Ticket", "Demo Tiket"))
    done = _synthdb(site, "generate", "tickets.yaml", "-o", "out.zip", "-q", cwd=tmp_path)
    assert done.returncode == 2
    assert "did you mean 'Demo Ticket'?" in done.stderr
    assert "Traceback" not in done.stderr
