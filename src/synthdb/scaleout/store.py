"""Output locations as fsspec URLs (file://, s3://, gs://, abfs://, ...), and atomic writes to them.

Only URL strings travel to workers: each process opens the store itself, so credentials come from that
machine's usual environment or config (AWS_* / ~/.aws, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_*)
and are never pickled, logged or printed.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import uuid
from typing import Any

from synthdb.errors import UsageError

# A name starting with "." is skipped by Spark, Hive and Dask readers of a folder: partial files stay unseen.
TEMP_SUFFIX = ".tmp"


def normalise_url(url: str) -> str:
    """A URL every worker reads the same way: local paths become absolute file:// URLs."""
    text = url.strip()
    if not text:
        raise UsageError("--output must name a folder or an object-storage URL")
    if "://" not in text:
        return "file://" + os.path.abspath(os.path.expanduser(text))
    return text.rstrip("/") or text


def open_store(url: str) -> tuple[Any, str]:
    """(file system, root path) of `url`; an unknown scheme or a missing driver is a UsageError."""
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise UsageError("writing parts needs fsspec: pip install 'synthdb[scale]'") from exc
    try:
        fs, root = url_to_fs(url)
    except (ValueError, ImportError) as exc:
        # fsspec names the package a scheme needs (s3fs, gcsfs, adlfs): its message is the useful part.
        raise UsageError(f"cannot open '{url.split('://')[0]}://' output: {exc}") from exc
    return fs, root.rstrip("/")


def join(root: str, *names: str) -> str:
    return posixpath.join(root, *names)


def temporary_name(path: str) -> str:
    """A unique hidden name beside `path`, so concurrent writers of one part never collide."""
    folder, name = posixpath.split(path)
    return posixpath.join(folder, f".{name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def is_temporary(path: str) -> bool:
    name = posixpath.basename(path)
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def put_atomic(fs: Any, path: str, data: bytes) -> None:
    """Write `data` to a temporary name, then move it to `path` (readers see all of it or nothing)."""
    fs.makedirs(posixpath.dirname(path), exist_ok=True)
    temporary = temporary_name(path)
    try:
        with fs.open(temporary, "wb") as out:
            out.write(data)
        fs.mv(temporary, path)
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(temporary)
        raise


def read_bytes(fs: Any, path: str) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        with fs.open(path, "rb") as source:
            data: bytes = source.read()
            return data
    except FileNotFoundError:
        return None
