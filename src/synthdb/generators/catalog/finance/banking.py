"""Bank accounts: IBAN, BIC/SWIFT and bank name (one real bank per row), US routing and account numbers.

IBAN, BIC and Bank Name pick the row's country and bank from the table's "bank" group, so the three
describe one bank. BIC and Bank Name follow the `country` of the entity's IBAN field when there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AliasChoices, ConfigDict, Field, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.charbuf import concat, expand, fixed_strings, random_digits, random_picks
from synthdb.generators.helpers.checksums import digits_of
from synthdb.generators.helpers.common import FINANCE, find_sibling, is_unique
from synthdb.generators.helpers.iban_rules import Layout, all_supported, bban_matrix, iban_matrix, layout
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

DEFAULT_COUNTRIES = ("DE", "GB", "FR", "ES", "IT", "NL", "AT", "CH", "PL", "IE")
_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class BankParams(ParamsModel):
    """Parameters of IBAN, BIC and Bank Name: the countries (ISO codes) accounts are drawn from."""

    model_config = ConfigDict(extra="ignore")
    country: list[str] = Field(default=list(DEFAULT_COUNTRIES),
                               validation_alias=AliasChoices("country", "countries", "country_code"))

    @field_validator("country", mode="before")
    @classmethod
    def _countries(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            value = [str(v).upper() for v in value]
            if not value:
                raise ValueError("name at least one country")
            supported = all_supported()
            unknown = [v for v in value if v not in supported]
            if unknown:
                raise ValueError(f"no IBANs for country '{unknown[0]}'; supported: {', '.join(supported)}")
        return value


def per_country(countries: np.ndarray, n_countries: int, build: Callable[[int, np.ndarray], pa.Array]) -> pa.Array:
    """Build values country by country (fixed widths per country) and put them back in row order."""
    order = np.argsort(countries, kind="stable")
    bounds = np.searchsorted(countries[order], np.arange(n_countries + 1))
    chunks = [build(c, order[bounds[c] : bounds[c + 1]]) for c in range(n_countries) if bounds[c + 1] > bounds[c]]
    if not chunks:
        return pa.array([], pa.string())
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return pa.concat_arrays(chunks).take(pa.array(inverse))


class _BankGenerator(Generator[BankParams]):
    """Draws (country, bank) per row from the "bank" group; BIC/Bank Name follow a sibling IBAN's countries."""

    category = FINANCE
    Params = BankParams

    def countries(self) -> list[str]:
        sibling = None if isinstance(self, IBAN) else find_sibling(self, IBAN)
        if sibling:
            field = self.entity.field(sibling)
            if field is not None:
                return BankParams.model_validate(field.params).country
        return self.params.country

    def pick(self, ctx: ColumnContext) -> tuple[list[Layout], np.ndarray, np.ndarray]:
        """(layouts, country index per row, bank index per row within its country's bank list)."""
        layouts = [layout(c) for c in self.countries()]
        group = ctx.group("bank")
        country = group.choice(ctx.rows, len(layouts))
        sizes = np.array([max(len(lay.banks), 1) for lay in layouts])
        bank = np.minimum((group.uniform(ctx.rows, 1) * sizes[country]).astype(np.int64), sizes[country] - 1)
        return layouts, country, bank


class IBANParams(BankParams):
    """Parameters of IBAN."""

    formatted: bool = False


@register
class IBAN(_BankGenerator):
    """IBANs of real banks: registry bank codes, valid national and ISO 7064 check digits."""

    display_name = "IBAN"
    key = "iban"
    aliases = ("international_bank_account_number", "bank_account_iban")
    description = "Valid IBANs of real banks in `country` (default DE, GB, FR, ES, IT, NL, AT, CH, PL, IE)."
    Params = IBANParams
    params: IBANParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        layouts, country, bank = self.pick(ctx)

        def build(c: int, where: np.ndarray) -> pa.Array:
            lay, rows = layouts[c], ctx.rows[where]
            fill = ctx.stream.integers(expand(rows, lay.length), 0, 129).reshape(len(rows), lay.length)
            matrix = iban_matrix(lay, bban_matrix(lay, bank[where] if lay.banks else None, fill))
            if self.params.formatted:  # groups of four characters, as printed on statements
                blocks: list[np.ndarray | bytes] = []
                for start in range(0, matrix.shape[1], 4):
                    blocks += [b" "] if start else []
                    blocks.append(matrix[:, start : start + 4])
                matrix = concat(blocks, len(rows))
            return fixed_strings(matrix)

        return per_country(country, len(layouts), build)


class BICParams(BankParams):
    """Parameters of BIC: `length` 8 or 11 forces that form (None keeps the registry's)."""

    length: int | None = None

    @field_validator("length")
    @classmethod
    def _length(cls, value: int | None) -> int | None:
        if value not in (None, 8, 11):
            raise ValueError("length must be 8 or 11")
        return value


@cache
def _bank_values(country: str) -> tuple[pa.Array, pa.Array]:
    lay = layout(country)
    return pa.array([b[1] for b in lay.banks], pa.string()), pa.array([b[2] for b in lay.banks], pa.string())


