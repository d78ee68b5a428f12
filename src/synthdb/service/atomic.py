"""Write a file under a temporary name and move it into place only when complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside `destination`; rename it over `destination` only on success."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        yield temporary
        os.replace(temporary, destination)
    except BaseException:
        # Ctrl-C included: never leave a half-written file behind.
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
