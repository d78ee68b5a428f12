"""Drugs: brand, generic name, class, strength, dosage form, route and sig of the row's prescription.

The columns share the "drug" group's draws (helpers/prescriptions.py), so they describe one product; with
an ICD-10-CM Diagnosis Code column in the entity the drug is one prescribed for that diagnosis. Data:
data/health/drugs.csv, drug_products.csv, diagnosis_drugs.csv (sources in their headers).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.helpers.checksums import digits_of
from synthdb.generators.helpers.common import HEALTHCARE, is_unique
from synthdb.generators.helpers.geodata import group_fields
from synthdb.generators.helpers.patient import group_params
from synthdb.generators.helpers.prescriptions import (
    NDC_LAYOUTS,
    DrugParams,
    DrugSource,
    drug_column,
    ndc_picks,
    strength_offsets,
    strength_texts,
)
from synthdb.generators.helpers.regex_sampler import compact
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


class DrugColumn(Generator[DrugParams]):
    """One attribute of the row's drug."""

    category = HEALTHCARE
    Params = DrugParams
    attribute: ClassVar[str] = "brand"
    _source: DrugSource

    def setup(self) -> None:
        params = group_params(self, group_fields(self, DrugColumn), DrugParams)
        assert isinstance(params, DrugParams)
        self._source = DrugSource(self, params)

    def dependencies(self) -> list[str]:
        return self._source.dependencies()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return drug_column(self.attribute).take(pa.array(self._source.drugs(ctx)))


@register
class DrugBrandName(DrugColumn):
    """A drug's brand name ("Lipitor"); agrees with the row's generic name."""

    display_name = "Drug Brand Name"
    key = "drug_brand_name"
    aliases = ("drug_name", "brand_name", "medication", "Drug Name (Brand)")
    description = ("A common drug's brand name, e.g. Lipitor; agrees with the row's Drug Generic Name and class, "
                   "and is prescribed for the row's ICD-10-CM diagnosis when there is one.")


@register
class DrugGenericName(DrugColumn):
    """The generic (non-proprietary) name of the row's drug ("atorvastatin")."""

    display_name = "Drug Generic Name"
    key = "drug_generic_name"
    aliases = ("generic_name", "drug_ingredient", "Drug Name (Generic)")
    description = "The generic name of the row's drug, e.g. atorvastatin (one prescribed for the row's diagnosis)."
    attribute = "generic"


@register
class DrugClass(DrugColumn):
    """The therapeutic class of the row's drug ("Statin")."""

    display_name = "Drug Class"
    key = "drug_class"
    aliases = ("therapeutic_class",)
    description = "The therapeutic class of the row's drug, e.g. Statin or SSRI antidepressant."
    attribute = "drug_class"


@register
class DrugForm(DrugColumn):
    """The dosage form of the row's drug ("tablet", "injection pen")."""

    display_name = "Drug Form"
    key = "drug_form"
    aliases = ("dosage_form", "dose_form", "Drug Dosage Form")
    description = "The dosage form of the row's drug as labelled: tablet, capsule, injection pen, inhaler, cream, ..."
    attribute = "form"


@register
class DrugRoute(DrugColumn):
    """The route of administration of the row's drug ("oral")."""

    display_name = "Drug Route"
    key = "drug_route"
    aliases = ("route_of_administration", "route", "Administration Route")
    description = "How the row's drug is given: oral, subcutaneous, inhalation, nasal, topical, intravenous, ..."
    attribute = "route"


@register
class DrugSig(DrugColumn):
    """The directions (sig) of the row's prescription ("Take 1 tablet by mouth once daily")."""

    display_name = "Drug Sig"
    key = "drug_sig"
    aliases = ("sig", "dosage_instructions", "Dosage", "directions", "Prescription Directions", "dosing")
    description = "The usual adult directions for the row's drug, e.g. Take 1 tablet by mouth once daily."
    attribute = "sig"


@register
class DrugStrength(DrugColumn):
    """A marketed strength of the row's drug ("10 mg"); agrees with the row's NDC."""

    display_name = "Drug Strength"
    key = "drug_strength"
    aliases = ("strength", "dose_strength", "dosage_strength", "Drug Dose")
    description = "A marketed strength of the row's drug, e.g. 10 mg or 100 units/mL; the row's NDC is of it."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        drugs = self._source.drugs(ctx)
        index = strength_offsets()[drugs] + self._source.strengths(ctx, drugs)
        return strength_texts().take(pa.array(index.astype(np.int64)))


class NdcParams(DrugParams):
    """Parameters of NDC: `format` 10 (hyphenated 4-4-2, 5-3-2 or 5-4-1) or 11 (5-4-2, HIPAA billing)."""

    format: Literal["10", "11"] = "10"


@register
class Ndc(DrugColumn):
    """The National Drug Code of the row's drug, strength and package, in one of the three 10-digit layouts."""

    display_name = "NDC"
    key = "ndc"
    unique_values = True
    aliases = ("national_drug_code", "drug_code", "ndc_code", "FDA NDC Code")
    description = ("The National Drug Code of the row's drug product (a few per drug: strength x package), in a "
                   "10-digit layout (4-4-2, 5-3-2 or 5-4-1) or the 11-digit 5-4-2 billing form (format: '11'); "
                   "well-formed, not looked up; unique fields get distinct codes instead.")
    Params = NdcParams
    params: NdcParams

    def capacity(self) -> int | None:
        return len(NDC_LAYOUTS) * 10**10

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):  # distinct codes: uniqueness wins over one code per product
            pick = permute(ctx.rows, len(NDC_LAYOUTS) * 10**10, derive_key(ctx.stream.key, "unique"))
        else:
            drugs = self._source.drugs(ctx)
            pair = strength_offsets()[drugs] + self._source.strengths(ctx, drugs)
            pick = ndc_picks()[pair, self._source.packages(ctx)]
        return format_ndc(pick, self.params.format)


def format_ndc(pick: np.ndarray, form: str) -> pa.Array:
    """Hyphenated NDC text from layout * 10**10 + the 10 digits; form "11" pads the short segment with a 0."""
    layout, number = pick // 10**10, pick % 10**10
    digits = digits_of(number, 10)
    parts = []
    for which, (a, b, c) in enumerate(NDC_LAYOUTS):
        widths = (a, b, c) if form == "10" else (5, 4, 2)
        pads = [w - s for w, s in zip(widths, (a, b, c), strict=True)]
        pieces: list[np.ndarray] = []
        start = 0
        for segment, (size, pad) in enumerate(zip((a, b, c), pads, strict=True)):
            pieces += [np.full((len(number), pad), ord("0"))] if pad else []
            pieces.append(digits[:, start : start + size] + ord("0"))
            start += size
            if segment < 2:
                pieces.append(np.full((len(number), 1), ord("-")))
        parts.append((layout == which, np.concatenate(pieces, axis=1)))
    width = max(p.shape[1] for _, p in parts)
    out = np.zeros((len(number), width), dtype=np.int64)
    for mask, block in parts:
        out[mask, : block.shape[1]] = block[mask]
    return compact(out.astype(np.uint8), out != 0)
