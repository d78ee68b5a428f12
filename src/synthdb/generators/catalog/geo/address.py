"""Street Address, Building Number, Street Name, Street Suffix, Secondary Address and Full Address.

Streets are rendered from per-locale templates (src/synthdb/data/geography/streets.json) whose tokens
draw from Faker's names and lists of the locale and from small regular expressions. Every token draws
from the address group's stream, so a row's Street Address contains its Street Name, Building Number and
Street Suffix columns, and Full Address contains the row's City and Postal Code.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.catalog.geo.places import group_is_unique, postal_codes
from synthdb.generators.helpers.bundled import data_path, source_of
from synthdb.generators.helpers.common import GEOGRAPHY, locale_of
from synthdb.generators.helpers.geodata import group_stream, locale_country, place_rows, places_for
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.generators.helpers.reference import (
    Choices,
    LocaleParams,
    address_list,
    choices,
    first_names,
    last_names,
    locale_candidates,
    render,
)
from synthdb.generators.helpers.regex_sampler import RegexSampler
from synthdb.generators.registry import register
from synthdb.randomness import Stream

DEFAULT_SPEC = "en_US"
Source = Callable[[np.ndarray, Stream], pa.Array]


@cache
def _specs() -> dict[str, dict[str, Any]]:
    with data_path("geography", "streets.json").open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def spec_locale(locale: str | None) -> str:
    """The streets.json entry for a locale: exact, else the same language, else en_US."""
    specs = _specs()
    exact = locale_candidates(locale)[0]
    if exact in specs:
        return exact
    lang = exact.split("_")[0]
    return next((name for name in sorted(specs) if name.startswith(f"{lang}_")), DEFAULT_SPEC)


@cache
def _list(spec: str, token: str) -> Choices:
    source = _specs()[spec]["lists"][token]
    if isinstance(source, str) and source.startswith("faker:"):
        return address_list(source.removeprefix("faker:"), spec)
    return choices(list(source))


@cache
def _regex(pattern: str) -> RegexSampler:
    return RegexSampler(pattern)


@cache
def _street_names(locale: str, which: str) -> Choices:
    """The locale's names that read well in a street name: one word, not starting lowercase.

    Faker's lists hold a few particles and double names ("van der Berg", "auch Schlauchin") that would
    give streets like "auch Schlauchinweg".
    """
    pool = first_names(locale) if which == "first" else last_names(locale)

    def build() -> pa.Table:  # kept in the reference cache: the regex over 89,000 surnames costs 5 ms a start
        fits = pc.match_substring_regex(pool.values, r"^[^\s\p{Ll}][^\s]*$")
        return pa.table({"kept": pc.filter(pool.values, fits).cast(pa.string())})

    sources = [source_of(f"synthdb.generators.helpers.{m}") for m in ("reference", "census")]
    kept = column_of(cached_table("street-names", ("Faker",), build, [source_of(__name__), *sources],
                                  (which, locale)), "kept")
    return Choices(kept) if len(kept) else pool  # uniform, as the list was


class StreetKit:
    """Token sources of one locale, all drawing from the row's address group."""

    def __init__(self, locale: str, ctx: ColumnContext) -> None:
        self.spec_name = spec_locale(locale)
        self.spec = _specs()[self.spec_name]
        self.locale = locale
        self.ctx = ctx

    def _stream(self, purpose: str) -> Stream:
        return group_stream(self.ctx, f"street:{purpose}")

    def tokens(self) -> dict[str, Source]:
        """Every token a template may use; each ignores the stream render() offers and uses the group's."""
        names = {"first_name": _street_names(self.locale, "first"), "last_name": _street_names(self.locale, "last")}
        out: dict[str, Source] = {}
        for token, pool in names.items():
            out[token] = self._picker(token, pool)
        for token in self.spec.get("lists", {}):
            out[token] = self._picker(token, _list(self.spec_name, token))
        for token, pattern in self.spec.get("regex", {}).items():
            out[token] = self._regex_source(token, pattern)
        out["street"] = lambda rows, _s: self.render("street", rows)
        return out

    def _picker(self, token: str, pool: Choices) -> Source:
        return lambda rows, _s: pool.pick(rows, self._stream(token))

    def _regex_source(self, token: str, pattern: str) -> Source:
        return lambda rows, _s: _regex(pattern).sample(self._stream(token), rows)

    def render(self, part: str, rows: np.ndarray) -> pa.Array:
        """Render the locale's `part` templates (street, address, secondary) for `rows`."""
        templates = self.spec[part]
        templates = [templates] if isinstance(templates, str) else list(templates)
        return render(templates, rows, self.tokens(), self._stream(f"template:{part}"))

    def token(self, name: str, rows: np.ndarray) -> pa.Array:
        """The value of one token for `rows` (e.g. the street type inside the row's street name)."""
        return self.tokens()[name](rows, self._stream(name))


class _StreetColumn(Generator[LocaleParams]):
    category = GEOGRAPHY
    Params = LocaleParams

    def kit(self, ctx: ColumnContext) -> StreetKit:
        return StreetKit(locale_of(self), ctx)


