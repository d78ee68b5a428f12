"""Names that end up in URLs and file names (workspaces, databases, tables, files) must be plain names."""

from __future__ import annotations

from synthdb.api.errors import ApiError
from synthdb.definition.identifiers import MAX_FILE_NAME as MAX_NAME
from synthdb.definition.identifiers import PATH_FORBIDDEN as _FORBIDDEN

# The rule is shared with definitions (definition/identifiers.py), whose table and database names
# become file names in the CLI just as in the service.


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
