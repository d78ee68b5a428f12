"""The drug of a row's prescription: chosen for the row's diagnosis, with one strength and package.

Drug columns (brand, generic, class, strength, form, route, sig, NDC) share the "drug" group's draws, so
they describe one product. When the entity has an ICD-10-CM Diagnosis Code column (or `diagnosis_field`
names one), the drug is one of those commonly prescribed for it (data/health/diagnosis_drugs.csv, the
longest matching code prefix); rows whose diagnosis has no entry, and tables without a diagnosis, draw from
every drug. A drug's NDCs are a pure function of its name and strength: a few per drug, never one per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.helpers.bundled import bundled_csv
from synthdb.generators.helpers.common import as_strings, require_field
from synthdb.generators.helpers.patient import FEMALE, MALE, OTHER, UNKNOWN_AGE, PatientParams, PatientSource
from synthdb.randomness import Stream, derive_key

DIAGNOSIS_KEY = "icd10_cm_diagnosis_code"
PACKAGES = 2  # package sizes (NDC package codes) per drug strength, e.g. a bottle of 30 and of 90
NDC_LAYOUTS = ((4, 4, 2), (5, 3, 2), (5, 4, 1))


@dataclass(frozen=True)
class Drug:
    """One generic drug with its label facts."""

    brand: str
    generic: str
    drug_class: str
    form: str
    route: str
    strengths: tuple[str, ...]
    sig: str
    prescriptions: float  # millions a year: the weight of the drug when no diagnosis chooses it
    sex: str  # "M" or "F" for drugs of one sex only, else ""
    min_age: int  # the youngest age the drug is given at


@cache
def drug_list() -> tuple[Drug, ...]:
    """drugs.csv joined with drug_products.csv, in drugs.csv order (a drug without a product line is an error)."""
    products = {r["generic"]: r for r in bundled_csv("health/drug_products.csv")}
    out = []
    for row in bundled_csv("health/drugs.csv"):
        product = products.get(row["generic"])
        if product is None or None in product.values():
            raise ValueError(f"data/health/drug_products.csv: no complete line for {row['generic']!r}")
        out.append(Drug(row["brand"], row["generic"], row["drug_class"], product["form"], product["route"],
                        tuple(s.strip() for s in product["strengths"].split(";")), product["sig"],
                        float(product["prescriptions"]), product["sex"], int(product["min_age"])))
    return tuple(out)


@cache
def drug_column(attribute: str) -> pa.Array:
    """One attribute of every drug, in drug order."""
    return pa.array([getattr(d, attribute) for d in drug_list()], pa.string())


@cache
def therapies() -> dict[str, np.ndarray]:
    """Undotted ICD-10-CM prefix -> drug indices (every generic named must be in drugs.csv)."""
    position = {d.generic: i for i, d in enumerate(drug_list())}
    out: dict[str, np.ndarray] = {}
    for row in bundled_csv("health/diagnosis_drugs.csv"):
        names = [g.strip() for g in row["generics"].split(";")]
        unknown = [g for g in names if g not in position]
        if unknown:
            raise ValueError(f"data/health/diagnosis_drugs.csv, {row['prefix']}: unknown generics {unknown}")
        out[row["prefix"]] = np.array([position[g] for g in names], dtype=np.int64)
    return out


def therapy_of(code: str | None) -> str | None:
    """The longest prefix of `code` (dotted or not) that has drugs, if any."""
    if not code:
        return None
    bare = code.replace(".", "").upper()
    table = therapies()
    for length in range(len(bare), 2, -1):
        if bare[:length] in table:
            return bare[:length]
    return None


class DrugParams(PatientParams):
    """Parameters of the drug columns: `diagnosis_field`, the row's ICD-10-CM code column (found if unset),
    and the patient's sex (PatientParams), which keeps one-sex drugs off the other sex."""

    diagnosis_field: str | None = None


@cache
def _general_cumulative(sex: int, age: int) -> np.ndarray:
    """Cumulative prescription weights of the drugs a patient of `sex` and `age` (0-18, 18 for adults and
    unknown ages) may get without a diagnosis' choice."""
    wrong = {MALE: "F", FEMALE: "M"}.get(sex)
    return np.cumsum([0.0 if (d.sex and (d.sex == wrong or sex == OTHER)) or d.min_age > age else d.prescriptions
                      for d in drug_list()])


