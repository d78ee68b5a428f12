"""Education: University (of the locale's country), Degree and its abbreviation, Major, GPA, Grade Level.

Lists come from synthdb/data/education.json. Degree and Degree Abbreviation of one group (same
`group_key`, or none) share one draw, so a row's "Master of Science" is abbreviated "MS".
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, model_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.common import EDUCATION, is_unique, locale_of
from synthdb.generators.helpers.reference import Choices, LocaleParams, choices, package_data
from synthdb.generators.registry import register
from synthdb.randomness import derive_key

# Country whose universities a bare language stands for.
_LANGUAGE_COUNTRY = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "nl": "NL", "ja": "JP",
                     "zh": "CN"}


@cache
def universities(locale: str) -> Choices:
    """Universities of the locale's country, else of its language's main country, else of the US."""
    table = package_data("education.json")["universities"]
    lang, _, region = locale.replace("-", "_").partition("_")
    names = table.get(region.upper()) or table.get(_LANGUAGE_COUNTRY.get(lang.lower(), "US")) or table["US"]
    return choices(names)


@register
class University(Generator[LocaleParams]):
    """Well-known universities of the locale's country (US, GB, DE, FR, ES, IT, BR, NL, JP, CN)."""

    display_name = "University"
    key = "university"
    unique_values = True
    aliases = ("college", "university_name", "school_name")
    category = EDUCATION
    description = "A university of the locale's country, e.g. University of Michigan, Universität Heidelberg."
    Params = LocaleParams

    def capacity(self) -> int | None:
        return len(universities(locale_of(self)))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pool = universities(locale_of(self))
        if is_unique(self):
            return pool.pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return pool.pick(ctx.rows, ctx.stream)


@cache
def _degrees() -> tuple[Choices, pa.Array]:
    """(degree names weighted by how often they are conferred, their abbreviations)."""
    rows = package_data("education.json")["degrees"]
    return choices([r[0] for r in rows], [r[2] for r in rows]), pa.array([r[1] for r in rows])


def _degree_index(ctx: ColumnContext) -> np.ndarray:
    return _degrees()[0].indices(ctx.rows, ctx.group("degree").child("degree"))


@register
class Degree(Generator[NoParams]):
    """Academic degrees weighted by how often they are conferred: Bachelor of Science, Master of Arts ..."""

    display_name = "Degree"
    key = "degree"
    aliases = ("academic_degree", "degree_name")
    category = EDUCATION
    description = "An academic degree such as Bachelor of Science, weighted by degrees conferred."

    def capacity(self) -> int | None:
        return len(_degrees()[0])

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _degrees()[0].values.take(pa.array(_degree_index(ctx)))


@register
class DegreeAbbreviation(Generator[NoParams]):
    """BA, BS, MBA, PhD ... agreeing with the row's Degree."""

    display_name = "Degree Abbreviation"
    key = "degree_abbreviation"
    aliases = ("degree_abbrev", "degree_short")
    category = EDUCATION
    description = "The abbreviation (BS, MA, PhD, ...) of the row's Degree."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _degrees()[1].take(pa.array(_degree_index(ctx)))


@cache
def _education_list(name: str) -> Choices:
    return choices(package_data("education.json")[name])


@register
class Major(Generator[NoParams]):
    """Fields of study weighted by how many degrees they award: Business Administration, Psychology ..."""

    display_name = "Major"
    key = "major"
    aliases = ("field_of_study", "academic_major", "course_of_study")
    category = EDUCATION
    description = "A field of study such as Computer Science, weighted by degrees awarded."

    def capacity(self) -> int | None:
        return len(_education_list("majors"))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _education_list("majors").pick(ctx.rows, ctx.stream)


class GPAParams(ParamsModel):
    """Parameters of GPA: a normal distribution clipped to [min, max] on the 4.0 scale."""

    model_config = ConfigDict(extra="ignore")
    mean: float = 3.1
    stddev: float = 0.5
    min: float = 0.0
    max: float = 4.0

    @model_validator(mode="after")
    def _check(self) -> GPAParams:
        if not 0 <= self.min <= self.max <= 5:
            raise ValueError("need 0 <= min <= max <= 5")
        if self.stddev < 0:
            raise ValueError("stddev must not be negative")
        return self


@register
class GPA(Generator[GPAParams]):
    """Grade point averages on the 4.0 scale with two decimals, normal around 3.1."""

    display_name = "GPA"
    key = "gpa"
    aliases = ("grade_point_average",)
    category = EDUCATION
    description = "A grade point average from 0.00 to 4.00 (two decimals), normal around 3.1."
    Params = GPAParams
    arrow = pa.float64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        p = self.params
        values = ctx.stream.normal(ctx.rows, p.mean, p.stddev)
        return np.round(np.clip(values, p.min, p.max), 2)


class GradeParams(ParamsModel):
    """Parameters of Grade Level: `level` school (Kindergarten to 12th Grade) or college (Freshman ...)."""

    model_config = ConfigDict(extra="ignore")
    level: Literal["school", "college"] = "school"


@cache
def _grades(level: str) -> Choices:
    return choices(package_data("education.json")["grade_levels"][level])


@register
class GradeLevel(Generator[GradeParams]):
    """US school grades (Pre-Kindergarten ... 12th Grade) or college class years (Freshman ... Graduate)."""

    display_name = "Grade Level"
    key = "grade_level"
    aliases = ("grade", "school_grade", "class_year")
    category = EDUCATION
    description = "Kindergarten ... 12th Grade, or with level: college, Freshman ... Senior, Graduate."
    Params = GradeParams

    def capacity(self) -> int | None:
        return len(_grades(self.params.level))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _grades(self.params.level).pick(ctx.rows, ctx.stream)
