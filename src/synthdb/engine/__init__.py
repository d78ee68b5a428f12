"""The engine: plan a definition (table and column order, sizes), then produce Arrow batches of rows."""

from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.engine.planner import build_plan

__all__ = ["ColumnPlan", "Plan", "TablePlan", "build_plan"]
