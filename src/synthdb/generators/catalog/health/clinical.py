"""Clinical data: blood types, allergies, insurers, and vital signs.

Drugs are in drugs.py. Vital signs
are normal distributions clipped to physiological ranges; the "blood_pressure" group ties systolic and
diastolic pressure. Height, Weight and BMI are in body.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import data_path
from synthdb.generators.helpers.common import HEALTHCARE
from synthdb.generators.helpers.patient import UNKNOWN_AGE, PatientParams, PatientSource
from synthdb.generators.helpers.reference import choices
from synthdb.generators.registry import register
from synthdb.randomness import Stream

# ABO/Rh shares of the US population (American Red Cross).
_BLOOD = {"O+": 37.4, "A+": 35.7, "B+": 8.5, "AB+": 3.4, "O-": 6.6, "A-": 6.3, "B-": 1.5, "AB-": 0.6}


@register
class BloodType(Generator[NoParams]):
    """An ABO/Rh blood type weighted by its share of the population ("O+")."""

    display_name = "Blood Type"
    key = "blood_type"
    aliases = ("blood_group",)
    category = HEALTHCARE
    description = "An ABO/Rh blood type with real frequencies: O+ 37%, A+ 36%, ... AB- 0.6%."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(_BLOOD).pick(ctx.rows, ctx.stream)


@cache
def _allergies() -> list[str]:
    with data_path("health", "allergies.txt").open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


@register
class Allergy(Generator[NoParams]):
    """A common allergy: drugs (penicillin, sulfa), foods (peanuts, shellfish) or environmental (pollen)."""

    display_name = "Allergy"
    key = "allergy"
    aliases = ("allergen", "allergies")
    category = HEALTHCARE
    description = "A common allergen: Penicillin, Peanuts, Shellfish, Latex, Pollen, Bee stings, ..."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(_allergies()).pick(ctx.rows, ctx.stream)


_INSURERS = {"UnitedHealthcare": 15, "Elevance Health": 9, "Aetna": 8, "Cigna": 6, "Humana": 6,
             "Kaiser Permanente": 7, "Centene": 8, "Molina Healthcare": 4, "Blue Cross Blue Shield": 18,
             "Medicare": 12, "Medicaid": 7}
# By age (when the row has one): Medicare covers people from 65 (its under-65 beneficiaries, entitled by
# disability or end-stage renal disease, are not modelled); about 4 in 10 children are covered by Medicaid
# or CHIP, and about 1 in 6 adults under 65 (KFF, Health Insurance Coverage of the Total Population, 2022).
_UNDER_65 = {"UnitedHealthcare": 17, "Elevance Health": 10, "Aetna": 9, "Cigna": 7, "Humana": 2,
             "Kaiser Permanente": 8, "Centene": 9, "Molina Healthcare": 5, "Blue Cross Blue Shield": 21,
             "Medicaid": 17}
_CHILDREN = {**_UNDER_65, "Medicaid": 60, "Molina Healthcare": 8, "Centene": 12}
_SENIORS = {"Medicare": 62, "UnitedHealthcare": 10, "Humana": 9, "Aetna": 4, "Elevance Health": 3,
            "Kaiser Permanente": 3, "Blue Cross Blue Shield": 5, "Centene": 1, "Cigna": 1, "Medicaid": 2}
_PLANS = {"PPO": 40, "HMO": 30, "EPO": 8, "POS": 7, "HDHP": 15}


@register
class HealthInsuranceProvider(Generator[PatientParams]):
    """A US health insurer or public program, weighted roughly by members, fitting the patient's age."""

    display_name = "Health Insurance Provider"
    key = "health_insurance_provider"
    aliases = ("insurance_provider", "insurer", "payer")
    category = HEALTHCARE
    description = ("A US health insurer or program (UnitedHealthcare, Aetna, Medicare, ...), weighted by members; "
                   "with the row's age (Birth Date or age_field) Medicare only from 65 and Medicaid common for "
                   "children.")
    Params = PatientParams
    _patient: PatientSource

    def setup(self) -> None:
        self._patient = PatientSource(self, self.params)

    def dependencies(self) -> list[str]:
        return self._patient.dependencies() if self._patient.knows_age else []

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if not self._patient.knows_age:
            return choices(_INSURERS).pick(ctx.rows, ctx.stream)
        ages = self._patient.ages(ctx)
        bands = np.select([ages == UNKNOWN_AGE, ages < 19, ages < 65], [0, 1, 2], 3)
        out = pa.nulls(len(ctx.rows), pa.string())
        for band, weights in enumerate((_INSURERS, _CHILDREN, _UNDER_65, _SENIORS)):
            mask = pa.array(bands == band)
            out = pc.if_else(mask, choices(weights).pick(ctx.rows, ctx.stream), out)
        return out


@register
class HealthPlanType(Generator[NoParams]):
    """A health plan type: PPO, HMO, EPO, POS or HDHP."""

    display_name = "Health Plan Type"
    key = "health_plan_type"
    aliases = ("insurance_plan_type", "plan_type")
    category = HEALTHCARE
    description = "A health plan type: PPO, HMO, EPO, POS or HDHP."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(_PLANS).pick(ctx.rows, ctx.stream)



