"""hi_IN places in Devanagari: geonames' Devanagari names of Indian cities and the states' Hindi names.

geonames lists a city's names in many scripts without saying which language each is; an Indian city may
have several Devanagari ones (Hindi, Marathi, Nepali spellings, and the odd wrong one: Yeola has येवला and
येभ्ल). The one kept is the spelling whose romanisation is closest to the English name. Cities with no
Devanagari name are left out of the hi_IN place table (as Japanese and Chinese cities without a name in
their script are), unless data/geography/cities_hi.csv names them, so a hi_IN address never mixes
scripts; see docs/locales.md.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from functools import cache
from typing import Any

from synthdb.generators.helpers.bundled import data_path

# Compiled (and kept by `re`) on first use: only building a place table needs them.
_DEVANAGARI = r"^[\u0900-\u097F][\u0900-\u097F ]*$"
_NOT_HINDI = r"[णळ]|ङ्|्$"
# Scripts with their own place table, as "<country>@<script>": the locale that reads it.
NATIVE_TABLES = {"hi_IN": "IN@hi"}


def devanagari_name(city: dict[str, Any]) -> str | None:
    """The city's Devanagari name closest to its English name once romanised, or None when it has none."""
    from anyascii import anyascii

    fixed = hindi_cities().get(str(city["name"]))
    if fixed:
        return fixed
    candidates = [str(a) for a in city.get("alternatenames") or () if re.match(_DEVANAGARI, str(a))]
    if not candidates:
        return None
    latin = "".join(c for c in unicodedata.normalize("NFKD", str(city["name"]).lower()) if c.isascii())
    # Closest to the English name, less for marks of Marathi (ण, ळ) and Sanskrit (ङ्, a final virama)
    # spellings; ties keep geonames' order.
    scores = [difflib.SequenceMatcher(None, anyascii(a).lower(), latin).ratio() - 0.1 * len(re.findall(_NOT_HINDI, a))
              for a in candidates]
    return candidates[scores.index(max(scores))]


@cache
def hindi_cities() -> dict[str, str]:
    """geonames' English city name → its usual Hindi spelling where geonames lacks it (cities_hi.csv)."""
    with data_path("geography", "cities_hi.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {r["name"]: r["hindi"] for r in csv.DictReader(lines)}


@cache
def hindi_states() -> dict[tuple[str, str], str]:
    """(country, geonames admin1 code) → the state's Hindi name (data/geography/admin1_hi.csv)."""
    with data_path("geography", "admin1_hi.csv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {(r["country"], r["geonames_code"]): r["name"] for r in csv.DictReader(lines)}
