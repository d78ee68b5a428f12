"""Street Address, City, State, Postal Code and Country from Faker's address data, vectorized."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.common import as_strings, find_sibling, is_unique, locale_of
from synthdb.generators.reference import (
    Choices,
    LocaleParams,
    TokenSource,
    address_list,
    countries,
    render_faker,
    states,
    us_state_zip_ranges,
)
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

PLACES = "Geographic locations"
# House numbers: mostly 3-4 digits, never a leading zero (Faker's '#####' can give "04521").
_NUMBER_WIDTHS = np.array([1, 2, 3, 4, 5])
_NUMBER_WEIGHTS = (0.05, 0.15, 0.4, 0.3, 0.1)


def render_address(attr: str, locale: str, rows: np.ndarray, stream: Stream,
                   extra: Mapping[str, TokenSource] | None = None) -> pa.Array:
    """Render Faker's address templates `attr` for the locale (see reference.render_faker)."""
    return render_faker("address", attr, locale, rows, stream, extra)


def building_numbers(rows: np.ndarray, stream: Stream) -> pa.Array:
    """House numbers of 1-5 digits, weighted towards 3-4."""
    width = _NUMBER_WIDTHS[stream.choice(rows, len(_NUMBER_WIDTHS), _NUMBER_WEIGHTS)]
    low = 10 ** (width - 1)
    numbers = low + np.floor(stream.uniform(rows, draw=1) * (9 * low)).astype(np.int64)
    return pa.array(numbers).cast(pa.string())


class StreetAddressParams(LocaleParams):
    """Parameters of Street Address: `secondary_percent` % of rows get an "Apt. 123" / "Suite 456"."""

    secondary_percent: float = 0

    @field_validator("secondary_percent")
    @classmethod
    def _range(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError("must be between 0 and 100")
        return value


@register
class StreetAddress(Generator):
    """A building number and a street name with a suffix, e.g. "742 Jackson Terrace"."""

    display_name = "Street Address"
    key = "street_address"
    aliases = ("address", "address_line_1", "street")
    category = PLACES
    description = "A house number and street, e.g. 742 Jackson Terrace; optional apartment/suite."
    Params = StreetAddressParams
    params: StreetAddressParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        locale = locale_of(self)

        def street_name(rows: np.ndarray, stream: Stream) -> pa.Array:
            return render_address("street_name_formats", locale, rows, stream)

        # Templates that mention {{secondary_address}} are skipped: secondary_percent decides that.
        extra = {"building_number": building_numbers, "street_name": street_name}
        line = render_address("street_address_formats", locale, ctx.rows, ctx.stream, extra)
        if not self.params.secondary_percent:
            return line
        secondary = render_address("secondary_address_formats", locale, ctx.rows, ctx.stream.child("apt"))
        wanted = ctx.stream.child("apt").uniform(ctx.rows, draw=1) * 100 < self.params.secondary_percent
        secondary = pc.if_else(pa.array(wanted), secondary, pa.scalar(None, pa.string()))
        return pc.binary_join_element_wise(line, secondary, " ", null_handling="skip")


@register
class City(Generator):
    """City names rendered from Faker's city templates (e.g. "Port Jacksonville", "East Maryview")."""

    display_name = "City"
    key = "city"
    aliases = ("town",)
    category = PLACES
    description = "A plausible city name built from Faker's locale templates."
    Params = LocaleParams
    params: LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return render_address("city_formats", locale_of(self), ctx.rows, ctx.stream)


class StateParams(LocaleParams):
    """Parameters of State: `abbreviation` gives "CA" instead of "California"."""

    abbreviation: bool = False


@register
class State(Generator):
    """A state (en_US: one of the 50 US states) as a name or a postal abbreviation."""

    display_name = "State"
    key = "state"
    unique_values = True
    aliases = ("province", "state_name")
    category = PLACES
    description = "A state name, or its abbreviation with abbreviation: true (en_US: the 50 US states)."
    Params = StateParams
    params: StateParams

    def choices(self) -> Choices:
        locale = locale_of(self)
        # Abbreviations need aligned name/abbreviation lists; states() falls back to en_US without them.
        return states(locale)[1] if self.params.abbreviation else address_list("states", locale)

    def capacity(self) -> int | None:
        return len(self.choices())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):
            return self.choices().pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return self.choices().pick(ctx.rows, ctx.stream)


