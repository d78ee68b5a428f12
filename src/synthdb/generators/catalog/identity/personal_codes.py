"""Identity numbers that encode a birth date and a sex: French NIR, Italian codice fiscale, Chinese resident
id, Polish PESEL, Swedish personnummer; plus the German tax id, whose digits follow a repetition rule.

The sex they encode agrees with the row's person (see generators/helpers/people.py): the row's Gender column,
a gender fixed on a name field, or the group's shared draw. Birth dates are uniform between 1940 and
2006. The codice fiscale spells the row's Last Name / First Name columns when the group has them.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.catalog.identity.national_ids import (
    IdParams,
)
from synthdb.generators.helpers.checksums import (
    LETTERS,
    chars,
    column,
    compose,
    digits_of,
    luhn_digit,
    random_dates,
    text,
    weighted_sum,
)
from synthdb.generators.helpers.common import PEOPLE, as_strings
from synthdb.generators.helpers.people import FEMALE, MALE, GenderSource, group_sibling
from synthdb.generators.helpers.reference import ascii_fold, faker_data, first_names, last_names, package_data
from synthdb.generators.registry import register
from synthdb.randomness import Stream

FIRST_YEAR, LAST_YEAR = 1940, 2006


class _PersonalCode(Generator[IdParams]):
    """A code for one person of the row: knows where the row's gender comes from."""

    category = PEOPLE
    Params = IdParams
    _gender: GenderSource

    def setup(self) -> None:
        self._gender = GenderSource(self)

    def dependencies(self) -> list[str]:
        return self._gender.dependencies()

    def sexes(self, ctx: ColumnContext) -> np.ndarray:
        """MALE or FEMALE per row (rows of another gender get the sex of a fair coin of their own)."""
        codes = self._gender.codes(ctx)
        coin = np.where(ctx.stream.child("sex").uniform(ctx.rows) < 0.5, FEMALE, MALE)
        return np.where((codes == MALE) | (codes == FEMALE), codes, coin)

    def sep(self, separator: str) -> str:
        """`separator` when formatted, else nothing."""
        return separator if self.params.formatted else ""


def _two(values: np.ndarray) -> np.ndarray:
    return chars(digits_of(values % 100, 2))


@cache
def _nir_places() -> tuple[np.ndarray, np.ndarray]:
    """(5 characters of department + commune, their numeric value for the key) from Faker's fr_FR data."""
    places = [dept + commune for dept, commune, *_ in faker_data("ssn", "departments_and_municipalities", "fr_FR")]
    codes = np.frombuffer("".join(places).encode(), dtype=np.uint8).reshape(-1, 5)
    # Corsica's 2A and 2B count as 19 and 18 in the key.
    numeric = [int(p.replace("2A", "19").replace("2B", "18")) for p in places]
    return codes, np.array(numeric, dtype=np.int64)


@register
class FrenchNIR(_PersonalCode):
    """French social security numbers (NIR): sex, birth year and month, place, order number and key."""

    display_name = "NIR"
    key = "nir"
    aliases = ("french_nir", "numero_de_securite_sociale", "french_social_security_number", "INSEE Number")
    description = "French NIR 1 85 05 78 006 084 36: sex digit agrees with the row's gender, valid key."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        sex = np.where(self.sexes(ctx) == FEMALE, 2, 1)
        year, month, _ = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        codes, numeric = _nir_places()
        place = stream.integers(rows, 0, len(codes) - 1, draw=1)
        # The prefecture's commune code comes from Faker; the birth order number is 001-999.
        order = stream.integers(rows, 1, 999, draw=2)
        head = ((sex * 100 + year % 100) * 100 + month) * 10**5 + numeric[place]
        key = 97 - (head * 1000 + order) % 97
        s = self.sep(" ")
        place_chars = codes[place]
        return text(compose(len(rows), column(chars(sex)), s, _two(year), s, _two(month), s, place_chars[:, :2], s,
                            place_chars[:, 2:], s, chars(digits_of(order, 3)), s, _two(key)))


_MONTH_LETTERS = np.frombuffer(b"ABCDEHLMPRST", dtype=np.uint8)
_CF_ODD = np.zeros(256, dtype=np.int64)
_CF_EVEN = np.zeros(256, dtype=np.int64)
for _i, _v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]):
    _CF_ODD[ord("A") + _i] = _v
    _CF_EVEN[ord("A") + _i] = _i
    if _i < 10:
        _CF_ODD[ord("0") + _i] = _v
        _CF_EVEN[ord("0") + _i] = _i


