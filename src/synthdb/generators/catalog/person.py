"""First Name, Last Name, Full Name and Email Address: people that agree with their own row."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.common import CONTACT, PEOPLE, as_strings, find_sibling, is_unique, locale_of
from synthdb.generators.reference import (
    Choices,
    LocaleParams,
    ascii_fold,
    first_names,
    last_names,
    safe_domains,
)
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

_NULL = pa.scalar(None, pa.string())


class NameParams(LocaleParams):
    """Parameters of the name generators."""

    gender: Literal["any", "male", "female"] = "any"

    @field_validator("gender", mode="before")
    @classmethod
    def _gender(cls, value: Any) -> Any:
        aliases = {"m": "male", "f": "female", "": "any", "all": "any", "both": "any"}
        return aliases.get(str(value).strip().lower(), str(value).strip().lower()) if value is not None else "any"


class _ListName(Generator):
    """A name picked from one weighted reference list (distinct by permutation when `unique`)."""

    category = PEOPLE
    Params = NameParams
    params: NameParams

    def choices(self) -> Choices:
        raise NotImplementedError

    def capacity(self) -> int | None:
        return len(self.choices())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):
            return self.choices().pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return self.choices().pick(ctx.rows, ctx.stream)


@register
class FirstName(_ListName):
    """Given names from Faker's locale data, weighted by frequency; `gender` any, male or female."""

    display_name = "First Name"
    key = "first_name"
    unique_values = True
    aliases = ("given_name", "forename")
    description = "A given name, weighted by real-world frequency; optional gender (any, male, female)."

    def choices(self) -> Choices:
        return first_names(locale_of(self), self.params.gender)


@register
class LastName(_ListName):
    """Family names from Faker's locale data, weighted by frequency."""

    display_name = "Last Name"
    key = "last_name"
    unique_values = True
    aliases = ("surname", "family_name")
    description = "A family name, weighted by real-world frequency."

    def choices(self) -> Choices:
        return last_names(locale_of(self))


