"""Encounters: Medical Specialty, Hospital Name, Medical Record Number, Insurance Member ID, Visit Reason.

Weighted lists come from data/health/ (medical_specialties.csv: AAMC physician counts; visit_reasons.csv:
NAMCS reasons for visit, fitting the row's sex and age like diagnoses do; hospital_names.json: naming
patterns). MRN and member ids are distinct by construction (a keyed permutation) when `unique`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, Field

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import bundled_csv, bundled_json
from synthdb.generators.helpers.checksums import digits_of
from synthdb.generators.helpers.common import HEALTHCARE, is_unique
from synthdb.generators.helpers.patient import FEMALE, MALE, OTHER, UNKNOWN_AGE, PatientParams, PatientSource
from synthdb.generators.helpers.reference import Choices, choices, last_names
from synthdb.generators.helpers.regex_sampler import compact
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


@cache
def _specialties() -> Choices:
    rows = bundled_csv("health/medical_specialties.csv")
    return choices({r["specialty"]: float(r["physicians"]) for r in rows})


@register
class MedicalSpecialty(Generator[NoParams]):
    """A physician's specialty, weighted by the number of US physicians in it ("Internal Medicine")."""

    display_name = "Medical Specialty"
    key = "medical_specialty"
    aliases = ("specialty", "physician_specialty", "provider_specialty", "Doctor Specialty", "clinical_specialty")
    category = HEALTHCARE
    description = ("A physician specialty weighted by active US physicians (AAMC): Internal Medicine and Family "
                   "Medicine most common, then Pediatrics, Emergency Medicine, ...")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _specialties().pick(ctx.rows, ctx.stream)


@cache
def _state_names() -> Choices:
    rows = bundled_csv("geography/us_state_population.csv")
    return choices({r["state"]: float(r["population"]) for r in rows})


@register
class HospitalName(Generator[NoParams]):
    """A fictitious US hospital name in a common naming pattern ("St. Mary's Medical Center")."""

    display_name = "Hospital Name"
    key = "hospital_name"
    aliases = ("hospital", "medical_center", "facility_name")
    category = HEALTHCARE
    description = ("A US-style hospital name such as St. Luke's Regional Medical Center, Riverside Community "
                   "Hospital or University of Ohio Medical Center (fictitious; patterns of real names).")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = bundled_json("health/hospital_names.json")
        stream = ctx.stream
        kinds = choices(data["kinds"]).pick(ctx.rows, stream.child("kind"))
        firsts = {
            "saint": choices(data["saints"]).pick(ctx.rows, stream.child("saint")),
            "founder": choices(data["founders"]).pick(ctx.rows, stream.child("founder")),
            "place": choices(data["places"]).pick(ctx.rows, stream.child("place")),
            "surname": last_names("en_US").pick(ctx.rows, stream.child("surname")),
        }
        state = _state_names().pick(ctx.rows, stream.child("state"))
        pattern = choices(data["patterns"]).pick(ctx.rows, stream.child("pattern"))
        out = pa.nulls(len(ctx.rows), pa.string())
        for name, first in firsts.items():
            kind = kinds if name != "surname" else pc.if_else(
                pc.equal(kinds, "Hospital"), pa.scalar("Memorial Hospital"), kinds)
            out = pc.if_else(pc.equal(pattern, name), pc.binary_join_element_wise(first, kind, " "), out)
        out = pc.if_else(pc.equal(pattern, "state"),
                         pc.binary_join_element_wise(state, pa.scalar("General Hospital"), " "), out)
        out = pc.if_else(pc.equal(pattern, "children"),
                         pc.binary_join_element_wise(firsts["place"], pa.scalar("Children's Hospital"), " "), out)
        university = pc.binary_join_element_wise(pa.scalar("University of"), state, pa.scalar("Medical Center"), " ")
        return pc.if_else(pc.equal(pattern, "university"), university, out)


class IdentifierParams(ParamsModel):
    """Parameters of MRN: `length` digits (6-12, default 8) after an optional `prefix`."""

    model_config = ConfigDict(extra="ignore")
    length: int = Field(8, ge=6, le=12)
    prefix: str = ""


def _digits(ctx: ColumnContext, generator: Generator[Any], length: int) -> pa.Array:
    """`length` digits per row (leading zeros kept), distinct when the field is unique."""
    space = 10**length
    if is_unique(generator):
        number = permute(ctx.rows, space, derive_key(ctx.stream.key, "unique"))
    else:
        number = ctx.stream.integers(ctx.rows, 0, space - 1)
    return compact((digits_of(number, length) + ord("0")).astype(np.uint8), np.ones((len(number), length), bool))


