"""Height, Weight and BMI of the row's patient, by sex and age (CDC growth charts, NHANES adult means).

The "body" group ties the three (weight = BMI x height²). Sex and age come from the row (helpers/patient.py:
Gender or sex_field, Birth Date or age_field); without an age the patient is an adult aged 20-59. The
reference table is data/health/body_size_reference.csv (sources in its header and docs/realism.md).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np
import pyarrow as pa

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.helpers.bundled import bundled_csv
from synthdb.generators.helpers.common import HEALTHCARE
from synthdb.generators.helpers.geodata import group_fields
from synthdb.generators.helpers.patient import (
    FEMALE,
    MALE,
    MAX_AGE,
    UNKNOWN_AGE,
    PatientParams,
    PatientSource,
    group_params,
)
from synthdb.generators.registry import register

HEIGHT_RANGE = (40.0, 215.0)  # cm: a newborn to the tallest few adults
BMI_RANGE = (11.0, 65.0)
_ADULT_AGE = 40  # the reference row used when the age is unknown (the 40-59 band)


@cache
def reference() -> dict[str, np.ndarray]:
    """Arrays indexed [sex (0 male, 1 female), age 0..MAX_AGE] of the four reference figures."""
    out = {k: np.zeros((2, MAX_AGE + 1)) for k in ("height_median", "height_sd", "bmi_median", "bmi_log_sd")}
    for row in bundled_csv("health/body_size_reference.csv"):
        sex = 0 if row["sex"] == "male" else 1
        ages = slice(int(row["age_from"]), int(row["age_to"]) + 1)
        for key, table in out.items():
            table[sex, ages] = float(row[key])
    return out


def body(ctx: ColumnContext, patient: PatientSource) -> tuple[np.ndarray, np.ndarray]:
    """(height in whole cm, weight in kg to 0.1) per row, shared by the "body" group."""
    stream = ctx.group("body").child("body")
    sexes, ages = patient.sexes(ctx), patient.ages(ctx)
    ages = np.where(ages == UNKNOWN_AGE, _ADULT_AGE, ages)
    ref = reference()
    # Rows of neither sex take the two sexes' references half and half (a mean of the figures).
    weight_female = np.where(sexes == FEMALE, 1.0, np.where(sexes == MALE, 0.0, 0.5))

    def figure(key: str) -> np.ndarray:
        return (1 - weight_female) * ref[key][0, ages] + weight_female * ref[key][1, ages]

    height = figure("height_median") + figure("height_sd") * stream.normal(ctx.rows)
    height = np.round(np.clip(height, *HEIGHT_RANGE))
    log_bmi = detmath.log(figure("bmi_median")) + figure("bmi_log_sd") * stream.normal(ctx.rows, draw=1)
    bmi = np.clip(detmath.exp(log_bmi), *BMI_RANGE)
    metres = height / 100
    return height, np.round(bmi * (metres * metres), 1)


class BodyParams(PatientParams):
    """The patient's sex and age (PatientParams)."""


class LengthParams(BodyParams):
    """Parameters of Height: `unit` cm or in."""

    unit: Literal["cm", "in"] = "cm"


class MassParams(BodyParams):
    """Parameters of Weight: `unit` kg or lb."""

    unit: Literal["kg", "lb"] = "kg"


class _Body(Generator[BodyParams]):
    category = HEALTHCARE
    arrow = pa.float64()
    Params = BodyParams
    _patient: PatientSource

    def setup(self) -> None:
        self._patient = PatientSource(self, group_params(self, group_fields(self, _Body), BodyParams))

    def dependencies(self) -> list[str]:
        return self._patient.dependencies()


@register
class Height(_Body):
    """Height by the patient's sex and age (cm; inches with unit: in)."""

    display_name = "Height"
    key = "height"
    aliases = ("body_height", "height_cm")
    description = ("Height in whole cm (or inches to 0.1 with unit: in) for the row's sex and age: CDC growth "
                   "charts for children, NHANES means for adults (men 175, women 161 cm); adults without an age.")
    Params = LengthParams
    params: LengthParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        height = body(ctx, self._patient)[0]
        return pa.array(np.round(height / 2.54, 1) if self.params.unit == "in" else height)


@register
class Weight(_Body):
    """Body weight consistent with the row's height and a BMI for its sex and age."""

    display_name = "Weight"
    key = "weight"
    aliases = ("body_weight", "weight_kg")
    description = ("Body weight to 0.1 kg (or lb with unit: lb) = BMI x height² of the row's Height and BMI, "
                   "the BMI log-normal around the median for the row's sex and age.")
    Params = MassParams
    params: MassParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        weight = body(ctx, self._patient)[1]
        return pa.array(np.round(weight * 2.2046226, 1) if self.params.unit == "lb" else weight)


@register
class Bmi(_Body):
    """Body mass index of the row's height and weight (kg/m², one decimal)."""

    display_name = "BMI"
    key = "bmi"
    aliases = ("body_mass_index",)
    description = "Body mass index = weight / height² of the row's Height and Weight (kg/m², one decimal)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        height, weight = body(ctx, self._patient)
        metres = height / 100
        return pa.array(np.round(weight / (metres * metres), 1))
