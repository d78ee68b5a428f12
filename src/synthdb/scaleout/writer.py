"""One task: produce one part of a table and write it as one file (parquet, csv or jsonl), with its digest.

Each part goes to a hidden temporary name and is moved into place once complete; then a small receipt
(rows, size, SHA-256) is written under `_receipts/`. `--resume` trusts a part only when its receipt
belongs to the same run and the file's bytes still hash to the receipt's digest.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import posixpath
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

from synthdb.engine.partition import Part, RunSpec, part_batches
from synthdb.errors import UsageError
from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.nul import refuse_nul
from synthdb.outputs.registry import FORMATS
from synthdb.scaleout.store import join, open_store, put_atomic, read_bytes, temporary_name

# Formats whose parts are one table when read together: the parts of a csv or jsonl table concatenate to
# the one-file output byte for byte (csv: header in part 0 only); parquet parts hold the same rows.
PART_FORMATS = ("parquet", "csv", "jsonl")
RECEIPTS = "_receipts"
_CHUNK = 8 << 20
# csv and jsonl parts can be compressed, one gzip member or zstd frame per part (`part-00000.csv.gz`, `.zst`):
# both codecs decompress concatenated members as one stream, so a table's parts concatenated still decompress
# to the one-file output byte for byte. The writer option naming the codec is absent by default (plain
# parts), so an uncompressed run's manifest and `--resume` identity are what they were before it existed.
COMPRESSION_OPTION = "part_compression"
COMPRESSIONS = ("none", "gzip", "zstd")
COMPRESSIBLE_FORMATS = ("csv", "jsonl")
_COMPRESSED_SUFFIX = {"gzip": ".gz", "zstd": ".zst"}
# gzip at level 1, as the zip's deflate: 3.8 times faster than level 6 on a generated customers csv, for a
# file 17% larger. zstd at Arrow's default level (1), the level the Parquet parts use.
GZIP_LEVEL = 1
# The codec is fed pieces cut at fixed offsets of the part's bytes, so its output depends on the bytes
# alone, never on how the format writer happened to split its writes.
_FEED = 1 << 20


def part_format(name: str) -> PerTableFormat:
    """The writer of a partitioned format; any other format is a UsageError listing the ones that work."""
    if name not in PART_FORMATS:
        FORMATS.get(name)  # an unknown name gets the registry's own message and suggestion
        raise UsageError(f"--format {name} cannot be written in parts with --cluster; use one of "
                         f"{', '.join(PART_FORMATS)}")
    writer = FORMATS.get(name)
    assert isinstance(writer, PerTableFormat)
    return writer


def part_path(table: str, index: int, suffix: str) -> str:
    """Where a part lives, relative to the output root: `<table>/part-00000.parquet`."""
    return f"{table}/part-{index:05d}{suffix}"


def part_compression(fmt: str, compression: str | None) -> str:
    """The checked codec of a run's parts ("none", "gzip" or "zstd"); a UsageError names what is wrong."""
    name = (compression or "none").lower()
    if name not in COMPRESSIONS:
        raise UsageError(f"--part-compression must be one of {', '.join(COMPRESSIONS)}, got '{compression}'")
    if name != "none" and fmt not in COMPRESSIBLE_FORMATS:
        already = " (parquet parts are already compressed: zstd, inside the file)" if fmt == "parquet" else ""
        raise UsageError(f"--part-compression applies to csv and jsonl parts only, not '{fmt}'{already}")
    return name


def part_suffix(fmt: str, options: Mapping[str, Any]) -> str:
    """The file name ending of a part: the format's (`.csv`), then the codec's (`.gz`, `.zst`) if any."""
    compression = options.get(COMPRESSION_OPTION, "none")
    return part_format(fmt).entity_suffix + _COMPRESSED_SUFFIX.get(compression, "")


def receipt_path(table: str, index: int) -> str:
    return f"{RECEIPTS}/{table}/part-{index:05d}.json"


@dataclass(frozen=True)
class PartResult:
    """What a task reports (and the manifest records) about one written part."""

    table: str
    index: int
    start: int
    stop: int
    path: str
    bytes: int
    sha256: str
    spec: str  # RunSpec.digest: which run wrote it
    reused: bool = False

    @property
    def rows(self) -> int:
        return self.stop - self.start

    def record(self) -> dict[str, Any]:
        """The part as the manifest lists it."""
        return {"index": self.index, "start": self.start, "rows": self.rows, "path": self.path,
                "bytes": self.bytes, "sha256": self.sha256}


class HashingWriter(io.RawIOBase):
    """Passes bytes through to `sink` while counting them and hashing them (SHA-256)."""

    def __init__(self, sink: Any) -> None:
        super().__init__()
        self._sink = sink
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self.sha256.update(view)
        if self._sink is not None:
            self._sink.write(view)
        self.size += view.nbytes
        return view.nbytes

    def tell(self) -> int:
        return self.size


class _KeepOpen(io.RawIOBase):
    """`sink` seen through a file that does not close it: closing Arrow's compressed stream closes the
    stream under it, but the sink (the part's file, the hasher) is closed by whoever opened it."""

    def __init__(self, sink: Any) -> None:
        super().__init__()
        self._sink = sink

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        written: int = self._sink.write(data)
        return written


