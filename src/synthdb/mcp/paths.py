"""Paths an agent names in local (stdio) mode: always inside --root, whatever `..`, absolute paths or symlinks say."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from synthdb.errors import UsageError

MAX_PATH_CHARS = 1024


def inside_root(root: Path, relative: str, field: str, base: Path | None = None) -> Path:
    """The resolved path of `relative` (from `base`, else `root`), or a UsageError when it leaves `root`."""
    if not isinstance(relative, str) or not relative.strip():
        raise UsageError(f"{field}: must be a non-empty relative path")
    if len(relative) > MAX_PATH_CHARS or "\x00" in relative:
        raise UsageError(f"{field}: not an acceptable path (NUL or longer than {MAX_PATH_CHARS} characters)")
    # Refused before resolving, so that a `..` which happens to land inside the root is refused too.
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(relative).drive or ".." in pure.parts:
        raise UsageError(f"{field}: '{relative}' must be a path relative to the root, without '..'")
    root = root.resolve()
    start = (base or root).resolve()
    # resolve() follows symlinks: a link inside the root that points outside is caught here.
    target = (start / pure).resolve()
    if not target.is_relative_to(root):
        raise UsageError(f"{field}: '{relative}' leads outside the root folder {root}")
    return target
