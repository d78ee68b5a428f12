"""Issue 9 (CLI): names cannot escape the output folder, SIGTERM cleans up, every failure is one line + exit 2,
and `--csv-escape-formulas` neutralises spreadsheet formulas."""

from __future__ import annotations

import csv
import errno
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from synthdb.cli import _load_commands, app

ONE_TABLE = """
name: {name}
entities:
  - name: {entity}
    record_count: {rows}
    fields:
      - {{name: id, generator: Row Number, primary_key: true}}
      - {{name: v, generator: Custom List, values: {values}}}
"""


def write(folder: Path, name: str = "shop", entity: str = "t", rows: int = 5,
          values: str = "[a, b]") -> Path:
    path = folder / "def.yaml"
    path.write_text(ONE_TABLE.format(name=name, entity=entity, rows=rows, values=values))
    return path


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "synthdb", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def one_line_exit_2(result: subprocess.CompletedProcess[str] | object) -> str:
    """The single error line of a failed run (asserting exit code 2 and no traceback)."""
    code = getattr(result, "returncode", getattr(result, "exit_code", None))
    stderr = str(getattr(result, "stderr", ""))
    assert code == 2, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(("name", "entity", "path"), [
    ("../../x", "t", "name"),
    ("shop", "../t", "entities[0].name"),
    ("shop", "a/b", "entities[0].name"),
    ("shop", "..", "entities[0].name"),
    ("c:evil", "t", "name"),
])
def test_names_cannot_leave_the_output_folder(tmp_path: Path, name: str, entity: str, path: str) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    definition = write(work, name=f"'{name}'", entity=f"'{entity}'")
    for args in (("generate", definition, "-q"), ("generate", definition, "-q", "--entity", entity),
                 ("validate", definition)):
        line = one_line_exit_2(run(*args, cwd=work))
        assert f"{path}: " in line and "is not a valid name" in line
    # Nothing anywhere under tmp_path but the definition.
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [definition]


def test_zip_entries_are_plain_names(tmp_path: Path) -> None:
    definition = write(tmp_path, entity="t.x y")
    assert run("generate", definition, "-o", tmp_path / "out.zip", "-q").returncode == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == ["t.x y.csv", "README.md"]


def test_lone_surrogate_and_unwritable_outputs_are_one_line(tmp_path: Path) -> None:
    definition = tmp_path / "s.yaml"
    definition.write_text('entities:\n  - name: t\n    fields:\n      - {name: v, generator: Custom List, '
                          'values: ["ok", "\\ud800"]}\n')
    line = one_line_exit_2(run("generate", definition, "-o", tmp_path / "s.zip"))
    assert "entities[0].fields[0].values[1]: holds a lone surrogate" in line
    assert "lone surrogate" in one_line_exit_2(run("validate", definition))
    good = write(tmp_path)
    line = one_line_exit_2(run("generate", good, "-o", "/proc/version", "-q"))
    assert "cannot write '/proc/version'" in line
    line = one_line_exit_2(run("generate", good, "-o", "/proc/self/nope/x.zip", "-q"))
    assert "cannot write '/proc/self/nope/x.zip'" in line


@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "No space left on device"),
                                              (errno.EROFS, "Read-only file system"),
                                              (errno.EACCES, "Permission denied")])
def test_full_disk_and_read_only_folder_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    code: int, reason: str) -> None:
    """A disk that fills up mid-write (or a folder that refuses it): the fake raises where the zip is written."""
    import synthdb.outputs.archive as archive

    def failing_open(self: archive.DeterministicZip, name: str):  # type: ignore[no-untyped-def]
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(archive.DeterministicZip, "open", failing_open)
    _load_commands()
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(app, ["generate", str(write(tmp_path)), "-o", str(out / "x.zip"), "-q"])
    line = one_line_exit_2(result)
    assert f"cannot write '{out / 'x.zip'}': {reason}" in line
    assert list(out.iterdir()) == []  # no .partial left


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.1])
def test_sigterm_leaves_no_partial_file(tmp_path: Path, delay: float) -> None:
    definition = write(tmp_path, rows=20_000_000, values="[alpha, beta, gamma]")
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "synthdb", "generate", str(definition), "-o",
                                str(out / "big.zip"), "-q", "--batch-size", "100000"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        # Mid-write: the temporary file exists and has grown.
        while not any(p.name.endswith(".partial") and p.stat().st_size > 0 for p in out.iterdir()):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the generation never started writing"
            time.sleep(0.05)
        time.sleep(delay)  # at different points of the write (a raised exception once deadlocked at ~1 s)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip() == "error: terminated (SIGTERM); the partial output was removed"
    assert list(out.iterdir()) == []


def _csv(path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as archive:
        return list(csv.reader(io.StringIO(archive.read("t.csv").decode())))


def test_csv_escape_formulas_is_opt_in(tmp_path: Path) -> None:
    values = '["=cmd|'"'"' /C calc'"'"'!A0", "@SUM(1)", "+1", "-2", "\\tx", "\\rx", "\\uff1dA1", "ok", "a=b"]'
    definition = write(tmp_path, rows=300, values=values)  # every value drawn
    assert run("generate", definition, "-o", tmp_path / "raw.zip", "-q").returncode == 0
    raw = {row[1] for row in _csv(tmp_path / "raw.zip")[1:]}
    assert raw == {"=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-2", "\tx", "\rx", "\uff1dA1", "ok", "a=b"}
    assert run("generate", definition, "-o", tmp_path / "safe.zip", "-q", "--csv-escape-formulas").returncode == 0
    rows = _csv(tmp_path / "safe.zip")
    assert rows[0] == ["id", "v"]
    assert {row[1] for row in rows[1:]} == {"'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1", "'-2", "'\tx", "'\rx",
                                            "'\uff1dA1", "ok", "a=b"}
    assert [row[0] for row in rows[1:]] == [str(i) for i in range(1, 301)]  # numbers stay numbers
    line = one_line_exit_2(run("generate", definition, "-f", "jsonl", "--csv-escape-formulas", "-o",
                               tmp_path / "x.zip"))
    assert "--csv-escape-formulas applies to the csv format only" in line


def test_csv_escape_formulas_covers_the_header(tmp_path: Path) -> None:
    import synthdb

    definition = {"name": "d", "entities": [{"name": "t", "record_count": 2, "fields": [
        {"name": "=HYPERLINK(\"x\")", "generator": "Custom List", "values": ["-x"]}]}]}
    path = synthdb.generate(definition, "csv", tmp_path / "d.csv", entity="t", csv_escape_formulas=True)
    assert list(csv.reader(io.StringIO(path.read_text()))) == [["'=HYPERLINK(\"x\")"], ["'-x"], ["'-x"]]
