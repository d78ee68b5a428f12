"""`synthdb generate --cluster`: plan once, one Dask task per part, progress as parts finish, manifest last."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from synthdb.engine.partition import DEFAULT_ROWS_PER_PART, Part, RunSpec, table_parts
from synthdb.errors import OutputError, UsageError
from synthdb.outputs.csv_quoting import quoting_style
from synthdb.scaleout.manifest import (
    MANIFEST,
    build_manifest,
    check_same_run,
    read_run,
    run_identity,
    write_manifest,
    write_run,
)
from synthdb.scaleout.store import is_temporary, normalise_url, open_store
from synthdb.scaleout.writer import (
    COMPRESSION_OPTION,
    RECEIPTS,
    PartResult,
    part_compression,
    part_format,
    write_part,
)
from synthdb.service.progress import ProgressReporter, SilentProgress
from synthdb.service.run import Definition, Run, RunOptions


@dataclass
class ClusterOptions:
    """The flags of a partitioned run."""

    cluster: str
    output: str
    format: str = "parquet"
    seed: int | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    entity: str | None = None
    rows_per_part: int = DEFAULT_ROWS_PER_PART
    resume: bool = False
    csv_escape_formulas: bool = False
    csv_quoting: str | None = None
    # "none", "gzip" or "zstd": csv and jsonl parts written as part-00000.csv.gz / .csv.zst.
    part_compression: str = "none"


@dataclass
class ClusterResult:
    """What a partitioned run did: where the manifest is, how many parts were written and kept."""

    manifest_url: str
    parts: int
    written: int
    kept: int
    rows: int


def _format_options(options: ClusterOptions, run: Run) -> dict[str, Any]:
    """The writer options that change the bytes (recorded in the manifest; verify reuses them)."""
    compression = part_compression(options.format, options.part_compression)
    # Recorded only when set: plain parts keep the manifest (and --resume identity) they always had.
    packed = {} if compression == "none" else {COMPRESSION_OPTION: compression}
    if options.format != "csv":
        if options.csv_escape_formulas or options.csv_quoting is not None:
            raise UsageError(f"--csv-escape-formulas and --csv-quoting apply to the csv format only, "
                             f"not '{options.format}'")
        return packed
    style = options.csv_quoting or run.database.csv_quoting
    quoting_style(style)  # an unknown style is refused before anything is written
    return {"csv_quoting": style,
            "csv_escape_formulas": bool(options.csv_escape_formulas or run.database.csv_escape_formulas), **packed}


def _check_output(url: str, identity: Mapping[str, Any], resume: bool) -> None:
    """Refuse to mix runs in one output: a new run needs an empty place, --resume the same run."""
    found = read_run(url)
    if found is None:
        fs, root = open_store(url)
        if not resume and fs.exists(f"{root}/{RECEIPTS}"):
            raise UsageError(f"{url} already holds parts of a run; pass --resume to finish it")
    elif not resume:
        raise UsageError(f"{url} already holds a synthdb run; pass --resume to finish or check it, "
                         f"or choose another --output")
    else:
        check_same_run(found, identity, url)


def _start_output(url: str, identity: Mapping[str, Any]) -> None:
    """Name the run at `url` (for a later --resume) and drop temporary files a killed run left behind."""
    fs, root = open_store(url)
    if fs.exists(root):
        for path in fs.find(root):
            if is_temporary(path):
                fs.rm(path)
    write_run(url, identity)


def generate_on_cluster(definition: Definition, options: ClusterOptions,
                        progress: ProgressReporter | None = None, client: Any | None = None) -> ClusterResult:
    """Write every table (or `entity`) in parts on the Dask cluster `options.cluster`, then the manifest.

    `client`: an already connected dask.distributed Client to use instead (`options.cluster` is then ignored).
    """
    from synthdb.scaleout.cluster import connect, parse_address

    progress = progress or SilentProgress()
    if client is None:
        parse_address(options.cluster)  # a bad address fails before planning
    part_format(options.format)
    if options.rows_per_part < 1:
        raise UsageError(f"--rows-per-part must be at least 1, got {options.rows_per_part}")
    run = Run(definition, RunOptions(options.seed, options.variables, options.entity))
    if run.written_sql:
        raise UsageError(f"SQL tables (view: true) need the whole database in one process and cannot be "
                         f"written with --cluster: {', '.join(run.written_sql)}; write a generated table with "
                         f"--entity, or the SQL tables with a one-process generate")
    run.probe()
    fmt_options = _format_options(options, run)
    spec = RunSpec.from_plan(run.plan)
    url = normalise_url(options.output)
    identity = run_identity(spec, options.format, options.rows_per_part, fmt_options)
    parts: list[Part] = [p for table in run.tables for p in table_parts(table, options.rows_per_part)]
    _check_output(url, identity, options.resume)
    with connect(options.cluster) if client is None else nullcontext(client) as connected:
        _start_output(url, identity)
        results = _run_parts(connected, spec, url, options, fmt_options, parts, progress)
    tables = [(table.name, table.size) for table in run.tables]
    manifest = build_manifest(spec, options.format, options.rows_per_part, fmt_options, tables, results)
    manifest_url = write_manifest(url, manifest)
    progress.finish()
    kept = sum(r.reused for r in results)
    return ClusterResult(manifest_url, len(results), len(results) - kept, kept, sum(r.rows for r in results))


def _run_parts(client: Any, spec: RunSpec, url: str, options: ClusterOptions, fmt_options: dict[str, Any],
               parts: list[Part], progress: ProgressReporter) -> list[PartResult]:
    """Submit one task per part and report each as it completes; the first failure cancels the rest."""
    from distributed import as_completed

    totals: dict[str, int] = {}
    for part in parts:
        totals[part.table] = totals.get(part.table, 0) + part.rows
    progress.start(sum(totals.values()))
    # Sent once to every worker, not once per task: the definition can be large.
    spec_future = client.scatter(spec, broadcast=True, hash=False)
    run = uuid.uuid4().hex[:8]  # keys unique per run: a killed client's tasks never stand in for ours
    futures = {client.submit(write_part, spec_future, url, options.format, part, fmt_options, options.resume,
                             key=f"synthdb-{part.table}-{part.index:05d}-{run}",
                             pure=False): part
               for part in parts}
    done: dict[str, int] = {}
    results = []
    try:
        for future in as_completed(futures):
            part = futures[future]
            if future.status != "finished":
                where = f"part {part.index} of table '{part.table}' (rows {part.start}-{part.stop})"
                if future.status != "error":
                    raise OutputError(f"{where} was {future.status} on the cluster")
                exc = future.exception()
                raise OutputError(f"{where} failed on the cluster: {type(exc).__name__}: {exc}") from exc
            result: PartResult = future.result()
            results.append(result)
            done[part.table] = done.get(part.table, 0) + result.rows
            progress.advance(part.table, result.rows, done[part.table], totals[part.table])
    except BaseException:
        client.cancel(list(futures))
        raise
    return results


__all__ = ["MANIFEST", "ClusterOptions", "ClusterResult", "generate_on_cluster"]
