"""Gender, Title, Suffix, Pronouns and other facts about a person: Shirt Size, Race, Marital Status, Passport.

Gender, Gender Abbreviation, Title and Suffix agree with the row's person (generators/helpers/people.py): with
no Gender column they share the group's gender draw with First Name, so "Mrs." never precedes "John".
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.checksums import text
from synthdb.generators.helpers.common import PEOPLE, locale_of
from synthdb.generators.helpers.people import FEMALE, MALE, OTHER, GenderSource, pick_by_gender
from synthdb.generators.helpers.reference import (
    DEFAULT_LOCALE,
    Choices,
    LocaleParams,
    choices,
    data_locale,
    faker_data,
    locale_candidates,
    package_data,
)
from synthdb.generators.registry import register
from synthdb.randomness import Stream

_GENDER_WORDS = {MALE: "Male", FEMALE: "Female", OTHER: "Non-binary"}
_GENDER_LETTERS = {MALE: "M", FEMALE: "F", OTHER: "X"}


class GenderParams(LocaleParams):
    """Parameters of Gender: `nonbinary_percent` % of rows are Non-binary (X); the rest are half female."""

    nonbinary_percent: float = 0

    @field_validator("nonbinary_percent")
    @classmethod
    def _percent(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError("must be between 0 and 100")
        return value


class _GenderWord(Generator[GenderParams]):
    """A gender label per row, from the person's shared gender."""

    category = PEOPLE
    Params = GenderParams
    words: dict[int, str]
    reads: frozenset[str] = frozenset()
    _gender: GenderSource

    def setup(self) -> None:
        self._gender = GenderSource(self, columns=self.reads)

    def dependencies(self) -> list[str]:
        return self._gender.dependencies()

    def capacity(self) -> int | None:
        return 3 if self.params.nonbinary_percent else 2

    def generate(self, ctx: ColumnContext) -> pa.Array:
        codes = self._gender.codes(ctx, self.params.nonbinary_percent / 100)
        return pa.array([self.words[c] for c in (MALE, FEMALE, OTHER)]).take(pa.array(codes.astype(np.int64)))


@register
class Gender(_GenderWord):
    """Male, Female (and Non-binary when `nonbinary_percent` > 0), shared with the row's names and title."""

    display_name = "Gender"
    key = "gender"
    aliases = ("sex", "Gender (Binary)")
    description = "Male or Female (Non-binary with nonbinary_percent); First Name and Title agree with it."
    words = _GENDER_WORDS


@register
class GenderAbbreviation(_GenderWord):
    """M, F (or X): follows the row's Gender column when there is one."""

    display_name = "Gender Abbreviation"
    key = "gender_abbreviation"
    aliases = ("gender_abbrev", "sex_abbreviation", "Gender (abbrev)")
    description = "M or F (X with nonbinary_percent), agreeing with the row's Gender and names."
    words = _GENDER_LETTERS
    reads = frozenset({"gender"})


@cache
def _titles(locale: str) -> dict[int, Choices]:
    """Forms of address per gender: synthdb's weighted lists, else Faker's gendered prefixes, else English."""
    curated = package_data("identity.json")["titles"]
    for candidate in locale_candidates(locale):
        lang = candidate.split("_")[0]
        table = curated.get(candidate) or (curated.get(lang) if candidate != DEFAULT_LOCALE else None)
        if table:
            return {MALE: choices(table["male"]), FEMALE: choices(table["female"]), OTHER: choices(table["other"])}
        try:
            male = data_locale("person", "prefixes_male", candidate)
            female = data_locale("person", "prefixes_female", candidate)
        except LookupError:
            continue
        if male == female == candidate != DEFAULT_LOCALE:
            return {MALE: choices(faker_data("person", "prefixes_male", candidate)),
                    FEMALE: choices(faker_data("person", "prefixes_female", candidate))}
    table = curated["en"]
    return {MALE: choices(table["male"]), FEMALE: choices(table["female"]), OTHER: choices(table["other"])}


class _PersonWord(Generator[LocaleParams]):
    """A word that depends on the row's gender (title, suffix)."""

    category = PEOPLE
    Params = LocaleParams
    _gender: GenderSource

    def setup(self) -> None:
        self._gender = GenderSource(self)

    def dependencies(self) -> list[str]:
        return self._gender.dependencies()

    def pickers(self) -> dict[int, Choices]:
        raise NotImplementedError

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pick_by_gender(self._gender.codes(ctx), ctx.rows, self.pickers(), ctx.stream)


@register
class Title(_PersonWord):
    """Forms of address (Mr., Ms., Dr., Herr, Mme, Sra., ...) agreeing with the row's gender and locale."""

    display_name = "Title"
    key = "title"
    aliases = ("prefix", "name_prefix", "salutation", "honorific")
    description = "Mr., Mrs., Ms., Dr. ... in the locale's language, agreeing with the row's gender and first name."

    def pickers(self) -> dict[int, Choices]:
        return _titles(locale_of(self))


