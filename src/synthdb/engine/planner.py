"""The planner: a validated definition -> a Plan (generators bound to fields, column and table order, sizes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synthdb.definition.identifiers import check_identifiers
from synthdb.definition.model import Database
from synthdb.definition.schemas import engine_view, schema_map
from synthdb.engine.checks import plan_checks
from synthdb.engine.columns import plan_table
from synthdb.engine.constraints import plan_combinations
from synthdb.engine.plan import Plan, RowLimits, TablePlan, resolve_seed, resolve_variables
from synthdb.engine.postprocess import check_postprocessing
from synthdb.engine.sizes import check_sizes, check_total, size_table
from synthdb.engine.static import check_static
from synthdb.engine.strict import check_keys
from synthdb.engine.tables import check_column_cycles, link_types, order_tables
from synthdb.errors import DefinitionError

__all__ = ["build_plan"]


def build_plan(
    database: Database,
    seed: int | None = None,
    variables: Mapping[str, Any] | None = None,
    limits: RowLimits | None = None,
) -> Plan:
    """Validate everything that can be checked before generating, and compute table sizes (within `limits`)."""
    check_keys(database)
    # Names first: every later message quotes them, and they end up in scripts and file names.
    check_identifiers(database)
    # The engine plans tables by key (`schema.name`); the definition as written stays for workers and writers.
    source, database = database, engine_view(database)
    run_seed = resolve_seed(database, seed)
    values = resolve_variables(database, variables)
    tables: dict[str, TablePlan] = {}
    for e_index, entity in enumerate(database.entities):
        path = f"entities[{e_index}]"
        if entity.view:  # SQL tables run after generation, on DuckDB (engine/sql_tables.py)
            from synthdb.engine.sql_checks import check_sql_table  # sqlglot: only definitions with SQL pay for it

            check_sql_table(database, entity, path)
            continue
        check_static(entity, path)
        tables[entity.name] = plan_table(database, entity, path, run_seed)
        _check_no_view_reads(database, tables[entity.name])
    ordered = order_tables(tables)
    link_types(ordered)
    check_postprocessing(ordered)
    check_column_cycles(ordered)
    plan = Plan(database, run_seed, values, ordered, limits or RowLimits(), source=source, schemas=schema_map(source))
    for table in ordered.values():
        size_table(plan, table)
    check_total(plan)
    check_sizes(plan)
    plan_combinations(plan)
    for table in ordered.values():
        table.checks = plan_checks(table)
    return plan


def _check_no_view_reads(database: Database, table: TablePlan) -> None:
    """Generated tables are produced before SQL tables, so none of their columns may read one."""
    for column in table.columns.values():
        for parent, _ in column.generator.references():
            entity = database.entity(parent)
            if entity is not None and entity.view:
                raise DefinitionError(column.path, f"reads SQL table '{parent}', which is computed after the "
                                      "generated tables; point it at a generated or static table")
