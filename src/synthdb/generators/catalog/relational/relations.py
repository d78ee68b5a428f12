"""Foreign Key: a reference to a parent row, with children-per-parent distributions, filters, weights,
caps (1:1 when unique), composite keys (a shared group_key) and bounded self-referencing hierarchies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import AliasChoices, ConfigDict, Field, model_validator

from synthdb.definition.suggest import did_you_mean
from synthdb.generators.base import ColumnContext, Lookup, ParamError, ParamsModel, ReferenceGenerator
from synthdb.generators.helpers.common import CALCULATED, require_field
from synthdb.generators.helpers.conditions import Condition, matches
from synthdb.generators.helpers.distinct_picks import distinct_picks
from synthdb.generators.helpers.once import kept
from synthdb.generators.helpers.parents import (
    capped_picks,
    children_counts,
    hierarchy_levels,
    hierarchy_parents,
    weighted_picks,
)
from synthdb.generators.helpers.popularity import Popularity, popularity_shape, ranked_parents
from synthdb.generators.helpers.popularity import Uniform as _UNIFORM
from synthdb.generators.limits import MAX_ZIPF_COUNTS, ChildCount, ChildMean
from synthdb.generators.registry import register
from synthdb.randomness import Stream, derive_key

_CHUNK = 1 << 20


class ForeignKeyParams(ParamsModel):
    """Parameters of Foreign Key."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    primary_key_entity: str
    primary_key_field: str
    distribution: Literal["none", "uniform", "normal", "poisson", "fixed", "zipf"] = "none"
    # Children per parent are sizes: bounded like a table's rows (generators/limits.py), so that their
    # sums are checked integers and NumPy's int64 cannot wrap them into negative row counts.
    min: ChildCount | None = None
    max: ChildCount | None = None
    mean: ChildMean | None = None
    stddev: ChildMean | None = None
    exact_value: ChildCount | None = None
    exponent: float = Field(default=2.0, le=1000)
    relative_prevalence_field: str | None = Field(
        default=None, validation_alias=AliasChoices("relative_prevalence_field", "prevalence_field", "weight_field")
    )
    parent_filter: list[Condition] | None = Field(
        default=None, validation_alias=AliasChoices("parent_filter", "filter", "parent_conditions")
    )
    max_per_parent: ChildCount | None = Field(
        default=None, validation_alias=AliasChoices("max_per_parent", "cap", "max_children_per_parent")
    )
    max_depth: int = 4
    fanout: float = 3.0
    # Best-sellers: how often each parent is picked (helpers/popularity.py), and no parent twice among the
    # children of one parent of the table's driving foreign key (helpers/distinct_picks.py).
    popularity: str = "uniform"
    popularity_exponent: float = Field(default=1.0, gt=0, le=100)
    pareto_top: float = Field(default=0.2, gt=0, lt=1)
    pareto_share: float = Field(default=0.8, gt=0, lt=1)
    no_repeat_within: str | None = Field(
        default=None, validation_alias=AliasChoices("no_repeat_within", "distinct_per")
    )

    @model_validator(mode="after")
    def _check(self) -> ForeignKeyParams:
        if self.min is not None and self.min < 0:
            raise ValueError("min children per parent must not be negative")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.distribution == "uniform" and (self.min is None or self.max is None):
            raise ValueError("a uniform distribution of children needs min and max")
        if self.distribution in ("normal", "poisson") and self.mean is None:
            raise ValueError(f"a {self.distribution} distribution of children needs mean")
        if self.distribution == "fixed" and self.exact_value is None and self.min is None:
            raise ValueError("a fixed distribution of children needs exact_value")
        if self.max_per_parent is not None and self.max_per_parent < 1:
            raise ValueError("max_per_parent must be at least 1")
        if self.max_depth < 1 or self.max_depth > 64:
            raise ValueError("max_depth must be between 1 and 64")
        if self.exponent <= 0:
            raise ValueError("exponent must be positive")
        if self.pareto_share <= self.pareto_top:
            raise ValueError(f"pareto_share ({self.pareto_share}) must be more than pareto_top ({self.pareto_top}): "
                             "the most popular parents take more than their share")
        return self