def _name_code(name: str, first: bool) -> str:
    """Three letters of a codice fiscale: consonants then vowels then X (first names: 1st, 3rd, 4th consonant)."""
    letters = [c for c in name.upper() if "A" <= c <= "Z"]
    consonants = [c for c in letters if c not in "AEIOU"]
    vowels = [c for c in letters if c in "AEIOU"]
    if first and len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return "".join(consonants + vowels + ["X", "X", "X"])[:3]


def _name_codes(names: pa.Array, first: bool) -> np.ndarray:
    """(n, 3) letters per name; computed once per distinct name, not per row."""
    encoded = pc.dictionary_encode(pc.fill_null(as_strings(names), ""))
    dictionary = ascii_fold(encoded.dictionary, "a-z").to_pylist()  # fold each distinct name once
    table = np.frombuffer("".join(_name_code(n, first) for n in dictionary).encode() or b"XXX", np.uint8)
    return table.reshape(-1, 3)[encoded.indices.to_numpy(zero_copy_only=False)]


@register
class CodiceFiscale(_PersonalCode):
    """Italian tax codes: surname and name letters, birth date (+40 for women), municipality, check letter."""

    display_name = "Codice Fiscale"
    key = "codice_fiscale"
    aliases = ("italian_fiscal_code", "italian_tax_code")
    description = "Italian codice fiscale RSSMRA85M01H501Q from the row's names and gender, valid check letter."
    _last: str | None = None
    _first: str | None = None

    def setup(self) -> None:
        super().setup()
        last = group_sibling(self, frozenset({"last_name"}))
        first = group_sibling(self, frozenset({"first_name"}))
        self._last = last.name if last else None
        self._first = first.name if first else None

    def dependencies(self) -> list[str]:
        return [*super().dependencies(), *(n for n in (self._last, self._first) if n)]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        sexes = self.sexes(ctx)
        last = (ctx.columns[self._last] if self._last else last_names("it_IT").pick(rows, stream.child("last")))
        first = (ctx.columns[self._first] if self._first else
                 _italian_first(sexes, rows, stream.child("first")))
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        towns = _belfiore()
        town = towns[stream.integers(rows, 0, len(towns) - 1, draw=1)]
        body = compose(len(rows), _name_codes(last, False), _name_codes(first, True), _two(year),
                       column(_MONTH_LETTERS[month - 1]), _two(day + 40 * (sexes == FEMALE)), town)
        total = _CF_ODD[body[:, 0::2]].sum(axis=1) + _CF_EVEN[body[:, 1::2]].sum(axis=1)
        return text(compose(len(rows), body, column(LETTERS[total % 26])))


def _italian_first(sexes: np.ndarray, rows: np.ndarray, stream: Stream) -> pa.Array:
    male = first_names("it_IT", "male").pick(rows, stream)
    female = first_names("it_IT", "female").pick(rows, stream)
    return pc.if_else(pa.array(sexes == FEMALE), female, male)


@cache
def _belfiore() -> np.ndarray:
    """Cadastral (Belfiore) codes of Italian provincial capitals, as an (n, 4) byte matrix."""
    codes = package_data("belfiore_codes.json")["codes"]
    return np.frombuffer("".join(codes).encode(), dtype=np.uint8).reshape(-1, 4)


@cache
def _cn_regions() -> np.ndarray:
    codes = [code for line in package_data("cn_region_codes.txt") for code in line.split()]
    return np.array([int(c) for c in codes], dtype=np.int64)


@register
class ChineseResidentId(_PersonalCode):
    """Chinese resident identity card numbers: county code, birth date, sequence (odd: male), MOD 11-2 check."""

    display_name = "Chinese Resident ID"
    key = "chinese_resident_id"
    aliases = ("resident_identity_card", "chinese_id_number", "shenfenzheng", "RIC")
    description = "18-character PRC resident id: real county code, birth date, sex digit, MOD 11-2 check."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        regions = _cn_regions()
        region = regions[stream.integers(rows, 0, len(regions) - 1, draw=1)]
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        sequence = 2 * stream.integers(rows, 0, 499, draw=2) + (self.sexes(ctx) == MALE)
        body = np.column_stack([digits_of(region, 6), digits_of(year * 10**4 + month * 100 + day, 8),
                                digits_of(sequence, 3)])
        # ISO 7064 MOD 11-2: weights 2^(17-i) mod 11.
        weights = [pow(2, 17 - i, 11) for i in range(17)]
        check = (12 - weighted_sum(body, weights) % 11) % 11
        last = np.where(check == 10, ord("X"), check + ord("0")).astype(np.uint8)
        return text(compose(len(rows), chars(body), column(last)))


