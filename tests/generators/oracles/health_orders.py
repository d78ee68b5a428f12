"""Oracles for the encounter and order generators: ABMS specialties, NAMCS reasons, CPT/HCPCS layouts,
LOINC check digits (Luhn mod 10), UCUM units, HL7 interpretation flags, and coherence within the row."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from stdnum import luhn

from generators.oracles.base import Sample, bundled_lines, companion, custom, each, entry, matches, member_of, per_row
from generators.oracles.stats import chi_square, spread

# ABMS member boards' specialty names (and their common subspecialties), as ABMS and AAMC spell them.
_ABMS = {"Internal Medicine", "Family Medicine", "Pediatrics", "Emergency Medicine", "Psychiatry",
         "Obstetrics and Gynecology", "Anesthesiology", "General Surgery", "Cardiology", "Diagnostic Radiology",
         "Orthopedic Surgery", "Ophthalmology", "Neurology", "Gastroenterology", "Hematology and Oncology",
         "Dermatology", "Pulmonology and Critical Care", "Urology", "Otolaryngology",
         "Physical Medicine and Rehabilitation", "Nephrology", "Endocrinology", "Infectious Disease", "Rheumatology",
         "Pathology", "Neurological Surgery", "Plastic Surgery", "Allergy and Immunology", "Radiation Oncology",
         "Geriatric Medicine", "Vascular Surgery", "Thoracic Surgery", "Sports Medicine", "Pain Medicine",
         "Child and Adolescent Psychiatry", "Neonatal-Perinatal Medicine"}
# LOINC long common names and units of well-known terms (loinc.org term pages).
_LOINC_NAME = {"2345-7": "Glucose [Mass/volume] in Serum or Plasma", "718-7": "Hemoglobin [Mass/volume] in Blood",
               "2160-0": "Creatinine [Mass/volume] in Serum or Plasma",
               "4548-4": "Hemoglobin A1c/Hemoglobin.total in Blood",
               "2951-2": "Sodium [Moles/volume] in Serum or Plasma",
               "777-3": "Platelets [#/volume] in Blood by Automated count"}
_LOINC_UNIT = {"2345-7": "mg/dL", "718-7": "g/dL", "2160-0": "mg/dL", "4548-4": "%", "2951-2": "mmol/L",
               "2823-3": "mmol/L", "6690-2": "10*3/uL", "777-3": "10*3/uL"}
# Physiologically possible values of a few tests (outside them the patient would not be sitting in a clinic).
_POSSIBLE = {"2345-7": (20, 600), "2951-2": (100, 180), "2823-3": (1.5, 9), "718-7": (3, 25), "4548-4": (3, 20)}
_CPT_WORDS = {"99213": "Office visit", "99214": "Office visit", "85025": "blood count", "80061": "Lipid",
              "36415": "venipuncture", "93000": "Electrocardiogram", "G0439": "wellness", "80053": "metabolic panel"}
_FEMALE_REASONS = {"Routine prenatal examination", "Gynecological examination", "Menstrual problems", "Birth control"}
GENDER = companion("sex", "gender")
LAB = [companion("loinc", "loinc_code")]


@custom("statistical", "AAMC 2022: Internal Medicine and Family Medicine are the two largest specialties")
def _two_largest(sample: Sample) -> None:
    top = {name for name, _ in Counter(sample.values).most_common(2)}
    assert top == {"Internal Medicine", "Family Medicine"}, Counter(sample.values).most_common(4)


@custom("statistical", "CMS Part B: 99213 and 99214 are the most billed codes")
def _office_visits_first(sample: Sample) -> None:
    top = {c for c, _ in Counter(sample.values).most_common(2)}
    assert top == {"99213", "99214"}, Counter(sample.values).most_common(4)


@custom("statistical", "NAMCS: progress visits are the commonest reason for an office visit")
def _progress_first(sample: Sample) -> None:
    assert Counter(sample.values).most_common(1)[0][0] == "Progress visit", Counter(sample.values).most_common(3)


@custom("coherence", "HL7 v2 table 0078: H above the reference range, L below, N inside (row's result and range)")
def _flag(sample: Sample) -> None:
    for flag, value, text in zip(sample.array.to_pylist(), sample.column("result"), sample.column("range"),
                                 strict=True):
        low, high = (float(x) for x in text.split("-"))
        expected = "H" if value > high else "L" if value < low else "N"
        assert flag == expected, (flag, value, text)


def _share_inside(sample: Sample) -> None:
    inside = sum(1 for v, r in zip(sample.values, sample.column("range"), strict=True)
                 if float(r.split("-")[0]) <= float(v) <= float(r.split("-")[1]))
    assert inside >= 0.6 * len(sample.values), f"only {inside} of {len(sample.values)} inside the reference range"


def _possible(value: Any, code: str) -> bool:
    low, high = _POSSIBLE.get(code, (0, 1e6))
    return low <= float(value) <= high


def _reasons() -> set[str]:
    return {line.split(",")[0] for line in bundled_lines("health/visit_reasons.csv")[1:]}


ENTRIES = {
    "medical_specialty": entry(member_of(lambda: _ABMS, "ABMS specialty names", kind="spec"), _two_largest),
    "hospital_name": entry(matches(r"[A-Z][\w.' -]+ (Hospital|Medical Center|Health Center)",
                                   "US hospital naming: a name then Hospital / Medical Center / Health Center"),
                           spread(300, 0.05, "hundreds of names, none over 5%", kind="statistical")),
    "medical_record_number": entry(matches(r"\d{8}", "8 digits (default length)"),
                                   chi_square(dict.fromkeys("0123456789", 1), "uniform first digit",
                                              transform=lambda v: v[0])),
    "insurance_member_id": entry(matches(r"[A-HJ-NP-Z]{3}\d{9}", "3-letter plan prefix (no I/O) + 9 digits"),
                                 chi_square(dict.fromkeys("ABCDEFGHJKLMNPQRSTUVWXYZ", 1), "uniform prefix letter",
                                            transform=lambda v: v[0])),
    "visit_reason": entry(member_of(_reasons, "bundled NAMCS reasons for visit", kind="membership"),
                          _progress_first,
                          per_row("sex", lambda v, s: v in _reasons() and not (s == "Male" and v in _FEMALE_REASONS)
                                  and not (s == "Female" and v == "Prostate screening"),
                                  "prenatal/gynecological reasons only for women, prostate screening only for men"),
                          companions=[GENDER]),
    "cpt_hcpcs_code": entry(matches(r"\d{5}|[A-V]\d{4}", "CPT: 5 digits; HCPCS Level II: a letter A-V and 4 digits"),
                            _office_visits_first),
    "cpt_hcpcs_description": entry(per_row("code", lambda v, c: c not in _CPT_WORDS or
                                           _CPT_WORDS[c].lower() in v.lower(),
                                           "what the well-known codes are (99213 office visit, 85025 CBC, ...)",
                                           kind="spec"),
                                   each(lambda v: re.fullmatch(r"[A-Z][\w ,()/'.+-]+", v) is not None,
                                        "a capitalised phrase"),
                                   companions=[companion("code", "cpt_hcpcs_code")]),
    "loinc_code": entry(each(lambda v: re.fullmatch(r"\d{1,7}-\d", v) is not None
                             and luhn.is_valid(v.replace("-", "")), "LOINC: number-check digit, mod 10 (Luhn)")),
    "lab_test_name": entry(per_row("loinc", lambda v, c: _LOINC_NAME.get(c, v) == v,
                                   "LOINC long common names of well-known codes", kind="spec"),
                           matches(r"[A-Z0-9][\w .,/()\[\]#*-]+",
                                   "LOINC long common name: component first, capitalised"),
                           companions=LAB),
    "lab_result_unit": entry(per_row("loinc", lambda v, c: _LOINC_UNIT.get(c, v) == v,
                                     "UCUM units of well-known LOINC terms", kind="spec"),
                             matches(r"[\w*/%{}.\[\]]+", "UCUM unit syntax"), companions=LAB),
    "lab_result": entry(per_row("loinc", _possible, "physiologically possible glucose, sodium, potassium, Hb, A1c"),
                        custom("statistical", "most results inside the test's reference range")(_share_inside),
                        companions=[*LAB, companion("range", "lab_reference_range")]),
    "lab_reference_range": entry(matches(r"\d+(\.\d+)?-\d+(\.\d+)?", "low-high"),
                                 per_row("loinc", lambda v, c: c != "2345-7" or v == "70-99",
                                         "ADA: normal fasting glucose 70-99 mg/dL", kind="spec"),
                                 companions=LAB),
    "lab_abnormal_flag": entry(member_of(lambda: {"H", "L", "N"}, "HL7 v2 table 0078", kind="spec"), _flag,
                               companions=[companion("result", "lab_result"),
                                           companion("range", "lab_reference_range")]),
}
