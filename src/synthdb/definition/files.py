"""Reading files a definition names (static CSV `source.path`, the definition itself): regular files only, bounded
in size, and never through the service, whose callers may not make the server read its own files."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The largest static CSV (and definition file) the CLI and the Python API read: the whole text is held in
# memory and parsed, so a larger one would exhaust memory long before it made a useful table.
MAX_FILE_BYTES = 256 * 1024 * 1024

UNTRUSTED_PATH = ("a file path is not accepted through the service (the server never reads its own files for "
                  "a caller); upload the CSV to /entities/<entity>/source or send it inline as source.data")


def paths_trusted(context: Mapping[str, Any] | None) -> bool:
    """Whether validation may read the files a definition names: yes unless the caller said `trusted_paths=False`
    (the service says it for every definition that arrives over HTTP)."""
    return bool((context or {}).get("trusted_paths", True))


class FileProblem(ValueError):
    """A file that cannot be read as a definition input; the message never quotes its content."""


def read_text_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes (a BOM is dropped).

    Devices (/dev/zero), FIFOs, sockets and directories are refused before anything is read; the file is
    opened without blocking so a FIFO cannot hang the reader.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise FileProblem("file not found") from exc
    except OSError as exc:
        raise FileProblem(exc.strerror or type(exc).__name__) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("not a regular file (devices, pipes and sockets are not read)")
        if info.st_size > limit:
            raise FileProblem(f"is {info.st_size:,} bytes; files read for a definition are limited to {limit:,}")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise FileProblem(exc.strerror or type(exc).__name__) from exc
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew while we read it
        raise FileProblem(f"is larger than {limit:,} bytes, the limit for files read for a definition")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"not UTF-8 text (byte {exc.start})") from exc