@register
class ForeignKey(ReferenceGenerator[ForeignKeyParams]):
    """A reference to a row of another table (or of its own, as a bounded hierarchy)."""

    display_name = "Foreign Key"
    key = "foreign_key"
    aliases = ("fk", "reference")
    category = CALCULATED
    Params = ForeignKeyParams
    _type: pa.DataType = pa.int64()
    _popularity: type[Popularity] = _UNIFORM

    # --- planning -----------------------------------------------------------------------------
    @property
    def parent(self) -> str:
        return self.params.primary_key_entity

    @property
    def self_reference(self) -> bool:
        return self.parent == self.entity.name

    def setup(self) -> None:
        p = self.params
        parent = self.database.entity(p.primary_key_entity)
        if parent is None:
            names = [e.name for e in self.database.entities]
            hint = did_you_mean(p.primary_key_entity, names)
            raise ParamError("primary_key_entity", f"unknown entity '{p.primary_key_entity}'{hint}")
        for param, name in [("primary_key_field", p.primary_key_field),
                            ("relative_prevalence_field", p.relative_prevalence_field),
                            *[("parent_filter", c.field) for c in p.parent_filter or []]]:
            if name is not None:
                require_field(parent, name, param)
        if p.distribution == "zipf" and p.max is not None and p.max - max(p.min or 0, 1) > MAX_ZIPF_COUNTS:
            raise ParamError("max", f"a zipf distribution spans at most {MAX_ZIPF_COUNTS:,} counts of children "
                                    f"(min to max)")
        if self.self_reference and p.distribution != "none":
            raise ParamError("distribution", "a self-reference forms a hierarchy; children per parent do not apply")
        if p.relative_prevalence_field and (p.distribution != "none" or p.max_per_parent):
            raise ParamError("relative_prevalence_field",
                             "relative prevalence weights the choice of parent; it cannot combine with a "
                             "children-per-parent distribution or max_per_parent")
        self._popularity = popularity_shape(p.popularity)
        if p.popularity != "uniform" or p.no_repeat_within:
            self._check_popularity()

    def _check_popularity(self) -> None:
        p = self.params
        param = "no_repeat_within" if p.popularity == "uniform" else "popularity"
        clash = ("a children-per-parent distribution" if p.distribution != "none" else
                 "a self-reference" if self.self_reference else
                 "max_per_parent or unique" if self._cap() is not None else
                 "relative_prevalence_field" if p.relative_prevalence_field and param == "popularity" else None)
        if clash:
            raise ParamError(param, f"{param} chooses how parents are picked; it cannot combine with {clash}")
        if p.no_repeat_within is None:
            return
        driver = require_field(self.entity, p.no_repeat_within, "no_repeat_within", other_than=self.field.name)
        cls = self.siblings.generator_of(driver)
        drives = cls is not None and issubclass(cls, ForeignKey) and \
            driver.params.get("distribution", "none") != "none"
        if not drives:
            raise ParamError("no_repeat_within", f"'{driver.name}' must be the foreign key whose distribution "
                                                 f"sets the children per parent of '{self.entity.name}' (the "
                                                 "rows of one parent are the group that holds no repeat)")

    def references(self) -> list[tuple[str, str]]:
        refs = [(self.parent, self.params.primary_key_field)]
        if self.params.relative_prevalence_field:
            refs.append((self.parent, self.params.relative_prevalence_field))
        refs += [(self.parent, c.field) for c in self.params.parent_filter or []]
        return refs

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        self._type = column_type(self.parent, self.params.primary_key_field)

    def arrow_type(self) -> pa.DataType:
        return self._type

    def _cap(self) -> int | None:
        if self.field.unique or self.field.primary_key:
            return 1  # a unique reference is a 1:1 relation: each parent at most once
        return self.params.max_per_parent

    def guarantees_unique(self) -> bool:
        return self.params.distribution == "none" and not self.self_reference

    def drives_row_count(self) -> bool:
        return self.params.distribution != "none"

    def driving_parent(self) -> str | None:
        return self.parent if self.drives_row_count() else None

    # --- data held in memory: the eligible parents and their weights (8-16 bytes per parent) -----
    def _eligible(self, lookup: Lookup, size: int) -> np.ndarray | None:
        conditions = self.params.parent_filter
        if not conditions:
            return None

        def compute() -> np.ndarray:
            eligible = []
            for start in range(0, size, _CHUNK):
                rows = np.arange(start, min(size, start + _CHUNK), dtype=np.int64)
                mask = np.ones(len(rows), dtype=bool)
                for condition in conditions:
                    mask &= matches(condition, lookup(self.parent, condition.field, rows))
                eligible.append(rows[mask])
            return np.concatenate(eligible) if eligible else np.zeros(0, dtype=np.int64)

        return kept(self, "_eligible_rows", compute)

    def _cumulative_weights(self, lookup: Lookup, candidates: np.ndarray) -> np.ndarray:
        return kept(self, "_weights", lambda: self._compute_weights(lookup, candidates))

    def _compute_weights(self, lookup: Lookup, candidates: np.ndarray) -> np.ndarray:
        field = self.params.relative_prevalence_field or ""
        parts = []
        for start in range(0, len(candidates), _CHUNK):
            values = lookup(self.parent, field, candidates[start:start + _CHUNK])
            parts.append(np.nan_to_num(values.cast(pa.float64()).to_numpy(zero_copy_only=False), nan=0.0))
        weights = np.concatenate(parts) if parts else np.zeros(0)
        if (weights < 0).any() or weights.sum() <= 0:
            raise ParamError("relative_prevalence_field",
                             f"'{self.parent}.{field}' must hold non-negative weights, not all zero")
        return np.cumsum(weights)

    def _scan_parents(self, lookup: Lookup, size: int, weights: bool) -> int:
        """Eligible parents counted (and their weights checked) in chunks, keeping nothing per parent.

        Planning (as in the API process) only needs these answers; the arrays of eligible rows and
        cumulative weights are built when rows are produced.
        """
        count, total = 0, 0.0
        field = self.params.relative_prevalence_field or ""
        for start in range(0, size, _CHUNK):
            rows = np.arange(start, min(size, start + _CHUNK), dtype=np.int64)
            for condition in self.params.parent_filter or []:
                rows = rows[matches(condition, lookup(self.parent, condition.field, rows))]
            count += len(rows)
            if weights and len(rows):
                values = lookup(self.parent, field, rows).cast(pa.float64()).to_numpy(zero_copy_only=False)
                values = np.nan_to_num(values, nan=0.0)
                if (values < 0).any():
                    total = -1.0
                    break
                total += float(values.sum())
        if weights and size and total <= 0:
            raise ParamError("relative_prevalence_field",
                             f"'{self.parent}.{field}' must hold non-negative weights, not all zero")
        return count

    def check_sizes(self, table_size: int, size_of: Callable[[str], int], lookup: Lookup) -> None:
        p = self.params
        parents = size_of(self.parent)
        weighted = bool(p.relative_prevalence_field and table_size)
        filtered = p.parent_filter is not None and len(p.parent_filter) > 0
        available = self._scan_parents(lookup, parents, weighted) if filtered or weighted else parents
        where = f"{self.entity.name}.{self.field.name}"
        if table_size and not available and not self.self_reference and self.field.percent_null < 100:
            reason = "matches the parent_filter" if filtered else "exists"
            raise ParamError("primary_key_entity", f"{where} needs parents but no row of '{self.parent}' {reason}")
        self._available = available
        cap = self._cap()
        if cap is not None and available * cap >= 1 << 62:
            # The capped picks permute parents x cap slots in uint64.
            raise ParamError("max_per_parent", f"{where}: {available:,} parents x at most {cap:,} is too large; "
                                               "lower max_per_parent")
        if cap is not None and not self.drives_row_count() and table_size > available * cap:
            raise ParamError(
                "max_per_parent" if p.max_per_parent else "unique",
                f"{where}: {table_size:,} rows need a parent each, but '{self.parent}' offers {available:,} "
                f"parents x at most {cap} = {available * cap:,}",
            )

    def check_group_sizes(self, most_children: int) -> None:
        available = getattr(self, "_available", None)
        if self.params.no_repeat_within and available is not None and most_children > available:
            raise ParamError("no_repeat_within", f"{self.entity.name}.{self.field.name}: a parent of "
                                                 f"'{self.params.no_repeat_within}' has {most_children:,} children "
                                                 f"but '{self.parent}' offers only {available:,} distinct parents")

    def children_per_parent(self, parent_rows: np.ndarray, stream: Stream, lookup: Lookup) -> np.ndarray:
        p = self.params
        cap = self._cap()
        high = p.max if cap is None else min(p.max if p.max is not None else cap, cap)
        counts = children_counts(p.distribution, parent_rows, stream, low=p.min or 0, high=high, mean=p.mean,
                                 stddev=p.stddev, exact=p.exact_value, exponent=p.exponent)
        if p.parent_filter:
            keep = np.ones(len(parent_rows), dtype=bool)
            for condition in p.parent_filter:
                keep &= matches(condition, lookup(self.parent, condition.field, parent_rows))
            counts = np.where(keep, counts, 0)
        return counts

    # --- generation -----------------------------------------------------------------------------
    def pick_parents(self, ctx: ColumnContext) -> np.ndarray:
        p = self.params
        if self.self_reference:
            bounds = hierarchy_levels(ctx.table_size, p.max_depth, p.fanout)
            return hierarchy_parents(ctx.rows, ctx.stream.child("hierarchy"), bounds)
        if ctx.driving_parent_rows is not None and ctx.driving_key == (self.parent, self.field.group_key):
            return ctx.driving_parent_rows
        # Columns of one composite key share a group_key, hence the same draws and the same parent row.
        stream = ctx.group(f"fk:{self.parent}") if self.field.group_key else ctx.stream
        size = ctx.table_size_of(self.parent)
        eligible = self._eligible(ctx.lookup, size)
        available = size if eligible is None else len(eligible)
        if available == 0:
            return np.full(len(ctx.rows), -1, dtype=np.int64)
        cap = self._cap()
        if cap is not None:
            picks = capped_picks(ctx.rows, available, cap, derive_key(stream.key, "slots"))
        elif p.no_repeat_within:
            picks = self._distinct_picks(ctx, stream, available)
        elif p.relative_prevalence_field:
            candidates = eligible if eligible is not None else np.arange(size)
            picks = weighted_picks(ctx.rows, stream, self._cumulative_weights(ctx.lookup, candidates))
        elif p.popularity != "uniform":
            picks = self._sampler(ctx, available)(stream.child("popularity").uniform(ctx.rows))
        else:
            picks = stream.integers(ctx.rows, 0, available - 1)
        return picks if eligible is None else eligible[picks]

    def _by_rank(self, ctx: ColumnContext, available: int) -> Callable[[np.ndarray], np.ndarray]:
        """The parent (index among the eligible ones) of each popularity rank."""
        if self.params.popularity == "uniform":
            return lambda ranks: ranks
        # One ranking per parent table and seed: every foreign key to the parent that asks for popularity
        # finds the same best-sellers (in orders, reviews and returns alike). A frozen field or table keeps
        # its own seed, as its other draws do.
        seed = self.field.seed if self.field.seed is not None else \
            self.entity.seed if self.entity.seed is not None else ctx.seed
        key = derive_key(seed, "popularity", self.parent, available)
        return lambda ranks: ranked_parents(ranks, available, key)

    def _sampler(self, ctx: ColumnContext, available: int) -> Callable[[np.ndarray], np.ndarray]:
        """Uniform draws to parents (indices among the eligible ones), by popularity or by prevalence."""
        if self.params.relative_prevalence_field:
            eligible = self._eligible(ctx.lookup, ctx.table_size_of(self.parent))
            candidates = eligible if eligible is not None else np.arange(available)
            cumulative = self._cumulative_weights(ctx.lookup, candidates)
            return lambda u: np.minimum(np.searchsorted(cumulative, u * cumulative[-1], side="right"),
                                        available - 1).astype(np.int64)
        p = self.params
        shapes: dict[int, Popularity] = self.__dict__.setdefault("_shapes", {})
        if available not in shapes:  # a Zipf head of up to 65,536 weights: built once per parent count
            shapes[available] = self._popularity(available, p.popularity_exponent, p.pareto_top, p.pareto_share)
        shape = shapes[available]
        by_rank = self._by_rank(ctx, available)
        return lambda u: by_rank(shape.ranks(u))

    def _distinct_picks(self, ctx: ColumnContext, stream: Stream, available: int) -> np.ndarray:
        if ctx.driving_parent_rows is None or ctx.partition_start is None or ctx.partition_stop is None:
            raise ParamError("no_repeat_within", f"'{self.params.no_repeat_within}' does not drive the rows of "
                                                 f"'{self.entity.name}'")
        sizes = ctx.partition_stop - ctx.partition_start
        if len(sizes) and int(sizes.max()) > available:
            raise ParamError("no_repeat_within", f"a group of {int(sizes.max()):,} rows cannot hold distinct "
                                                 f"parents: '{self.parent}' offers {available:,}")
        return distinct_picks(ctx.driving_parent_rows, ctx.rows - ctx.partition_start, sizes, available,
                              self._sampler(ctx, available), self._by_rank(ctx, available),
                              stream.child("no-repeat"))

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> pa.Array:
        parents = ctx.parent_rows.get(self.field.name, indices)  # keeps -1 (null) where the engine set it
        return ctx.lookup(self.parent, self.params.primary_key_field, parents)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        parents = ctx.parent_rows.get(self.field.name)
        if parents is None:
            parents = self.pick_parents(ctx)
        return ctx.lookup(self.parent, self.params.primary_key_field, parents)

