"""Produce column values and record batches: every cell computed from (seed, table, column, row)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.defaults import DEFAULT_BATCH_SIZE
from synthdb.engine.aggregates import ChildAggregator
from synthdb.engine.array_literals import array_text
from synthdb.engine.checks import CHECK_REDRAWS, check_batch, failing_rows
from synthdb.engine.constraints import Combination, forced_indices, not_equal_index
from synthdb.engine.fit_length import cut_to_length, redraw_to_fit, redraw_where
from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.engine.postprocess import apply_postprocessing, referenced_by_postprocessing
from synthdb.errors import DefinitionError
from synthdb.generators.base import ColumnContext, ParamError, ReferenceGenerator, as_reference

__all__ = ["DEFAULT_BATCH_SIZE", "Producer", "table_schema"]


class Producer:
    """Computes any column of any table at any row indices, without materialising whole tables."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.aggregate = ChildAggregator(self)

    def _size_of(self, table: str) -> int:
        return self.plan.tables[table].size

    def lookup(self, table: str, column: str, rows: np.ndarray) -> pa.Array:
        """Values of `table.column` at `rows`; a row index of -1 gives null.

        Foreign keys use this: parents are recomputed at the rows children point to, never stored.
        """
        valid = rows >= 0
        wanted = rows if valid.all() else rows[valid]
        # Children repeat their parents (8,797 order lines of 200 products): each parent row is computed
        # once, which the engine's purity (a cell depends on its row alone) makes the same values.
        distinct, of_row = np.unique(wanted, return_inverse=True)
        found = self.columns(self.plan.tables[table], distinct, only={column})[column]
        if not np.array_equal(distinct, wanted):  # repeated, or out of order (np.unique sorts)
            found = found.take(pa.array(of_row))
        if len(wanted) == len(rows):
            return found
        return found.take(pa.array(np.cumsum(valid) - 1, mask=~valid))

    def columns(self, table: TablePlan, rows: np.ndarray, only: set[str] | None = None) -> dict[str, pa.Array]:
        """Compute the columns of `table` at `rows` (all, or just `only` and what they depend on)."""
        return self.columns_and_parents(table, rows, only)[0]

    def columns_and_parents(
        self, table: TablePlan, rows: np.ndarray, only: set[str] | None = None
    ) -> tuple[dict[str, pa.Array], dict[str, np.ndarray]]:
        """Columns at `rows`, plus the parent row index per row of each foreign key built (-1: null)."""
        needed = _closure(table, only) if only is not None else set(table.columns)
        driving = partition_start = partition_stop = None
        driving_key = None
        if table.offsets is not None and table.driver is not None:
            driving = np.searchsorted(table.offsets, rows, side="right").astype(np.int64) - 1
            partition_start, partition_stop = table.offsets[driving], table.offsets[driving + 1]
            driving_key = (as_reference(table.driver.generator).driving_parent() or "", table.driver.field.group_key)
        built: dict[str, pa.Array] = {}
        parents: dict[str, np.ndarray] = {}
        forced, not_equal = _constraint_indices(table, rows, partition_start, driving)
        for name, column in table.columns.items():
            if name not in needed:
                continue
            for dep in column.generator.dependencies():
                link = table.related.get(dep)
                if link is not None and dep not in built:
                    built[dep] = self.lookup(link.table, link.column, parents[link.via])
            ctx = ColumnContext(
                rows=rows,
                stream=column.stream,
                columns=built,
                table_size=table.size,
                lookup=self.lookup,
                table_size_of=self._size_of,
                driving_parent_rows=driving,
                driving_key=driving_key,
                partition_start=partition_start,
                partition_stop=partition_stop,
                aggregate=self.aggregate,
                parent_rows=parents,
                group_seed=column.group_seed,
                group_key=column.field.group_key or None,
                seed=self.plan.seed,
            )
            if column.field.percent_null:
                ctx.null_mask = column.null_stream.uniform(rows) * 100 < column.field.percent_null
            index = forced.get(name)
            if name in not_equal:
                first = not_equal[name].columns[0]
                index = not_equal_index(not_equal[name], parents.get(first, forced.get(first, rows)), rows)
            if index is not None:
                # A constraint chose this column's value numbers; the generator only names the values.
                if ctx.null_mask is not None:
                    index = np.where(ctx.null_mask, -1, index)
                if isinstance(column.generator, ReferenceGenerator):
                    parents[name] = index
                numbers = np.maximum(index, 0)
                raw = self._call(column, lambda c=column, x=ctx, n=numbers: c.generator.enumerate_values(x, n))
                built[name] = self._finish(column, ctx, raw)
                continue
            if isinstance(column.generator, ReferenceGenerator):
                picked = self._call(column, lambda g=column.generator, x=ctx: g.pick_parents(x))
                parents[name] = picked if ctx.null_mask is None else np.where(ctx.null_mask, -1, picked)
            built[name] = self._finish(column, ctx)
        return built, parents

    def _call(self, column: ColumnPlan, action):  # type: ignore[no-untyped-def]
        try:
            return action()
        except ParamError as exc:
            raise DefinitionError(f"{column.path}.{exc.param}", str(exc)) from exc

    def _finish(self, column: ColumnPlan, ctx: ColumnContext, raw: object = None) -> pa.Array:
        drawn = raw is None
        values = self._shaped(column, ctx, raw)
        if column.row_checks and drawn:
            # Rows a CHECK rejects are redrawn; nulls come after, and a NULL passes any CHECK.
            values = redraw_where(values, ctx, lambda v, sub: failing_rows(column, v, sub),
                                  lambda sub: self._shaped(column, sub, None), "check", CHECK_REDRAWS)
        if ctx.null_mask is not None:
            values = pc.if_else(pa.array(ctx.null_mask), pa.nulls(len(values), values.type), values)
        return values

    def _shaped(self, column: ColumnPlan, ctx: ColumnContext, raw: object) -> pa.Array:
        """Generated (or given) values cast to the column's type, fitted to its length and postprocessed."""
        drawn = raw is None
        if raw is None:
            raw = self._call(column, lambda: column.generator.generate(ctx))
        values = self._typed(column, raw)
        if column.max_chars is not None and drawn:
            values = redraw_to_fit(values, ctx, column.max_chars, lambda sub: self._typed(
                    column, self._call(column, lambda: column.generator.generate(sub))))
        # Order: generate, cast to the column's type, fit the declared length, postprocessing_sql (sees the
        # cast value, its result is cast back), CHECK redraws, then percent_null (so a postprocessed column
        # keeps its share of nulls).
        values = apply_postprocessing(self, column, ctx, values)
        if column.max_chars is not None:
            values = cut_to_length(values, column.max_chars)
        return values

    def _typed(self, column: ColumnPlan, raw: object) -> pa.Array:
        """Generated values as one Arrow array of the column's type."""
        values = raw if isinstance(raw, pa.Array | pa.ChunkedArray) else pa.array(raw)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if column.sql_array:
            values = array_text(values)  # lists as `{a,b}`; any other value as a one-item array
        if values.type != column.arrow_type:
            try:
                values = values.cast(column.arrow_type, safe=False)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise DefinitionError(
                    f"{column.path}.data_type",
                    f"{column.generator.display_name} values cannot be stored as '{column.field.data_type}': {exc}",
                ) from exc
        return values

    def batch(self, table: TablePlan, start: int, stop: int) -> pa.RecordBatch:
        """The exported columns of rows [start, stop) as one record batch."""
        rows = np.arange(start, stop, dtype=np.int64)
        built = self.columns(table, rows)
        exported = table.exported_columns
        batch = pa.RecordBatch.from_arrays([built[c.name] for c in exported], schema=table_schema(table))
        if table.checks:
            check_batch(table, table.checks, batch, start)
        return batch

    def batches(self, table: TablePlan, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[pa.RecordBatch]:
        """All rows of `table`, in order, in batches of `batch_size` rows."""
        for start in range(0, table.size, batch_size):
            yield self.batch(table, start, min(table.size, start + batch_size))


def table_schema(table: TablePlan) -> pa.Schema:
    """The Arrow schema of a table's exported columns."""
    return pa.schema(
        [pa.field(c.name, c.arrow_type, nullable=not c.field.primary_key) for c in table.exported_columns]
    )


def _constraint_indices(
    table: TablePlan, rows: np.ndarray, partition_start: np.ndarray | None, driving: np.ndarray | None
) -> tuple[dict[str, np.ndarray], dict[str, Combination]]:
    """Value numbers chosen by the table's constraints, and the second columns of not-equal pairs."""
    forced: dict[str, np.ndarray] = {}
    not_equal: dict[str, Combination] = {}
    for combo in table.combinations:
        if combo.kind == "not-equal":
            not_equal[combo.columns[1]] = combo
            first = table.columns[combo.columns[0]]
            if not isinstance(first.generator, ReferenceGenerator):
                forced[first.name] = first.stream.integers(rows, 0, combo.sizes[0] - 1)
        else:
            forced.update(forced_indices(combo, rows, partition_start, driving))
    return forced, not_equal


def _closure(table: TablePlan, wanted: set[str]) -> set[str]:
    needed: set[str] = set()
    stack = list(wanted)
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        needed.add(name)
        column = table.columns[name]
        checked = [name for _, names in column.row_checks for name in names]
        for dep in [*column.generator.dependencies(), *referenced_by_postprocessing(column), *checked]:
            link = table.related.get(dep)
            stack.append(link.via if link is not None else dep)
    return needed
