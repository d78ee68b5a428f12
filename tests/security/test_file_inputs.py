"""Issue 9, item 2: a static table's `source.path` never makes the server read a file; the CLI reads regular
files of bounded size only; CSV errors do not quote the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from api.apiserver import ApiServer, shop, wait_task
from security.hostile import assert_no_leak, error_of, responsive
from synthdb.definition.files import MAX_FILE_BYTES
from synthdb.definition.loader import definition_from_data
from synthdb.errors import DefinitionError

SERVER_PATHS = {
    "os-release": "/etc/os-release",
    "passwd": "/etc/passwd",
    "dev zero": "/dev/zero",
    "environment": "/proc/self/environ",
    "secret in the data dir": "{data}/secret.key",
    "store in the data dir": "{data}/synthdb.sqlite3",
    "relative to the server's cwd": "secret.key",
}
PASSWD_LINE = "root:x:0:0:root:/root:/bin/bash"


def _path(server: ApiServer, template: str) -> str:
    return template.format(data=server.data_dir)


def _with_static(source: dict[str, Any]) -> dict[str, Any]:
    definition = shop()
    definition["entities"].append({"name": "codes", "is_static": True, "source": source})
    return definition


@pytest.mark.parametrize("path", [pytest.param(p, id=n) for n, p in SERVER_PATHS.items()])
def test_upsert_with_a_server_path_is_refused(
    secure_server: ApiServer, attacker: httpx.Client, ws: str, path: str
) -> None:
    body = _with_static({"path": _path(secure_server, path), "filename": "codes.csv"})
    with responsive(secure_server):
        answer = attacker.post(f"/workspaces/{ws}/databases", json=body)
    error = error_of(answer)
    assert error.startswith("entities[2].source.path: "), error
    assert "upload" in error
    assert_no_leak(secure_server, answer.text)
    assert len(attacker.get(f"/workspaces/{ws}/databases/shop").json()["entities"]) == 2


@pytest.mark.parametrize("path", [pytest.param(p, id=n) for n, p in SERVER_PATHS.items()])
@pytest.mark.parametrize("table", ["customers", "codes"])
def test_task_overrides_with_a_server_path_are_refused(
    secure_server: ApiServer, attacker: httpx.Client, ws: str, path: str, table: str
) -> None:
    # `codes` is a static table with uploaded data; `customers` a generated one turned static by the override.
    assert attacker.post(f"/workspaces/{ws}/databases", json=_with_static({"data": "code\nA\nB\n"})).status_code == 200
    overrides = {"entities": {table: {"is_static": True, "source": {"path": _path(secure_server, path)}}}}
    body = {"workspace": ws, "database": "shop", "format": "csv", "overrides": overrides}
    with responsive(secure_server):
        answer = attacker.post("/generate_tasks", json=body)
    error = error_of(answer)
    assert error.startswith(f"overrides.entities.{table}.source.path: "), error
    assert_no_leak(secure_server, answer.text)


def test_csv_errors_do_not_quote_the_data(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    answer = attacker.post(f"/workspaces/{ws}/databases", json=_with_static({"data": f"a,b\n1,2\n{PASSWD_LINE}\n"}))
    error = error_of(answer)
    assert error.startswith("entities[2].source: cannot read the CSV"), error
    assert_no_leak(secure_server, answer.text)


def test_uploads_and_inline_data_still_work(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    assert attacker.post(f"/workspaces/{ws}/databases", json=_with_static({"data": "code\nA\n"})).status_code == 200
    upload = attacker.post(f"/workspaces/{ws}/databases/shop/entities/codes/source",
                           files={"file": ("codes.csv", b"code,label\nA,first\nB,second\n", "text/csv")})
    assert upload.status_code == 200, upload.text
    assert upload.json()["rows"] == 2
    # A definition exported by the CLI carries its data and the path it came from: accepted, path not read.
    body = _with_static({"data": "code\nC\n", "path": "/etc/os-release", "filename": "codes.csv"})
    assert attacker.post(f"/workspaces/{ws}/databases", json=body).status_code == 200
    answer = attacker.post("/generate_tasks", json={"workspace": ws, "database": "shop", "format": "jsonl",
                                                    "entity": "codes"})
    task = wait_task(attacker, answer.json()["id"])
    assert task["completed"] and not task["error"], task


def test_the_library_reads_paths_unless_told_not_to(tmp_path: Path) -> None:
    (tmp_path / "codes.csv").write_text("code\nA\n", encoding="utf-8")
    data = {"entities": [{"name": "codes", "is_static": True, "source": {"path": str(tmp_path / "codes.csv")}}]}
    assert definition_from_data(data).entities[0].source.data == "code\nA\n"  # type: ignore[union-attr]
    with pytest.raises(DefinitionError) as info:
        definition_from_data(data, trusted_paths=False)
    assert info.value.path == "entities[0].source.path"


# --- the CLI: paths are fine, but regular files of bounded size only ------------------------------------


def _validate(tmp_path: Path, path: str | Path) -> subprocess.CompletedProcess[str]:
    definition = {"name": "d", "entities": [{"name": "codes", "is_static": True, "source": {"path": str(path)}}]}
    file = tmp_path / "d.yaml"
    file.write_text(yaml.safe_dump(definition), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "synthdb", "validate", str(file)], capture_output=True, text=True,
                          timeout=60, env=env)


def _one_line_refusal(result: subprocess.CompletedProcess[str], words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "entities[0].source" in lines[0] and words in lines[0], lines[0]
    return lines[0]


def test_cli_refuses_a_device(tmp_path: Path) -> None:
    _one_line_refusal(_validate(tmp_path, "/dev/zero"), "not a regular file")


def test_cli_refuses_a_directory(tmp_path: Path) -> None:
    _one_line_refusal(_validate(tmp_path, tmp_path), "is a directory")


def test_cli_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    _one_line_refusal(_validate(tmp_path, fifo), "not a regular file")


def test_cli_refuses_an_oversize_file(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: no disk is used, but the size is over the cap
        handle.truncate(MAX_FILE_BYTES + 1)
    _one_line_refusal(_validate(tmp_path, big), f"limited to {MAX_FILE_BYTES:,}")


def test_cli_csv_errors_do_not_echo_the_file(tmp_path: Path) -> None:
    source = tmp_path / "codes.csv"
    source.write_text(f"a,b\n1,2\n{PASSWD_LINE}\n", encoding="utf-8")
    line = _one_line_refusal(_validate(tmp_path, source), "cannot read the CSV")
    assert "root:x" not in line


def test_cli_reads_a_regular_file(tmp_path: Path) -> None:
    source = tmp_path / "codes.csv"
    source.write_text("code\nA\nB\n", encoding="utf-8")
    result = _validate(tmp_path, source)
    assert result.returncode == 0, result.stderr
    assert "codes: 2 rows" in result.stdout


def test_cli_refuses_a_device_as_the_definition(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-m", "synthdb", "validate", "/dev/zero"], capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "not a regular file" in result.stderr