@register
class MedicalRecordNumber(Generator[IdentifierParams]):
    """A hospital's medical record number: `length` digits (default 8), optionally after a `prefix`."""

    display_name = "Medical Record Number"
    key = "medical_record_number"
    unique_values = True
    aliases = ("MRN", "mrn_number", "patient_id_number", "chart_number", "Patient MRN")
    category = HEALTHCARE
    description = ("A medical record number of `length` digits (8; 6-12), e.g. 04829133, after an optional "
                   "`prefix` (MRN-); distinct on unique fields. Each hospital numbers its own patients, so the "
                   "format is a local convention, not a standard.")
    Params = IdentifierParams

    def capacity(self) -> int | None:
        return 10**self.params.length

    def generate(self, ctx: ColumnContext) -> pa.Array:
        digits = _digits(ctx, self, self.params.length)
        return pc.binary_join_element_wise(pa.scalar(self.params.prefix), digits, "") if self.params.prefix else digits


_LETTERS = np.frombuffer(b"ABCDEFGHJKLMNPQRSTUVWXYZ", dtype=np.uint8)  # no I, O: read as 1, 0


class MemberIdParams(ParamsModel):
    """Parameters of Insurance Member ID: `letters` (3) alphabetic prefix, then `length` (9) digits."""

    model_config = ConfigDict(extra="ignore")
    letters: int = Field(3, ge=0, le=4)
    length: int = Field(9, ge=6, le=12)


@register
class InsuranceMemberId(Generator[MemberIdParams]):
    """A health plan member id such as XYZ123456789: a plan prefix of letters and a member number."""

    display_name = "Insurance Member ID"
    key = "insurance_member_id"
    unique_values = True
    aliases = ("member_id", "subscriber_id", "health_plan_member_id", "insurance_id", "policy_member_id")
    category = HEALTHCARE
    description = ("A health plan member id: `letters` (3) of the plan's prefix (no I or O) and `length` (9) "
                   "digits, e.g. XKP482913375 (the layout on most US insurance cards; distinct on unique fields).")
    Params = MemberIdParams

    def capacity(self) -> int | None:
        return len(_LETTERS) ** self.params.letters * 10**self.params.length

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p = self.params
        space = self.capacity() or 1
        if is_unique(self):
            pick = permute(ctx.rows, space, derive_key(ctx.stream.key, "unique"))
        else:
            pick = ctx.stream.integers(ctx.rows, 0, space - 1)
        number, prefix = pick % 10**p.length, pick // 10**p.length
        letters = []
        for _ in range(p.letters):
            letters.append(_LETTERS[prefix % len(_LETTERS)])
            prefix = prefix // len(_LETTERS)
        chars = np.concatenate([np.stack(letters[::-1], axis=1) if letters else np.zeros((len(pick), 0), np.uint8),
                                (digits_of(number, p.length) + ord("0")).astype(np.uint8)], axis=1)
        return compact(chars.astype(np.uint8), np.ones(chars.shape, bool))


class VisitReasonParams(PatientParams):
    """The patient's sex and age (PatientParams)."""


@cache
def _reasons(sex: int, age: int) -> Choices:
    """The reasons that fit a patient of `sex` and `age` (unknown age: any adult reason)."""
    picked = {}
    for row in bundled_csv("health/visit_reasons.csv"):
        low, high = int(row["min_age"] or 0), int(row["max_age"] or 999)
        fits_age = (low <= 64 and high >= 18) if age == UNKNOWN_AGE else low <= age <= high
        fits_sex = not row["sex"] or (row["sex"] == "F" and sex == FEMALE) or (row["sex"] == "M" and sex == MALE)
        if fits_age and fits_sex:
            picked[row["reason"]] = float(row["percent"])
    return choices(picked)


@register
class VisitReason(Generator[VisitReasonParams]):
    """The patient's principal reason for an office visit ("Cough", "Progress visit"), weighted like NAMCS."""

    display_name = "Visit Reason"
    key = "visit_reason"
    aliases = ("reason_for_visit", "chief_complaint", "encounter_reason", "Reason For Visit", "presenting_complaint")
    category = HEALTHCARE
    description = ("A principal reason for an office visit weighted like NAMCS (Progress visit, General medical "
                   "examination, Cough, ...), fitting the row's sex and age (prenatal visits for women 15-45).")
    Params = VisitReasonParams
    _patient: PatientSource

    def setup(self) -> None:
        self._patient = PatientSource(self, self.params)

    def dependencies(self) -> list[str]:
        return self._patient.dependencies()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        sexes, ages = self._patient.sexes(ctx), self._patient.ages(ctx)
        out = np.empty(len(ctx.rows), dtype=object)
        profiles = sexes.astype(np.int64) * 1000 + ages + 1
        for profile in np.unique(profiles):
            mask = profiles == profile
            sex, age = int(profile // 1000), int(profile % 1000) - 1
            picks = _reasons(sex if sex in (MALE, FEMALE) else OTHER, age).pick(ctx.rows[mask], ctx.stream)
            out[mask] = picks.to_numpy(zero_copy_only=False)
        return pa.array(out, pa.string())
