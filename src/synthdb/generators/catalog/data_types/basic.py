"""Boolean, Constant, Blank and Custom List: the simplest data-type generators."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.registry import register


class BooleanParams(ParamsModel):
    """Parameters of Boolean."""

    model_config = ConfigDict(extra="ignore")
    true_percent: float = 50

    @field_validator("true_percent")
    @classmethod
    def _range(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError("must be between 0 and 100")
        return value


@register
class Boolean(Generator[BooleanParams]):
    """True with probability `true_percent` %."""

    display_name = "Boolean"
    key = "boolean"
    Params = BooleanParams
    arrow = pa.bool_()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        return ctx.stream.uniform(ctx.rows) * 100 < self.params.true_percent


class ConstantParams(ParamsModel):
    """Parameters of Constant."""

    model_config = ConfigDict(extra="ignore")
    constant_value: Any


@register
class Constant(Generator[ConstantParams]):
    """The same value in every row."""

    display_name = "Constant"
    key = "constant"
    Params = ConstantParams

    def arrow_type(self) -> pa.DataType:
        value = self.params.constant_value
        if isinstance(value, bool):
            return pa.bool_()
        if isinstance(value, int):
            return pa.int64()
        if isinstance(value, float):
            return pa.float64()
        return pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        value = self.params.constant_value
        kind = self.arrow_type()
        if value is None:
            return pa.nulls(len(ctx.rows), kind)
        if kind == pa.string():
            value = str(value)
        return pa.repeat(pa.scalar(value, kind), len(ctx.rows))


@register
class Blank(Generator[NoParams]):
    """Always null."""

    display_name = "Blank"
    key = "blank"
    aliases = ("null",)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.nulls(len(ctx.rows), pa.string())
