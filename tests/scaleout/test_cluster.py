"""`generate --cluster` on a real Dask scheduler with two worker processes: the parts equal a one-process run,
a killed run resumes to the same bytes redoing only what is missing, and `verify` catches a changed part."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scaleout.parts import (
    DEFINITION,
    assert_equal_to_one_process,
    cli,
    one_process,
    part_bytes,
    read_manifest,
    scheduler_idle,
)

ROWS_PER_PART = 400


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_parts_equal_one_process_run(scheduler: str, tmp_path: Path, fmt: str) -> None:
    url = f"file://{tmp_path}/run"
    result = cli("generate", str(DEFINITION), "--format", fmt, "--output", url, "--cluster", scheduler,
                 "--rows-per-part", str(ROWS_PER_PART))
    assert result.exit_code == 0, result.output
    manifest = read_manifest(url)
    sizes = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert sizes["order_items"] > 2 * ROWS_PER_PART  # several parts, written by both workers
    assert len(next(t for t in manifest["tables"] if t["name"] == "order_items")["parts"]) >= 3
    assert manifest["seed"] == 11 and manifest["format"] == fmt and manifest["rows_per_part"] == ROWS_PER_PART
    assert_equal_to_one_process(part_bytes(url, manifest), one_process(DEFINITION, fmt, tmp_path), fmt)
    assert cli("verify", f"{url}/manifest.json", "--sample", "0").exit_code == 0


def _part_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every finished part (its receipt written): path -> (inode, mtime in ns), to tell which were rewritten."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.glob("*/part-*")
            if (folder / "_receipts" / p.parent.name / p.with_suffix(".json").name).exists()}


def test_killed_run_resumes_to_the_same_bytes_redoing_only_missing_parts(
        scheduler: str, tmp_path: Path, cluster_env: dict[str, str]) -> None:
    folder = tmp_path / "run"
    # Many small parts, so the client can be killed while some exist and others do not.
    args = ["generate", str(DEFINITION), "--format", "csv", "--output", str(folder), "--cluster", scheduler,
            "--rows-per-part", "40", "--var", "n_customers=1500", "--quiet"]
    client = subprocess.Popen([sys.executable, "-m", "synthdb", *args], env=cluster_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list((folder / "_receipts").glob("*/*.json"))) < 10 and client.poll() is None:
            assert time.monotonic() < deadline, "no part was written"
            time.sleep(0.01)
        os.killpg(client.pid, signal.SIGKILL)
    finally:
        client.wait(30)
    assert client.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    scheduler_idle(scheduler)  # tasks the dead client left running have finished (or been dropped)
    assert not (folder / "manifest.json").exists()  # visibly incomplete
    assert cli("verify", str(folder)).exit_code == 2

    before = _part_files(folder)
    # A part damaged after it was written (same size, one byte changed) must be redone too.
    damaged = sorted(before)[1]
    data = bytearray((folder / damaged).read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    (folder / damaged).write_bytes(bytes(data))
    before = _part_files(folder)

    result = cli(*args, "--resume")
    assert result.exit_code == 0, result.output
    manifest = read_manifest(f"file://{folder}")
    total = sum(len(t["parts"]) for t in manifest["tables"])
    after = _part_files(folder)
    assert len(after) == total and 10 <= len(before) < total
    rewritten = {path for path in before if after[path] != before[path]}
    assert rewritten == {damaged}  # every intact part kept as it was, the damaged one redone
    assert not [p for p in folder.rglob(".*.tmp")]
    single = one_process(DEFINITION, "csv", tmp_path, variables={"n_customers": 1500})
    assert_equal_to_one_process(part_bytes(f"file://{folder}", manifest), single, "csv")


def test_verify_names_a_changed_or_missing_part(scheduler: str, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    assert cli("generate", str(DEFINITION), "--format", "parquet", "--output", str(folder), "--cluster", scheduler,
               "--rows-per-part", "500", "--quiet").exit_code == 0
    ok = cli("verify", str(folder / "manifest.json"), "--sample", "2")
    assert ok.exit_code == 0 and "2 hashed and recomputed" in ok.output
    manifest = read_manifest(f"file://{folder}")
    victim = manifest["tables"][-1]["parts"][1]["path"]
    data = bytearray((folder / victim).read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size: only the digest can tell
    (folder / victim).write_bytes(bytes(data))
    result = cli("verify", str(folder), "--sample", "0")
    assert result.exit_code == 1 and victim in result.output and "hash" in result.output
    (folder / victim).unlink()
    result = cli("verify", str(folder))  # a missing part is found whatever the sample
    assert result.exit_code == 1 and f"{victim}: missing" in result.output


def test_resume_refuses_another_seed_and_a_new_run_refuses_a_used_output(scheduler: str, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    base = ["generate", str(DEFINITION), "--format", "jsonl", "--output", str(folder), "--cluster", scheduler,
            "--rows-per-part", "1000", "--quiet"]
    assert cli(*base).exit_code == 0
    again = cli(*base)
    assert again.exit_code == 2 and "already holds a synthdb run" in again.output and "--resume" in again.output
    other = cli(*base, "--resume", "--seed", "12")
    assert other.exit_code == 2 and "another run" in other.output and "seed: 11 there, 12 here" in other.output
    changed = tmp_path / "changed.yaml"
    changed.write_text(DEFINITION.read_text().replace("max: 200", "max: 300"))
    other = cli(*[str(changed) if a == str(DEFINITION) else a for a in base], "--resume")
    assert other.exit_code == 2 and "another definition" in other.output
    same = cli(*base, "--resume")
    assert same.exit_code == 0, same.output


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "sqlite"], "cannot be written in parts with --cluster; use one of parquet, csv, jsonl"),
    (["--format", "parket"], "did you mean 'parquet'"),
    (["--cluster", "nowhere"], "is not a Dask scheduler address"),
    (["--cluster", "http://127.0.0.1:8786"], "is not a Dask scheduler address"),
    (["--cluster", "local:0"], "at least 1 worker"),
    (["--rows-per-part", "0"], "--rows-per-part must be at least 1"),
    (["--csv-quoting", "all"], "apply to the csv format only"),
])
def test_bad_input_is_a_clear_error(scheduler: str, tmp_path: Path, args: list[str], message: str) -> None:
    base = {"--format": "parquet", "--output": str(tmp_path / "run"), "--cluster": scheduler}
    flags = [*args]
    for flag, value in base.items():
        if flag not in args:
            flags += [flag, value]
    result = cli("generate", str(DEFINITION), *flags)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "run").exists()  # refused before anything was written


def test_unreachable_scheduler_and_cluster_flags_without_cluster(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("generate", str(DEFINITION), "-f", "csv", "-o", str(tmp_path / "run"),
                 "--cluster", f"tcp://127.0.0.1:{port}", env={"SYNTHDB_DASK_CONNECT_TIMEOUT": "1"})
    assert result.exit_code == 2 and f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    result = cli("generate", str(DEFINITION), "-o", str(tmp_path / "x.zip"), "--resume")
    assert result.exit_code == 2 and "--resume apply to partitioned runs only" in result.output
    result = cli("verify", str(tmp_path / "nothing"))
    assert result.exit_code == 2 and "no manifest at" in result.output
    result = cli("verify", str(tmp_path / "nothing"), "--sample", "-1")
    assert result.exit_code == 2 and "--sample must be 0" in result.output


def test_local_cluster_writes_the_same_parts_as_two_remote_workers(scheduler: str, tmp_path: Path) -> None:
    manifests = []
    for name, cluster in (("remote", scheduler), ("local", "local:1")):
        url = f"file://{tmp_path}/{name}"
        result = cli("generate", str(DEFINITION), "--format", "parquet", "--output", url, "--cluster", cluster,
                     "--rows-per-part", "700", "--quiet")
        assert result.exit_code == 0, result.output
        manifests.append(read_manifest(url))
    assert manifests[0] == manifests[1]  # every part's digest, whatever the cluster


class _Recorder:
    """A progress reporter that keeps what it was told."""

    def __init__(self) -> None:
        self.total = 0
        self.steps: list[tuple[str, int, int, int]] = []
        self.finished = False

    def start(self, total_rows: int) -> None:
        self.total = total_rows

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        self.steps.append((table, rows, table_done, table_total))

    def finish(self) -> None:
        self.finished = True


def test_progress_comes_back_part_by_part_and_entity_writes_one_table(scheduler: str, tmp_path: Path) -> None:
    from synthdb.scaleout.generate import ClusterOptions, generate_on_cluster

    progress = _Recorder()
    options = ClusterOptions(scheduler, str(tmp_path / "run"), "jsonl", entity="order_items", rows_per_part=250)
    result = generate_on_cluster(DEFINITION, options, progress)
    manifest = read_manifest(f"file://{tmp_path}/run")
    assert [t["name"] for t in manifest["tables"]] == ["order_items"]
    rows = manifest["tables"][0]["rows"]
    assert progress.total == rows == result.rows and progress.finished
    assert len(progress.steps) == result.parts == -(-rows // 250)  # one step per part, as it finished
    assert sorted(step[2] for step in progress.steps)[-1] == rows == sum(step[1] for step in progress.steps)


def test_sql_tables_are_refused_but_a_generated_entity_of_the_same_definition_works(
        scheduler: str, tmp_path: Path) -> None:
    definition = tmp_path / "views.yaml"
    definition.write_text(DEFINITION.read_text() + """
  - name: big_orders
    view: true
    sql: "SELECT id, total FROM orders WHERE total > 100"
""")
    base = ["generate", str(definition), "-f", "csv", "--cluster", scheduler, "--quiet"]
    refused = cli(*base, "-o", str(tmp_path / "all"))
    assert refused.exit_code == 2 and "SQL tables (view: true)" in refused.output and "big_orders" in refused.output
    assert not (tmp_path / "all").exists()
    assert cli(*base, "-o", str(tmp_path / "orders"), "--entity", "orders").exit_code == 0
    assert [t["name"] for t in read_manifest(f"file://{tmp_path}/orders")["tables"]] == ["orders"]