class PostalCodeParams(LocaleParams):
    """Parameters of Postal Code: `zip_plus_4` adds the "-1234" extension."""

    zip_plus_4: bool = False


@register
class PostalCode(Generator):
    """5-digit US ZIP codes inside a real state's range; inside the row's State when the entity has one."""

    display_name = "Postal Code"
    key = "postal_code"
    unique_values = True
    aliases = ("zip_code", "zip", "zipcode", "postcode")
    category = PLACES
    description = "A 5-digit US ZIP code within a state's range, matching the row's State column if any."
    Params = PostalCodeParams
    params: PostalCodeParams
    _state: str | None = None

    def setup(self) -> None:
        self._state = find_sibling(self, State)
        if self._state and is_unique(self):
            raise ParamError("unique", "a unique Postal Code cannot also follow the row's State column")

    def dependencies(self) -> list[str]:
        return [self._state] if self._state else []

    def capacity(self) -> int | None:
        _, _, low, high = us_state_zip_ranges()
        return int((high - low + 1).sum())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        names, abbrs, low, high = us_state_zip_ranges()
        rows, stream = ctx.rows, ctx.stream
        sizes = high - low + 1
        if is_unique(self):
            # Permute the union of all state ranges; locate each pick in its state's range.
            pick = permute(rows, int(sizes.sum()), derive_key(stream.key, "unique"))
            ends = np.cumsum(sizes)
            state = np.searchsorted(ends, pick, side="right")
            codes = low[state] + pick - (ends[state] - sizes[state])
        else:
            # Unconstrained rows pick a state in proportion to its range width.
            state = stream.choice(rows, len(sizes), sizes.astype(np.float64))
            if self._state is not None:
                state = np.where((known := _state_index(ctx.columns[self._state], names, abbrs)) >= 0, known, state)
            codes = low[state] + np.floor(stream.uniform(rows, draw=1) * sizes[state]).astype(np.int64)
        text = pc.utf8_lpad(pa.array(codes).cast(pa.string()), width=5, padding="0")
        if self.params.zip_plus_4:
            plus = pa.array(stream.integers(rows, 1, 9999, draw=2)).cast(pa.string())
            text = pc.binary_join_element_wise(text, pc.utf8_lpad(plus, width=4, padding="0"), "-")
        return text


def _state_index(values: pa.Array, names: Choices, abbrs: Choices) -> np.ndarray:
    """Index of each row's state (by name or abbreviation) in the en_US lists; -1 when unknown or null."""
    text = as_strings(values)
    by_name = pc.index_in(text, value_set=names.values)
    by_abbr = pc.index_in(pc.utf8_upper(text), value_set=abbrs.values)
    return np.asarray(pc.fill_null(pc.coalesce(by_name, by_abbr), -1).to_numpy(zero_copy_only=False))


class CountryParams(LocaleParams):
    """Parameters of Country: `code` none (English name), alpha2 ("US") or alpha3 ("USA")."""

    code: Literal["none", "alpha2", "alpha3"] = "none"

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        text = "none" if value in (None, False, "") else str(value).lower().replace("-", "").replace("_", "")
        return {"iso2": "alpha2", "2": "alpha2", "iso3": "alpha3", "3": "alpha3", "name": "none"}.get(text, text)


@register
class Country(Generator):
    """One of Faker's 195 countries as an English name or an ISO 3166 alpha-2/alpha-3 code."""

    display_name = "Country"
    key = "country"
    unique_values = True
    aliases = ("country_name",)
    category = PLACES
    description = "A country name, or its ISO 3166 code with code: alpha2 / alpha3."
    Params = CountryParams
    params: CountryParams

    def choices(self) -> Choices:
        name, alpha2, alpha3 = countries()
        return {"none": name, "alpha2": alpha2, "alpha3": alpha3}[self.params.code]

    def capacity(self) -> int | None:
        return len(self.choices())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):
            return self.choices().pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return self.choices().pick(ctx.rows, ctx.stream)