# -- vital signs --------------------------------------------------------------------------------------


def clipped_normal(stream: Stream, rows: np.ndarray, mean: float, stddev: float, low: float, high: float,
                   draw: int = 0) -> np.ndarray:
    """Normal draws clipped to [low, high] (a physiological range)."""
    return np.clip(stream.normal(rows, mean, stddev, draw=draw), low, high)


class _Vital(Generator[Any]):  # subclasses differ in parameters
    category = HEALTHCARE
    arrow = pa.int64()


@register
class HeartRate(_Vital):
    """Resting heart rate in beats per minute (mean 76, 45-160)."""

    display_name = "Heart Rate"
    key = "heart_rate"
    aliases = ("pulse", "pulse_rate", "bpm")
    description = "Resting heart rate in beats per minute: normal around 76 (sd 12), clipped to 45-160."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(np.round(clipped_normal(ctx.stream, ctx.rows, 76, 12, 45, 160)).astype(np.int64))


@register
class RespiratoryRate(_Vital):
    """Breaths per minute (mean 16, 10-30)."""

    display_name = "Respiratory Rate"
    key = "respiratory_rate"
    aliases = ("breathing_rate", "resp_rate")
    description = "Breaths per minute: normal around 16 (sd 2.5), clipped to 10-30."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(np.round(clipped_normal(ctx.stream, ctx.rows, 16, 2.5, 10, 30)).astype(np.int64))


@register
class OxygenSaturation(_Vital):
    """Peripheral oxygen saturation (SpO2) in percent, mostly 95-100."""

    display_name = "Oxygen Saturation"
    key = "oxygen_saturation"
    aliases = ("spo2", "o2_saturation")
    description = "SpO2 in percent: mostly 95-100, rarely down to 88."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        drop = np.abs(ctx.stream.normal(ctx.rows, 0, 1.8))
        return pa.array(np.clip(np.round(99 - drop), 88, 100).astype(np.int64))


class TemperatureParams(ParamsModel):
    """Parameters of Body Temperature: `unit` C or F."""

    model_config = ConfigDict(extra="ignore")
    unit: Literal["C", "F"] = "C"

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> Any:
        text = str(value or "C").strip().upper().lstrip("°")
        return {"CELSIUS": "C", "FAHRENHEIT": "F"}.get(text, text)


@register
class BodyTemperature(_Vital):
    """Body temperature (36.8 °C on average, 35.5-40.5 °C; Fahrenheit with unit: F)."""

    display_name = "Body Temperature"
    key = "body_temperature"
    aliases = ("temperature", "temp")
    description = "Body temperature with one decimal: around 36.8 °C (35.5-40.5), or °F with unit: F."
    Params = TemperatureParams
    params: TemperatureParams
    arrow = pa.float64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        celsius = clipped_normal(ctx.stream, ctx.rows, 36.8, 0.35, 35.5, 40.5)
        value = celsius * 9 / 5 + 32 if self.params.unit == "F" else celsius
        return pa.array(np.round(value, 1))


def _blood_pressure(ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray]:
    """(systolic, diastolic) mmHg per row, shared by the "blood_pressure" group; diastolic follows systolic."""
    stream = ctx.group("blood_pressure").child("bp")
    systolic = np.round(clipped_normal(stream, ctx.rows, 122, 15, 85, 200))
    diastolic = 78 + 0.45 * (systolic - 122) + stream.normal(ctx.rows, 0, 7, draw=1)
    diastolic = np.round(np.clip(diastolic, 45, np.minimum(130, systolic - 20)))
    return systolic.astype(np.int64), diastolic.astype(np.int64)


@register
class BloodPressureSystolic(_Vital):
    """Systolic blood pressure in mmHg (mean 122, 85-200)."""

    display_name = "Blood Pressure Systolic"
    key = "blood_pressure_systolic"
    aliases = ("systolic", "systolic_bp")
    description = "Systolic pressure in mmHg: around 122 (sd 15), 85-200; agrees with the row's diastolic."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(_blood_pressure(ctx)[0])


@register
class BloodPressureDiastolic(_Vital):
    """Diastolic blood pressure in mmHg, correlated with the row's systolic pressure."""

    display_name = "Blood Pressure Diastolic"
    key = "blood_pressure_diastolic"
    aliases = ("diastolic", "diastolic_bp")
    description = "Diastolic pressure in mmHg: around 78, correlated with and at least 20 below the systolic."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(_blood_pressure(ctx)[1])


@register
class BloodPressure(_Vital):
    """Blood pressure as text, systolic over diastolic ("122/78")."""

    display_name = "Blood Pressure"
    key = "blood_pressure"
    aliases = ("bp",)
    description = "Blood pressure as systolic/diastolic text, e.g. 122/78, agreeing with the row's two columns."
    arrow = pa.string()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        systolic, diastolic = _blood_pressure(ctx)
        return pc.binary_join_element_wise(pa.array(systolic).cast(pa.string()),
                                           pa.array(diastolic).cast(pa.string()), "/")
