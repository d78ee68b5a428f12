"""National identity numbers built from a numeric body and their official check digits (SSN, NINO, CPF, ...).

Each number is a function of one index in the scheme's space of valid bodies: a keyed bijection of the
row index for `unique` fields (distinct by construction), a uniform draw otherwise. The check digits
follow each scheme's published algorithm, so every value passes python-stdnum's validator (UK NINO:
HMRC's prefix rules, which stdnum does not cover).
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.checksums import (
    LETTERS,
    body_indices,
    chars,
    column,
    compose,
    digits_of,
    luhn_digit,
    number_of,
    skip_forbidden,
    text,
    verhoeff_digit,
    weighted_sum,
)
from synthdb.generators.helpers.common import PEOPLE, is_unique
from synthdb.generators.registry import register


class IdParams(ParamsModel):
    """Parameters of identity numbers: `formatted` keeps the usual separators, false gives bare characters."""

    model_config = ConfigDict(extra="ignore")
    formatted: bool = True


class NumberedId(Generator[IdParams]):
    """An identifier that is a bijective function of an index in [0, size)."""

    category = PEOPLE
    Params = IdParams
    unique_values = True
    size: ClassVar[int]

    def space(self) -> int:
        """How many distinct bodies (and so identifiers) the scheme has."""
        return self.size

    def capacity(self) -> int | None:
        return self.space()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.build(body_indices(ctx.rows, ctx.stream, self.space(), is_unique(self)))

    def build(self, index: np.ndarray) -> pa.Array:
        """The identifiers for body indices."""
        raise NotImplementedError

    def sep(self, separator: str) -> str:
        """`separator` when formatted, else nothing."""
        return separator if self.params.formatted else ""


def _ssn_index(area: int, group: int, serial: int) -> int:
    return ((area - 1 - (area > 666)) * 99 + group - 1) * 9999 + serial - 1


# Numbers the SSA voided after they were printed on sample cards (stdnum rejects them too).
_SSN_VOID = (_ssn_index(78, 5, 1120), _ssn_index(457, 55, 5462), _ssn_index(219, 9, 9999))


@register
class SSN(NumberedId):
    """US Social Security numbers: area 001-899 but not 666, group 01-99, serial 0001-9999."""

    display_name = "SSN"
    key = "ssn"
    aliases = ("social_security_number", "us_ssn", "Social Security Number")
    description = "US Social Security number ###-##-####: no 000/666/9xx area, no 00 group, no 0000 serial."
    size = 898 * 99 * 9999 - len(_SSN_VOID)

    def build(self, index: np.ndarray) -> pa.Array:
        i = skip_forbidden(index, _SSN_VOID)
        area = i // (99 * 9999) + 1
        area += area >= 666
        group = (i // 9999) % 99 + 1
        serial = i % 9999 + 1
        d = chars(digits_of(area * 10**6 + group * 10**4 + serial, 9))
        return text(compose(len(i), d[:, :3], self.sep("-"), d[:, 3:5], self.sep("-"), d[:, 5:]))


_ITIN_GROUPS = np.array([g for g in range(70, 100) if g not in (89, 93)])


@register
class ITIN(NumberedId):
    """US Individual Taxpayer Identification Numbers: 9xx-GG-xxxx with the IRS's group ranges."""

    display_name = "ITIN"
    key = "itin"
    aliases = ("individual_taxpayer_identification_number",)
    description = "US ITIN 9##-##-####; group in 70-88, 90-92 or 94-99."
    size = 100 * len(_ITIN_GROUPS) * 10000

    def build(self, index: np.ndarray) -> pa.Array:
        area = 900 + index // (len(_ITIN_GROUPS) * 10000)
        group = _ITIN_GROUPS[(index // 10000) % len(_ITIN_GROUPS)]
        d = chars(digits_of(area * 10**6 + group * 10**4 + index % 10000, 9))
        return text(compose(len(index), d[:, :3], self.sep("-"), d[:, 3:5], self.sep("-"), d[:, 5:]))


@register
class CanadianSIN(NumberedId):
    """Canadian Social Insurance Numbers: 9 digits, Luhn check digit, first digit not 0 or 8."""

    display_name = "Canadian SIN"
    key = "canadian_sin"
    aliases = ("sin", "social_insurance_number")
    description = "Canadian Social Insurance Number ###-###-### with a valid Luhn check digit."
    size = 8 * 10**7

    def build(self, index: np.ndarray) -> pa.Array:
        first = np.array([1, 2, 3, 4, 5, 6, 7, 9])[index // 10**7]
        payload = digits_of(first * 10**7 + index % 10**7, 8)
        d = chars(np.column_stack([payload, luhn_digit(payload)]))
        return text(compose(len(index), d[:, :3], self.sep("-"), d[:, 3:6], self.sep("-"), d[:, 6:]))


def _nino_prefixes() -> np.ndarray:
    # HMRC: D, F, I, Q, U, V never appear; O is never second; these pairs are not allocated.
    first = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in "DFIQUV"]
    second = [c for c in first if c != "O"]
    unused = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
    pairs = [a + b for a in first for b in second if a + b not in unused]
    return np.frombuffer("".join(pairs).encode(), dtype=np.uint8).reshape(-1, 2)


_NINO_PREFIXES = _nino_prefixes()


@register
class NationalInsuranceNumber(NumberedId):
    """UK National Insurance numbers: an HMRC-allocatable prefix, six digits and a suffix A-D."""

    display_name = "National Insurance Number"
    key = "national_insurance_number"
    aliases = ("nino", "uk_nino", "uk_national_insurance_number")
    description = "UK National Insurance number such as QQ 12 34 56 C, with HMRC's prefix rules."
    size = len(_NINO_PREFIXES) * 10**6 * 4

    def build(self, index: np.ndarray) -> pa.Array:
        prefix = _NINO_PREFIXES[index // (4 * 10**6)]
        d = chars(digits_of((index // 4) % 10**6, 6))
        suffix = column(LETTERS[index % 4])
        s = self.sep(" ")
        return text(compose(len(index), prefix, s, d[:, :2], s, d[:, 2:4], s, d[:, 4:], s, suffix))


@register
class BrazilianCPF(NumberedId):
    """Brazilian CPF numbers: nine digits and two mod-11 check digits (repeated-digit numbers excluded)."""

    display_name = "CPF"
    key = "cpf"
    aliases = ("brazilian_cpf", "cadastro_de_pessoas_fisicas")
    description = "Brazilian CPF ###.###.###-## with valid check digits."
    # 000000000 and the repdigits 111111111 ... 999999999 pass the checksum but are never issued.
    _void = (0, *(d * 111111111 for d in range(1, 10)))
    size = 10**9 - len(_void)

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(skip_forbidden(index, self._void), 9)
        d1 = (11 - weighted_sum(body, range(10, 1, -1))) % 11 % 10
        d2 = (11 - weighted_sum(body, range(11, 2, -1)) - 2 * d1) % 11 % 10
        d = chars(np.column_stack([body, d1, d2]))
        s = self.sep(".")
        return text(compose(len(index), d[:, :3], s, d[:, 3:6], s, d[:, 6:9], self.sep("-"), d[:, 9:]))


@register
class DutchBSN(NumberedId):
    """Dutch citizen service numbers (BSN): nine digits passing the 11-check."""

    display_name = "BSN"
    key = "bsn"
    aliases = ("dutch_bsn", "burgerservicenummer")
    description = "Dutch burgerservicenummer (9 digits, 11-proof)."
    # Seven free digits, then the 8th digit skips the one value that would need a check digit of 10.
    size = 10**7 * 9 - 1

    def build(self, index: np.ndarray) -> pa.Array:
        index = index + 1  # index 0 would be 000000000
        head = digits_of(index // 9, 7)
        partial = weighted_sum(head, range(9, 2, -1)) % 11
        forbidden = (10 - partial) * 6 % 11  # the 8th digit making the sum 10 mod 11 (6 = 1/2 mod 11)
        choice = index % 9
        eighth = choice + (choice >= forbidden)
        check = (partial + 2 * eighth) % 11
        d = chars(np.column_stack([head, eighth, check]))
        s = self.sep(".")
        return text(compose(len(index), d[:, :4], s, d[:, 4:6], s, d[:, 6:]))


_DNI_LETTERS = np.frombuffer(b"TRWAGMYFPDXBNJZSQVHLCKE", dtype=np.uint8)
_NIE_LEADS = np.frombuffer(b"XYZ", dtype=np.uint8)


@register
class SpanishDNI(NumberedId):
    """Spanish DNI numbers: eight digits and the mod-23 check letter."""

    display_name = "DNI"
    key = "dni"
    aliases = ("spanish_dni", "documento_nacional_de_identidad", "nif")
    description = "Spanish DNI/NIF such as 12345678Z (mod-23 check letter)."
    size = 10**8 - 1

    def build(self, index: np.ndarray) -> pa.Array:
        number = index + 1
        d = chars(digits_of(number, 8))
        return text(compose(len(index), d, column(_DNI_LETTERS[number % 23])))


@register
class SpanishNIE(NumberedId):
    """Spanish foreigner identity numbers (NIE): X, Y or Z, seven digits and the mod-23 check letter."""

    display_name = "NIE"
    key = "nie"
    aliases = ("spanish_nie", "numero_de_identidad_de_extranjero")
    description = "Spanish NIE such as X1234567L (X/Y/Z count as 0/1/2 in the check letter)."
    size = 3 * 10**7

    def build(self, index: np.ndarray) -> pa.Array:
        lead = index // 10**7
        d = chars(digits_of(index % 10**7, 7))
        # The check letter treats X, Y and Z as the digits 0, 1 and 2: that is the index itself.
        return text(compose(len(index), column(_NIE_LEADS[lead]), d, column(_DNI_LETTERS[index % 23])))


@register
class JapaneseMyNumber(NumberedId):
    """Japanese Individual Numbers (My Number): eleven digits and the weighted mod-11 check digit."""

    display_name = "My Number"
    key = "my_number"
    aliases = ("japanese_individual_number", "japanese_my_number")
    description = "Japanese My Number (12 digits, check digit per the Cabinet Office rule), 1234 5678 9012."
    size = 10**11

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(index, 11)
        check = -weighted_sum(body, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11 % 10
        d = chars(np.column_stack([body, check]))
        s = self.sep(" ")
        return text(compose(len(index), d[:, :4], s, d[:, 4:8], s, d[:, 8:]))


@register
class AadhaarNumber(NumberedId):
    """Indian Aadhaar numbers: twelve digits, first 2-9, Verhoeff check digit (palindromes excluded)."""

    display_name = "Aadhaar Number"
    key = "aadhaar_number"
    aliases = ("aadhaar", "indian_aadhaar")
    description = "Indian Aadhaar number #### #### #### with a valid Verhoeff check digit."

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(2 * 10**10 + skip_forbidden(index, _aadhaar_palindromes()), 11)
        d = chars(np.column_stack([body, verhoeff_digit(body)]))
        s = self.sep(" ")
        return text(compose(len(index), d[:, :4], s, d[:, 4:8], s, d[:, 8:]))

    def space(self) -> int:
        return 8 * 10**10 - len(_aadhaar_palindromes())


@cache
def _aadhaar_palindromes() -> np.ndarray:
    """Body indices whose full number reads the same backwards (never issued; about 80,000 of 8e10)."""
    half = digits_of(np.arange(2 * 10**5, 10**6), 6)  # the first six digits; the rest mirrors them
    full = np.column_stack([half, half[:, ::-1]])
    ok = verhoeff_digit(full[:, :11]) == full[:, 11]
    return np.sort(number_of(full[ok, :11]) - 2 * 10**10)
