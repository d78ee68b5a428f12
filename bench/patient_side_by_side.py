"""Ten patients from synthdb beside ten from a Faker script, for docs/realism.md (Healthcare).

Faker has no medical provider, so the Faker side is what a Faker script usually does: Faker's name, sex and
date of birth, an ICD-10-CM code picked evenly from simple-icd-10-cm's billable codes, a height drawn evenly.
Run: PYTHONPATH=src python bench/patient_side_by_side.py
"""

from __future__ import annotations

import random
from datetime import date

import simple_icd_10_cm as cm
from faker import Faker

import synthdb

FIELDS = [{"name": "sex", "generator": "Gender"},
          {"name": "born", "generator": "Birth Date", "min_age": 0, "max_age": 90},
          {"name": "dx", "generator": "ICD-10-CM Diagnosis Code"},
          {"name": "drug", "generator": "Drug Generic Name"},
          {"name": "strength", "generator": "Drug Strength"},
          {"name": "ndc", "generator": "NDC"},
          {"name": "height_cm", "generator": "Height"},
          {"name": "payer", "generator": "Health Insurance Provider"}]


def main() -> None:
    rows = synthdb.to_tables({"name": "p", "seed": 7, "entities": [
        {"name": "t", "record_count": "10", "fields": FIELDS}]})["t"].to_pylist()
    print("| sex | born | dx | drug | NDC | height | payer |\n|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['sex']} | {r['born']} | {r['dx']} | {r['drug']} {r['strength']} | {r['ndc']} | "
              f"{r['height_cm']:.0f} | {r['payer']} |")
    fake, rng = Faker("en_US"), random.Random(7)
    Faker.seed(7)
    codes = [c for c in cm.get_all_codes(True) if "-" not in c and cm.is_leaf(c)]
    drugs = ["lisinopril", "metformin", "atorvastatin", "amoxicillin", "sertraline", "omeprazole"]
    print("\n| sex | born | dx | drug | NDC | height | payer |\n|---|---|---|---|---|---|---|")
    for _ in range(10):
        born = fake.date_of_birth(minimum_age=0, maximum_age=90)
        print(f"| {rng.choice(['Male', 'Female'])} | {born} | {rng.choice(codes)} | {rng.choice(drugs)} | "
              f"{fake.numerify('#####-####-##')} | {rng.randint(145, 205)} | "
              f"{rng.choice(['Medicare', 'Medicaid', 'Aetna', 'Cigna'])} |")
    print(f"\n(as of {date(2025, 12, 31)})")


if __name__ == "__main__":
    main()
