"""The one sandbox for user SQL: a static check at definition time and a locked-down DuckDB at run time."""

from synthdb.sql_sandbox.connection import SECURITY_SETTINGS, connect
from synthdb.sql_sandbox.guard import ForbiddenSql, check_sql

__all__ = ["SECURITY_SETTINGS", "ForbiddenSql", "check_sql", "connect"]
