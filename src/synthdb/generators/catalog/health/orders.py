"""Orders: CPT/HCPCS procedure codes with descriptions, and LOINC lab tests with results in their units.

A documented subset (data/health/cpt_hcpcs.csv, loinc_tests.csv; sources and licences in their headers and
docs/realism.md), weighted by how often each is billed or ordered. The "procedure" group shares a code and
its description; the "lab" group shares a test, its name, unit, reference range, result and flag. Results
are log-normal with the test's mean and spread, clipped to its plausible range and rounded to its decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import bundled_csv
from synthdb.generators.helpers.common import HEALTHCARE
from synthdb.generators.helpers.geodata import group_fields
from synthdb.generators.helpers.reference import alias_table
from synthdb.generators.registry import register

# -- CPT / HCPCS ----------------------------------------------------------------------------------------


@cache
def procedures(code_set: str) -> tuple[pa.Array, pa.Array, tuple[np.ndarray, np.ndarray]]:
    """(codes, descriptions, alias table of weights) of the subset: "cpt", "hcpcs" or "both"."""
    rows = [r for r in bundled_csv("health/cpt_hcpcs.csv") if code_set == "both" or r["set"].lower() == code_set]
    return (pa.array([r["code"] for r in rows], pa.string()), pa.array([r["description"] for r in rows], pa.string()),
            alias_table([float(r["weight"]) for r in rows]))


class ProcedureParams(ParamsModel):
    """Parameters of the CPT/HCPCS columns: `code_set` cpt, hcpcs or both (default)."""

    model_config = ConfigDict(extra="ignore")
    code_set: Literal["both", "cpt", "hcpcs"] = "both"


class _Procedure(Generator[ProcedureParams]):
    category = HEALTHCARE
    Params = ProcedureParams
    column: ClassVar[int] = 0
    _code_set = "both"

    def setup(self) -> None:
        # The group's code and description must agree on the code set: a choice made on either holds for both.
        self._code_set = self.params.code_set
        if "code_set" not in self.field.params:
            for name in group_fields(self, _Procedure):
                fld = self.entity.field(name)
                if fld is not None and "code_set" in fld.params:
                    self._code_set = ProcedureParams.model_validate(fld.params).code_set

    def generate(self, ctx: ColumnContext) -> pa.Array:
        codes, descriptions, (threshold, alias) = procedures(self._code_set)
        scaled = ctx.group("procedure").child("code").uniform(ctx.rows) * len(threshold)
        slot = np.minimum(scaled.astype(np.int64), len(threshold) - 1)
        index = np.where(scaled - slot < threshold[slot], slot, alias[slot])
        return (codes, descriptions)[self.column].take(pa.array(index))


@register
class CptHcpcsCode(_Procedure):
    """A common CPT or HCPCS Level II procedure code ("99213", "G0439"), weighted by how often it is billed."""

    display_name = "CPT/HCPCS Code"
    key = "cpt_hcpcs_code"
    aliases = ("CPT Code", "cpt", "HCPCS Code", "hcpcs", "CPT", "procedure_code_cpt", "billing_code")
    description = ("A common CPT or HCPCS Level II code (code_set: cpt, hcpcs, both) weighted like Medicare Part B "
                   "claims: 99213 and 99214 office visits most often; agrees with the row's CPT/HCPCS Description.")


@register
class CptHcpcsDescription(_Procedure):
    """A plain-language description of the row's CPT/HCPCS code (not the AMA's copyrighted descriptor)."""

    display_name = "CPT/HCPCS Description"
    key = "cpt_hcpcs_description"
    aliases = ("CPT Description", "HCPCS Description", "procedure_name", "service_description")
    description = ("A short plain-language description of the row's CPT/HCPCS code, e.g. Office visit, "
                   "established patient, low complexity (our wording: CPT's descriptors are the AMA's).")
    column = 1


# -- LOINC lab tests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabTable:
    """The lab test subset as columns."""

    loinc: pa.Array
    name: pa.Array
    unit: pa.Array
    ref_low: np.ndarray
    ref_high: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    low: np.ndarray
    high: np.ndarray
    decimals: np.ndarray
    pick: tuple[np.ndarray, np.ndarray]


@cache
def lab_tests() -> LabTable:
    rows = bundled_csv("health/loinc_tests.csv")

    def numbers(key: str) -> np.ndarray:
        return np.array([float(r[key]) for r in rows])

    return LabTable(pa.array([r["loinc"] for r in rows]), pa.array([r["name"] for r in rows]),
                    pa.array([r["unit"] for r in rows]), numbers("ref_low"), numbers("ref_high"), numbers("mean"),
                    numbers("sd"), numbers("plausible_low"), numbers("plausible_high"),
                    numbers("decimals").astype(np.int64), alias_table(numbers("weight").tolist()))


def lab_rows(ctx: ColumnContext) -> np.ndarray:
    """The test index per row, shared by the "lab" group, weighted by how often tests are ordered."""
    threshold, alias = lab_tests().pick
    scaled = ctx.group("lab").child("test").uniform(ctx.rows) * len(threshold)
    slot = np.minimum(scaled.astype(np.int64), len(threshold) - 1)
    return np.where(scaled - slot < threshold[slot], slot, alias[slot])


def lab_values(ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray]:
    """(test index, result) per row: log-normal with the test's mean and sd, clipped, rounded."""
    table = lab_tests()
    test = lab_rows(ctx)
    mean, sd = table.mean[test], table.sd[test]
    sigma2 = detmath.log1p((sd / mean) ** 2)
    mu = detmath.log(mean) - sigma2 / 2
    value = detmath.exp(mu + np.sqrt(sigma2) * ctx.group("lab").child("value").normal(ctx.rows))
    value = np.clip(value, table.low[test], table.high[test])
    scale = 10.0 ** table.decimals[test]
    return test, np.round(value * scale) / scale


