"""Custom List: a weighted choice from a list, where a value's weight may depend on the row's other columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import AliasChoices, ConfigDict, Field, ValidationError, field_validator, model_validator

from synthdb.definition.suggest import refuse_unknown
from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.common import DATA_TYPES, is_unique
from synthdb.generators.helpers.conditions import Condition, matches
from synthdb.generators.limits import MAX_LIST_VALUES
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


class ListValue(ParamsModel):
    """A value with its own weight, optionally depending on other columns of the row.

    The weight for a row is that of the first condition the row meets, else `default_weight`.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    value: Any
    weight: float = 1.0
    conditions: list[Condition] = []
    default_weight: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _known(cls, data: Any) -> Any:
        refuse_unknown(data, [*cls.model_fields, "id"], "a list value")
        return data

    @model_validator(mode="after")
    def _check(self) -> ListValue:
        weights = [self.weight, *(c.weight for c in self.conditions if c.weight is not None)]
        if self.default_weight is not None:
            weights.append(self.default_weight)
        if any(w < 0 for w in weights):
            raise ValueError("weights must not be negative")
        return self


class CustomListParams(ParamsModel):
    """Parameters of Custom List: `values` (list, comma-separated text, or {value, weight, conditions}
    objects) and optional `weights`."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    values: list[Any] = Field(
        validation_alias=AliasChoices("values", "list", "custom_list"), max_length=MAX_LIST_VALUES
    )
    weights: list[float] | None = Field(default=None, max_length=MAX_LIST_VALUES)

    @field_validator("values", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",")]
        return value

    @model_validator(mode="after")
    def _check(self) -> CustomListParams:
        if not self.values:
            raise ValueError("values must not be empty")
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(f"weights has {len(self.weights)} entries but values has {len(self.values)}")
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be non-negative and not all zero")
        return self

    def entries(self) -> list[ListValue]:
        """Every value as a ListValue (plain values take their weight from `weights`, else 1)."""
        out = []
        for i, item in enumerate(self.values):
            if isinstance(item, dict) and "value" in item:
                try:
                    out.append(ListValue.model_validate(item))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
                    raise ParamError(f"values[{i}]{where}", first["msg"].removeprefix("Value error, ")) from exc
            else:
                out.append(ListValue(value=item, weight=self.weights[i] if self.weights else 1.0))
        return out


@register
class CustomList(Generator[CustomListParams]):
    """A (weighted) choice from a list of values; weights may depend on other columns of the row."""

    display_name = "Custom List"
    key = "custom_list"
    aliases = ("list", "choice", "enum", "Scenario")
    category = DATA_TYPES
    unique_values = True
    Params = CustomListParams

    def setup(self) -> None:
        self._entries = self.params.entries()
        for i, entry in enumerate(self._entries):
            for condition in entry.conditions:
                if condition.field == self.field.name or self.entity.field(condition.field) is None:
                    raise ParamError(f"values[{i}].conditions",
                                     f"entity '{self.entity.name}' has no other field '{condition.field}'")
        if not self._conditional() and sum(e.weight for e in self._entries) <= 0:
            raise ParamError("values", "weights must not all be zero")

    def _conditional(self) -> bool:
        return any(e.conditions for e in self._entries)

    def dependencies(self) -> list[str]:
        return sorted({c.field for e in self._entries for c in e.conditions})

    def _array(self) -> pa.Array:
        values = [e.value for e in self._entries]
        if all(isinstance(v, bool) for v in values):
            return pa.array(values, pa.bool_())
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return pa.array(values, pa.int64())
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return pa.array([float(v) for v in values], pa.float64())
        return pa.array([None if v is None else str(v) for v in values], pa.string())

    def arrow_type(self) -> pa.DataType:
        return self._array().type

    def capacity(self) -> int | None:
        return len(self._entries)

    def guarantees_unique(self) -> bool:
        return not self._conditional()

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> pa.Array:
        return self._array().take(pa.array(indices))

    def _weights(self, ctx: ColumnContext) -> np.ndarray:
        """Weight of every value for every row: first matching condition, else the default weight."""
        table = np.empty((len(ctx.rows), len(self._entries)))
        for j, entry in enumerate(self._entries):
            fallback = entry.default_weight if entry.default_weight is not None else entry.weight
            column = np.full(len(ctx.rows), fallback)
            decided = np.zeros(len(ctx.rows), dtype=bool)
            for condition in entry.conditions:
                hit = matches(condition, ctx.columns[condition.field]) & ~decided
                column[hit] = condition.weight if condition.weight is not None else entry.weight
                decided |= hit
            table[:, j] = column
        return table

    def generate(self, ctx: ColumnContext) -> pa.Array:
        values = self._array()
        if is_unique(self):
            picks = permute(ctx.rows, len(values), derive_key(ctx.stream.key, "unique"))
            return values.take(pa.array(picks))
        if not self._conditional():
            weights = [e.weight for e in self._entries]
            uniform = len(set(weights)) == 1
            picks = ctx.stream.choice(ctx.rows, len(values), None if uniform else weights)
            return values.take(pa.array(picks))
        cumulative = np.cumsum(self._weights(ctx), axis=1)
        totals = cumulative[:, -1]
        target = ctx.stream.uniform(ctx.rows) * totals
        picks = np.minimum((cumulative <= target[:, None]).sum(axis=1), len(values) - 1)
        # A row whose every weight is zero has no admissible value: it is null.
        return values.take(pa.array(picks, mask=totals <= 0))
