"""The planner: a validated definition -> a Plan (generators bound to fields, column and table order, sizes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synthdb.definition.model import Database
from synthdb.engine.columns import plan_table
from synthdb.engine.constraints import plan_combinations
from synthdb.engine.plan import Plan, TablePlan, resolve_seed, resolve_variables
from synthdb.engine.sizes import check_sizes, size_table
from synthdb.engine.sql_checks import check_no_view_reads, check_sql_table
from synthdb.engine.static import check_static
from synthdb.engine.tables import check_column_cycles, link_types, order_tables

__all__ = ["build_plan"]


def build_plan(database: Database, seed: int | None = None, variables: Mapping[str, Any] | None = None) -> Plan:
    """Validate everything that can be checked before generating, and compute table sizes."""
    run_seed = resolve_seed(database, seed)
    values = resolve_variables(database, variables)
    tables: dict[str, TablePlan] = {}
    for e_index, entity in enumerate(database.entities):
        path = f"entities[{e_index}]"
        if entity.view:  # SQL tables run after generation, on DuckDB (engine/sql_tables.py)
            check_sql_table(database, entity, path)
            continue
        check_static(entity, path)
        tables[entity.name] = plan_table(database, entity, path, run_seed)
        check_no_view_reads(database, tables[entity.name])
    ordered = order_tables(tables)
    link_types(ordered)
    check_column_cycles(ordered)
    plan = Plan(database, run_seed, values, ordered)
    for table in ordered.values():
        size_table(plan, table)
    check_sizes(plan)
    plan_combinations(plan)
    return plan
