"""`synthdb verify MANIFEST`: every part is there at its size, and sample parts hash as the manifest says,
both as stored and as recomputed here from the definition (so another machine's bytes are checked too)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from synthdb.engine.partition import Part, RunSpec
from synthdb.errors import SynthdbError, UsageError
from synthdb.scaleout.manifest import read_manifest
from synthdb.scaleout.store import join, open_store
from synthdb.scaleout.writer import file_digest, part_digest


class VerifyError(SynthdbError):
    """A part is missing or its bytes differ from the manifest; the message names the part."""

    exit_code = 1


@dataclass
class VerifyReport:
    """What was checked: all parts' presence and size, and the sampled parts' digests."""

    parts: int
    sampled: list[str] = field(default_factory=list)


def _parts(manifest: dict[str, Any]) -> list[tuple[Part, dict[str, Any]]]:
    listed = []
    for table in manifest["tables"]:
        for record in table["parts"]:
            start = int(record["start"])
            listed.append((Part(table["name"], int(record["index"]), start, start + int(record["rows"])), record))
    return listed


def verify(manifest_url: str, sample: int = 4, rng: random.Random | None = None,
           on_part: Callable[[str], None] | None = None) -> VerifyReport:
    """Check the run of `manifest_url`; `sample` parts (0: all) are hashed and recomputed. Raises VerifyError."""
    if sample < 0:
        raise UsageError(f"--sample must be 0 (all parts) or more, got {sample}")
    manifest, root_url = read_manifest(manifest_url)
    fs, root = open_store(root_url)
    listed = _parts(manifest)
    # Presence and size of every part: one listing per table folder, no data read.
    sizes: dict[tuple[str, str], int] = {}
    for table in manifest["tables"]:
        folder = join(root, table["name"])
        if fs.exists(folder):
            for info in fs.ls(folder, detail=True):
                sizes[table["name"], info["name"].rstrip("/").rsplit("/", 1)[-1]] = int(info["size"])
    for part, record in listed:
        name = (part.table, record["path"].rsplit("/", 1)[-1])
        if name not in sizes:
            raise VerifyError(f"{record['path']}: missing")
        if sizes[name] != record["bytes"]:
            raise VerifyError(f"{record['path']}: {sizes[name]} bytes stored, the manifest says {record['bytes']}")
    chosen = listed if sample == 0 or sample >= len(listed) else (rng or random.Random()).sample(listed, sample)
    spec = RunSpec(manifest["definition"], int(manifest["seed"]), manifest["variables"])
    report = VerifyReport(len(listed))
    for part, record in sorted(chosen, key=lambda pr: (pr[0].table, pr[0].index)):
        stored = file_digest(fs, join(root, record["path"]))
        if stored is None:
            raise VerifyError(f"{record['path']}: missing")
        if stored[1] != record["sha256"]:
            raise VerifyError(f"{record['path']}: stored bytes hash to {stored[1]}, the manifest says "
                              f"{record['sha256']} (the file was changed or damaged)")
        size, digest = part_digest(spec, manifest["format"], part, manifest["options"])
        if digest != record["sha256"]:
            versions = manifest.get("versions", {})
            raise VerifyError(f"{record['path']}: recomputed here it hashes to {digest} ({size} bytes), the "
                              f"manifest says {record['sha256']} ({record['bytes']} bytes); written with "
                              f"{versions}: a different library version can explain it, else the generation "
                              f"is not deterministic across these machines")
        report.sampled.append(record["path"])
        if on_part is not None:
            on_part(record["path"])
    return report