class DrugSource:
    """Drug, strength and package per row, shared by the columns of the "drug" group."""

    def __init__(self, generator: Generator[Any], params: DrugParams) -> None:
        own = generator.field.name
        self.patient = PatientSource(generator, params)
        self.diagnosis: str | None = None
        if params.diagnosis_field:
            self.diagnosis = require_field(generator.entity, params.diagnosis_field, "diagnosis_field",
                                           other_than=own).name
            return
        for fld in generator.entity.fields:
            cls = generator.siblings.generator_of(fld) if fld.name != own else None
            if cls is not None and cls.key == DIAGNOSIS_KEY:
                self.diagnosis = fld.name
                return

    def dependencies(self) -> list[str]:
        return [*self.patient.dependencies(), *([self.diagnosis] if self.diagnosis else [])]

    @staticmethod
    def stream(ctx: ColumnContext) -> Stream:
        return ctx.group("drug").child("drug")

    def drugs(self, ctx: ColumnContext) -> np.ndarray:
        """The drug index per row: one of the diagnosis' drugs given at the patient's age (evenly), else any
        drug fitting the patient's sex and age, weighted by how often it is prescribed."""
        u = self.stream(ctx).uniform(ctx.rows)
        sexes = self.patient.sexes(ctx)
        ages = self.patient.ages(ctx)
        ages = np.where((ages == UNKNOWN_AGE) | (ages > 18), 18, ages)
        profiles = sexes.astype(np.int64) * 100 + ages
        out = np.zeros(len(ctx.rows), dtype=np.int64)
        for profile in np.unique(profiles):
            rows = profiles == profile
            cumulative = _general_cumulative(int(profile // 100), int(profile % 100))
            picks = np.searchsorted(cumulative, u[rows] * cumulative[-1], side="right")
            out[rows] = np.minimum(picks, len(cumulative) - 1)
        if self.diagnosis is None:
            return out
        codes = as_strings(ctx.columns[self.diagnosis])
        unique = pc.unique(codes)
        prefixes = sorted(therapies())
        slot = {p: k for k, p in enumerate(prefixes)}
        # The therapy of each distinct code (-1: none), then of each row: one loop over therapies, not codes.
        of_unique = np.array([slot.get(therapy_of(c) or "", -1) for c in unique.to_pylist()], dtype=np.int64)
        of_row = of_unique[pc.index_in(codes, value_set=unique).to_numpy(zero_copy_only=False).astype(np.int64)]
        table = therapies()
        youngest = np.array([d.min_age for d in drug_list()])
        for k in np.unique(of_row[of_row >= 0]):
            in_therapy = of_row == k
            for years in np.unique(ages[in_therapy]):
                rows = in_therapy & (ages == years)
                # A child gets the therapy's drugs given at its age (all of them if none is).
                options = table[prefixes[k]]
                options = options[youngest[options] <= years] if (youngest[options] <= years).any() else options
                out[rows] = options[np.minimum((u[rows] * len(options)).astype(np.int64), len(options) - 1)]
        return out

    def strengths(self, ctx: ColumnContext, drugs: np.ndarray) -> np.ndarray:
        """The strength index per row, among the row's drug's strengths."""
        counts = np.array([len(d.strengths) for d in drug_list()])[drugs]
        u = self.stream(ctx).uniform(ctx.rows, draw=1)
        return np.minimum((u * counts).astype(np.int64), counts - 1)

    def packages(self, ctx: ColumnContext) -> np.ndarray:
        return self.stream(ctx).integers(ctx.rows, 0, PACKAGES - 1, draw=2)


@cache
def strength_offsets() -> np.ndarray:
    """Index of each drug's first strength in the flat list of (drug, strength) pairs."""
    return np.concatenate([[0], np.cumsum([len(d.strengths) for d in drug_list()])])


@cache
def strength_texts() -> pa.Array:
    return pa.array([s for d in drug_list() for s in d.strengths], pa.string())


@cache
def ndc_picks() -> np.ndarray:
    """Per (drug, strength) pair and package: layout * 10**10 + the 10-digit NDC, from hashes of the names.

    The labeler code depends on the drug alone (one maker per drug), the product code on its strength, the
    package code on the package number: the same product always has the same NDC.
    """
    rows = []
    for drug in drug_list():
        layout = derive_key("ndc-layout", drug.generic) % len(NDC_LAYOUTS)
        a, b, c = NDC_LAYOUTS[layout]
        labeler = derive_key("ndc-labeler", drug.generic) % 10**a
        for strength in drug.strengths:
            product = derive_key("ndc-product", drug.generic, strength) % 10**b
            first = derive_key("ndc-package", drug.generic, strength) % 10**c
            for k in range(PACKAGES):
                package = (first + k) % 10**c  # distinct package codes for one product
                rows.append(layout * 10**10 + (labeler * 10**b + product) * 10**c + package)
    return np.array(rows, dtype=np.int64).reshape(-1, PACKAGES)
