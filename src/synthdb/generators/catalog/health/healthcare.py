"""Healthcare codes and identifiers: ICD-10-CM, NPI, DEA number, MBI and NHS number (NDC: drugs.py).

ICD-10-CM codes are the billable (leaf) codes of simple-icd-10-cm, with their descriptions when grouped
("diagnosis" group), drawn by office-visit prevalence within the patient's sex and age (helpers/diagnoses.py).
Identifiers carry valid check digits by construction (NPI: Luhn over "80840" + the
number; NHS number: modulus 11; DEA: the registrant check digit) and are distinct when `unique`.
ICD-10-PCS and ICD-9-CM come from CMS's code files (code_sets.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.checksums import digits_of, luhn_digit
from synthdb.generators.helpers.common import HEALTHCARE, is_unique
from synthdb.generators.helpers.diagnoses import billable_codes, diagnosis_model
from synthdb.generators.helpers.geodata import group_fields
from synthdb.generators.helpers.patient import UNKNOWN_AGE, PatientParams, PatientSource, group_params
from synthdb.generators.helpers.regex_sampler import compact
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key


def _draw(ctx: ColumnContext, stream: Stream, space: int, unique: bool) -> np.ndarray:
    """An index in [0, space) per row: a keyed bijection when unique, else uniform."""
    if unique:
        return permute(ctx.rows, space, derive_key(stream.key, "unique"))
    return stream.integers(ctx.rows, 0, space - 1)


def _text(codes: np.ndarray) -> pa.Array:
    """Strings from a (rows, width) byte matrix; zero bytes are skipped."""
    return compact(codes.astype(np.uint8), codes != 0)


@cache
def icd10cm() -> tuple[pa.Array, pa.Array, pa.Array]:
    """(codes with dots, codes without, descriptions) of the billable ICD-10-CM codes."""
    codes, descriptions = billable_codes()
    return codes, pc.replace_substring(codes, ".", ""), descriptions


class DiagnosisParams(PatientParams):
    """Parameters of the diagnosis columns: the row's sex and age (PatientParams) and `external_causes`."""

    # V00-Y99 say how an injury happened; they accompany an injury code and are never a primary diagnosis.
    external_causes: bool = False


class IcdParams(DiagnosisParams):
    """Parameters of ICD-10-CM Diagnosis Code: `dots` writes E11.9 rather than E119."""

    dots: bool = True


class _Diagnosis(Generator[Any]):  # subclasses differ in parameters
    category = HEALTHCARE
    unique_values = True
    Params = DiagnosisParams
    _unique_group = False
    _patient: PatientSource
    _external = False

    def setup(self) -> None:
        group = group_fields(self, _Diagnosis)
        names = {self.field.name, *group}
        self._unique_group = any(f.unique or f.primary_key for f in self.entity.fields if f.name in names)
        params = group_params(self, group, DiagnosisParams)
        assert isinstance(params, DiagnosisParams)
        self._patient = PatientSource(self, params)
        self._external = params.external_causes

    def dependencies(self) -> list[str]:
        return [] if self._unique_group else self._patient.dependencies()

    def capacity(self) -> int | None:
        return len(icd10cm()[0])

    def index(self, ctx: ColumnContext) -> pa.Array:
        stream = ctx.group("diagnosis").child("icd10cm")
        if self._unique_group:  # distinct codes: uniqueness wins over prevalence and the patient's edits
            return pa.array(_draw(ctx, stream, len(icd10cm()[0]), True))
        model = diagnosis_model(self._external)
        sexes, ages = self._patient.sexes(ctx), self._patient.ages(ctx)
        return pa.array(model.draw(sexes, ages, stream.uniform(ctx.rows), stream.uniform(ctx.rows, draw=1)))


@register
class Icd10CmCode(_Diagnosis):
    """A billable ICD-10-CM diagnosis code ("E11.9"), as common as it is in office visits, fitting the patient."""

    display_name = "ICD-10-CM Diagnosis Code"
    key = "icd10_cm_diagnosis_code"
    aliases = ("ICD10 Diagnosis Code", "icd10_code", "icd_10_cm", "diagnosis_code", "icd10_cm_code")
    description = ("A billable ICD-10-CM diagnosis code drawn by office-visit prevalence (I10, E11.9, J06.9 and "
                   "Z00.00 common), fitting the row's sex and age (Gender / Birth Date columns, or sex_field, "
                   "age_field); no external causes unless external_causes: true; dots: false gives E119.")
    Params = IcdParams
    params: IcdParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        with_dots, without, _ = icd10cm()
        return (with_dots if self.params.dots else without).take(self.index(ctx))


