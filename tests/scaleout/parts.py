"""Helpers of the scale-out tests: run the CLI, read a partitioned output, compare it with a one-process run."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

import synthdb
from synthdb.cli import _load_commands, app

_load_commands()

DEFINITION = Path(__file__).resolve().parent / "data" / "scale.yaml"
SUFFIX = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    """Run `synthdb ARGS` in this process; the result has exit_code and output (stdout and stderr)."""
    return CliRunner().invoke(app, list(args), env=env)


def one_process(definition: Path, fmt: str, workdir: Path, **kwargs: Any) -> dict[str, bytes]:
    """Each table's file of an ordinary (one-process, one-file-per-table) run, by table name."""
    out = synthdb.generate(definition, fmt, workdir / f"single-{fmt}.zip", **kwargs)
    with zipfile.ZipFile(out) as archive:
        return {Path(name).stem: archive.read(name) for name in archive.namelist() if name.endswith(SUFFIX[fmt])}


def read_manifest(url: str) -> dict[str, Any]:
    with fsspec.open(f"{url}/manifest.json", "rb") as source:
        return dict(json.load(source))


def part_bytes(url: str, manifest: dict[str, Any]) -> dict[str, list[bytes]]:
    """Every table's parts as stored, in order."""
    out: dict[str, list[bytes]] = {}
    for table in manifest["tables"]:
        out[table["name"]] = []
        for part in table["parts"]:
            with fsspec.open(f"{url}/{part['path']}", "rb") as source:
                out[table["name"]].append(source.read())
    return out


def assert_equal_to_one_process(parts: dict[str, list[bytes]], single: dict[str, bytes], fmt: str) -> None:
    """csv/jsonl: the parts concatenated are the one-process file byte for byte; parquet: same content."""
    assert set(parts) == set(single)
    for name, files in parts.items():
        if fmt == "parquet":
            expected = pq.read_table(io.BytesIO(single[name]))
            got = pa.concat_tables(pq.read_table(io.BytesIO(data)) for data in files)
            assert got.schema.equals(expected.schema), name
            assert got.equals(expected), f"table {name}: parts differ from the one-process run"
        else:
            assert b"".join(files) == single[name], f"table {name}: parts differ from the one-process run"


def scheduler_idle(address: str, timeout: float = 60) -> None:
    """Wait until the scheduler holds no task (a killed client's running tasks have finished)."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Released tasks leave the scheduler at once, but a worker thread already running one finishes
            # it (and writes its part): both must be idle.
            busy = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
            busy += sum(client.run(lambda dask_worker: dask_worker.state.executing_count).values())
            if busy == 0:
                return
            time.sleep(0.2)
    raise AssertionError("the scheduler still has tasks")
