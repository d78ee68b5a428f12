"""Foreign Key: pick a parent row (uniformly, or a drawn number of children per parent) and copy its key."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.registry import register
from synthdb.randomness import Stream


class ForeignKeyParams(BaseModel):
    """Parameters of Foreign Key."""

    model_config = ConfigDict(extra="ignore")
    primary_key_entity: str
    primary_key_field: str
    distribution: Literal["none", "uniform", "normal", "poisson", "fixed"] = "none"
    min: int | None = None
    max: int | None = None
    mean: float | None = None
    stddev: float | None = None
    exact_value: int | None = None

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
        return self


@register
class ForeignKey(Generator):
    """A reference to a row of another table; optionally the number of children per parent is drawn."""

    display_name = "Foreign Key"
    key = "foreign_key"
    aliases = ("fk", "reference")
    category = "Calculated or related values"
    declares_foreign_key = True
    Params = ForeignKeyParams
    params: ForeignKeyParams
    _type: pa.DataType = pa.int64()

    def setup(self) -> None:
        p = self.params
        parent = self.database.entity(p.primary_key_entity)
        if parent is None:
            names = [e.name for e in self.database.entities]
            close = difflib.get_close_matches(p.primary_key_entity, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ParamError("primary_key_entity", f"unknown entity '{p.primary_key_entity}'{hint}")
        if parent.field(p.primary_key_field) is None:
            names = [f.name for f in parent.fields]
            close = difflib.get_close_matches(p.primary_key_field, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ParamError(
                "primary_key_field", f"entity '{parent.name}' has no field '{p.primary_key_field}'{hint}"
            )

    def references(self) -> list[tuple[str, str]]:
        return [(self.params.primary_key_entity, self.params.primary_key_field)]

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        self._type = column_type(self.params.primary_key_entity, self.params.primary_key_field)

    def arrow_type(self) -> pa.DataType:
        return self._type

    def drives_row_count(self) -> bool:
        return self.params.distribution != "none"

    def driving_parent(self) -> str | None:
        return self.params.primary_key_entity if self.drives_row_count() else None

    def children_per_parent(self, parent_rows: np.ndarray, stream: Stream) -> np.ndarray:
        p = self.params
        if p.distribution == "uniform":
            assert p.min is not None and p.max is not None
            counts = stream.integers(parent_rows, p.min, p.max)
        elif p.distribution == "normal":
            assert p.mean is not None
            stddev = p.stddev if p.stddev is not None else max(1.0, p.mean**0.5)
            counts = np.rint(stream.normal(parent_rows, p.mean, stddev)).astype(np.int64)
        elif p.distribution == "poisson":
            assert p.mean is not None
            counts = stream.poisson(parent_rows, p.mean)
        else:
            value = p.exact_value if p.exact_value is not None else p.min
            counts = np.full(len(parent_rows), value or 0, dtype=np.int64)
        low = p.min if p.min is not None else 0
        high = p.max if p.max is not None else np.iinfo(np.int64).max
        return np.clip(counts, low, high)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        if ctx.driving_parent_rows is not None and self.drives_row_count():
            parents = ctx.driving_parent_rows
        else:
            size = ctx.table_size_of(p.primary_key_entity)
            if size == 0:
                raise ParamError("primary_key_entity", f"entity '{p.primary_key_entity}' has no rows to refer to")
            parents = ctx.stream.integers(ctx.rows, 0, size - 1)
        return ctx.lookup(p.primary_key_entity, p.primary_key_field, parents)
