"""Table constraints built by construction: `unique` over several fields, `not-equal` between two fields,
and `records: unique` (one row per distinct value of `unique_records_for`).

The engine draws a value *number* per column (0 <= k < the generator's capacity) and asks the generator
for value k (`enumerate_values`): a keyed bijection of the row index over the product of capacities gives
distinct combinations without retries, and an impossible request is rejected with the sizes involved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from synthdb.definition.constraints import CheckConstraint, Constraint, UniqueConstraint
from synthdb.definition.suggest import did_you_mean
from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.base import Generator, ReferenceGenerator
from synthdb.permutation import permute
from synthdb.randomness import derive_key, mix64


@dataclass
class Combination:
    """Columns whose value numbers the engine chooses together."""

    kind: str  # "unique", "not-equal" or "records"
    columns: list[str]
    sizes: list[int]
    key: int
    anchor: str | None = None  # the driving foreign key (unique) or the free first column (not-equal)


def _enumerable(generator: Generator) -> bool:
    return type(generator).enumerate_values is not Generator.enumerate_values


def _capacity(plan: Plan, column: ColumnPlan, path: str) -> int:
    generator = column.generator
    if isinstance(generator, ReferenceGenerator):
        params = generator.params
        if getattr(params, "parent_filter", None) or getattr(params, "max_per_parent", None) or \
                getattr(params, "relative_prevalence_field", None) or getattr(params, "no_repeat_within", None) \
                or getattr(params, "popularity", "uniform") != "uniform":
            raise DefinitionError(path, f"'{column.name}' takes part in a constraint, so it cannot also use a "
                                        "parent filter, a cap, relative prevalence, popularity or no_repeat_within")
        return plan.tables[generator.references()[0][0]].size
    capacity = generator.capacity()
    if capacity is None or not _enumerable(generator):
        raise DefinitionError(path, f"'{column.name}' ({generator.display_name}) cannot enumerate its values, so "
                                    "synthdb cannot guarantee this constraint by construction")
    return capacity


def unique_records_size(plan: Plan, table: TablePlan) -> int | None:
    """For `records: unique`, the table's size: the capacity of `unique_records_for` (else None)."""
    if table.entity.records != "unique":
        return None
    name = table.entity.unique_records_for
    path = f"{table.path}.unique_records_for"
    if not name or name not in table.columns:
        hint = did_you_mean(name, table.columns) if name else ""
        raise DefinitionError(path, f"records: unique needs unique_records_for naming a field of '{table.name}'"
                                    f"{hint}")
    return _capacity(plan, table.columns[name], path)


def plan_combinations(plan: Plan) -> None:
    """Attach the combinations of every table; reject constraints that cannot hold."""
    for table in plan.tables.values():
        combos: list[Combination] = []
        if table.entity.records == "unique":
            name = table.entity.unique_records_for or ""
            size = unique_records_size(plan, table) or 0
            combos.append(Combination("records", [name], [size], 0))
        for index, constraint in enumerate(table.entity.constraints):
            if isinstance(constraint, CheckConstraint):
                continue  # checked on every batch (engine/checks.py), not chosen by value numbers
            combo = _combination(plan, table, constraint, f"{table.path}.constraints[{index}]")
            if combo is not None:
                combos.append(combo)
        table.combinations = combos


def _unique_alone(column: ColumnPlan) -> bool:
    # The planner has already checked that the generator keeps such a field distinct (columns.py).
    return column.field.unique or column.field.primary_key


def _combination(plan: Plan, table: TablePlan, constraint: Constraint, path: str) -> Combination | None:
    """The combination that enforces `constraint`, or None when it holds already."""
    fields = constraint.fields
    for name in fields:
        if name not in table.columns:
            hint = did_you_mean(name, table.columns)
            raise DefinitionError(f"{path}.fields", f"entity '{table.name}' has no field '{name}'{hint}")
    if isinstance(constraint, UniqueConstraint) and any(_unique_alone(table.columns[f]) for f in fields):
        # One field distinct on its own makes every combination containing it distinct (a one-field
        # constraint has made its field `unique` in the model).
        return None
    key = derive_key(plan.seed, table.name, "constraint", *fields)
    driver = table.driver.name if table.driver is not None else None
    kind = constraint.constraint_type
    if kind == "not-equal":
        first, second = (table.columns[f] for f in fields)
        sizes = [_capacity(plan, first, f"{path}.fields"), _capacity(plan, second, f"{path}.fields")]
        same_space = first.generator.references()[:1] == second.generator.references()[:1] and sizes[0] == sizes[1]
        if not same_space or sizes[0] < 2:
            raise DefinitionError(f"{path}.fields", f"'{fields[0]}' and '{fields[1]}' must draw from the same "
                                                    "set of at least two values")
        # The column built first draws freely and the other is made to differ from it (produce.py), so the
        # pair is taken in the order the columns are built, whichever order the constraint names them in.
        if list(table.columns).index(fields[0]) > list(table.columns).index(fields[1]):
            return Combination(kind, [fields[1], fields[0]], sizes[::-1], key, anchor=fields[1])
        return Combination(kind, list(fields), sizes, key, anchor=fields[0])
    free = [f for f in fields if f != driver]
    if driver in fields and all(table.columns[f].generator.distinct_within_parent() for f in free):
        return None  # (order, line number): numbered 1, 2, 3, ... within each order, distinct by construction
    sizes = [_capacity(plan, table.columns[f], f"{path}.fields") for f in free]
    space = math.prod(sizes)
    if driver in fields:
        most = table.most_children  # counted while planning; the offsets are built only to produce rows
        if most > space:
            raise DefinitionError(f"{path}.fields", f"a parent of '{driver}' has {most:,} children but "
                                                    f"{'/'.join(free)} offer only {space:,} distinct values")
        return Combination(kind, free, sizes, key, anchor=driver)
    if table.size > space:
        raise DefinitionError(f"{path}.fields", f"{table.size:,} rows need distinct ({', '.join(fields)}) but "
                                                f"only {space:,} combinations exist")
    return Combination(kind, free, sizes, key)


def forced_indices(combo: Combination, rows: np.ndarray, partition_start: np.ndarray | None,
                   driving: np.ndarray | None) -> dict[str, np.ndarray]:
    """Value numbers per column for unique and records combinations (not-equal is done per column)."""
    space = math.prod(combo.sizes)
    if combo.kind == "records":
        return {combo.columns[0]: rows.astype(np.int64)}
    if combo.anchor is not None and partition_start is not None and driving is not None:
        # Children of one parent get distinct combinations: a per-parent offset plus a stride coprime
        # with the space walks the space without repeating within any parent.
        offset = (mix64(driving.astype(np.uint64) ^ np.uint64(combo.key)) % np.uint64(space)).astype(np.int64)
        joint = (offset + (rows - partition_start) * _coprime_stride(space)) % space
    else:
        joint = permute(rows, space, combo.key)
    out: dict[str, np.ndarray] = {}
    for name, size in zip(reversed(combo.columns), reversed(combo.sizes), strict=True):
        out[name] = joint % size
        joint = joint // size
    return out


def not_equal_index(combo: Combination, first: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A value number for the second column that differs from the first column's (-1 stays null)."""
    size = combo.sizes[0]
    step = 1 + (mix64(rows.astype(np.uint64) ^ np.uint64(combo.key)) % np.uint64(size - 1)).astype(np.int64)
    return np.where(first < 0, -1, (first + step) % size)


def _coprime_stride(space: int) -> int:
    stride = max(1, int(space * 0.6180339887))
    while math.gcd(stride, space) != 1:
        stride += 1
    return stride