class StreetAddressParams(LocaleParams):
    """Parameters of Street Address: `secondary_percent` % of rows get an "Apt. 123" / "Suite 456"."""

    secondary_percent: float = 0

    @field_validator("secondary_percent")
    @classmethod
    def _range(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError("must be between 0 and 100")
        return value


def _with_secondary(kit: StreetKit, line: pa.Array, rows: np.ndarray, percent: float) -> pa.Array:
    if not percent:
        return line
    wanted = group_stream(kit.ctx, "street:has_secondary").uniform(rows) * 100 < percent
    secondary = pc.if_else(pa.array(wanted), kit.render("secondary", rows), pa.scalar(None, pa.string()))
    return pc.binary_join_element_wise(line, secondary, " ", null_handling="skip")


@register
class StreetAddress(_StreetColumn):
    """A building number and a street in the locale's order: "742 Jackson Terrace", "Müllerstraße 12"."""

    display_name = "Street Address"
    key = "street_address"
    aliases = ("address", "address_line_1", "street", "address_line1")
    description = ("A house number and street in the locale's layout, e.g. 742 Jackson Terrace or "
                   "Müllerstraße 12; secondary_percent adds an apartment/suite to that share of rows.")
    Params = StreetAddressParams
    params: StreetAddressParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        kit = self.kit(ctx)
        line = kit.render("address", ctx.rows)
        return _with_secondary(kit, line, ctx.rows, self.params.secondary_percent)


@register
class BuildingNumber(_StreetColumn):
    """The house number of the row's street address."""

    display_name = "Building Number"
    key = "building_number"
    aliases = ("Street Number", "house_number", "street_number")
    description = "The house number (as text) of the row's street address, e.g. 742 (ja_JP: 3番12号)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.kit(ctx).token("number", ctx.rows)


@register
class StreetName(_StreetColumn):
    """The street (name and type) of the row's street address, e.g. "Jackson Terrace"."""

    display_name = "Street Name"
    key = "street_name"
    aliases = ("road", "street_name_only")
    description = "The street of the row's address without the number, e.g. Jackson Terrace or rue Victor Hugo."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.kit(ctx).render("street", ctx.rows)


@register
class StreetSuffix(_StreetColumn):
    """The street type of the row's street name ("Avenue", "straße", "rue")."""

    display_name = "Street Suffix"
    key = "street_suffix"
    aliases = ("street_type", "thoroughfare_type")
    description = ("The street type in the row's street name: Avenue, Road, straße, rue, Via... "
                   "(ja_JP has none and falls back to en_US suffixes).")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        kit = self.kit(ctx)
        if "type" not in kit.spec.get("lists", {}):
            kit = StreetKit(DEFAULT_SPEC, ctx)
        return kit.token("type", ctx.rows)


@register
class SecondaryAddress(_StreetColumn):
    """An apartment, suite, flat or floor: "Apt. 123", "Flat 4", "Whg. 7", "305号室"."""

    display_name = "Secondary Address"
    key = "secondary_address"
    aliases = ("Address Line 2", "address_line2", "apartment", "suite", "unit")
    description = "An apartment / suite / flat / floor in the locale's wording, e.g. Apt. 123, Flat 4, 3º B."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.kit(ctx).render("secondary", ctx.rows)


# One-line postal layouts: {street}, {city}, {state}, {abbr}, {postal}.
_FULL_LAYOUTS = {
    "US": "{street}, {city}, {abbr} {postal}",
    "GB": "{street}, {city} {postal}",
    "JP": "〒{postal} {state}{city}{street}",
    "CN": "{state}{city}{street} {postal}",
    "BR": "{street}, {city} - {abbr}, {postal}",
    "IT": "{street}, {postal} {city}",
    # Canada Post and Australia Post: locality, province/state code and postcode on one line.
    "CA": "{street}, {city} {abbr} {postal}",
    "AU": "{street}, {city} {abbr} {postal}",
    "IN": "{street}, {city}, {state} {postal}",
    "KR": "({postal}) {state} {city} {street}",
}
_DEFAULT_LAYOUT = "{street}, {postal} {city}"


@register
class FullAddress(_StreetColumn):
    """Street, city, state and postal code on one line in the country's order; agrees with the row's columns."""

    display_name = "Full Address"
    key = "full_address"
    aliases = ("mailing_address", "postal_address", "address_one_line")
    description = ("A one-line postal address in the country's layout, e.g. 742 Jackson Terrace, Springfield, "
                   "IL 62704; uses the same place as the row's City / Postal Code.")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        kit = self.kit(ctx)
        country = locale_country(locale_of(self))
        table = places_for(locale_of(self))
        index = place_rows(ctx, table, group_is_unique(self))
        taken = pa.array(index)
        parts = {
            "street": kit.render("address", ctx.rows),
            "city": table.city.take(taken),
            # Municipalities that are their own province (北京市) are not written twice.
            "state": pc.if_else(pc.equal(table.state.take(taken), table.city.take(taken)), "",
                                table.state.take(taken)),
            "abbr": table.state_abbr.take(taken),
            "postal": postal_codes(ctx, table, index),
        }
        layout = _FULL_LAYOUTS.get(country, _DEFAULT_LAYOUT)
        pieces: list[pa.Array | str] = []
        for literal, name, _, _ in _parse_layout(layout):
            if literal:
                pieces.append(literal)
            if name:
                pieces.append(parts[name])
        return pc.binary_join_element_wise(*pieces, "")


def _parse_layout(layout: str) -> list[tuple[str, str | None, Any, Any]]:
    return list(string.Formatter().parse(layout))
