"""Table sizes: record_count expressions, children per parent (prefix sums), capacity checks.

Every size is a checked Python integer compared with the plan's RowLimits before it is used: NumPy's
int64 wraps silently, so per-parent counts are bounded before they are summed.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from synthdb.definition.expressions import ExpressionError, evaluate
from synthdb.engine.constraints import unique_records_size
from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.engine.produce import Producer
from synthdb.engine.static import static_size
from synthdb.errors import DefinitionError
from synthdb.generators.base import Lookup, ParamError, ReferenceGenerator, as_reference

_COUNT_CHUNK = 1 << 20


def size_table(plan: Plan, table: TablePlan) -> None:
    """Set `table.size` (and its child offsets when a foreign key drives the count)."""
    if table.entity.is_static:  # one row per record of the attached CSV (engine/static.py)
        table.size = _checked(plan, table.path, static_size(table))
        return
    if table.driver is not None:
        parent = plan.tables[as_reference(table.driver.generator).driving_parent() or ""]
        lookup = _lookup(plan)
        table.size, table.most_children = _count_children(plan, table.driver, parent.size, lookup)
        table.offsets_builder = partial(_child_offsets, table.driver, parent.size, lookup)
        return
    unique_size = unique_records_size(plan, table)
    if unique_size is not None:
        # One row per distinct value of unique_records_for.
        table.size = _checked(plan, f"{table.path}.unique_records_for", unique_size)
        return
    path = f"{table.path}.record_count"
    try:
        count = evaluate(table.entity.record_count, plan.variables)
    except ExpressionError as exc:
        raise DefinitionError(path, str(exc)) from exc
    if count != count or count < 0:
        raise DefinitionError(path, f"must be a non-negative number of rows, got {count:g}")
    if count > plan.limits.per_table:
        raise DefinitionError(path, f"{count:g} rows is more than the limit of {plan.limits.per_table:,} per table")
    table.size = round(count)


def _checked(plan: Plan, path: str, size: int) -> int:
    """The size as a Python int, refused when negative or over the per-table limit."""
    size = int(size)
    if size < 0:
        raise DefinitionError(path, f"must be a non-negative number of rows, got {size:,}")
    if size > plan.limits.per_table:
        raise DefinitionError(path, f"{size:,} rows is more than the limit of {plan.limits.per_table:,} per table")
    return size


def check_total(plan: Plan) -> None:
    """The rows of all tables together stay within the plan's total limit."""
    total = sum(int(table.size) for table in plan.tables.values())
    if total > plan.limits.total:
        biggest = max(plan.tables.values(), key=lambda t: t.size)
        raise DefinitionError(
            f"{biggest.path}.record_count",
            f"the tables hold {total:,} rows together, more than the limit of {plan.limits.total:,} "
            f"(the largest, '{biggest.name}', has {biggest.size:,})",
        )


def check_sizes(plan: Plan) -> None:
    """With every size known, let generators reject impossible requests before any row is written."""
    lookup = _lookup(plan)
    for table in plan.tables.values():
        for column in table.columns.values():
            _check_capacity(table, column)
            try:
                column.generator.check_sizes(table.size, lambda name: plan.tables[name].size, lookup)
                if table.driver is not None and isinstance(column.generator, ReferenceGenerator):
                    column.generator.check_group_sizes(table.most_children)
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


def _count_param(driver: ColumnPlan) -> str:
    """The parameter that sets the number of children, for error paths."""
    return "exact_value" if getattr(driver.generator.params, "distribution", "") == "fixed" else "distribution"


def _count_children(plan: Plan, driver: ColumnPlan, parent_size: int, lookup: Lookup) -> tuple[int, int]:
    """(rows of the child table, most children of one parent), counted in bounded chunks.

    Each chunk's counts are bounded by the per-table limit before they are summed, so a chunk's sum
    (at most 2**20 x 10**10) fits in int64, and the running total is a Python int checked after each chunk.
    """
    path = f"{driver.path}.{_count_param(driver)}"
    stream = driver.stream.child("children")
    limit = plan.limits.per_table
    total = most = 0
    try:
        for start in range(0, parent_size, _COUNT_CHUNK):
            rows = np.arange(start, min(parent_size, start + _COUNT_CHUNK), dtype=np.int64)
            counts = np.asarray(as_reference(driver.generator).children_per_parent(rows, stream, lookup))
            if not len(counts):
                continue
            low, high = int(counts.min()), int(counts.max())
            if low < 0:
                raise DefinitionError(path, f"gives a negative number of children ({low:,}) to a parent")
            if high > limit:
                raise DefinitionError(path, f"gives {high:,} children to one parent, more than the limit of "
                                            f"{limit:,} rows per table")
            most = max(most, high)
            total += int(counts.sum(dtype=np.int64))
            if total > limit:
                raise DefinitionError(path, f"children per parent add up to more than the limit of {limit:,} "
                                            f"rows per table (over {start + len(rows):,} parent rows)")
    except ParamError as exc:
        raise DefinitionError(f"{driver.path}.{exc.param}", str(exc)) from exc
    return total, most


def _child_offsets(driver: ColumnPlan, parent_size: int, lookup: Lookup) -> np.ndarray:
    """Prefix sums of children per parent; held in memory (8 bytes per parent row) once rows are produced.

    The counts were bounded by `_count_children` during planning, so the sums cannot wrap.
    """
    offsets = np.zeros(parent_size + 1, dtype=np.int64)
    stream = driver.stream.child("children")
    generator = as_reference(driver.generator)
    try:
        for start in range(0, parent_size, _COUNT_CHUNK):
            rows = np.arange(start, min(parent_size, start + _COUNT_CHUNK), dtype=np.int64)
            offsets[start + 1 : start + 1 + len(rows)] = generator.children_per_parent(rows, stream, lookup)
    except ParamError as exc:
        raise DefinitionError(f"{driver.path}.{exc.param}", str(exc)) from exc
    np.cumsum(offsets, out=offsets)
    return offsets
