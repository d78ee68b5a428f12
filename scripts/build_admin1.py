"""Print admin1.csv rows (country, geonames admin1 code, local name, abbreviation) for countries whose
geonames cities carry only numeric admin1 codes: CA AU SE KR (GeoNames postal data, CC-BY 4.0) and
IN PL MX (countrystatecity postal data, ODbL 1.0).

Each geonames admin1 code takes the state code that most of its cities' postal codes carry in the
postal data; names are ISO 3166-2 names from pycountry, except KR, whose names are GeoNames' Korean ones.

    python scripts/build_admin1.py GEONAMES_DIR CSC_DIR >> src/synthdb/data/geography/admin1.csv
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
import unicodedata
from pathlib import Path

GEONAMES = ("CA", "AU", "SE", "KR")
CSC = ("IN", "PL", "MX")
# The postal data's state codes that ISO 3166-2 spells otherwise (Telangana: IN-TS since 2014).
ISO_ALIASES = {("IN", "TG"): "TS", ("IN", "CT"): "CG", ("IN", "OR"): "OD", ("IN", "DD"): "DH", ("IN", "DN"): "DH"}


def _korean_names(geonames_dir: str) -> dict[str, str]:
    """GeoNames' KR admin code 1 → its Korean name (서울특별시)."""
    lines = Path(geonames_dir, "KR.txt").read_text(encoding="utf-8").splitlines()
    return {cols[4]: cols[3] for cols in (line.split("\t") for line in lines) if cols[4]}


def main(geonames_dir: str, csc_dir: str) -> None:
    import pycountry

    with gzip.open("src/synthdb/data/geography/postcodes.csv.gz", "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for country in (*GEONAMES, *CSC):
        # build_postcodes.py filed every city under one postal state per geonames admin1 division.
        state_of = {row["admin1"]: row["state"] for row in rows if row["country"] == country}
        korean = _korean_names(geonames_dir) if country == "KR" else {}
        for admin1 in sorted(state_of):
            code = state_of[admin1]
            iso = ISO_ALIASES.get((country, code), code)
            if country == "KR":
                name = korean[code]
                iso = {"01": "49", "03": "45", "05": "43", "06": "42", "10": "26", "11": "11", "12": "28",
                       "13": "41", "14": "47", "15": "27", "16": "46", "17": "44", "18": "29", "19": "30",
                       "20": "48", "21": "31", "22": "50"}[code]
            else:
                sub = pycountry.subdivisions.get(code=f"{country}-{iso}")
                if sub is None:
                    print(f"# no ISO subdivision {country}-{iso}", file=sys.stderr)
                    continue
                name = re.sub(r"\s*\[.*\]$", "", sub.name)
                if country == "IN":  # pycountry writes long vowels (Mahārāshtra); Indian English does not
                    name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
            writer.writerow([country, admin1, name, iso])


if __name__ == "__main__":
    main(*sys.argv[1:3])