class _Lab(Generator[NoParams]):
    category = HEALTHCARE


@register
class LoincCode(_Lab):
    """The LOINC code of a common lab test ("2345-7"), weighted by how often it is ordered."""

    display_name = "LOINC Code"
    key = "loinc_code"
    aliases = ("loinc", "lab_test_code", "LOINC")
    description = ("The LOINC code of a common lab test (40 terms: metabolic panel, blood count, lipids, A1c, TSH, "
                   "...) e.g. 2345-7; agrees with the row's Lab Test Name, Lab Result and unit.")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return lab_tests().loinc.take(pa.array(lab_rows(ctx)))


@register
class LabTestName(_Lab):
    """The LOINC long common name of the row's lab test."""

    display_name = "Lab Test Name"
    key = "lab_test_name"
    aliases = ("lab_test", "loinc_name", "LOINC Test", "test_name", "laboratory_test")
    description = "The LOINC long common name of the row's test, e.g. Glucose [Mass/volume] in Serum or Plasma."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return lab_tests().name.take(pa.array(lab_rows(ctx)))


@register
class LabResultUnit(_Lab):
    """The UCUM unit of the row's lab result ("mg/dL")."""

    display_name = "Lab Result Unit"
    key = "lab_result_unit"
    aliases = ("lab_unit", "result_unit", "units_of_measure")
    description = "The UCUM unit of the row's test result, e.g. mg/dL, mmol/L, 10*3/uL."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return lab_tests().unit.take(pa.array(lab_rows(ctx)))


@register
class LabResult(_Lab):
    """A result of the row's lab test in its unit, mostly inside the reference range."""

    display_name = "Lab Result"
    key = "lab_result"
    aliases = ("lab_value", "test_result", "result_value", "LOINC Result", "lab_result_value")
    description = ("A result of the row's test in its unit (glucose around 105 mg/dL, sodium around 139 mmol/L), "
                   "log-normal, mostly inside the reference range, never outside the test's plausible range.")
    arrow = pa.float64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(lab_values(ctx)[1])


@register
class LabReferenceRange(_Lab):
    """The adult reference interval of the row's lab test as text ("70-99")."""

    display_name = "Lab Reference Range"
    key = "lab_reference_range"
    aliases = ("reference_range", "normal_range", "reference_interval")
    description = "The usual adult reference interval of the row's test, low-high in its unit, e.g. 70-99."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table, test = lab_tests(), lab_rows(ctx)
        texts = pa.array([f"{_number(lo)}-{_number(hi)}" for lo, hi in zip(table.ref_low, table.ref_high, strict=True)])
        return texts.take(pa.array(test))


def _number(value: float) -> str:
    return f"{value:g}"


@register
class LabAbnormalFlag(_Lab):
    """H, L or N: the row's lab result above, below or inside its reference range (HL7 v2 OBX-8 codes)."""

    display_name = "Lab Abnormal Flag"
    key = "lab_abnormal_flag"
    aliases = ("abnormal_flag", "result_flag", "interpretation_code")
    description = "H, L or N (HL7 interpretation codes): the row's Lab Result above, below or inside the range."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = lab_tests()
        test, value = lab_values(ctx)
        flag = np.where(value > table.ref_high[test], "H", np.where(value < table.ref_low[test], "L", "N"))
        return pc.cast(pa.array(flag), pa.string())
