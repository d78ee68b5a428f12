"""Birth Date: dates of birth for people aged min_age..max_age on an as_of day (a fixed date, for repeatable runs)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, field_validator, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.common import PEOPLE
from synthdb.generators.registry import register

_EPOCH = date(1970, 1, 1)


class BirthDateParams(ParamsModel):
    """Parameters of Birth Date: the age range in whole years on the as_of day."""

    model_config = ConfigDict(extra="ignore")
    min_age: int = 18
    max_age: int = 80
    as_of: date = date(2025, 12, 31)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> Any:
        return date.fromisoformat(value.strip()[:10]) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _ages(self) -> BirthDateParams:
        if not 0 <= self.min_age <= self.max_age <= 125:
            raise ValueError(f"need 0 <= min_age <= max_age <= 125, got {self.min_age}..{self.max_age}")
        return self


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes the 28th in common years)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@register
class BirthDate(Generator[BirthDateParams]):
    """Dates of birth of people aged min_age..max_age (whole years) on as_of, uniform over that span."""

    display_name = "Birth Date"
    key = "birth_date"
    aliases = ("Date of Birth", "dob", "birthday", "birthdate")
    category = PEOPLE
    description = ("A date of birth for someone aged min_age..max_age (18..80) on as_of (2025-12-31, fixed so runs "
                   "repeat); Email Address and Username take the birth year from it.")
    Params = BirthDateParams
    arrow = pa.date32()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        # Aged exactly min_age on as_of: born on or before as_of - min_age years; aged at most max_age:
        # born after as_of - (max_age + 1) years.
        latest = (_years_before(p.as_of, p.min_age) - _EPOCH).days
        earliest = (_years_before(p.as_of, p.max_age + 1) - _EPOCH).days + 1
        days = ctx.stream.integers(ctx.rows, earliest, latest)
        return pa.array(days.astype(np.int32), pa.date32())
