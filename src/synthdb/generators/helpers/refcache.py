"""Reference tables compiled once into Arrow IPC files in the user's cache, memory-mapped on later runs.

Building a place table from its packages (zipcodes' 42,000 JSON records, geonames' cities) takes
about a second; reading the compiled table back is a memory map. A cache file's name holds a digest of
synthdb's version and the versions of the packages the table is built from, so upgrading any of them
builds a new file instead of reading a stale one. The cache is an optimisation only: when the folder
cannot be written (a read-only home, a full disk), the table is built in memory as before, and the
values are the same either way (Arrow IPC stores floats bit for bit).

`SYNTHDB_CACHE_DIR` names the folder; else `$XDG_CACHE_HOME/synthdb`, else `~/.cache/synthdb`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyarrow as pa

from synthdb.user_cache import cache_dir, write_whole

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

log = logging.getLogger("synthdb.refcache")

# Bump when a builder's output changes without any package version changing.
FORMAT_REVISION = 1


@cache
def _version(package: str) -> str:
    try:
        found = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        return "none"
    # The Version header read directly: `.version` parses the whole METADATA file as an e-mail, long
    # description included (a few ms per package on every start).
    for line in (found.read_text("METADATA") or found.read_text("PKG-INFO") or "").splitlines():
        if not line:
            break  # the headers end at the first blank line
        if line.startswith("Version:"):
            return line.removeprefix("Version:").strip()
    return found.version


def cache_key(name: str, packages: Sequence[str], inputs: Sequence[Traversable] = (),
              extra: Sequence[str] = (), suffix: str = ".arrow") -> str:
    """The file name of a table: its name and a digest of everything its content depends on (package
    versions, the bytes of the builder's own files, so an edited data file or builder is rebuilt, and
    `extra` strings such as the arguments of a lookup)."""
    digest = hashlib.sha256()
    for part in [name, str(FORMAT_REVISION), _version("synthdb"), *(f"{p}={_version(p)}" for p in packages),
                 *extra]:
        digest.update(part.encode() + b"\0")
    for source in inputs:
        digest.update(source.read_bytes())
    return f"{name}-{digest.hexdigest()[:16]}{suffix}"


def _read(path: Path) -> pa.Table | None:
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()
    except (OSError, pa.ArrowInvalid):
        return None


def _write(path: Path, table: pa.Table) -> None:
    def ipc(handle: BinaryIO) -> None:
        with pa.ipc.new_file(handle, table.schema) as writer:
            writer.write_table(table)

    write_whole(path, ipc)


def column_of(table: pa.Table, name: str) -> pa.Array:
    """A column of a cached table as one array, used where the file is mapped rather than copied when
    it is one chunk, as this cache writes it (copying the name pools cost 12 ms of a start)."""
    chunked = table.column(name)
    return chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()


def cached_table(
    name: str, packages: Sequence[str], build: Callable[[], pa.Table], inputs: Sequence[Traversable] = (),
    extra: Sequence[str] = (),
) -> pa.Table:
    """The table `build()` makes, from the cache when a current copy is there, else built and stored."""
    path = cache_dir() / cache_key(name, packages, inputs, extra)
    table = _read(path) if path.exists() else None
    if table is not None:
        return table
    table = build()
    try:
        _write(path, table)
    except OSError as exc:  # the cache is an optimisation: a read-only or full disk only costs time
        log.debug("reference cache not written (%s): %s", path, exc)
    return table


def cached_json(name: str, packages: Sequence[str], extra: Sequence[str], compute: Callable[[], Any],
                inputs: Sequence[Traversable] = ()) -> Any:
    """What `compute()` returns (JSON data: tuples come back as lists), from the cache when stored (keyed
    like a table: `packages`' versions, the bytes of `inputs`, the `extra` strings).

    A value JSON cannot hold exactly (a set, an object, a non-text key) is returned as computed and not
    stored, so the next run computes it again rather than reading a changed value.
    """
    path = cache_dir() / cache_key(name, packages, inputs, extra, ".json")
    try:
        with path.open("rb") as handle:
            return json.loads(handle.read())["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    try:
        text = json.dumps({"value": value}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return value
    if json.loads(text)["value"] != _as_json(value):
        return value
    try:
        write_whole(path, lambda handle: handle.write(text.encode("utf-8")))
    except OSError as exc:
        log.debug("reference cache not written (%s): %s", path, exc)
    return value


def _as_json(value: Any) -> Any:
    """`value` with tuples as lists: what a JSON round trip should give back."""
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value
