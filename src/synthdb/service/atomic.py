"""Write a file under a temporary name and move it into place only when complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from synthdb.errors import OutputError

# Temporary files being written by this process, for a signal handler that must remove them and exit
# without unwinding (unwinding can deadlock on a lock held by the interrupted code: see cli/__init__.py).
_WRITING: set[Path] = set()


def remove_partial_files() -> None:
    """Delete every temporary file this process is still writing (safe to call from a signal handler)."""
    for path in list(_WRITING):
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside `destination`; rename it over `destination` only on success.

    A failure of the file system (full disk, read-only or missing folder, a destination that is not a
    regular file) becomes an OutputError naming the destination, not the temporary file.
    """
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    _WRITING.add(temporary)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        yield temporary
        os.replace(temporary, destination)
    except BaseException as exc:
        # Ctrl-C included: never leave a half-written file behind.
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            reason = exc.strerror or type(exc).__name__
            raise OutputError(f"cannot write '{destination}': {reason}") from exc
        raise
    finally:
        _WRITING.discard(temporary)
