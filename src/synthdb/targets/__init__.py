"""Live database targets: load generated tables into PostgreSQL, MySQL/MariaDB, SQLite and DuckDB."""

from synthdb.targets.base import LoadError, Target
from synthdb.targets.registry import TARGETS, register_target, target_for

__all__ = ["TARGETS", "LoadError", "Target", "register_target", "target_for"]
