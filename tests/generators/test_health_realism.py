"""Healthcare realism at a few thousand rows: diagnoses skewed like office visits (chi-square against the
bundled weights at ALPHA = 0.001), no diagnosis on the wrong sex or age, no external-cause primaries, drugs
prescribed for the row's diagnosis with a few stable NDCs each, heights by sex as NHANES reports them,
Medicare only from 65, and lab results inside their tests' ranges. The rules checked here are written from
the ICD-10-CM chapters and the data files' documented meaning, not imported from the generators."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from importlib.resources import files
from statistics import fmean
from typing import Any

import pyarrow as pa
import simple_icd_10_cm as cm
from scipy import stats

import synthdb

ALPHA = 1e-3
AS_OF = date(2025, 12, 31)
TAIL_SHARE = 0.10  # docs/realism.md: listed codes take 90% of an adult's draws when all of them apply


def table(fields: list[dict[str, Any]], rows: int, seed: int = 12) -> pa.Table:
    definition = {"name": "realism", "seed": seed,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition)["t"]


def data_csv(name: str) -> list[dict[str, str]]:
    text = files("synthdb").joinpath("data", "health", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#")))))


def age(born: date) -> int:
    return AS_OF.year - born.year - ((born.month, born.day) > (AS_OF.month, AS_OF.day))


# -- ICD-10-CM chapters and the sex / age each code is for ---------------------------------------------

_FEMALE_WORDS = re.compile(r"\b(female|vagin|vulv|uter|ovar|pregnan|menstru|puerper|fallopian|endometri)", re.I)
_MALE_WORDS = re.compile(r"\b(males?|prostat\w*|testi[sc]\w*|testes|scrot\w*|penis|penile|epididym\w*)\b", re.I)


def female_only(code: str) -> bool:
    cat = code[:3]
    return (cat[0] == "O" or "N70" <= cat <= "N98" or "C51" <= cat <= "C58" or "D25" <= cat <= "D28"
            or "Z33" <= cat <= "Z3A" or bool(_FEMALE_WORDS.search(cm.get_description(code))))


def male_only(code: str) -> bool:
    cat = code[:3]
    return ("N40" <= cat <= "N53" or "C60" <= cat <= "C63" or bool(_MALE_WORDS.search(cm.get_description(code)))) \
        and not female_only(code)


def age_fits(code: str, years: int) -> bool:
    cat = code[:3]
    if cat[0] == "P" or cat == "Z38" or code.startswith("Z00.11"):
        return years < 1
    if cat[0] == "O" or cat in ("Z33", "Z34", "Z3A", "Z36", "Z37", "Z39"):
        return 12 <= years <= 55
    if code.startswith("Z00.12"):
        return years < 18
    if code.startswith("Z00.0"):
        return years >= 18
    return True


@cache
def weights() -> list[dict[str, str]]:
    return data_csv("icd10cm_visit_weights.csv")


def test_every_weighted_code_is_a_billable_icd10cm_code() -> None:
    bad = [r["code"] for r in weights() if not (cm.is_valid_item(r["code"]) and cm.is_leaf(r["code"]))]
    assert not bad and len(weights()) >= 200


def test_diagnoses_follow_the_visit_weights() -> None:
    """Adults of 40-44: each listed code's expected count from the weights of the codes that apply to each row
    (its sex, its age range), the rest of the code set pooled as one category; Pearson chi-square."""
    rows = table([{"name": "sex", "generator": "Gender"},
                  {"name": "born", "generator": "Birth Date", "min_age": 40, "max_age": 44},
                  {"name": "code", "generator": "ICD-10-CM Diagnosis Code"}], rows=4_000).to_pylist()
    total = sum(float(r["percent"]) for r in weights())
    tail = total * TAIL_SHARE / (1 - TAIL_SHARE)
    expected: Counter[str] = Counter()
    for row in rows:
        years, sex = age(row["born"]), row["sex"]
        applies = {r["code"]: float(r["percent"]) for r in weights()
                   if int(r["min_age"] or 0) <= years <= int(r["max_age"] or 999) and age_fits(r["code"], years)
                   and not (sex == "Male" and female_only(r["code"]))
                   and not (sex == "Female" and male_only(r["code"]))}
        norm = sum(applies.values()) + tail
        for code, w in applies.items():
            expected[code] += w / norm
        expected["other"] += tail / norm
    listed = {r["code"] for r in weights()}
    observed = Counter(r["code"] if r["code"] in listed else "other" for r in rows)
    cells = [(observed.get(c, 0), e) for c, e in expected.items() if e >= 5]
    small = [(observed.get(c, 0), e) for c, e in expected.items() if e < 5]
    cells.append((sum(o for o, _ in small), sum(e for _, e in small)))
    assert sum(observed.values()) == len(rows) and not set(observed) - set(expected), set(observed) - set(expected)
    result = stats.chisquare([o for o, _ in cells], [e for _, e in cells])
    assert result.pvalue >= ALPHA, f"X2={result.statistic:.1f} over {len(cells)} cells, p={result.pvalue:.2e}"
    top = [c for c, _ in observed.most_common(4) if c != "other"]
    assert top[0] == "I10", observed.most_common(5)
    assert {"E11.9", "Z00.00"} <= {c for c, _ in observed.most_common(8)}, observed.most_common(10)


def test_no_diagnosis_on_the_wrong_sex_or_age_and_no_external_cause() -> None:
    rows = table([{"name": "sex", "generator": "Gender", "nonbinary_percent": 2},
                  {"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 95},
                  {"name": "code", "generator": "ICD-10-CM Diagnosis Code"},
                  {"name": "desc", "generator": "Diagnosis Description"}], rows=6_000).to_pylist()
    wrong_sex = [r for r in rows if (r["sex"] != "Female" and female_only(r["code"]))
                 or (r["sex"] != "Male" and male_only(r["code"]))]
    wrong_age = [r for r in rows if not age_fits(r["code"], age(r["born"]))]
    external = [r for r in rows if "V" <= r["code"][0] <= "Y"]
    assert not wrong_sex and not wrong_age and not external, (wrong_sex[:3], wrong_age[:3], external[:3])
    assert all(cm.get_description(r["code"]) == r["desc"] for r in rows)
    # The edits are not vacuous: the sex- and age-specific codes do occur, on the right rows.
    assert sum(r["code"][0] == "O" or r["code"].startswith("Z34") for r in rows) > 20
    assert sum(r["code"].startswith(("N40", "C61")) for r in rows) > 10
    assert sum(r["code"].startswith("Z00.12") for r in rows) > 20


def test_external_causes_only_when_asked() -> None:
    codes = table([{"name": "code", "generator": "ICD-10-CM Diagnosis Code", "external_causes": True}],
                  rows=3_000).column("code").to_pylist()
    assert any("V" <= c[0] <= "Y" for c in codes)


@cache
def therapies() -> dict[str, set[str]]:
    return {r["prefix"]: set(r["generics"].split(";")) for r in data_csv("diagnosis_drugs.csv")}


def drugs_for(code: str) -> set[str] | None:
    bare = code.replace(".", "")
    for length in range(len(bare), 2, -1):
        if bare[:length] in therapies():
            return therapies()[bare[:length]]
    return None


def test_drugs_fit_the_diagnosis_and_keep_a_few_ndcs() -> None:
    rows = table([{"name": "sex", "generator": "Gender"},
                  {"name": "born", "generator": "Birth Date", "min_age": 18, "max_age": 90},
                  {"name": "code", "generator": "ICD-10-CM Diagnosis Code"},
                  {"name": "drug", "generator": "Drug Generic Name"},
                  {"name": "brand", "generator": "Drug Brand Name"},
                  {"name": "strength", "generator": "Drug Strength"},
                  {"name": "ndc", "generator": "NDC"},
                  {"name": "ndc11", "generator": "NDC", "format": "11"}], rows=5_000).to_pylist()
    mapped = [(r["code"], r["drug"], drugs_for(r["code"])) for r in rows if drugs_for(r["code"])]
    assert len(mapped) > len(rows) / 3
    assert not [m for m in mapped if m[1] not in m[2]], [m for m in mapped if m[1] not in m[2]][:5]
    hypertension = Counter(r["drug"] for r in rows if r["code"] == "I10")
    assert set(hypertension) <= therapies()["I10"] and "lisinopril" in hypertension
    per_drug: dict[str, set[str]] = defaultdict(set)
    per_ndc: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        per_drug[r["drug"]].add(r["ndc"])
        per_ndc[r["ndc"]].add((r["drug"], r["strength"]))
        assert re.fullmatch(r"\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d", r["ndc"]), r
        assert re.fullmatch(r"\d{5}-\d{4}-\d{2}", r["ndc11"]) and len(r["ndc"].replace("-", "")) == 10, r
        # The 11-digit billing form is the 10-digit code with its short segment padded by a zero.
        assert [int(p) for p in r["ndc"].split("-")] == [int(p) for p in r["ndc11"].split("-")], r
    assert max(len(v) for v in per_drug.values()) <= 10  # at most 5 strengths x 2 packages
    assert all(len(v) == 1 for v in per_ndc.values())  # an NDC is one product: one drug, one strength
    # Not one NDC per prescription: at most one per (drug, strength, package) of drug_products.csv.
    products = sum(len(r["strengths"].split(";")) for r in data_csv("drug_products.csv"))
    assert len(per_ndc) <= 2 * products < len(rows) / 5, (len(per_ndc), products)


def test_heights_differ_by_sex_and_age_as_the_references_say() -> None:
    rows = table([{"name": "sex", "generator": "Gender"},
                  {"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 80},
                  {"name": "h", "generator": "Height"}, {"name": "w", "generator": "Weight"},
                  {"name": "bmi", "generator": "BMI"}], rows=5_000).to_pylist()
    adults = {s: [r["h"] for r in rows if r["sex"] == s and age(r["born"]) >= 20] for s in ("Male", "Female")}
    # NHANES 2015-2018 (NHSR 160): men 175.3 cm, women 161.3 cm, a 14.0 cm difference; Z = 3.29 standard
    # errors of the difference plus 1 cm for the reference's rounding by age group.
    diff = fmean(adults["Male"]) - fmean(adults["Female"])
    se = (stats.tstd(adults["Male"]) ** 2 / len(adults["Male"])
          + stats.tstd(adults["Female"]) ** 2 / len(adults["Female"])) ** 0.5
    assert abs(diff - 14.0) <= 1 + 3.29 * se, diff
    assert abs(fmean(adults["Male"]) - 175.3) < 1.5 and abs(fmean(adults["Female"]) - 161.3) < 1.5
    # CDC growth charts: children aged 3 (3.0-3.9 years) are about 98 cm tall; no child has adult height,
    # and BMI stays child-like.
    toddlers = [r for r in rows if age(r["born"]) == 3]
    assert 90 < fmean(r["h"] for r in toddlers) < 101 and max(r["h"] for r in toddlers) < 125
    assert all(r["bmi"] < 30 for r in rows if age(r["born"]) < 6)
    assert all(abs(r["bmi"] - r["w"] / (r["h"] / 100) ** 2) < 0.06 + 0.05 / (r["h"] / 100) ** 2 for r in rows)


def test_medicare_only_from_65() -> None:
    rows = table([{"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 95},
                  {"name": "payer", "generator": "Health Insurance Provider"}], rows=4_000).to_pylist()
    assert not [r for r in rows if r["payer"] == "Medicare" and age(r["born"]) < 65]
    seniors = [r["payer"] for r in rows if age(r["born"]) >= 65]
    assert Counter(seniors).most_common(1)[0][0] == "Medicare"
    children = Counter(r["payer"] for r in rows if age(r["born"]) < 19)
    assert children.most_common(1)[0][0] == "Medicaid", children


def test_medicare_ids_only_from_65() -> None:
    # Medicare starts at 65 (disability and ESRD entitlement are not modelled): the MBI is null under 65
    # and present from 65, agreeing with Health Insurance Provider, which never says Medicare under 65.
    rows = table([{"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 95},
                  {"name": "payer", "generator": "Health Insurance Provider"},
                  {"name": "mbi", "generator": "Medicare Beneficiary ID", "unique": True},
                  {"name": "years", "generator": "Number", "min": 0, "max": 95},
                  {"name": "mbi_by_age", "generator": "MBI", "age_field": "years", "dashes": True}],
                 rows=3_000).to_pylist()
    under = [r for r in rows if age(r["born"]) < 65]
    assert len(under) > 1000 and all(r["mbi"] is None for r in under)
    assert all(r["mbi"] is not None and len(r["mbi"]) == 11 for r in rows if age(r["born"]) >= 65)
    assert all((r["mbi_by_age"] is None) == (r["years"] < 65) for r in rows)
    assert not [r for r in rows if r["payer"] == "Medicare" and r["mbi"] is None]
    # Without an age the generator cannot tell, and every row has one.
    alone = table([{"name": "mbi", "generator": "MBI"}], rows=200)["mbi"]
    assert alone.null_count == 0


def test_lab_results_stay_in_their_tests_ranges() -> None:
    tests = {r["loinc"]: r for r in data_csv("loinc_tests.csv")}
    rows = table([{"name": "loinc", "generator": "LOINC Code"}, {"name": "name", "generator": "Lab Test Name"},
                  {"name": "value", "generator": "Lab Result"}, {"name": "unit", "generator": "Lab Result Unit"},
                  {"name": "flag", "generator": "Lab Abnormal Flag"}], rows=4_000).to_pylist()
    inside = 0
    for r in rows:
        t = tests[r["loinc"]]
        assert (r["name"], r["unit"]) == (t["name"], t["unit"]), r
        assert float(t["plausible_low"]) <= r["value"] <= float(t["plausible_high"]), r
        normal = float(t["ref_low"]) <= r["value"] <= float(t["ref_high"])
        inside += normal
        assert (r["flag"] == "N") == normal, r
    assert inside / len(rows) > 0.6
    glucose = [r["value"] for r in rows if r["loinc"] == "2345-7"]
    assert 95 < fmean(glucose) < 115 and all(20 <= g <= 600 for g in glucose)  # mg/dL, a clinic population


def test_visit_reasons_fit_the_patient() -> None:
    rows = table([{"name": "sex", "generator": "Gender"},
                  {"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 90},
                  {"name": "reason", "generator": "Visit Reason"}], rows=3_000).to_pylist()
    assert not [r for r in rows if r["sex"] == "Male" and r["reason"] in
                {"Routine prenatal examination", "Gynecological examination", "Birth control"}]
    assert not [r for r in rows if r["reason"] == "Well-child examination" and age(r["born"]) >= 18]
    assert Counter(r["reason"] for r in rows).most_common(1)[0][0] == "Progress visit"


def test_drugs_fit_the_patients_sex_and_age() -> None:
    products = {r["generic"]: r for r in data_csv("drug_products.csv")}
    rows = table([{"name": "sex", "generator": "Gender"},
                  {"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 90},
                  {"name": "code", "generator": "ICD-10-CM Diagnosis Code"},
                  {"name": "drug", "generator": "Drug Generic Name"}], rows=4_000).to_pylist()
    one_sex = [r for r in rows if products[r["drug"]]["sex"] and products[r["drug"]]["sex"] != r["sex"][0]]
    assert not one_sex, one_sex[:3]  # no tamsulosin or sildenafil for women, no contraceptive pill for men
    children = [r for r in rows if age(r["born"]) < 18]

    def given_at(generic: str, years: int) -> bool:
        return int(products[generic]["min_age"]) <= years

    # A child's drug is given at its age, unless none of its diagnosis' drugs is (then any of them).
    too_young = [r for r in children if not given_at(r["drug"], age(r["born"]))
                 and any(given_at(g, age(r["born"])) for g in (drugs_for(r["code"]) or {"acetaminophen"}))]
    assert len(children) > 300 and not too_young, too_young[:3]
    # Without a therapy for the diagnosis, drugs follow prescription volume: atorvastatin first among adults.
    adults = Counter(r["drug"] for r in rows if drugs_for(r["code"]) is None and age(r["born"]) >= 18)
    assert adults.most_common(1)[0][0] in {"atorvastatin", "levothyroxine", "metformin", "lisinopril"}, adults


def test_sex_and_age_from_named_columns() -> None:
    """`sex`/`age` name any columns (letters F/M, a number of years); a wrong name is refused by name."""
    fields: list[dict[str, Any]] = [
        {"name": "s", "generator": "Custom List", "values": ["F", "M"]},
        {"name": "years", "generator": "Number", "min": 0, "max": 90},
        {"name": "code", "generator": "ICD-10-CM Diagnosis Code", "sex": "s", "age": "years"},
        {"name": "desc", "generator": "Diagnosis Description"},
        {"name": "h", "generator": "Height", "sex_field": "s", "age_field": "years"},
        {"name": "payer", "generator": "Health Insurance Provider", "age": "years"}]
    rows = table(fields, rows=3_000).to_pylist()
    sex = {"F": "Female", "M": "Male"}
    assert not [r for r in rows if (sex[r["s"]] != "Female" and female_only(r["code"]))
                or (sex[r["s"]] != "Male" and male_only(r["code"])) or not age_fits(r["code"], r["years"])]
    assert all(cm.get_description(r["code"]) == r["desc"] for r in rows)
    assert not [r for r in rows if r["payer"] == "Medicare" and r["years"] < 65]
    assert max(r["h"] for r in rows if r["years"] < 3) < 125
    fields[2]["sex"] = "sexx"
    try:
        table(fields, rows=10)
    except Exception as error:  # the definition error names the parameter and the missing field
        assert "sex_field" in str(error) and "'sexx'" in str(error), error
    else:
        raise AssertionError("a sex column that does not exist was accepted")
