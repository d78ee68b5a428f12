"""Picks from short word lists shipped in synthdb/data: NATO phonetic words, professional skills, drug companies."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.bundled import bundled_lines
from synthdb.generators.helpers.common import COMPANIES, DATA_TYPES, HEALTHCARE, is_unique
from synthdb.generators.helpers.reference import choices
from synthdb.generators.registry import register
from synthdb.randomness import derive_key


class _WordList(Generator[NoParams]):
    """A uniform pick from one list of synthdb/data (distinct by permutation when `unique`)."""

    unique_values = True
    source: ClassVar[str]

    def capacity(self) -> int | None:
        return len(bundled_lines(self.source))

    def enumerate_values(self, ctx: ColumnContext, indices: pa.Array) -> pa.Array | None:
        return pa.array(bundled_lines(self.source), pa.string()).take(pa.array(indices))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pool = choices(bundled_lines(self.source))
        if is_unique(self):
            return pool.pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return pool.pick(ctx.rows, ctx.stream)


@register
class NatoPhonetic(_WordList):
    """A word of the NATO (ICAO) spelling alphabet."""

    display_name = "Nato Phonetic"
    key = "nato_phonetic"
    aliases = ("NATO Phonetic Alphabet", "phonetic_alphabet", "icao_alphabet")
    category = DATA_TYPES
    description = "A word of the NATO/ICAO spelling alphabet, Alfa to Zulu (ICAO spelling)."
    source = "content/nato_alphabet.txt"


@register
class LinkedInSkill(_WordList):
    """A professional skill as listed on a profile."""

    display_name = "LinkedIn Skill"
    key = "linkedin_skill"
    aliases = ("skill", "professional_skill", "job_skill")
    category = COMPANIES
    description = "A professional skill such as Project Management, SQL or Negotiation."
    source = "business/skills.txt"


@register
class DrugCompany(_WordList):
    """A pharmaceutical manufacturer."""

    display_name = "Drug Company"
    key = "drug_company"
    aliases = ("pharmaceutical_company", "drug_manufacturer", "pharma_company")
    category = HEALTHCARE
    description = "A pharmaceutical manufacturer such as Pfizer, Novartis or Teva Pharmaceuticals."
    source = "health/drug_companies.txt"
