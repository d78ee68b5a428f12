"""Table sizes: record_count expressions, children per parent (prefix sums), capacity checks."""

from __future__ import annotations

import numpy as np

from synthdb.definition.expressions import ExpressionError, evaluate
from synthdb.engine.constraints import unique_records_size
from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.engine.produce import Producer
from synthdb.engine.static import static_size
from synthdb.errors import DefinitionError
from synthdb.generators.base import Lookup, ParamError

MAX_ROWS = 10**12
_COUNT_CHUNK = 1 << 20


def size_table(plan: Plan, table: TablePlan) -> None:
    """Set `table.size` (and its child offsets when a foreign key drives the count)."""
    if table.entity.is_static:  # one row per record of the attached CSV (engine/static.py)
        table.size = static_size(table)
        return
    if table.driver is not None:
        parent = plan.tables[table.driver.generator.driving_parent() or ""]
        table.offsets = _child_offsets(table.driver, parent.size, _lookup(plan))
        table.size = int(table.offsets[-1])
        return
    unique_size = unique_records_size(plan, table)
    if unique_size is not None:
        table.size = unique_size  # one row per distinct value of unique_records_for
        return
    path = f"{table.path}.record_count"
    try:
        count = evaluate(table.entity.record_count, plan.variables)
    except ExpressionError as exc:
        raise DefinitionError(path, str(exc)) from exc
    if count != count or count < 0:
        raise DefinitionError(path, f"must be a non-negative number of rows, got {count:g}")
    if count > MAX_ROWS:
        raise DefinitionError(path, f"{count:g} rows is more than the limit of {MAX_ROWS:,}")
    table.size = round(count)


def check_sizes(plan: Plan) -> None:
    """With every size known, let generators reject impossible requests before any row is written."""
    lookup = _lookup(plan)
    for table in plan.tables.values():
        for column in table.columns.values():
            _check_capacity(table, column)
            try:
                column.generator.check_sizes(table.size, lambda name: plan.tables[name].size, lookup)
            except ParamError as exc:
                raise DefinitionError(f"{column.path}.{exc.param}", str(exc)) from exc


def _lookup(plan: Plan) -> Lookup:
    return Producer(plan).lookup


def _check_capacity(table: TablePlan, column: ColumnPlan) -> None:
    if not (column.field.unique or column.field.primary_key):
        return
    capacity = column.generator.capacity()
    if capacity is not None and capacity < table.size:
        raise DefinitionError(
            column.path,
            f"{table.size:,} unique values are needed but {column.generator.display_name} "
            f"with these parameters has only {capacity:,}",
        )


def _child_offsets(driver: ColumnPlan, parent_size: int, lookup: Lookup) -> np.ndarray:
    """Prefix sums of children per parent; held in memory (8 bytes per parent row)."""
    offsets = np.zeros(parent_size + 1, dtype=np.int64)
    stream = driver.stream.child("children")
    try:
        for start in range(0, parent_size, _COUNT_CHUNK):
            rows = np.arange(start, min(parent_size, start + _COUNT_CHUNK), dtype=np.int64)
            offsets[start + 1 : start + 1 + len(rows)] = driver.generator.children_per_parent(rows, stream, lookup)
    except ParamError as exc:
        raise DefinitionError(f"{driver.path}.{exc.param}", str(exc)) from exc
    np.cumsum(offsets, out=offsets)
    return offsets
