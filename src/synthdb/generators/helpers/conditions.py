"""Row conditions over a column (`is_one_of`, `is_not_null`, `greater_than`, ...), evaluated vectorized.

Used by foreign-key parent filters and by Custom List values whose weights depend on other columns.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AliasChoices, ConfigDict, Field, model_validator

from synthdb.definition.suggest import refuse_unknown
from synthdb.generators.base import ParamsModel, param_names

Operator = Literal[
    "is_one_of", "is_not_one_of", "is_null", "is_not_null", "equals", "not_equals",
    "greater_than", "greater_or_equal", "less_than", "less_or_equal", "between",
]


class Condition(ParamsModel):
    """`{field, operator, value}`; Fabricate spells them `subset_field`, `subset_value`."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    field: str = Field(validation_alias=AliasChoices("field", "subset_field"))
    operator: Operator = "is_one_of"
    value: Any = Field(default=None, validation_alias=AliasChoices("value", "values", "subset_value"))
    weight: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _known(cls, data: Any) -> Any:
        refuse_unknown(data, [*param_names(cls), "id"], "a condition")
        return data

    @model_validator(mode="after")
    def _check(self) -> Condition:
        needs_value = self.operator not in ("is_null", "is_not_null")
        if needs_value and self.value is None:
            raise ValueError(f"operator '{self.operator}' needs a value")
        if self.operator == "between" and not (isinstance(self.value, list) and len(self.value) == 2):
            raise ValueError("operator 'between' needs a value [low, high]")
        return self

    def values(self) -> list[Any]:
        """The condition's value as a list (one_of operators accept one value or a list)."""
        return self.value if isinstance(self.value, list) else [self.value]


def _scalar_like(values: pa.Array, value: Any) -> pa.Scalar:
    try:
        return pa.scalar(value).cast(values.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pa.scalar(str(value))


def matches(condition: Condition, values: pa.Array) -> np.ndarray:
    """Boolean mask: which rows of `values` satisfy `condition` (nulls satisfy only is_null)."""
    op = condition.operator
    if op == "is_null":
        return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if op == "is_not_null":
        return np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    compare = values
    if op in ("is_one_of", "is_not_one_of"):
        candidates = condition.values()
        try:
            value_set = pa.array(candidates).cast(values.type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            compare = values.cast(pa.string())
            value_set = pa.array([str(v) for v in candidates])
        result = pc.is_in(compare, value_set=value_set)
        if op == "is_not_one_of":
            result = pc.invert(result)
    elif op == "between":
        low, high = condition.value
        result = pc.and_(pc.greater_equal(values, _scalar_like(values, low)),
                         pc.less_equal(values, _scalar_like(values, high)))
    else:
        function = {"equals": pc.equal, "not_equals": pc.not_equal, "greater_than": pc.greater,
                    "greater_or_equal": pc.greater_equal, "less_than": pc.less,
                    "less_or_equal": pc.less_equal}[op]
        result = function(values, _scalar_like(values, condition.value))
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool)