@register
class DiagnosisDescription(_Diagnosis):
    """The description of the row's ICD-10-CM code."""

    display_name = "Diagnosis Description"
    key = "diagnosis_description"
    aliases = ("ICD10 Diagnosis Description", "icd10_description", "diagnosis", "ICD10 Dx Desc (Long)",
               "ICD10 Dx Desc (Short)")
    description = ("The official description of the row's ICD-10-CM code, e.g. Type 2 diabetes mellitus "
                   "without complications.")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return icd10cm()[2].take(self.index(ctx))


@register
class Npi(Generator[NoParams]):
    """A 10-digit National Provider Identifier with a valid Luhn check digit (over the 80840 prefix)."""

    display_name = "NPI"
    key = "npi"
    unique_values = True
    aliases = ("national_provider_identifier", "npi_number")
    category = HEALTHCARE
    description = "A National Provider Identifier: 10 digits starting 1 or 2, Luhn check digit over 80840 + NPI."

    def capacity(self) -> int | None:
        return 2 * 10**8

    def generate(self, ctx: ColumnContext) -> pa.Array:
        base = _draw(ctx, ctx.stream, 2 * 10**8, is_unique(self)) + 10**8  # 100000000-299999999
        payload = np.concatenate([np.tile([8, 0, 8, 4, 0], (len(base), 1)), digits_of(base, 9)], axis=1)
        number = base * 10 + luhn_digit(payload)
        return pa.array(number).cast(pa.string())


class NhsParams(ParamsModel):
    """Parameters of NHS Number: `format` spaced ("943 476 5919") or digits."""

    model_config = ConfigDict(extra="ignore")
    format: Literal["spaced", "digits"] = "spaced"


