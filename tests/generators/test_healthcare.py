"""Healthcare: 10,000 values each, checked by independent validators (simple-icd-10-cm, python-stdnum's
NHS and Luhn modules, the DEA and MBI rules written here) and vital signs in physiological ranges."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import simple_icd_10_cm as cm
from stdnum import luhn
from stdnum.gb import nhs

import synthdb


def table(fields: list[dict[str, Any]], rows: int = 10_000, **options: Any) -> pa.Table:
    definition = {"name": "health", "seed": 61,
                  "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **options)["t"]


def test_icd10cm_codes_exist_are_billable_and_match_their_descriptions() -> None:
    rows = table([{"name": "code", "generator": "ICD-10-CM Diagnosis Code"},
                  {"name": "bare", "generator": "ICD-10-CM Diagnosis Code", "dots": False},
                  {"name": "desc", "generator": "Diagnosis Description"}]).to_pylist()
    for row in rows:
        assert cm.is_valid_item(row["code"]) and cm.is_leaf(row["code"]), row
        assert cm.get_description(row["code"]) == row["desc"], row
        assert row["bare"] == row["code"].replace(".", "")
    # Skewed like office visits (a few hundred common codes) yet the rest of the code set still appears.
    assert 1_000 < len({r["code"] for r in rows}) < 5_000
    assert sum(len(r["bare"]) == 7 for r in rows) / len(rows) < 0.05  # injury encounter codes are damped


def test_unique_diagnoses_keep_their_descriptions() -> None:
    rows = table([{"name": "code", "generator": "ICD10 Diagnosis Code", "unique": True},
                  {"name": "desc", "generator": "Diagnosis Description"}], rows=20_000).to_pylist()
    assert len({r["code"] for r in rows}) == 20_000
    assert all(cm.get_description(r["code"]) == r["desc"] for r in rows[:2_000])


def test_identifiers_have_valid_check_digits() -> None:
    rows = table([{"name": "npi", "generator": "NPI", "unique": True},
                  {"name": "nhs", "generator": "NHS Number", "unique": True},
                  {"name": "nhs_digits", "generator": "NHS Number", "format": "digits"},
                  {"name": "dea", "generator": "DEA Number", "unique": True},
                  {"name": "mbi", "generator": "Medicare Beneficiary Identifier", "unique": True},
                  {"name": "mbi_dashed", "generator": "MBI", "dashes": True}]).to_pylist()
    mbi = re.compile(r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]"
                     r"[AC-HJKMNP-RT-Y]{2}[0-9]{2}")
    for row in rows:
        assert re.fullmatch(r"[12]\d{9}", row["npi"]) and luhn.is_valid("80840" + row["npi"]), row
        assert re.fullmatch(r"\d{3} \d{3} \d{4}", row["nhs"]) and nhs.is_valid(row["nhs"]), row
        assert nhs.is_valid(row["nhs_digits"]) and row["nhs_digits"][0] in "467", row
        digits = [int(c) for c in row["dea"][2:]]
        check = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
        assert re.fullmatch(r"[ABFGM][A-Z]\d{7}", row["dea"]) and check == digits[6], row
        assert mbi.fullmatch(row["mbi"]), row
        assert mbi.fullmatch(row["mbi_dashed"].replace("-", "")) and row["mbi_dashed"][4] == "-", row
    for column in ("npi", "nhs", "dea", "mbi"):
        assert len({r[column] for r in rows}) == len(rows), column


def test_ndc_and_pcs_structure() -> None:
    rows = table([{"name": "ndc", "generator": "NDC"}, {"name": "ndc11", "generator": "NDC", "format": "11"},
                  {"name": "pcs", "generator": "ICD-10-PCS Procedure Code"}]).to_pylist()
    layouts = set()
    for row in rows:
        match = re.fullmatch(r"(\d{4,5})-(\d{3,4})-(\d{1,2})", row["ndc"])
        assert match and len(row["ndc"].replace("-", "")) == 10, row
        layouts.add(tuple(len(g) for g in match.groups()))
        assert re.fullmatch(r"\d{5}-\d{4}-\d{2}", row["ndc11"]), row
        assert re.fullmatch(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}", row["pcs"]), row
    assert layouts == {(4, 4, 2), (5, 3, 2), (5, 4, 1)}


def test_drugs_blood_types_and_allergies() -> None:
    rows = table([{"name": "brand", "generator": "Drug Brand Name"},
                  {"name": "generic", "generator": "Drug Generic Name"},
                  {"name": "class", "generator": "Drug Class"}, {"name": "blood", "generator": "Blood Type"},
                  {"name": "allergy", "generator": "Allergy"}]).to_pylist()
    pairs = {(r["brand"], r["generic"], r["class"]) for r in rows}
    assert ("Lipitor", "atorvastatin", "Statin") in pairs and ("Glucophage", "metformin", "Biguanide") in pairs
    assert len({b for b, _, _ in pairs}) == len(pairs)  # one generic per brand
    blood = [r["blood"] for r in rows]
    assert set(blood) == {"O+", "A+", "B+", "AB+", "O-", "A-", "B-", "AB-"}
    assert 0.33 < blood.count("O+") / len(blood) < 0.42
    assert len({r["allergy"] for r in rows}) > 20


def test_vital_signs_are_plausible_and_coherent() -> None:
    rows = table([{"name": "hr", "generator": "Heart Rate"}, {"name": "rr", "generator": "Respiratory Rate"},
                  {"name": "spo2", "generator": "Oxygen Saturation"},
                  {"name": "temp", "generator": "Body Temperature"},
                  {"name": "temp_f", "generator": "Body Temperature", "unit": "F"},
                  {"name": "sys", "generator": "Blood Pressure Systolic"},
                  {"name": "dia", "generator": "Blood Pressure Diastolic"},
                  {"name": "bp", "generator": "Blood Pressure"},
                  {"name": "h", "generator": "Height"}, {"name": "w", "generator": "Weight"},
                  {"name": "bmi", "generator": "BMI"}, {"name": "h_in", "generator": "Height", "unit": "in"},
                  {"name": "w_lb", "generator": "Weight", "unit": "lb"}]).to_pylist()
    for row in rows:
        assert 45 <= row["hr"] <= 160 and 10 <= row["rr"] <= 30 and 88 <= row["spo2"] <= 100, row
        assert 35.5 <= row["temp"] <= 40.5 and 95.9 <= row["temp_f"] <= 104.9, row
        assert 85 <= row["sys"] <= 200 and 45 <= row["dia"] <= row["sys"] - 20, row
        assert row["bp"] == f"{row['sys']}/{row['dia']}", row
        # Adults without an age column: heights of either sex, BMI up to severe obesity.
        assert 130 <= row["h"] <= 215 and abs(row["h_in"] * 2.54 - row["h"]) < 0.2, row
        assert abs(row["bmi"] - row["w"] / (row["h"] / 100) ** 2) < 0.06 and 11 <= row["bmi"] <= 65.1, row
        assert abs(row["w_lb"] / 2.2046226 - row["w"]) < 0.1, row
    mean_hr = sum(r["hr"] for r in rows) / len(rows)
    assert 72 < mean_hr < 80
    systolic = [r["sys"] for r in rows]
    diastolic = [r["dia"] for r in rows]
    high = [d for s, d in zip(systolic, diastolic, strict=True) if s > 140]
    low = [d for s, d in zip(systolic, diastolic, strict=True) if s < 110]
    assert sum(high) / len(high) > sum(low) / len(low) + 8  # diastolic follows systolic


def test_determinism_across_batches() -> None:
    fields = [{"name": "icd", "generator": "ICD-10-CM Diagnosis Code"}, {"name": "npi", "generator": "NPI"},
              {"name": "w", "generator": "Weight"}, {"name": "bp", "generator": "Blood Pressure"}]
    base = table(fields, rows=3_000)
    assert table(fields, rows=3_000, batch_size=128) == base
    assert table(fields, rows=3_000, seed=62)["npi"] != base["npi"]