@register
class FullName(Generator):
    """First name + last name; reuses the row's First Name / Last Name columns when the entity has them."""

    display_name = "Full Name"
    key = "full_name"
    unique_values = True
    aliases = ("name", "person_name")
    category = PEOPLE
    description = "First and last name; agrees with the row's First Name and Last Name columns."
    Params = NameParams
    params: NameParams
    _first: str | None = None
    _last: str | None = None

    def setup(self) -> None:
        self._first = find_sibling(self, FirstName)
        self._last = find_sibling(self, LastName)
        if is_unique(self) and (self._first or self._last):
            raise ParamError("unique", "a unique Full Name cannot also agree with First Name / Last Name columns")

    def dependencies(self) -> list[str]:
        return [name for name in (self._first, self._last) if name]

    def _lists(self) -> tuple[Choices, Choices]:
        return first_names(locale_of(self), self.params.gender), last_names(locale_of(self))

    def capacity(self) -> int | None:
        firsts, lasts = self._lists()
        return len(firsts) * len(lasts)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        firsts, lasts = self._lists()
        if is_unique(self):
            # Mixed radix over (first, last): distinct row indices give distinct pairs.
            pair = permute(ctx.rows, len(firsts) * len(lasts), derive_key(ctx.stream.key, "unique"))
            first = firsts.values.take(pa.array(pair // len(lasts)))
            last = lasts.values.take(pa.array(pair % len(lasts)))
        else:
            first = self._column(ctx, self._first, firsts, "first")
            last = self._column(ctx, self._last, lasts, "last")
        return pc.binary_join_element_wise(first, last, " ", null_handling="skip")

    @staticmethod
    def _column(ctx: ColumnContext, sibling: str | None, pool: Choices, purpose: str) -> pa.Array:
        if sibling is not None:
            return as_strings(ctx.columns[sibling])
        return pool.pick(ctx.rows, ctx.stream.child(purpose))


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEPARATORS = pa.array([".", "_", "", "-"])
_SEPARATOR_WEIGHTS = (0.55, 0.15, 0.2, 0.1)


class EmailParams(LocaleParams):
    """Parameters of Email Address: `domains` (list or comma-separated), default the RFC 2606 examples."""

    domains: list[str] | None = None

    @field_validator("domains", mode="before")
    @classmethod
    def _domains(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in (p.strip() for p in value.split(",")) if v]
        if value is None:
            return None
        cleaned = [str(v).strip().lower().removeprefix("@") for v in value]
        bad = [d for d in cleaned if not _DOMAIN.match(d)]
        if bad or not cleaned:
            raise ValueError(f"not a valid domain name: {bad[0] if bad else '(empty list)'}")
        return cleaned


@register
class EmailAddress(Generator):
    """name-based addresses (jane.doe42@example.com) built from the row's name columns when present.

    Unique fields end the local part with a number that is a keyed bijection of the row index, so
    addresses are distinct by construction whatever the names are (see `unique_numbers`).
    """

    display_name = "Email Address"
    key = "email_address"
    unique_values = True
    aliases = ("email", "e-mail", "email_addr")
    category = CONTACT
    description = "A lowercase ASCII address from the row's names at a reserved example domain."
    Params = EmailParams
    params: EmailParams
    _first: str | None = None
    _last: str | None = None
    _full: str | None = None

    def setup(self) -> None:
        first, last = find_sibling(self, FirstName), find_sibling(self, LastName)
        full = find_sibling(self, FullName)
        # Full Name already agrees with a lone First/Last column, so it wins unless both are present.
        self._full = full if full and not (first and last) else None
        self._first = None if self._full else first
        self._last = None if self._full else last

    def dependencies(self) -> list[str]:
        return [name for name in (self._first, self._last, self._full) if name]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        stream, rows = ctx.stream, ctx.rows
        separator = _SEPARATORS.take(pa.array(stream.child("sep").choice(rows, 4, _SEPARATOR_WEIGHTS)))
        if self._full is not None:
            text = pc.utf8_trim_whitespace(ascii_fold(as_strings(ctx.columns[self._full]), "a-z0-9 "))
            name = pc.binary_join(pc.split_pattern_regex(text, " +"), separator)
        else:
            locale = locale_of(self)
            first = _token(ctx, self._first, locale, "first", stream.child("first"))
            last = _token(ctx, self._last, locale, "last", stream.child("last"))
            swap = pa.array(stream.child("order").uniform(rows) < 0.15)  # some people write last.first
            left, right = pc.if_else(swap, last, first), pc.if_else(swap, first, last)
            name = pc.binary_join_element_wise(left, right, separator, null_handling="skip")
        name = pc.if_else(pc.equal(pc.fill_null(name, ""), ""), "user", name)  # nothing foldable left
        if is_unique(self):
            number = pa.array(unique_numbers(rows, derive_key(stream.key, "unique"))).cast(pa.string())
        else:
            number = _style_number(rows, stream.child("number"))
        domains = self.params.domains or safe_domains()
        domain = pa.array(domains).take(pa.array(stream.child("domain").choice(rows, len(domains))))
        return pc.binary_join_element_wise(name, number, "@", domain, "")


def _nonempty(values: pa.Array) -> pa.Array:
    """Empty strings become null, so that joins skip them (and their separator)."""
    return pc.if_else(pc.greater(pc.utf8_length(values), 0), values, _NULL)


@cache
def _folded(locale: str, part: str) -> tuple[Choices, pa.Array]:
    """A name list and its ASCII-folded spelling, folded once instead of once per row."""
    pool = first_names(locale) if part == "first" else last_names(locale)
    return pool, _nonempty(ascii_fold(pool.values))


def _token(ctx: ColumnContext, sibling: str | None, locale: str, part: str, stream: Stream) -> pa.Array:
    """One folded name part per row (null when nothing is left, so the separator is skipped)."""
    pool, folded = _folded(locale, part)
    if sibling is None:
        return folded.take(pa.array(pool.indices(ctx.rows, stream)))
    raw = as_strings(ctx.columns[sibling])
    # Names from the reference list (the usual case) take their precomputed folding by lookup.
    known = folded.take(pc.index_in(raw, value_set=pool.values))
    if known.null_count == raw.null_count:
        return known
    return pc.coalesce(known, _nonempty(ascii_fold(raw)))


def _style_number(rows: np.ndarray, stream: Stream) -> pa.Array:
    """Half the addresses have no number; others a small number or a birth-year-like one."""
    kind = stream.choice(rows, 3, (0.5, 0.3, 0.2))
    number = np.where(kind == 1, stream.integers(rows, 1, 99, draw=1), stream.integers(rows, 1950, 2010, draw=2))
    text = pa.array(number).cast(pa.string())
    return pc.if_else(pa.array(kind == 0), "", text)


def unique_numbers(rows: np.ndarray, key: int) -> np.ndarray:
    """A keyed bijection from row indices onto the integers >= 10, keeping numbers short.

    Rows 0..89 map onto the 2-digit numbers, the next 900 rows onto the 3-digit ones, and so on, each
    block shuffled by its own Feistel permutation. The result does not depend on the table size, and
    since a name part never ends in a digit, the trailing number alone makes each address distinct.
    """
    out = np.empty(len(rows), dtype=np.int64)
    width = np.ones(len(rows), dtype=np.int64) * 2
    start = 0
    starts = {}
    for d in range(2, 19):
        size = 9 * 10 ** (d - 1)
        starts[d] = start
        width[rows >= start + size] = d + 1
        start += size
        if start > int(rows.max(initial=0)):
            break
    for d in np.unique(width):
        mask = width == d
        size = 9 * 10 ** (int(d) - 1)
        out[mask] = 10 ** (int(d) - 1) + permute(rows[mask] - starts[int(d)], size, derive_key(key, int(d)))
    return out