@register
class NhsNumber(Generator[NhsParams]):
    """A 10-digit NHS number with a valid modulus-11 check digit (England's 4xx / 6xx / 7xx ranges)."""

    display_name = "NHS Number"
    key = "nhs_number"
    unique_values = True
    aliases = ("nhs_no", "nhs_id")
    category = HEALTHCARE
    description = "A 10-digit NHS number with a valid modulus-11 check digit, written 943 476 5919 (or digits)."
    Params = NhsParams

    _PREFIXES = 3 * 10**7  # first digit 4, 6 or 7, then 7 digits
    _WEIGHTS = np.array([10, 9, 8, 7, 6, 5, 4, 3, 2])

    def capacity(self) -> int | None:
        return self._PREFIXES * 9

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pick = _draw(ctx, ctx.stream, self._PREFIXES * 9, is_unique(self))
        prefix, k = pick // 9, pick % 9
        first = np.array([4, 6, 7])[prefix // 10**7]
        head = np.concatenate([first[:, None], digits_of(prefix % 10**7, 7)], axis=1)
        partial = (head * self._WEIGHTS[:8]).sum(axis=1)
        # The 9th digit (weight 2) that would make the check 10 (invalid): skip it among 0-9.
        bad = (6 * (1 - partial)) % 11
        ninth = k + (k >= bad)
        total = partial + 2 * ninth
        check = (11 - total % 11) % 11
        number = (first * 10**7 + prefix % 10**7) * 100 + ninth * 10 + check
        text = pa.array(number).cast(pa.string())
        if self.params.format == "digits":
            return text
        parts = [pc.utf8_slice_codeunits(text, a, b) for a, b in ((0, 3), (3, 6), (6, 10))]
        return pc.binary_join_element_wise(*parts, " ")


# Medicare Beneficiary Identifier: C A AN N A AN N A A N N, letters without S L O I B Z.
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
_MBI_ALNUM = "0123456789" + _MBI_LETTERS
_MBI_SLOTS = ("C", "A", "AN", "N", "A", "AN", "N", "A", "A", "N", "N")


class MbiParams(PatientParams):
    """Parameters of Medicare Beneficiary Identifier: `dashes` writes 1EG4-TE5-MK73; the row's age
    (PatientParams: age_field, birth_date_field, else the entity's Birth Date) decides who has one."""

    dashes: bool = False


# Medicare's age of entitlement. Its under-65 beneficiaries (entitled by disability or end-stage renal
# disease, about 12% of them) are not modelled, as in Health Insurance Provider, which gives Medicare
# from 65 only: an under-65 row has no MBI (null), so the two columns agree.
_MEDICARE_AGE = 65


@register
class MedicareBeneficiaryIdentifier(Generator[MbiParams]):
    """An 11-character Medicare Beneficiary Identifier following CMS's position rules ("1EG4TE5MK73")."""

    display_name = "Medicare Beneficiary Identifier"
    key = "medicare_beneficiary_identifier"
    unique_values = True
    aliases = ("mbi", "medicare_id", "medicare_number", "Medicare Beneficiary ID")
    category = HEALTHCARE
    description = ("An 11-character MBI per CMS rules (no S, L, O, I, B, Z), e.g. 1EG4TE5MK73; dashes: 1EG4-TE5-MK73. "
                   "With the row's age (Birth Date or age_field), null under 65, as Medicare starts at 65.")
    Params = MbiParams
    params: MbiParams
    _patient: PatientSource

    def setup(self) -> None:
        self._patient = PatientSource(self, self.params)

    def dependencies(self) -> list[str]:
        return [c for c in (self._patient.age_column, self._patient.birth_column) if c]

    @staticmethod
    def _alphabets() -> list[str]:
        return [{"C": "123456789", "N": "0123456789", "A": _MBI_LETTERS, "AN": _MBI_ALNUM}[s] for s in _MBI_SLOTS]

    def capacity(self) -> int | None:
        return int(np.prod([len(a) for a in self._alphabets()], dtype=np.int64))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        alphabets = self._alphabets()
        pick = _draw(ctx, ctx.stream, self.capacity() or 1, is_unique(self))  # about 1.3e13 identifiers
        columns = []
        for alphabet in reversed(alphabets):
            table = np.frombuffer(alphabet.encode(), dtype=np.uint8)
            columns.append(table[pick % len(alphabet)])
            pick = pick // len(alphabet)
        chars = np.stack(columns[::-1], axis=1).astype(np.int64)
        if self.params.dashes:
            dash = np.full((len(chars), 1), ord("-"))
            chars = np.concatenate([chars[:, :4], dash, chars[:, 4:7], dash, chars[:, 7:]], axis=1)
        text = _text(chars)
        if not self._patient.knows_age:
            return text
        ages = self._patient.ages(ctx)
        under = (ages != UNKNOWN_AGE) & (ages < _MEDICARE_AGE)
        return pc.if_else(pa.array(under), pa.scalar(None, text.type), text)


@register
class DeaNumber(Generator[NoParams]):
    """A DEA registration number: two letters and seven digits with a valid check digit ("AB1234563")."""

    display_name = "DEA Number"
    key = "dea_number"
    unique_values = True
    aliases = ("dea_registration_number",)
    category = HEALTHCARE
    description = "A DEA registration number (registrant type, initial, 6 digits, check digit), e.g. BJ6125341."

    _TYPES = "ABFGM"  # practitioners, hospitals/clinics, distributors, researchers, mid-levels

    def capacity(self) -> int | None:
        return len(self._TYPES) * 26 * 10**6

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pick = _draw(ctx, ctx.stream, len(self._TYPES) * 26 * 10**6, is_unique(self))
        serial, rest = pick % 10**6, pick // 10**6
        digits = digits_of(serial, 6)
        check = (digits[:, 0] + digits[:, 2] + digits[:, 4] + 2 * (digits[:, 1] + digits[:, 3] + digits[:, 5])) % 10
        first = np.frombuffer(self._TYPES.encode(), dtype=np.uint8)[rest // 26]
        chars = np.concatenate([first[:, None], (ord("A") + rest % 26)[:, None], digits + ord("0"),
                                (check + ord("0"))[:, None]], axis=1)
        return _text(chars)