@register
class PolishPESEL(_PersonalCode):
    """Polish PESEL numbers: birth date (month +20 after 1999), serial, sex digit (odd: male), check digit."""

    display_name = "PESEL"
    key = "pesel"
    aliases = ("polish_pesel",)
    description = "Polish PESEL (11 digits) with birth date, sex digit agreeing with the row, valid check digit."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        month = month + 20 * (year >= 2000)
        serial = stream.integers(rows, 0, 999, draw=1)
        sex = 2 * stream.integers(rows, 0, 4, draw=2) + (self.sexes(ctx) == MALE)
        body = digits_of(((year % 100 * 100 + month) * 100 + day) * 10**4 + serial * 10 + sex, 10)
        check = (10 - weighted_sum(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10) % 10
        return text(chars(np.column_stack([body, check])))


@register
class SwedishPersonnummer(_PersonalCode):
    """Swedish personal identity numbers YYMMDD-NNNC: birth date, serial (odd third digit: male), Luhn."""

    display_name = "Personnummer"
    key = "personnummer"
    aliases = ("swedish_personnummer", "swedish_personal_identity_number")
    description = "Swedish personnummer YYMMDD-NNNC with a sex digit agreeing with the row and a Luhn check."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        serial = stream.integers(rows, 0, 99, draw=1) * 10 + 2 * stream.integers(rows, 0, 4, draw=2)
        serial += self.sexes(ctx) == MALE
        body = digits_of(((year % 100 * 100 + month) * 100 + day) * 1000 + serial, 9)
        d = chars(np.column_stack([body, luhn_digit(body)]))
        # The dash (a plus from age 100) is part of the 10-digit form, so it stays when unformatted.
        return text(compose(len(rows), d[:, :6], "-", d[:, 6:]))


@register
class GermanTaxId(Generator[IdParams]):
    """German tax identification numbers (Steuer-IdNr): 11 digits, one digit repeated, ISO 7064 MOD 11,10."""

    display_name = "Steuer-ID"
    key = "steuer_id"
    aliases = ("german_tax_id", "steueridentifikationsnummer", "idnr")
    category = PEOPLE
    description = "German Steuer-ID (11 digits): no leading 0, exactly one digit twice, valid check digit."
    Params = IdParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        n = len(rows)
        # Nine distinct digits (a random permutation of 0-9, cut), then one of them again at a random place.
        keys = np.column_stack([stream.uniform(rows, draw=10 + i) for i in range(10)])
        distinct = np.argsort(keys, axis=1, kind="stable")[:, :9]  # stable: ties break alike on every CPU
        repeated = distinct[np.arange(n), stream.integers(rows, 0, 8, draw=1)]
        at = stream.integers(rows, 0, 9, draw=2)
        positions = np.arange(10)
        source = positions - (positions > at[:, None])
        body = np.where(positions == at[:, None], repeated[:, None],
                        np.take_along_axis(distinct, np.minimum(source, 8), axis=1))
        # A leading zero swaps with the first non-zero digit: the digit counts stay as they were.
        lead_zero = body[:, 0] == 0
        swap = np.argmax(body != 0, axis=1)
        idx = np.nonzero(lead_zero)[0]
        body[idx, 0], body[idx, swap[idx]] = body[idx, swap[idx]], 0
        product = np.full(n, 10, dtype=np.int64)
        for col in range(10):
            total = (body[:, col] + product) % 10
            total[total == 0] = 10
            product = (2 * total) % 11
        check = (11 - product) % 10
        d = chars(np.column_stack([body, check]))
        s = self.sep(" ")
        return text(compose(n, d[:, :2], s, d[:, 2:5], s, d[:, 5:8], s, d[:, 8:]))

    def sep(self, separator: str) -> str:
        """`separator` when formatted, else nothing."""
        return separator if self.params.formatted else ""
