"""Shared helpers of the SQL outputs: dialects, column types, CREATE TABLE, literals and COPY data."""

from synthdb.outputs.sql.dialects import DIALECTS, SqlDialect, dialect_for

__all__ = ["DIALECTS", "SqlDialect", "dialect_for"]
