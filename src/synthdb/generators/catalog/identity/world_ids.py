"""More national identity numbers: Australian TFN, Swiss AHV, Portuguese NIF, Turkish TC Kimlik, Israeli
Teudat Zehut, Chilean RUT, Finnish HETU and South Korean RRN, each with its official check digits.

As in national_ids.py, numbers without a birth date are bijections of an index (distinct when `unique`);
HETU and RRN encode a birth date and a sex that agrees with the row's person (generators/helpers/people.py).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext
from synthdb.generators.catalog.identity.national_ids import NumberedId
from synthdb.generators.catalog.identity.personal_codes import FIRST_YEAR, LAST_YEAR, _PersonalCode
from synthdb.generators.helpers.checksums import (
    chars,
    column,
    compose,
    digits_of,
    gs1_digit,
    luhn_digit,
    random_dates,
    text,
    weighted_sum,
)
from synthdb.generators.helpers.people import MALE
from synthdb.generators.registry import register


@register
class AustralianTFN(NumberedId):
    """Australian Tax File Numbers: nine digits whose weighted sum is divisible by 11."""

    display_name = "Tax File Number"
    key = "australian_tfn"
    aliases = ("tfn", "australian_tax_file_number")
    description = "Australian TFN ### ### ### passing the weighted mod-11 check."
    # Seven free digits; the 8th skips the one value whose check digit would be 10.
    size = 10**7 * 9

    def build(self, index: np.ndarray) -> pa.Array:
        head = digits_of(index // 9, 7)
        partial = weighted_sum(head, (1, 4, 3, 7, 5, 8, 6)) % 11
        # check = (partial + 9 * eighth) mod 11 (the check weighs 10 = -1); 5 is 1/9 mod 11.
        forbidden = (10 - partial) * 5 % 11
        choice = index % 9
        eighth = choice + (choice >= forbidden)
        check = (partial + 9 * eighth) % 11
        d = chars(np.column_stack([head, eighth, check]))
        s = self.sep(" ")
        return text(compose(len(index), d[:, :3], s, d[:, 3:6], s, d[:, 6:]))


@register
class SwissAHV(NumberedId):
    """Swiss social security numbers (AHV/AVS): 756, nine digits, EAN-13 check digit."""

    display_name = "AHV Number"
    key = "swiss_ahv"
    aliases = ("ahv", "avs", "swiss_social_security_number")
    description = "Swiss AHV number 756.1234.5678.97 with a valid EAN-13 check digit."
    size = 10**9

    def build(self, index: np.ndarray) -> pa.Array:
        payload = digits_of(756 * 10**9 + index, 12)
        d = chars(np.column_stack([payload, gs1_digit(payload)]))
        s = self.sep(".")
        return text(compose(len(index), d[:, :3], s, d[:, 3:7], s, d[:, 7:11], s, d[:, 11:]))


@register
class PortugueseNIF(NumberedId):
    """Portuguese tax numbers of individuals (NIF): first digit 1-3, mod-11 check digit."""

    display_name = "Portuguese NIF"
    key = "portuguese_nif"
    aliases = ("nif_pt", "numero_de_identificacao_fiscal")
    description = "Portuguese NIF (9 digits, individuals start with 1-3) with a valid check digit."
    size = 3 * 10**7

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(10**7 + index, 8)
        check = (11 - weighted_sum(body, range(9, 1, -1))) % 11 % 10
        return text(chars(np.column_stack([body, check])))


@register
class TurkishIdentityNumber(NumberedId):
    """Turkish identity numbers (T.C. Kimlik No): eleven digits, no leading zero, two check digits."""

    display_name = "TC Kimlik No"
    key = "tc_kimlik"
    aliases = ("turkish_identity_number", "tckn")
    description = "Turkish T.C. Kimlik number (11 digits) with both check digits valid."
    size = 9 * 10**8

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(10**8 + index, 9)
        check1 = (10 - weighted_sum(body, (3, 1, 3, 1, 3, 1, 3, 1, 3))) % 10
        check2 = (check1 + body.sum(axis=1)) % 10
        return text(chars(np.column_stack([body, check1, check2])))


@register
class IsraeliId(NumberedId):
    """Israeli identity numbers (Teudat Zehut): eight digits and a Luhn check digit."""

    display_name = "Teudat Zehut"
    key = "israeli_id"
    aliases = ("israeli_identity_number", "teudat_zehut")
    description = "Israeli identity number (9 digits) with a valid Luhn check digit."
    size = 10**8 - 1

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(index + 1, 8)
        return text(chars(np.column_stack([body, luhn_digit(body)])))


_RUT_CHECK = np.frombuffer(b"0123456789K", dtype=np.uint8)


@register
class ChileanRUT(NumberedId):
    """Chilean RUT/RUN numbers of people: 1,000,000 to 29,999,999 with the mod-11 check character."""

    display_name = "RUT"
    key = "chilean_rut"
    aliases = ("rut", "run", "rol_unico_tributario")
    description = "Chilean RUT such as 12.345.678-5 (check character 0-9 or K)."
    size = 29 * 10**6

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(10**6 + index, 8)
        # Weights 2, 3, 4, 5, 6, 7, 2, 3 from the right.
        total = weighted_sum(body, (3, 2, 7, 6, 5, 4, 3, 2))
        check = column(_RUT_CHECK[(11 - total % 11) % 11])
        d = chars(body)
        lead = np.where(d[:, :1] == ord("0"), ord(" "), d[:, :1])  # 1.234.567-8 has no leading zero
        s = self.sep(".")
        return pc.utf8_ltrim_whitespace(
            text(compose(len(index), lead, d[:, 1:2], s, d[:, 2:5], s, d[:, 5:], self.sep("-"), check)))


_HETU_CHECK = np.frombuffer(b"0123456789ABCDEFHJKLMNPRSTUVWXY", dtype=np.uint8)


@register
class FinnishHETU(_PersonalCode):
    """Finnish personal identity codes (HETU): DDMMYY, century sign, individual number (odd: male), check."""

    display_name = "HETU"
    key = "finnish_hetu"
    aliases = ("henkilotunnus", "finnish_personal_identity_code")
    description = "Finnish HETU such as 131052-308T: birth date, sex agreeing with the row, mod-31 check."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        # Individual numbers 002-899; odd for men.
        individual = 2 + 2 * stream.integers(rows, 0, 448, draw=1) + (self.sexes(ctx) == MALE)
        date = (day * 100 + month) * 100 + year % 100
        check = _HETU_CHECK[(date * 1000 + individual) % 31]
        century = np.where(year >= 2000, ord("A"), ord("-")).astype(np.uint8)
        return text(compose(len(rows), chars(digits_of(date, 6)), column(century),
                            chars(digits_of(individual, 3)), column(check)))


@register
class KoreanRRN(_PersonalCode):
    """South Korean resident registration numbers: birth date, sex/century digit, place, serial, check."""

    display_name = "Resident Registration Number"
    key = "korean_rrn"
    aliases = ("rrn", "korean_resident_registration_number", "jumin_deungnok_beonho")
    description = "South Korean RRN YYMMDD-SXXXXXC: sex digit agreeing with the row, valid check digit."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        year, month, day = random_dates(rows, stream, FIRST_YEAR, LAST_YEAR)
        # 1/2: men/women born 1900-1999, 3/4: born from 2000.
        sex = np.where(self.sexes(ctx) == MALE, 1, 2) + 2 * (year >= 2000)
        place = stream.integers(rows, 0, 96, draw=1)  # registration office code, at most 96
        serial = stream.integers(rows, 0, 999, draw=2)
        head = digits_of(((year % 100 * 100 + month) * 100 + day), 6)
        tail = np.column_stack([sex, digits_of(place, 2), digits_of(serial, 3)])
        body = np.column_stack([head, tail])
        check = (11 - weighted_sum(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)) % 11) % 10
        d = chars(np.column_stack([body, check]))
        return text(compose(len(rows), d[:, :6], self.sep("-"), d[:, 6:]))
