"""Names that end up in URLs and file names (workspaces, databases, tables, files) must be plain names."""

from __future__ import annotations

import re

from synthdb.api.errors import ApiError

MAX_NAME = 128
# Separators (both kinds, and ':' for Windows drives), control characters: anything that could
# turn a name into a path when it becomes a file name inside a zip or under the data directory.
_FORBIDDEN = re.compile(r"[/\\:\x00-\x1f\x7f]")


def name_problem(value: object) -> str | None:
    """Why `value` is not an acceptable name, or None."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    if len(value) > MAX_NAME:
        return f"must be at most {MAX_NAME} characters"
    if value in (".", "..") or _FORBIDDEN.search(value):
        return f"'{value}' is not a valid name (no '/', '\\', ':', control characters, '.' or '..')"
    return None


def check_name(value: object, field: str) -> str:
    """`value` if it is a plain name, else a 400 naming `field`."""
    problem = name_problem(value)
    if problem is not None:
        raise ApiError(400, f"{field}: {problem}")
    assert isinstance(value, str)
    return value
