"""The user's cache folder (compiled reference tables, remembered checks) and whole-file writes into it.

Kept free of NumPy and Arrow so that the command line's lightest starts (`--version`, `--help`) can read
and write small entries too. `SYNTHDB_CACHE_DIR` names the folder; else `$XDG_CACHE_HOME/synthdb`, else
`~/.cache/synthdb`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def cache_dir() -> Path:
    """The folder of compiled reference tables and remembered checks."""
    configured = os.environ.get("SYNTHDB_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "synthdb"


def write_whole(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Write `path` through `fill` under a temporary name in the same folder, renamed when complete: a
    reader never sees half a file, and two processes writing at once both end with a whole one."""
    import tempfile  # only a run that stores an entry writes one

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
