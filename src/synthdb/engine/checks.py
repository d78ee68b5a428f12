"""CHECK constraints of a table: kept by redrawing, then every produced batch is checked.

Each CHECK is given to the last of its columns to be built (when that column's values are free to change:
not a key, a foreign key or a constraint's pick); rows where it is false get that column redrawn from
per-attempt streams (fit_length.redraw_where), so a row's value stays a pure function of seed, table,
column and row. A CHECK still false then stops the run before anything is written or loaded, naming the
table, the row and the constraint. As in SQL, a CHECK fails only where it is false: NULL passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.definition.constraints import CheckConstraint
from synthdb.definition.suggest import did_you_mean
from synthdb.engine.plan import ColumnPlan, TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.base import ColumnContext, ReferenceGenerator

# Redraws of a row a CHECK rejects: only rejected rows are redrawn, so many attempts cost little, and a CHECK
# that passes 40% of draws (`high >= low` over one range) then fails a row with odds of 0.6^33, about 5e-8.
CHECK_REDRAWS = 32


@dataclass(frozen=True)
class TableCheck:
    """One CHECK ready to evaluate: where it was declared, its text and the columns it reads."""

    path: str
    label: str
    sql: str
    columns: tuple[str, ...]


def plan_checks(table: TablePlan) -> list[TableCheck]:
    """The table's CHECKs, parsed and with their columns resolved; DefinitionError at the constraint's path."""
    declared = [(i, c) for i, c in enumerate(table.entity.constraints) if isinstance(c, CheckConstraint)]
    if not declared:
        return []
    # Imported here: definitions without SQL never load sqlglot and DuckDB (start-up time).
    from synthdb.generators.helpers.sql_eval import SqlError, compile_expression, parse_expression, referenced_columns

    exported = {c.name: c for c in table.exported_columns}
    checks = []
    for index, constraint in declared:
        path = f"{table.path}.constraints[{index}].sql"
        try:
            tree = parse_expression(constraint.sql)
        except SqlError as exc:
            raise DefinitionError(path, str(exc)) from exc
        columns = referenced_columns(tree)
        for name in columns:
            if name not in exported:
                hint = did_you_mean(name, exported)
                raise DefinitionError(path, f"the check reads '{name}', which is not an exported field of "
                                            f"'{table.name}'{hint}")
        label = f"CHECK ({constraint.sql})" + (f" '{constraint.name}'" if constraint.name else "")
        checks.append(TableCheck(path, label, constraint.sql, tuple(columns)))
        compile_expression(constraint.sql, {n: exported[n].arrow_type for n in columns})  # type errors now
        keeper = _keeper(table, columns)
        if keeper is not None:
            keeper.row_checks.append((constraint.sql, tuple(columns)))
    return checks


def _keeper(table: TablePlan, columns: list[str]) -> ColumnPlan | None:
    """The column redrawn for a CHECK: the last of its columns built, if its values are free to change."""
    if not columns:
        return None
    order = list(table.columns)
    last = table.columns[max(columns, key=order.index)]
    picked = {name for combo in table.combinations for name in combo.columns}
    fixed = (isinstance(last.generator, ReferenceGenerator) or last.field.primary_key or last.field.unique
             or last.name in picked)
    return None if fixed else last


def failing_rows(column: ColumnPlan, values: pa.Array, ctx: ColumnContext) -> np.ndarray:
    """True where one of the column's CHECKs is false for the row (its other columns read from `ctx`)."""
    from synthdb.generators.helpers.sql_rows import compile_expression

    bad = np.zeros(len(values), dtype=bool)
    for sql, names in column.row_checks:
        inputs = {name: values if name == column.name else ctx.columns[name] for name in names}
        result = compile_expression(sql, {n: a.type for n, a in inputs.items()}).evaluate(inputs, len(values))
        bad |= np.asarray(pc.fill_null(pc.invert(result.cast(pa.bool_())), False).to_numpy(zero_copy_only=False))
    return bad


def check_batch(table: TablePlan, checks: list[TableCheck], batch: pa.RecordBatch, start: int) -> None:
    """Raise DefinitionError naming the first row (1-based) of `batch` where a CHECK is false."""
    from synthdb.generators.helpers.sql_rows import SqlError, compile_expression

    for check in checks:
        types = {name: batch.schema.field(name).type for name in check.columns}
        values = {name: batch.column(name) for name in check.columns}
        try:
            result = compile_expression(check.sql, types).evaluate(values, batch.num_rows)
        except SqlError as exc:
            raise DefinitionError(check.path, f"{check.label} cannot be evaluated: {exc}") from exc
        failed = pc.fill_null(pc.invert(result.cast(pa.bool_())), False)
        if pc.any(failed).as_py():
            row = int(np.flatnonzero(failed.to_numpy(zero_copy_only=False))[0])
            shown = ", ".join(f"{name}={batch.column(name)[row].as_py()!r}" for name in check.columns)
            raise DefinitionError(check.path, f"table '{table.name}', row {start + row + 1}: {check.label} is "
                                              f"false ({shown}); change the generators so it holds, or drop it")
