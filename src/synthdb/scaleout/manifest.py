"""The manifest of a partitioned run, written last: without it a run is visibly incomplete.

`manifest.json` at the output's root names the run (the definition itself and its hash, seed, variables,
format, rows per part, the versions that wrote it) and every table's parts with their rows, sizes and
SHA-256 digests. `_run.json`, written first, names the run too, so `--resume` can refuse an output that
another definition or seed started.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from synthdb.engine.partition import RunSpec, canonical_json
from synthdb.errors import UsageError
from synthdb.scaleout.store import join, open_store, put_atomic, read_bytes
from synthdb.scaleout.writer import COMPRESSION_OPTION, PartResult

MANIFEST = "manifest.json"
RUN = "_run.json"
VERSION = 1
# What must agree between a run and the output it resumes.
_SAME_RUN = ("definition_hash", "seed", "variables", "format", "rows_per_part", "options")


def run_identity(spec: RunSpec, fmt: str, rows_per_part: int, options: Mapping[str, Any]) -> dict[str, Any]:
    """What makes two runs write the same files (the manifest's header and `_run.json`)."""
    return {"definition_hash": spec.definition_hash, "seed": spec.seed,
            "variables": json.loads(canonical_json(spec.variables)), "format": fmt,
            "rows_per_part": rows_per_part, "options": json.loads(canonical_json(options))}


def _versions(options: Mapping[str, Any]) -> dict[str, str]:
    # Parquet files name the library that wrote them: a digest recomputed with another pyarrow may differ.
    import pyarrow

    from synthdb import __version__

    versions = {"synthdb": __version__, "pyarrow": pyarrow.__version__}
    if options.get(COMPRESSION_OPTION) == "gzip":
        import zlib

        # gzip parts are deflated by the zlib Python links (some distributions build it on zlib-ng, whose
        # bytes differ); zstd parts by the libzstd inside pyarrow, named by pyarrow's version already.
        versions["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return versions


def build_manifest(spec: RunSpec, fmt: str, rows_per_part: int, options: Mapping[str, Any],
                   tables: Iterable[tuple[str, int]], results: Iterable[PartResult]) -> dict[str, Any]:
    """The manifest of a finished run; `tables` are (name, rows) in the order written."""
    by_table: dict[str, list[PartResult]] = {}
    for result in results:
        by_table.setdefault(result.table, []).append(result)
    listed = []
    for name, rows in tables:
        parts = sorted(by_table.get(name, []), key=lambda r: r.index)
        if sum(p.rows for p in parts) != rows:
            raise RuntimeError(f"table '{name}': parts hold {sum(p.rows for p in parts)} rows, not {rows}")
        listed.append({"name": name, "rows": rows, "parts": [p.record() for p in parts]})
    return {"synthdb_manifest": VERSION, **run_identity(spec, fmt, rows_per_part, options),
            "versions": _versions(options), "definition": spec.definition, "tables": listed}


def write_manifest(url: str, manifest: Mapping[str, Any]) -> str:
    """Write `manifest.json` atomically at the root of `url`; returns its URL."""
    fs, root = open_store(url)
    put_atomic(fs, join(root, MANIFEST), (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return f"{url.rstrip('/')}/{MANIFEST}"


def write_run(url: str, identity: Mapping[str, Any]) -> None:
    fs, root = open_store(url)
    put_atomic(fs, join(root, RUN), json.dumps(identity, sort_keys=True).encode())


def _load(data: bytes, where: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise UsageError(f"{where} is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise UsageError(f"{where} is not a synthdb manifest")
    return value


def read_run(url: str) -> dict[str, Any] | None:
    """The identity of the run that started writing at `url` (manifest first, else `_run.json`), or None."""
    fs, root = open_store(url)
    for name in (MANIFEST, RUN):
        data = read_bytes(fs, join(root, name))
        if data is not None:
            return _load(data, f"{url.rstrip('/')}/{name}")
    return None


def read_manifest(url: str) -> tuple[dict[str, Any], str]:
    """(manifest, output root URL) from the manifest's URL or its folder's."""
    target = url.rstrip("/")
    if not target.endswith(".json"):
        target = f"{target}/{MANIFEST}"
    fs, path = open_store(target)
    data = read_bytes(fs, path)
    if data is None:
        raise UsageError(f"no manifest at {target}: the run is incomplete (or never started there)")
    manifest = _load(data, target)
    missing = [key for key in ("synthdb_manifest", *_SAME_RUN, "definition", "tables") if key not in manifest]
    if missing:
        raise UsageError(f"{target} is not a synthdb manifest (no {', '.join(missing)})")
    return manifest, target.rsplit("/", 1)[0]


def check_same_run(found: Mapping[str, Any], identity: Mapping[str, Any], url: str) -> None:
    """Refuse to resume an output that another run (definition, seed, variables, format, ...) started."""
    differences = [key for key in _SAME_RUN if found.get(key) != identity[key]]
    if differences:
        details = [f"{key}: {found.get(key)!r} there, {identity[key]!r} here" for key in differences
                   if key != "definition_hash"]
        if "definition_hash" in differences:
            details.insert(0, "another definition")
        raise UsageError(f"--resume: {url} holds another run ({'; '.join(details)}); use a new --output "
                         f"or remove it")
