"""Calculated values: Column From Another Table, Sum From Another Table, Value From Previous Row,
Sum Of Previous Rows and Rank. All pure functions of the row; sequential ones use block prefix sums."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AliasChoices, ConfigDict, Field, field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel, ReferenceGenerator
from synthdb.generators.helpers.arrays import as_numbers, decimal_from_scaled
from synthdb.generators.helpers.common import CALCULATED, require_field
from synthdb.generators.helpers.once import kept
from synthdb.generators.registry import register

_BLOCK = 65_536  # fixed, so running sums never depend on the batch size
_CHUNK = 1 << 20


def _is_foreign_key(generator: Generator, name: str) -> str | None:
    """The parent entity when field `name` of the generator's entity is a Foreign Key, else None."""
    fld = generator.entity.field(name)
    if fld is None:
        return None
    cls = generator.siblings.generator_of(fld)
    if cls is None or not issubclass(cls, ReferenceGenerator):
        return None
    parent = fld.params.get("primary_key_entity")
    return str(parent) if parent else None


class ColumnFromAnotherTableParams(ParamsModel):
    """Parameters of Column From Another Table."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    foreign_key_field: str
    value_field: str
    primary_key_entity: str | None = None
    primary_key_field: str | None = None
    enable_where: bool = False


@register
class ColumnFromAnotherTable(Generator[ColumnFromAnotherTableParams]):
    """Copies `value_field` of the row this row's foreign key points at (or of the row whose
    `primary_key_field` equals this row's `foreign_key_field`, with enable_where)."""

    display_name = "Column From Another Table"
    key = "column_from_another_table"
    aliases = ("lookup", "related_column", "Dataset Column")
    category = CALCULATED
    Params = ColumnFromAnotherTableParams
    _type: pa.DataType = pa.string()

    def setup(self) -> None:
        p = self.params
        require_field(self.entity, p.foreign_key_field, "foreign_key_field")
        parent = _is_foreign_key(self, p.foreign_key_field)
        self._via_fk = parent is not None and not p.enable_where
        if self._via_fk:
            self._other = parent or ""
        else:
            if not (p.primary_key_entity and p.primary_key_field):
                raise ParamError("primary_key_entity", "matching by value (enable_where) needs primary_key_entity "
                                 "and primary_key_field")
            self._other = p.primary_key_entity
        other = self.database.entity(self._other)
        if other is None:
            raise ParamError("primary_key_entity", f"unknown entity '{self._other}'")
        for param, name in (("value_field", p.value_field), ("primary_key_field", p.primary_key_field)):
            if name is not None:
                require_field(other, name, param)

    def dependencies(self) -> list[str]:
        p = self.params
        return [f"{p.foreign_key_field}.{p.value_field}"] if self._via_fk else [p.foreign_key_field]

    def references(self) -> list[tuple[str, str]]:
        refs = [(self._other, self.params.value_field)]
        if not self._via_fk:
            refs.append((self._other, self.params.primary_key_field or ""))
        return refs

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        self._type = column_type(self._other, self.params.value_field)

    def arrow_type(self) -> pa.DataType:
        return self._type

    def _keys(self, ctx: ColumnContext) -> pa.Array:
        # Value matching holds the other table's key column in memory (one value per row of it).
        def compute() -> pa.Array:
            size = ctx.table_size_of(self._other)
            parts = [ctx.lookup(self._other, self.params.primary_key_field or "",
                                np.arange(s, min(size, s + _CHUNK), dtype=np.int64)) for s in range(0, size, _CHUNK)]
            return pa.concat_arrays(parts) if parts else pa.array([], pa.string())

        return kept(self, "_key_values", compute)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if self._via_fk:
            return ctx.columns[f"{p.foreign_key_field}.{p.value_field}"]
        keys = self._keys(ctx)
        wanted = ctx.columns[p.foreign_key_field]
        if wanted.type != keys.type:
            wanted = wanted.cast(keys.type, safe=False)
        positions = pc.index_in(wanted, value_set=keys)
        rows = positions.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        return ctx.lookup(self._other, p.value_field, rows)