def _synthetic_bics(country: str, rows: np.ndarray, stream: Stream) -> pa.Array:
    """BIC-shaped codes for a country without registry banks: 4 letters, country, location."""
    n = len(rows)
    location = random_picks(stream.child("loc"), rows, 2, _UPPER + b"23456789")
    return fixed_strings(concat([random_picks(stream, rows, 4, _UPPER), country.encode(), location], n))


@register
class BIC(_BankGenerator):
    """BIC (SWIFT) codes of real banks, agreeing with the row's IBAN and Bank Name."""

    display_name = "BIC"
    key = "bic"
    aliases = ("SWIFT", "swift_code", "swift_bic", "Bank SWIFT BIC", "bic_code")
    description = "Bank Identifier Codes (SWIFT) of real banks, the same bank as the row's IBAN and Bank Name."
    Params = BICParams
    params: BICParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        layouts, country, bank = self.pick(ctx)

        def build(c: int, where: np.ndarray) -> pa.Array:
            if not layouts[c].banks:
                return _synthetic_bics(layouts[c].country, ctx.rows[where], ctx.group("bank").child("bic"))
            return _bank_values(layouts[c].country)[0].take(pa.array(bank[where]))

        codes = per_country(country, len(layouts), build)
        if self.params.length == 8:
            return pc.utf8_slice_codeunits(codes, 0, 8)
        if self.params.length == 11:
            return pc.utf8_rpad(codes, 11, "X")  # the primary office: XXX
        return codes


@register
class BankName(_BankGenerator):
    """Names of real banks (schwifty's registry), agreeing with the row's IBAN and BIC."""

    display_name = "Bank Name"
    key = "bank_name"
    aliases = ("bank_institution_name",)
    description = "Names of real banks in `country`, the same bank as the row's IBAN and BIC."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        import pycountry

        layouts, country, bank = self.pick(ctx)

        def build(c: int, where: np.ndarray) -> pa.Array:
            if not layouts[c].banks:  # no registry for this country: a plain national name
                place = pycountry.countries.get(alpha_2=layouts[c].country)
                return pa.array([f"Bank of {place.name if place else layouts[c].country}"] * len(where))
            return _bank_values(layouts[c].country)[1].take(pa.array(bank[where]))

        return per_country(country, len(layouts), build)


# Federal Reserve routing symbols: 01-12 banks, 21-32 thrift institutions (weighted 4:1).
_ROUTING_PREFIXES = np.array([*range(1, 13), *range(21, 33)])
_ROUTING_WEIGHTS = [4.0] * 12 + [1.0] * 12


@register
class USRoutingNumber(Generator[NoParams]):
    """US ABA routing transit numbers: Federal Reserve prefix and a valid 3-7-1 check digit."""

    display_name = "US Routing Number"
    key = "us_routing_number"
    aliases = ("Bank Routing Number", "routing_number", "aba_routing_number", "aba", "rtn")
    category = FINANCE
    description = "ABA routing numbers: a Federal Reserve district prefix (01-12, 21-32) and a valid check digit."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        n = len(ctx.rows)
        prefix = _ROUTING_PREFIXES[ctx.stream.choice(ctx.rows, len(_ROUTING_PREFIXES), _ROUTING_WEIGHTS)]
        digits = np.empty((n, 9), dtype=np.int64)
        digits[:, 0], digits[:, 1] = prefix // 10, prefix % 10
        digits[:, 2] = ctx.stream.integers(ctx.rows, 1, 9, draw=1)  # the Federal Reserve office
        digits[:, 3:8] = random_digits(ctx.stream.child("digits"), ctx.rows, 5)
        total = 3 * (digits[:, 0] + digits[:, 3] + digits[:, 6]) + 7 * (digits[:, 1] + digits[:, 4] + digits[:, 7]) \
            + digits[:, 2] + digits[:, 5]
        digits[:, 8] = (10 - total % 10) % 10
        return fixed_strings((digits + ord("0")).astype(np.uint8))


class AccountParams(ParamsModel):
    """Parameters of Account Number."""

    model_config = ConfigDict(extra="ignore")
    length: int = 10

    @field_validator("length")
    @classmethod
    def _length(cls, value: int) -> int:
        if not 4 <= value <= 34:
            raise ValueError("length must be between 4 and 34 digits")
        return value


@register
class AccountNumber(Generator[AccountParams]):
    """Bank account numbers: `length` digits (default 10), distinct when the field is unique."""

    display_name = "Account Number"
    key = "account_number"
    aliases = ("bank_account_number", "bank_account")
    category = FINANCE
    unique_values = True
    description = "Bank account numbers of `length` digits (default 10); unique fields never repeat one."
    Params = AccountParams

    def capacity(self) -> int | None:
        return 10**self.params.length

    def generate(self, ctx: ColumnContext) -> pa.Array:
        width = self.params.length
        digits = random_digits(ctx.stream, ctx.rows, width).astype(np.int64)
        if is_unique(self):  # the last 15 digits (or all) are a keyed bijection of the row
            tail = min(width, 15)
            code = permute(ctx.rows, 10**tail, derive_key(ctx.stream.key, "unique"))
            digits[:, width - tail :] = digits_of(code, tail)
        return fixed_strings((digits + ord("0")).astype(np.uint8))
