"""A zip writer that deflates each member in fixed-size chunks on a thread pool (pigz-style), deterministically.

Python's zipfile deflates on the writing thread and cannot take data compressed elsewhere, so a member's
deflate ran on one core. Here every `CHUNK_SIZE` bytes of a member are deflated independently
(`compressobj(level, DEFLATED, -15)` of ISA-L's deflate, else zlib's, ended by `Z_SYNC_FLUSH`, the last one
by `Z_FINISH`): raw deflate streams ended on a byte boundary concatenate into one valid stream. Both
release the GIL, so the chunks compress on every core while the next rows are generated. Chunk boundaries depend only on
the member's bytes, never on thread count or timing, so the archive's bytes are the same on any machine.

A writer that already holds a member's data in pieces (a table's batches, encoded where they were made,
possibly in another process) can deflate each piece there with `deflate_piece` and hand it over whole:
the piece is its own run of chunks, its CRC-32 folded into the member's with `crc32_combine`. The
archive's bytes then depend on the pieces' boundaries (a table's batches: a function of the batch size,
never of the worker count) instead of the fixed chunking of bytes written through `write`.

The container: a local header (zip64 extra always, as zipfile's `force_zip64` streams write it), the
data, the header rewritten in place with the CRC-32 and sizes once known (no data descriptor: the
output is a regular file), then the central directory, with zip64 records only when a size, an
offset or the entry count needs them. Entries carry a fixed 1980-01-01 timestamp and mode 0644.
"""

from __future__ import annotations

import struct
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import BinaryIO

from synthdb.defaults import cores

CHUNK_SIZE = 1 << 20  # 1 MiB: a fresh dictionary per chunk costs under 1% of size at this length
_LIMIT = 0xFFFFFFFF
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_MODE = 0o644 << 16
_UNIX = 3


_deflater: ModuleType
try:  # Intel ISA-L's deflate (python-isal): same stream format, measured 5-8x zlib's speed on our CSV
    from isal import __version__ as _isal_version
    from isal import isal_zlib

    _deflater, DEFLATER = isal_zlib, f"isal {_isal_version}"
except ImportError:  # a platform without its wheels
    _deflater, DEFLATER = zlib, f"zlib {zlib.ZLIB_RUNTIME_VERSION}"


def _level(level: int) -> int:
    """zlib's level 0-9 as the deflater's: ISA-L has 0-3, and its 2 is both faster and smaller than
    zlib's 1 on generated CSV (141 against 18 MB/s, 0.427 against 0.452 of the size, one run under load)."""
    if _deflater is zlib:
        return level
    return 0 if level == 0 else 2 if level <= 5 else 3


def _deflate(data: bytes | memoryview, level: int, last: bool) -> bytes:
    compressor = _deflater.compressobj(_level(level), _deflater.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(_deflater.Z_FINISH if last else _deflater.Z_SYNC_FLUSH)


def _crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A+B from those of A and B (zlib's crc32_combine, which Python's zlib does not expose)."""
    if _deflater is not zlib:
        return int(_deflater.crc32_combine(crc1, crc2, length2))
    # zlib's algorithm: advance crc1 over length2 zero bytes by squaring the CRC's shift operator in GF(2).
    def times(matrix: list[int], vector: int) -> int:
        total, row = 0, 0
        while vector:
            if vector & 1:
                total ^= matrix[row]
            vector >>= 1
            row += 1
        return total

    def square(matrix: list[int]) -> list[int]:
        return [times(matrix, matrix[n]) for n in range(32)]

    operator = [0xEDB88320] + [1 << n for n in range(31)]  # appends one zero bit
    for _ in range(3):
        operator = square(operator)  # one zero byte
    while length2 > 0:
        if length2 & 1:
            crc1 = times(operator, crc1)
        length2 >>= 1
        if length2:
            operator = square(operator)  # twice as many zero bytes
    return crc1 ^ crc2


@dataclass(frozen=True)
class DeflatedPiece:
    """A run of member data deflated elsewhere: raw deflate chunks ended by a sync flush, and the raw data's
    CRC-32 and length."""

    data: bytes
    crc: int
    size: int


def deflate_piece(data: bytes | bytearray | memoryview, level: int, chunk_size: int = CHUNK_SIZE) -> DeflatedPiece:
    """`data` deflated as `ParallelZip` would, in `chunk_size` chunks each ended by a sync flush (pure: any
    process or thread gives the same bytes)."""
    view = memoryview(data).cast("B")
    parts = [_deflate(view[start:start + chunk_size], level, last=False)
             for start in range(0, view.nbytes, chunk_size)]
    return DeflatedPiece(b"".join(parts), zlib.crc32(view), view.nbytes)


def piece_level(out: object) -> int | None:
    """The deflate level to encode pieces for `out` (a zip member taking them whole), else None (raw bytes)."""
    return out.archive._level if isinstance(out, _MemberWriter) else None


@dataclass
class _Entry:
    name: bytes
    flags: int
    offset: int
    crc: int = 0
    size: int = 0
    compressed: int = 0


def _local_header(entry: _Entry) -> bytes:
    extra = struct.pack("<HHQQ", 0x0001, 16, entry.size, entry.compressed)
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, entry.flags, zlib.DEFLATED, _DOS_TIME, _DOS_DATE,
                       entry.crc, _LIMIT, _LIMIT, len(entry.name), len(extra)) + entry.name + extra


def _central_header(entry: _Entry) -> bytes:
    zip64 = [v for v in (entry.size, entry.compressed, entry.offset) if v >= _LIMIT]
    big = bool(zip64)
    extra = struct.pack(f"<HH{len(zip64)}Q", 0x0001, 8 * len(zip64), *zip64) if big else b""
    version = 45 if big else 20
    size, compressed, offset = (min(v, _LIMIT) for v in (entry.size, entry.compressed, entry.offset))
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (_UNIX << 8) | version, version, entry.flags,
                       zlib.DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc, compressed, size, len(entry.name),
                       len(extra), 0, 0, 0, _MODE, offset) + entry.name + extra


class ParallelZip:
    """Writes members one after another; each member's chunks deflate on `threads` threads."""

    def __init__(self, path: Path, level: int = 1, threads: int | None = None, chunk_size: int = CHUNK_SIZE) -> None:
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._level = level
        self._chunk_size = chunk_size
        self._threads = threads or cores()
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="synthdb-deflate")
        self._entries: list[_Entry] = []
        self._open: _MemberWriter | None = None
        self._closed = False

    def __enter__(self) -> ParallelZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:  # the output is discarded by the caller (atomic_path); only release the threads and the file
            self._pool.shutdown(cancel_futures=True)
            self._file.close()

    def open(self, name: str) -> BinaryIO:
        """A writable stream for member `name`; close it before opening the next."""
        if self._open is not None:
            raise ValueError(f"member '{self._open.entry.name.decode()}' is still open")
        encoded = name.encode()
        flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
        entry = _Entry(encoded, flags, self._file.tell())
        self._file.write(_local_header(entry))
        self._open = _MemberWriter(self, entry)
        return self._open  # type: ignore[return-value]

    def write_bytes(self, name: str, data: bytes) -> None:
        with self.open(name) as out:
            out.write(data)

    def _finish(self, entry: _Entry) -> None:
        end = self._file.tell()
        self._file.seek(entry.offset)
        self._file.write(_local_header(entry))
        self._file.seek(end)
        self._entries.append(entry)
        self._open = None

    def close(self) -> None:
        """Write the central directory and close the file."""
        if self._closed:
            return
        self._closed = True
        if self._open is not None:
            self._open.close()
        start = self._file.tell()
        for entry in self._entries:
            self._file.write(_central_header(entry))
        size = self._file.tell() - start
        count = len(self._entries)
        if count >= 0xFFFF or start >= _LIMIT or size >= _LIMIT:
            record = self._file.tell()
            self._file.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, (_UNIX << 8) | 45, 45, 0, 0,
                                         count, count, size, start))
            self._file.write(struct.pack("<IIQI", 0x07064B50, 0, record, 1))
        self._file.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF), min(count, 0xFFFF),
                                     min(size, _LIMIT), min(start, _LIMIT), 0))
        self._pool.shutdown()
        self._file.close()