class SumFromAnotherTableParams(ParamsModel):
    """Parameters of Sum From Another Table."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    child_entity: str = Field(validation_alias=AliasChoices("child_entity", "foreign_entity", "entity",
                                                           "primary_key_entity"))
    foreign_key_field: str
    value_field: str | None = None
    aggregate: Literal["sum", "count", "avg"] = Field(default="sum",
                                                      validation_alias=AliasChoices("aggregate", "function"))


@register
class SumFromAnotherTable(Generator[SumFromAnotherTableParams]):
    """The sum (or count, or average) of a child table's column over the children of this row."""

    display_name = "Sum From Another Table"
    key = "sum_from_another_table"
    aliases = ("aggregate_from_another_table", "rollup")
    category = CALCULATED
    Params = SumFromAnotherTableParams
    _type: pa.DataType = pa.float64()

    def setup(self) -> None:
        p = self.params
        child = self.database.entity(p.child_entity)
        if child is None:
            raise ParamError("child_entity", f"unknown entity '{p.child_entity}'")
        fk = child.field(p.foreign_key_field)
        if fk is None or fk.params.get("primary_key_entity") != self.entity.name:
            raise ParamError("foreign_key_field",
                             f"'{child.name}.{p.foreign_key_field}' must be a Foreign Key to '{self.entity.name}'")
        if p.aggregate != "count":
            require_field(child, p.value_field or "", "value_field")

    def references(self) -> list[tuple[str, str]]:
        p = self.params
        refs = [(p.child_entity, p.foreign_key_field)]
        return refs + ([(p.child_entity, p.value_field)] if p.value_field and p.aggregate != "count" else [])

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        p = self.params
        if p.aggregate == "count":
            self._type = pa.int64()
        elif p.aggregate == "avg":
            self._type = pa.float64()
        else:
            value = column_type(p.child_entity, p.value_field or "")
            self._type = pa.decimal128(38, value.scale) if pa.types.is_decimal(value) else (
                pa.int64() if pa.types.is_integer(value) else pa.float64())

    def arrow_type(self) -> pa.DataType:
        return self._type

    def generate(self, ctx: ColumnContext) -> pa.Array:
        assert ctx.aggregate is not None
        p = self.params
        value = None if p.aggregate == "count" else p.value_field
        return ctx.aggregate(p.child_entity, p.foreign_key_field, value, ctx.rows, p.aggregate)