class CompressingWriter(io.RawIOBase):
    """Compresses what is written to it into `sink` as one gzip member or one zstd frame (ended by `finish`).

    gzip is the standard library's, with no file name and a zero timestamp in its header, so the bytes
    depend only on the data and zlib; zstd is pyarrow's stream (Arrow's bundled libzstd).
    """

    def __init__(self, sink: Any, compression: str) -> None:
        super().__init__()
        self._pending = bytearray()
        self._codec: Any
        if compression == "gzip":
            # filename="" keeps the temporary file's name (fileobj.name) out of the header.
            self._codec = gzip.GzipFile(filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=sink, mtime=0)
        elif compression == "zstd":
            import pyarrow

            self._codec = pyarrow.CompressedOutputStream(_KeepOpen(sink), "zstd")
        else:
            raise ValueError(f"unknown part compression '{compression}'")

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self._pending += view
        if len(self._pending) >= _FEED:
            whole = len(self._pending) - len(self._pending) % _FEED
            with memoryview(self._pending) as pending:
                for offset in range(0, whole, _FEED):
                    self._codec.write(pending[offset:offset + _FEED])
            del self._pending[:whole]
        return view.nbytes

    def finish(self) -> None:
        """Compress what is left and write the member's (frame's) end; the sink stays open."""
        if self._pending:
            self._codec.write(bytes(self._pending))
            self._pending.clear()
        self._codec.close()  # GzipFile leaves its fileobj open; the Arrow stream closes only _KeepOpen


def write_part_to(out: BinaryIO, spec: RunSpec, fmt: str, part: Part, options: Mapping[str, Any]) -> None:
    """Stream rows [part.start, part.stop) of the table in `fmt` to `out` (csv: header in part 0 only),
    compressed when `options` name a `part_compression`."""
    from synthdb.service.job_columns import column_infos

    plan = spec.plan()
    table = plan.tables[part.table]
    infos = column_infos(plan, table, set(plan.tables))
    output = TableOutput(table.name, infos, part.rows, lambda: part_batches(spec, part.table, part.start, part.stop))
    compression = options.get(COMPRESSION_OPTION, "none")
    format_options = {key: value for key, value in options.items() if key != COMPRESSION_OPTION}
    job = OutputJob(plan.database.name, plan.database.platform, [output], single_entity=True,
                    options={**format_options, "csv_header": part.index == 0})
    writer = part_format(fmt)
    if writer.refuses_nul:
        job = refuse_nul(job, f"the {fmt} format")
    if compression == "none":
        writer.write_table(job.tables[0], job, out)
        return
    packed = CompressingWriter(out, compression)
    writer.write_table(job.tables[0], job, packed)  # type: ignore[arg-type]
    packed.finish()


def part_digest(spec: RunSpec, fmt: str, part: Part, options: Mapping[str, Any]) -> tuple[int, str]:
    """(size, SHA-256) of a part computed here without storing it (what `verify` compares)."""
    hasher = HashingWriter(None)
    write_part_to(hasher, spec, fmt, part, options)  # type: ignore[arg-type]
    return hasher.size, hasher.sha256.hexdigest()


def file_digest(fs: Any, path: str) -> tuple[int, str] | None:
    """(size, SHA-256) of a stored file, or None when it does not exist."""
    sha = hashlib.sha256()
    size = 0
    try:
        with fs.open(path, "rb") as source:
            while chunk := source.read(_CHUNK):
                sha.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return None
    return size, sha.hexdigest()


def _kept(fs: Any, root: str, spec: RunSpec, part: Part, path: str) -> PartResult | None:
    """The earlier result for `part` when its receipt is this run's and the file still matches it."""
    data = read_bytes(fs, join(root, receipt_path(part.table, part.index)))
    if data is None:
        return None
    try:
        receipt = PartResult(**json.loads(data))
    except (ValueError, TypeError):
        return None  # a receipt we cannot read: the part is redone
    if (receipt.spec, receipt.path, receipt.start, receipt.stop) != (spec.digest, path, part.start, part.stop):
        return None
    if file_digest(fs, join(root, path)) != (receipt.bytes, receipt.sha256):
        return None
    return PartResult(**{**asdict(receipt), "reused": True})


def write_part(spec: RunSpec, url: str, fmt: str, part: Part, options: Mapping[str, Any],
               resume: bool = False) -> PartResult:
    """The task run on a worker: write one part under `url` (unless `resume` finds it intact) and report it."""
    fs, root = open_store(url)
    path = part_path(part.table, part.index, part_suffix(fmt, options))
    if resume and (kept := _kept(fs, root, spec, part, path)) is not None:
        return kept
    final = join(root, path)
    fs.makedirs(posixpath.dirname(final), exist_ok=True)
    temporary = temporary_name(final)
    try:
        with fs.open(temporary, "wb") as sink:
            hasher = HashingWriter(sink)
            write_part_to(hasher, spec, fmt, part, options)  # type: ignore[arg-type]
        fs.mv(temporary, final)
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(temporary)
        raise
    result = PartResult(part.table, part.index, part.start, part.stop, path, hasher.size,
                        hasher.sha256.hexdigest(), spec.digest)
    # After the part is in place: a receipt always describes a complete file.
    put_atomic(fs, join(root, receipt_path(part.table, part.index)),
               json.dumps(asdict(result), sort_keys=True).encode())
    return result