@cache
def _suffixes(locale: str) -> dict[int, Choices]:
    """Faker's gendered suffixes (Jr., III, MD ...) or, where a locale has one list (de_DE: B.Sc.), that list."""
    try:
        own = data_locale("person", "suffixes", locale)
    except LookupError:
        own = DEFAULT_LOCALE
    if own != DEFAULT_LOCALE:
        shared = choices(faker_data("person", "suffixes", own))
        return {MALE: shared, FEMALE: shared}
    return {
        MALE: choices(faker_data("person", "suffixes_male", locale)),
        FEMALE: choices(faker_data("person", "suffixes_female", locale)),
        OTHER: choices(faker_data("person", "suffixes_nonbinary", DEFAULT_LOCALE)),
    }


@register
class Suffix(_PersonWord):
    """Name suffixes: Jr., II, III, MD, PhD ... (Jr. and numerals only for men)."""

    display_name = "Suffix"
    key = "suffix"
    aliases = ("name_suffix",)
    description = "Jr., Sr.-style and professional suffixes (MD, PhD, DDS) agreeing with the row's gender."

    def pickers(self) -> dict[int, Choices]:
        return _suffixes(locale_of(self))


@cache
def identity_choices(name: str) -> Choices:
    """A weighted list from synthdb/data/identity.json."""
    return choices(package_data("identity.json")[name])


class _IdentityList(Generator[NoParams]):
    """A weighted pick from one list of identity.json."""

    category = PEOPLE
    data: str

    def capacity(self) -> int | None:
        return len(identity_choices(self.data))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return identity_choices(self.data).pick(ctx.rows, ctx.stream)


@register
class ShirtSize(_IdentityList):
    """XS to 3XL, weighted towards M and L."""

    display_name = "Shirt Size"
    key = "shirt_size"
    aliases = ("t_shirt_size", "clothing_size")
    description = "XS, S, M, L, XL, 2XL, 3XL weighted like adult apparel sales."
    data = "shirt_sizes"


@register
class Race(_IdentityList):
    """US Census race categories weighted by their 2020 shares."""

    display_name = "Race"
    key = "race"
    aliases = ("race_category",)
    description = "US Census (OMB) race category weighted by the 2020 census."
    data = "races"


@register
class Ethnicity(_IdentityList):
    """Hispanic or Latino / Not Hispanic or Latino, weighted by the 2020 census."""

    display_name = "Ethnicity"
    key = "ethnicity"
    aliases = ("hispanic_origin",)
    description = "Hispanic or Latino / Not Hispanic or Latino (US Census 2020 shares)."
    data = "ethnicities"


@register
class MaritalStatus(_IdentityList):
    """Never Married, Married, Divorced, Widowed, Separated, weighted by US survey shares."""

    display_name = "Marital Status"
    key = "marital_status"
    aliases = ("civil_status", "relationship_status")
    description = "Never Married, Married, Divorced, Widowed or Separated (US ACS shares)."
    data = "marital_statuses"


@cache
def _pronouns() -> dict[int, Choices]:
    table = package_data("identity.json")["pronouns"]
    return {MALE: choices(table["male"]), FEMALE: choices(table["female"]), OTHER: choices(table["other"])}


@register
class Pronouns(_PersonWord):
    """English pronoun sets agreeing with the row's gender: he/him, she/her, they/them."""

    display_name = "Pronouns"
    key = "pronouns"
    aliases = ("personal_pronouns", "preferred_pronouns")
    description = "he/him, she/her or they/them (for non-binary rows), agreeing with the row's gender."

    def pickers(self) -> dict[int, Choices]:
        return _pronouns()


# Letters on passports skip I and O (they read as 1 and 0).
_PASSPORT_LETTERS = np.frombuffer(b"ABCDEFGHJKLMNPQRSTUVWXYZ", dtype=np.uint8)


@register
class PassportNumber(Generator[LocaleParams]):
    """Passport numbers in the layout of the locale's country (US: 9 digits or a letter and 8 digits)."""

    display_name = "Passport Number"
    key = "passport_number"
    aliases = ("passport", "passport_no")
    category = PEOPLE
    description = "A passport number in the layout of the locale's country, e.g. C01X00T47 (DE), 123456789 (US)."
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = package_data("identity.json")["passport_formats"]
        region = locale_of(self).replace("-", "_").partition("_")[2].upper()
        formats = table.get(region) or table["US"]
        rendered = [_render_layout(layout, ctx.rows, ctx.stream.child(layout)) for layout in formats]
        if len(rendered) == 1:
            return rendered[0]
        which = ctx.stream.child("layout").integers(ctx.rows, 0, len(rendered) - 1)
        return pc.choose(pa.array(which.astype(np.int8)), *rendered)


def _render_layout(layout: str, rows: np.ndarray, stream: Stream) -> pa.Array:
    """# a digit, ? a letter, anything else itself."""
    columns = []
    for position, symbol in enumerate(layout):
        if symbol == "#":
            columns.append(stream.integers(rows, 0, 9, draw=position) + ord("0"))
        elif symbol == "?":
            columns.append(_PASSPORT_LETTERS[stream.integers(rows, 0, len(_PASSPORT_LETTERS) - 1, draw=position)])
        else:
            columns.append(np.full(len(rows), ord(symbol)))
    return text(np.column_stack(columns).astype(np.uint8))