class PreviousRowParams(ParamsModel):
    """Parameters shared by the previous-row generators."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    field: str = Field(validation_alias=AliasChoices("field", "value_field", "source_field"))
    partition: bool = False  # restart at each parent when a foreign key drives the table
    default: Any = None
    offset: int = 1
    include_current: bool = True
    descending: bool = False


class _SameTable(Generator[PreviousRowParams]):
    """A generator reading another column of its own table at other rows."""

    category = CALCULATED
    Params = PreviousRowParams
    _type: pa.DataType = pa.float64()

    def setup(self) -> None:
        p = self.params
        if p.field == self.field.name:
            raise ParamError("field", "a column cannot be computed from itself")
        require_field(self.entity, p.field, "field")
        if p.offset < 1:
            raise ParamError("offset", "offset must be at least 1")

    def references(self) -> list[tuple[str, str]]:
        return [(self.entity.name, self.params.field)]

    def _starts(self, ctx: ColumnContext) -> np.ndarray:
        if self.params.partition and ctx.partition_start is not None:
            return ctx.partition_start
        return np.zeros(len(ctx.rows), dtype=np.int64)

    def _span(self, ctx: ColumnContext, low: int, high: int) -> pa.Array:
        return ctx.lookup(self.entity.name, self.params.field, np.arange(low, high, dtype=np.int64))


@register
class ValueFromPreviousRow(_SameTable):
    """The value of another column `offset` rows earlier (within the same parent with `partition`)."""

    display_name = "Value From Previous Row"
    key = "value_from_previous_row"
    aliases = ("previous_value", "lag")

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        self._type = column_type(self.entity.name, self.params.field)

    def arrow_type(self) -> pa.DataType:
        return self._type

    def generate(self, ctx: ColumnContext) -> pa.Array:
        previous = ctx.rows - self.params.offset
        missing = previous < self._starts(ctx)
        values = ctx.lookup(self.entity.name, self.params.field, np.where(missing, -1, previous))
        if self.params.default is None:
            return values
        default = pa.scalar(self.params.default).cast(values.type)
        return pc.if_else(pa.array(missing), default, values)


@register
class SumOfPreviousRows(_SameTable):
    """A running total of another column (restarting at each parent with `partition`)."""

    display_name = "Sum Of Previous Rows"
    key = "sum_of_previous_rows"
    aliases = ("running_total", "cumulative_sum")

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        value = column_type(self.entity.name, self.params.field)
        self._type = pa.decimal128(38, value.scale) if pa.types.is_decimal(value) else (
            pa.int64() if pa.types.is_integer(value) else pa.float64())

    def arrow_type(self) -> pa.DataType:
        return self._type

    def _before(self, ctx: ColumnContext, row: int) -> float:
        """Sum of the column over rows [0, row): whole blocks (cached, fixed size) plus a partial block."""
        totals: dict[int, float] = self.__dict__.setdefault("_block_totals", {})
        block = row // _BLOCK
        for b in range(block):
            if b not in totals:
                numbers, _ = as_numbers(self._span(ctx, b * _BLOCK, (b + 1) * _BLOCK))
                totals[b] = float(np.nansum(numbers))
        numbers, _ = as_numbers(self._span(ctx, block * _BLOCK, row))
        return sum(totals[b] for b in range(block)) + float(np.nansum(numbers))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if len(ctx.rows) == 0:
            return pa.array([], self._type)
        starts = self._starts(ctx)
        low, high = int(starts.min()), int(ctx.rows.max()) + 1
        numbers, scale = as_numbers(self._span(ctx, low, high))
        running = np.concatenate([[0.0], np.cumsum(np.nan_to_num(numbers, nan=0.0))])
        end = ctx.rows - low + (1 if self.params.include_current else 0)
        totals = running[end] - running[starts - low]
        if not (self.params.partition and ctx.partition_start is not None):
            totals = totals + self._before(ctx, low)
        if scale is not None:
            return decimal_from_scaled(np.rint(totals).astype(np.int64), 38, scale)
        return pa.array(totals)


def _sortable(values: pa.Array) -> np.ndarray:
    """Values as a NumPy array that sorts fast (decimals as floats, dates and times as integers)."""
    if pa.types.is_decimal(values.type):
        values = values.cast(pa.float64())
    elif pa.types.is_temporal(values.type):
        values = values.cast(pa.int64())
    return values.to_numpy(zero_copy_only=False)


# Per row of a table: group code, value code, validity; the width of a value code; the sorted (group, value) keys.
_GroupKeys = tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]


class RankParams(ParamsModel):
    """Parameters of Rank, in Fabricate's spellings and synthdb's."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    # The column to rank by; without one, rows are ranked in their order (1, 2, 3, ... per partition).
    field: str | None = Field(default=None, validation_alias=AliasChoices(
        "field", "order_by", "order_by_field", "sort_field", "rank_field", "value_field", "source_field"))
    descending: bool = False
    # `direction`/`sort_order`: "asc" or "desc" (Fabricate's way of saying `descending`).
    direction: Literal["asc", "desc", "ascending", "descending"] | None = Field(
        default=None, validation_alias=AliasChoices("direction", "sort_order", "order", "sort_direction"))
    # Restart at each parent of the driving Foreign Key.
    partition: bool = False
    # Restart for each distinct value of this column of the same table (SQL's PARTITION BY column).
    partition_by: str | None = Field(default=None, validation_alias=AliasChoices(
        "partition_by", "partition_field", "group_by", "group_by_field"))

    @field_validator("direction", mode="before")
    @classmethod
    def _direction(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def is_descending(self) -> bool:
        """`descending: true`, or a direction of desc."""
        return self.descending or self.direction in ("desc", "descending")


@register
class Rank(Generator[RankParams]):
    """SQL's RANK() of the row by `field` (ties share a rank), or by row order without one.

    `descending` (or `direction: desc`); restarts per parent with `partition`, per value of a column with
    `partition_by`."""

    display_name = "Rank"
    key = "rank"
    aliases = ("row_rank",)
    category = CALCULATED
    Params = RankParams
    arrow = pa.int64()
    _groups: _GroupKeys | None = None

    def distinct_within_parent(self) -> bool:
        # By row order within the driving parent there are no ties: 1, 2, 3, ... per parent.
        p = self.params
        return p.partition and p.field is None and p.partition_by is None

    def setup(self) -> None:
        p = self.params
        for param, name in (("field", p.field), ("partition_by", p.partition_by)):
            if name is None:
                continue
            if name == self.field.name:
                raise ParamError(param, "a column cannot be computed from itself")
            require_field(self.entity, name, param)

    def references(self) -> list[tuple[str, str]]:
        p = self.params
        return [(self.entity.name, name) for name in (p.field, p.partition_by) if name is not None]

    def _whole(self, ctx: ColumnContext, name: str) -> pa.Array:
        """A column of this table over every row (what a table-wide rank needs in memory)."""
        size = ctx.table_size
        parts = [ctx.lookup(self.entity.name, name, np.arange(s, min(size, s + _CHUNK), dtype=np.int64))
                 for s in range(0, size, _CHUNK)]
        return pa.concat_arrays(parts) if parts else pa.array([], pa.int64())

    def _sorted_all(self, ctx: ColumnContext) -> np.ndarray:
        # A table-wide rank holds the column's sorted values in memory (one value per row).
        return kept(self, "_sorted", lambda: np.sort(_sortable(self._whole(ctx, self.params.field or "").drop_null())))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if p.partition_by is not None:
            return self._group_ranks(ctx)
        if p.field is None:
            return pa.array(self._row_order_ranks(ctx), pa.int64())
        current = ctx.lookup(self.entity.name, p.field, ctx.rows)
        valid = current.is_valid().to_numpy(zero_copy_only=False)
        present = current.drop_null()
        if current.null_count and len(present):
            current = current.fill_null(present[0])  # placeholder; these rows are masked below
        mine = _sortable(current)
        if p.partition and ctx.partition_start is not None and ctx.partition_stop is not None:
            ranks = self._partition_ranks(ctx, mine)
        else:
            ordered = self._sorted_all(ctx)
            if p.is_descending:
                ranks = len(ordered) - np.searchsorted(ordered, mine, side="right") + 1
            else:
                ranks = np.searchsorted(ordered, mine, side="left") + 1
        return pa.array(ranks.astype(np.int64), mask=~valid)

    def _row_order_ranks(self, ctx: ColumnContext) -> np.ndarray:
        """Without a field every row has its own rank: its position (from the end when descending)."""
        if self.params.partition and ctx.partition_start is not None and ctx.partition_stop is not None:
            start, stop = ctx.partition_start, ctx.partition_stop
        else:
            start = np.zeros(len(ctx.rows), dtype=np.int64)
            stop = np.full(len(ctx.rows), ctx.table_size, dtype=np.int64)
        if self.params.is_descending:
            return (stop - ctx.rows).astype(np.int64)
        return (ctx.rows - start + 1).astype(np.int64)

    def _group_keys(self, ctx: ColumnContext) -> _GroupKeys:
        """Per row of the table: its group's code, its value's dense code, and validity; the sorted keys.

        Computed once over the whole table (like a table-wide rank): one (group, value) integer per row.
        """
        return kept(self, "_groups", lambda: self._compute_group_keys(ctx))

    def _compute_group_keys(self, ctx: ColumnContext) -> _GroupKeys:
        p = self.params
        groups = pc.dictionary_encode(self._whole(ctx, p.partition_by or "")).indices
        group_code = groups.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64) + 1
        if p.field is None:
            value_code = np.arange(ctx.table_size, dtype=np.int64)
            valid = np.ones(ctx.table_size, dtype=bool)
        else:
            values = self._whole(ctx, p.field)
            valid = values.is_valid().to_numpy(zero_copy_only=False)
            present = values.drop_null()
            filled = values.fill_null(present[0]) if values.null_count and len(present) else values
            numbers = _sortable(filled)
            value_code = np.searchsorted(np.unique(numbers[valid]), numbers).astype(np.int64)
        width = int(value_code.max(initial=0)) + 2
        keys = np.sort((group_code * width + value_code)[valid])
        return group_code, value_code, valid, width, keys

    def _group_ranks(self, ctx: ColumnContext) -> pa.Array:
        """SQL's RANK() OVER (PARTITION BY partition_by ORDER BY field), as searches in the sorted keys."""
        group_code, value_code, valid, width, keys = self._group_keys(ctx)
        rows = ctx.rows
        group, key = group_code[rows], group_code[rows] * width + value_code[rows]
        if self.params.is_descending:
            ranks = np.searchsorted(keys, (group + 1) * width, side="left") - np.searchsorted(keys, key, side="right")
            ranks = ranks + 1
        else:
            ranks = np.searchsorted(keys, key, side="left") - np.searchsorted(keys, group * width, side="left") + 1
        return pa.array(ranks.astype(np.int64), mask=~valid[rows])

    def _partition_ranks(self, ctx: ColumnContext, mine: np.ndarray) -> np.ndarray:
        """Ranks within each row's parent, vectorized: a sort key of (parent, value) over the rows spanned."""
        assert ctx.partition_start is not None and ctx.partition_stop is not None
        low, high = int(ctx.partition_start.min()), int(ctx.partition_stop.max())
        span = ctx.lookup(self.entity.name, self.params.field or "", np.arange(low, high, dtype=np.int64))
        valid = span.is_valid().to_numpy(zero_copy_only=False)
        values = _sortable(span)[valid]
        starts = np.unique(ctx.partition_start)
        owner = (np.searchsorted(starts, np.arange(low, high), side="right") - 1)[valid]
        distinct = np.unique(values)
        width = len(distinct) + 1
        # (parent, dense rank of the value) as one integer keeps the order of the pair.
        keys = np.sort(owner * width + np.searchsorted(distinct, values))
        mine_owner = np.searchsorted(starts, ctx.partition_start, side="right") - 1
        mine_key = mine_owner * width + np.searchsorted(distinct, mine)
        if self.params.is_descending:
            above = np.searchsorted(keys, (mine_owner + 1) * width, side="left")
            return above - np.searchsorted(keys, mine_key, side="right") + 1
        return np.searchsorted(keys, mine_key, side="left") - np.searchsorted(keys, mine_owner * width) + 1