class _MemberWriter:
    """One member's stream: cuts fixed-size chunks, deflates them on the pool, writes results in order."""

    def __init__(self, archive: ParallelZip, entry: _Entry) -> None:
        self.archive = archive
        self.entry = entry
        self._buffer = bytearray()
        self._pending: deque[Future[bytes] | bytes] = deque()  # deflated data, in order
        self._closed = False

    def _submit(self, chunk: bytes, last: bool) -> None:
        archive = self.archive
        self.entry.crc = zlib.crc32(chunk, self.entry.crc)
        self.entry.size += len(chunk)
        self._pending.append(archive._pool.submit(_deflate, chunk, archive._level, last))
        self._bound()

    def _bound(self) -> None:
        # Bounded: at most two chunks per thread in flight, so memory stays flat however large the member.
        while len(self._pending) > 2 * self.archive._threads:
            self._drain_one()

    def _drain_one(self) -> None:
        item = self._pending.popleft()
        data = item if isinstance(item, bytes) else item.result()
        self.entry.compressed += len(data)
        self.archive._file.write(data)

    def end_chunk(self) -> None:
        """End the current chunk here: what was written since the last chunk ended is deflated as one
        (in 1 MiB parts, as `deflate_piece` does), so a piece deflated elsewhere can follow."""
        if self._closed:
            raise ValueError("write to a closed zip member")
        if self._buffer:
            self._submit(bytes(self._buffer), last=False)
            self._buffer = bytearray()

    def write_piece(self, piece: DeflatedPiece) -> None:
        """Append a chunk deflated elsewhere (`deflate_piece`), after what was written before it: the
        same bytes as writing its raw data and then calling `end_chunk`."""
        self.end_chunk()
        if piece.size:
            self.entry.crc = _crc32_combine(self.entry.crc, piece.crc, piece.size)
            self.entry.size += piece.size
            self._pending.append(piece.data)
            self._bound()

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed zip member")
        view = memoryview(data).cast("B")  # any buffer (bytes, Arrow buffers); its length in bytes
        self._buffer += view
        size = self.archive._chunk_size
        if len(self._buffer) >= size:
            pending = memoryview(self._buffer)
            cut = len(self._buffer) - len(self._buffer) % size
            for start in range(0, cut, size):
                self._submit(bytes(pending[start:start + size]), last=False)
            pending.release()
            del self._buffer[:cut]
        return view.nbytes

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Deflate the rest (the final block, possibly empty), write everything, rewrite the local header."""
        if self._closed:
            return
        self._closed = True
        self._submit(bytes(self._buffer), last=True)
        self._buffer = bytearray()
        while self._pending:
            self._drain_one()
        self.archive._finish(self.entry)

    def __enter__(self) -> _MemberWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self._closed = True
