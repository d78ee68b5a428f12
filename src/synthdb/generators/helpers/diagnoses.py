"""Which ICD-10-CM codes a patient can have, and how often: visit-prevalence weights and code-set edits.

Weights: data/health/icd10cm_visit_weights.csv (NAMCS shares of office visits, a few hundred common codes,
each for an age range). Every other billable code shares TAIL_SHARE of the draws an adult gets (7-character
injury encounter codes 20x less than the others). Edits, after the Medicare Code Editor's sex and age edits:
female-only and male-only codes (chapter O, N70-N98, C51-C58, contraceptive pills and devices ... /
N40-N53, C60-C63 ..., and codes whose description says female or male), newborn codes (P00-P96, Z38,
Z00.11) only before the first birthday, child health checks (Z00.12) 0-17, adult examinations (Z00.0) from
18, maternity codes (O, Z33-Z3A, Z36, Z37, Z39) 12-55. External causes (V00-Y99) are never primary
diagnoses, so they are drawn only when asked.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.helpers.bundled import bundled_csv, data_path, source_of
from synthdb.generators.helpers.patient import FEMALE, MALE, UNKNOWN_AGE
from synthdb.generators.helpers.refcache import cached_table, column_of

# The codes outside the weight table together get this share of an adult's draws (to whom every listed
# code applies): the table says which codes are common, the tail keeps the rest of the code set possible.
TAIL_SHARE = 0.10
INJURY_DAMPING = 20.0  # 7-character codes (injury encounters) are drawn this many times less in the tail

# Ranges of 3-character categories, inclusive, by the first 3 characters of the code.
_FEMALE_RANGES = (("O00", "O9A"), ("N70", "N98"), ("C51", "C58"), ("D06", "D06"), ("D25", "D28"), ("D39", "D39"),
                  ("Q50", "Q52"), ("R87", "R87"), ("Z33", "Z3A"), ("Z36", "Z37"), ("Z39", "Z39"), ("Z32", "Z32"))
_FEMALE_PREFIXES = ("Z01.41", "Z12.4", "Z30.01", "Z30.4", "Z87.5", "N99.2", "N99.3", "Z01.42")
_MALE_RANGES = (("N40", "N53"), ("C60", "C63"), ("D29", "D29"), ("D40", "D40"), ("Q53", "Q55"), ("R86", "R86"))
_MALE_PREFIXES = ("D07.4", "D07.5", "D07.6", "Z12.5")
_FEMALE_WORDS = re.compile(r"\b(female|females|vagina\w*|vulv\w*|uter(i|us|ine)\b|ovar\w*|pregnan\w*|"
                           r"menstrua\w*|puerper\w*|fallopian|endometri\w*|postpartum|maternal)", re.I)
_MALE_WORDS = re.compile(r"\b(male|males|prostat\w*|testi[sc]\w*|testes|scrot\w*|penis|penile|seminal|"
                         r"epididym\w*|spermatic|vas deferens)\b", re.I)

ANY, FEMALE_ONLY, MALE_ONLY = 0, 1, 2
# Age classes of the code-set edits.
NO_AGE_EDIT, NEWBORN, PEDIATRIC, ADULT, MATERNITY = 0, 1, 2, 3, 4
_AGE_LIMITS = {NO_AGE_EDIT: (0, 999), NEWBORN: (0, 0), PEDIATRIC: (0, 17), ADULT: (18, 999), MATERNITY: (12, 55)}


def _in_ranges(category: str, ranges: tuple[tuple[str, str], ...]) -> bool:
    return any(low <= category <= high for low, high in ranges)


def sex_edit(code: str, description: str) -> int:
    """ANY, FEMALE_ONLY or MALE_ONLY for a dotted code and its description."""
    category = code[:3]
    if _in_ranges(category, _FEMALE_RANGES) or code.startswith(_FEMALE_PREFIXES) or _FEMALE_WORDS.search(description):
        return FEMALE_ONLY
    if _in_ranges(category, _MALE_RANGES) or code.startswith(_MALE_PREFIXES) or _MALE_WORDS.search(description):
        return MALE_ONLY
    return ANY


def age_edit(code: str) -> int:
    """The age class of a dotted code (NO_AGE_EDIT, NEWBORN, PEDIATRIC, ADULT or MATERNITY)."""
    category = code[:3]
    if "P00" <= category <= "P96" or category == "Z38" or code.startswith("Z00.11"):
        return NEWBORN
    if code.startswith("Z00.12"):
        return PEDIATRIC
    if code.startswith("Z00.0"):
        return ADULT
    if category[0] == "O" or "Z33" <= category <= "Z3A" or category in ("Z36", "Z37", "Z39"):
        return MATERNITY
    return NO_AGE_EDIT


def is_external_cause(code: str) -> bool:
    """V00-Y99: how an injury happened, reported beside the injury, never as the primary diagnosis."""
    return "V" <= code[:1] <= "Y"


def age_allows(age_class: int, age: int) -> bool:
    """True when the code-set edit of `age_class` admits a patient aged `age` (unknown ages: an adult)."""
    low, high = _AGE_LIMITS[age_class]
    if age == UNKNOWN_AGE:
        return age_class in (NO_AGE_EDIT, ADULT, MATERNITY)
    return low <= age <= high


def sex_allows(edit: int, sex: int) -> bool:
    """True when a code with sex edit `edit` fits a patient of `sex` (OTHER: neither sex-specific list)."""
    return edit == ANY or (edit == FEMALE_ONLY and sex == FEMALE) or (edit == MALE_ONLY and sex == MALE)


class DiagnosisModel:
    """Codes (dotted), their weights and edits; draws per (sex, age) profile with two uniforms per row."""

    def __init__(self, table: pa.Table, external: bool) -> None:
        codes: list[str] = table.column("code").to_pylist()
        self.size = len(codes)
        position = {c: i for i, c in enumerate(codes)}
        rows = [r for r in bundled_csv("health/icd10cm_visit_weights.csv") if r["code"] in position]
        self.top = np.array([position[r["code"]] for r in rows], dtype=np.int64)
        self.top_weight = np.array([float(r["percent"]) for r in rows])
        self.top_low = np.array([int(r["min_age"] or 0) for r in rows])
        self.top_high = np.array([int(r["max_age"] or 999) for r in rows])
        self.sex = table.column("sex_edit").to_numpy()
        self.age = table.column("age_edit").to_numpy()
        tail = np.where(pc.utf8_length(table.column("code")).to_numpy() >= 8, 1.0 / INJURY_DAMPING, 1.0)
        tail[self.top] = 0.0  # listed codes are drawn by their own weights only, inside their ages
        if not external:
            tail[table.column("external").to_numpy(zero_copy_only=False)] = 0.0
        self.tail_unit = tail
        self.tail_total = self.top_weight.sum() * TAIL_SHARE / (1 - TAIL_SHARE)

    @cache  # noqa: B019 - one model per process (module-level caches below), profiles are few
    def top_cumulative(self, sex: int, age: int) -> np.ndarray:
        """Cumulative weights of the listed codes for one profile, then the tail as a last slot."""
        known = age != UNKNOWN_AGE
        in_range = (self.top_low <= age) & (age <= self.top_high) if known else (self.top_low <= 64) & (
            self.top_high >= 18)
        edits = np.array([sex_allows(int(self.sex[i]), sex) and age_allows(int(self.age[i]), age)
                          for i in self.top])
        weights = np.where(in_range & edits, self.top_weight, 0.0)
        return np.cumsum(np.append(weights, self.tail_total))

    @cache  # noqa: B019
    def tail_cumulative(self, sex: int, age: int) -> np.ndarray:
        """Cumulative tail weights over the whole code set for a sex and an age (a class representative)."""
        allowed_sex = (self.sex == ANY) | ((self.sex == FEMALE_ONLY) & (sex == FEMALE)) | (
            (self.sex == MALE_ONLY) & (sex == MALE))
        allowed_age = np.array([age_allows(k, age) for k in range(5)])[self.age]
        return np.cumsum(np.where(allowed_sex & allowed_age, self.tail_unit, 0.0))

    def draw(self, sexes: np.ndarray, ages: np.ndarray, u_top: np.ndarray, u_tail: np.ndarray) -> np.ndarray:
        """A code index per row: a listed code by its weight, or a tail code, both within the row's edits."""
        out = np.empty(len(sexes), dtype=np.int64)
        profiles = sexes.astype(np.int64) * 1000 + ages + 1
        for profile in np.unique(profiles):
            mask = profiles == profile
            sex, age = int(profile // 1000), int(profile % 1000) - 1
            cumulative = self.top_cumulative(sex, age)
            slot = np.minimum(np.searchsorted(cumulative, u_top[mask] * cumulative[-1], side="right"),
                              len(cumulative) - 1)
            is_tail = slot == len(self.top)
            picked = self.top[np.minimum(slot, len(self.top) - 1)]
            if is_tail.any():
                tail = self.tail_cumulative(sex, _age_representative(age))
                where = np.minimum(np.searchsorted(tail, u_tail[mask][is_tail] * tail[-1], side="right"),
                                   len(tail) - 1)
                picked[is_tail] = where
            out[mask] = picked
        return out


def _age_representative(age: int) -> int:
    """One age per distinct verdict of the age edits, so tail tables are built once per class."""
    if age == UNKNOWN_AGE:
        return UNKNOWN_AGE
    for representative, (low, high) in ((0, (0, 0)), (5, (1, 11)), (14, (12, 17)), (30, (18, 55))):
        if low <= age <= high:
            return representative
    return 60



def _build_code_table() -> pa.Table:
    import simple_icd_10_cm as cm

    codes = [c for c in cm.get_all_codes(True) if "-" not in c and cm.is_leaf(c)]
    descriptions = [cm.get_description(c) for c in codes]
    return pa.table({
        "code": pa.array(codes, pa.string()),
        "description": pa.array(descriptions, pa.string()),
        "sex_edit": pa.array([sex_edit(c, d) for c, d in zip(codes, descriptions, strict=True)], pa.int8()),
        "age_edit": pa.array([age_edit(c) for c in codes], pa.int8()),
        "external": pa.array([is_external_cause(c) for c in codes], pa.bool_()),
    })


@cache
def code_table() -> pa.Table:
    """simple-icd-10-cm's billable (leaf) codes, dotted, in its order, with descriptions and edits (compiled
    once into the reference cache: loading the package's code set takes seconds)."""
    return cached_table("icd10cm-billable", ("simple_icd_10_cm",), _build_code_table,
                        [source_of(__name__), data_path("health", "icd10cm_visit_weights.csv")])


def billable_codes() -> tuple[pa.Array, pa.Array]:
    """(dotted codes, descriptions) of the billable codes."""
    table = code_table()
    return column_of(table, "code"), column_of(table, "description")


@cache
def diagnosis_model(external: bool) -> DiagnosisModel:
    """The model over the billable codes (external causes drawn only when asked)."""
    return DiagnosisModel(code_table(), external)
