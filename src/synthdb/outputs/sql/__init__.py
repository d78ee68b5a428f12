"""Shared helpers of the SQL outputs: dialects, column types, CREATE TABLE, literals and COPY data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthdb.outputs.sql.dialects import DIALECTS, SqlDialect, dialect_for


def __getattr__(name: str) -> Any:
    # The dialects need sqlglot (0.1 s to import): loaded when first asked for, so the csv writer, which
    # only uses the conversions in `convert`, does not pay for it.
    if name in ("DIALECTS", "SqlDialect", "dialect_for"):
        from synthdb.outputs.sql import dialects

        return getattr(dialects, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DIALECTS", "SqlDialect", "dialect_for"]
