"""The sex and age of the patient a row describes, read by diagnoses, body measures and insurance.

Sex: the column named by `sex_field` (any gender words or letters), else the row's Gender column or the
group's shared gender draw (helpers/people.py), so a diagnosis agrees with the row's First Name and Title.
Age in whole years: the column named by `age_field` (a number), else `birth_date_field` or the entity's
Birth Date column, aged on that Birth Date's `as_of` (or the generator's own `as_of`). Without any, the age
is unknown (-1) and each generator documents what it assumes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AliasChoices, ConfigDict, Field, field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.common import find_sibling, require_field
from synthdb.generators.helpers.people import FEMALE, MALE, OTHER, GenderSource, gender_codes

UNKNOWN_AGE = -1
MAX_AGE = 120
_EPOCH = date(1970, 1, 1)

__all__ = ["FEMALE", "MALE", "OTHER", "UNKNOWN_AGE", "PatientParams", "PatientSource"]


class PatientParams(ParamsModel):
    """Where a generator finds the row's sex and age (all optional)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    sex_field: str | None = Field(None, validation_alias=AliasChoices("sex_field", "sex", "gender_field"))
    age_field: str | None = Field(None, validation_alias=AliasChoices("age_field", "age"))
    birth_date_field: str | None = Field(None, validation_alias=AliasChoices("birth_date_field", "birth_date"))
    as_of: date | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> Any:
        return date.fromisoformat(value.strip()[:10]) if isinstance(value, str) else value


class PatientSource:
    """The row's sex codes (MALE / FEMALE / OTHER) and ages, decided once when the generator is set up."""

    def __init__(self, generator: Generator[Any], params: PatientParams) -> None:
        from synthdb.generators.catalog.people.birth import BirthDate  # catalog imports helpers, not back

        own = generator.field.name
        self.sex_column: str | None = None
        self.gender: GenderSource | None = None
        if params.sex_field:
            self.sex_column = require_field(generator.entity, params.sex_field, "sex_field", other_than=own).name
        else:
            self.gender = GenderSource(generator)
        self.age_column: str | None = None
        self.birth_column: str | None = None
        self.as_of = params.as_of or date(2025, 12, 31)
        if params.age_field:
            self.age_column = require_field(generator.entity, params.age_field, "age_field", other_than=own).name
            return
        if params.birth_date_field:
            birth = require_field(generator.entity, params.birth_date_field, "birth_date_field", other_than=own)
            self.birth_column = birth.name
        else:
            self.birth_column = find_sibling(generator, BirthDate)
        if self.birth_column and params.as_of is None:
            # Age people on the day their Birth Date column counts from, so "aged 18..80" stays true here.
            fld = generator.entity.field(self.birth_column)
            stated = (fld.params if fld is not None else {}).get("as_of")
            if stated:
                self.as_of = date.fromisoformat(str(stated).strip()[:10])

    def dependencies(self) -> list[str]:
        """The columns read."""
        sex = [self.sex_column] if self.sex_column else (self.gender.dependencies() if self.gender else [])
        return [*sex, *(c for c in (self.age_column, self.birth_column) if c)]

    @property
    def knows_age(self) -> bool:
        return bool(self.age_column or self.birth_column)

    def sexes(self, ctx: ColumnContext) -> np.ndarray:
        """MALE / FEMALE / OTHER per row."""
        if self.sex_column:
            return gender_codes(ctx.columns[self.sex_column])
        assert self.gender is not None
        return self.gender.codes(ctx)

    def ages(self, ctx: ColumnContext) -> np.ndarray:
        """Whole years per row, 0..MAX_AGE, or UNKNOWN_AGE (no column, or a null cell)."""
        if self.age_column:
            values = pc.cast(ctx.columns[self.age_column], pa.float64(), safe=False)
            years = np.floor(values.fill_null(np.nan).to_numpy(zero_copy_only=False))
            known = np.isfinite(years)
            return np.where(known, np.clip(np.nan_to_num(years), 0, MAX_AGE), UNKNOWN_AGE).astype(np.int64)
        if self.birth_column:
            return ages_on(ctx.columns[self.birth_column], self.as_of)
        return np.full(len(ctx.rows), UNKNOWN_AGE, dtype=np.int64)


def ages_on(births: pa.Array, as_of: date) -> np.ndarray:
    """Completed years between each birth date and `as_of` (births after it count as 0; nulls unknown)."""
    born = births.cast(pa.date32()) if births.type != pa.date32() else births
    days = pc.cast(born, pa.int32()).fill_null(np.iinfo(np.int32).min).to_numpy(zero_copy_only=False)
    known = days != np.iinfo(np.int32).min
    day = np.where(known, days, 0).astype("datetime64[D]")
    year = day.astype("datetime64[Y]").astype(np.int64) + 1970
    month_day = (day - day.astype("datetime64[M]")).astype(np.int64) + 1
    month = day.astype("datetime64[M]").astype(np.int64) % 12 + 1
    before = (month > as_of.month) | ((month == as_of.month) & (month_day > as_of.day))
    years = as_of.year - year - before.astype(np.int64)
    return np.where(known, np.clip(years, 0, MAX_AGE), UNKNOWN_AGE).astype(np.int64)


def group_params(generator: Generator[Any], siblings: list[str], cls: type[PatientParams]) -> PatientParams:
    """`generator`'s patient parameters, completed by those set on the other columns of its group.

    A group's columns share one draw, so they must read the same patient: `sex_field` set on Height alone
    holds for the row's Weight and BMI too (a parameter the generator sets itself wins)."""
    merged = cls.model_validate(generator.field.params).model_dump(exclude_unset=True)
    for name in siblings:
        fld = generator.entity.field(name)
        if fld is not None:
            merged = {**cls.model_validate(fld.params).model_dump(exclude_unset=True), **merged}
    return cls.model_validate(merged)
