"""First, Middle, Last and Full Name, Middle Initial and Email Address: people that agree with their own row."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.helpers.common import CONTACT, PEOPLE, as_strings, find_sibling, is_unique, locale_of
from synthdb.generators.helpers.name_tokens import name_token
from synthdb.generators.helpers.people import (
    FEMALE,
    MALE,
    OTHER,
    GenderSource,
    group_sibling,
    pick_by_gender,
    stated_gender,
)
from synthdb.generators.helpers.reference import (
    Choices,
    LocaleParams,
    ascii_fold,
    faker_data,
    first_names,
    last_names,
    locale_candidates,
    package_data,
    safe_domains,
)
from synthdb.generators.helpers.unique_email import identities, layout_names, unique_local_parts
from synthdb.generators.presets import preset
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


class _ListName(Generator[NameParams]):
    """A name picked from one weighted reference list (distinct by permutation when `unique`)."""

    category = PEOPLE
    Params = NameParams

    def choices(self) -> Choices:
        raise NotImplementedError

    def capacity(self) -> int | None:
        return len(self.choices())

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> pa.Array | None:
        # Value k of the finite list, so names can take part in unique combinations (where, as for
        # `unique`, distinctness wins over agreeing with the row's gender).
        return self.choices().values.take(pa.array(indices))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):
            return self.choices().pick_unique(ctx.rows, derive_key(ctx.stream.key, "unique"))
        return self.choices().pick(ctx.rows, ctx.stream)


class _GivenName(_ListName):
    """A given name of the row's gender: its Gender column, a stated gender, or the group's shared draw."""

    _gender: GenderSource

    def setup(self) -> None:
        self._gender = GenderSource(self, stated_gender(self.params), follow_names=False)

    def dependencies(self) -> list[str]:
        return self._gender.dependencies()

    def choices(self) -> Choices:
        return first_names(locale_of(self), self.params.gender)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if is_unique(self):  # distinct over the whole list: uniqueness wins over gender agreement
            return super().generate(ctx)
        return given_names(locale_of(self), self._gender.codes(ctx), ctx.rows, ctx.stream)


def given_names(locale: str, genders: np.ndarray, rows: np.ndarray, stream: Stream) -> pa.Array:
    """A first name per row from the list of the row's gender (the whole list for other genders)."""
    pickers = {MALE: first_names(locale, "male"), FEMALE: first_names(locale, "female"), OTHER: first_names(locale)}
    return pick_by_gender(genders, rows, pickers, stream)


@register
class FirstName(_GivenName):
    """Given names from Faker's locale data, weighted by frequency, agreeing with the row's gender."""

    display_name = "First Name"
    key = "first_name"
    unique_values = True
    aliases = ("given_name", "forename")
    description = "A given name weighted by real-world frequency, of the row's gender (or `gender`: male, female)."
    _email: str | None = None

    def setup(self) -> None:
        super().setup()
        self._email = identity_email(self)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if self._email is not None:
            return layout_names_of(self, ctx, self._email, self._gender)[0]
        return super().generate(ctx)


@register
class MiddleName(_GivenName):
    """A second given name of the row's gender (drawn independently of First Name)."""

    display_name = "Middle Name"
    key = "middle_name"
    aliases = ("second_name", "middle")
    description = "A second given name of the row's gender, weighted by frequency."


class InitialParams(NameParams):
    """Parameters of Middle Initial: `period` appends a dot (J.)."""

    period: bool = True


@register
class MiddleInitial(_GivenName):
    """The initial of a second given name of the row's gender: "J."."""

    display_name = "Middle Initial"
    key = "middle_initial"
    description = "The first letter of a middle name of the row's gender, e.g. J."
    Params = InitialParams
    params: InitialParams

    def capacity(self) -> int | None:
        return None

    def enumerate_values(self, ctx: ColumnContext, indices: np.ndarray) -> pa.Array | None:
        return None  # initials repeat: not a list of distinct values

    def generate(self, ctx: ColumnContext) -> pa.Array:
        names = given_names(locale_of(self), self._gender.codes(ctx), ctx.rows, ctx.stream)
        initial = pc.utf8_slice_codeunits(names, 0, 1)
        return pc.binary_join_element_wise(initial, "." if self.params.period else "", "")


@register
class LastName(_ListName):
    """Family names from Faker's locale data, weighted by frequency."""

    display_name = "Last Name"
    key = "last_name"
    unique_values = True
    aliases = ("surname", "family_name")
    description = "A family name, weighted by real-world frequency."
    _email: str | None = None
    _gender: GenderSource | None = None

    def setup(self) -> None:
        self._email = identity_email(self)
        if self._email is not None:  # the layout of a unique email ranks names by the row's gender
            self._gender = GenderSource(self, first_name_gender(self), follow_names=False)

    def dependencies(self) -> list[str]:
        return self._gender.dependencies() if self._gender is not None else []

    def choices(self) -> Choices:
        return last_names(locale_of(self))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        if self._email is not None and self._gender is not None:
            return layout_names_of(self, ctx, self._email, self._gender)[1]
        return super().generate(ctx)


def identity_email(generator: Generator) -> str | None:
    """The unique Email Address of the name column's group, whose identity layout the names follow
    so that its addresses need no de-duplicating number (helpers/identities.py)."""
    if is_unique(generator):
        return None
    for fld in generator.entity.fields:
        if fld.name == generator.field.name or fld.group_key != generator.field.group_key:
            continue
        cls = generator.siblings.generator_of(fld)
        if cls is not None and issubclass(cls, EmailAddress) and (fld.unique or fld.primary_key):
            return fld.name
    return None


def first_name_gender(generator: Generator) -> int | None:
    """The gender a First Name column of the group states (gender: female), else None."""
    named = group_sibling(generator, frozenset({"first_name"}))
    return stated_gender(named.params) if named is not None else None


def _identity_key(ctx: ColumnContext, email: str) -> int:
    return ctx.group("identity").child(email).key


def layout_names_of(generator: Generator, ctx: ColumnContext, email: str,
                    gender: GenderSource) -> tuple[pa.Array, pa.Array]:
    """(first, last) names of the rows from the identity layout of the unique email `email`."""
    locale = locale_of(generator)
    ids = identities(ctx.rows, ctx.table_size, _identity_key(ctx, email), locale, gender.codes(ctx))
    return layout_names(ids, locale, ctx.group("identity").child(email, "names"), ctx.rows)


@cache
def name_layout(locale: str) -> tuple[bool, str]:
    """(family name first?, separator) from the locale's most common Faker name template.

    en_US "{{first_name}} {{last_name}}" gives (False, " "); ja_JP (True, " "); zh_CN (True, "").
    """
    formats = faker_data("person", "formats", locale)
    template = max(formats, key=lambda t: formats[t]) if isinstance(formats, Mapping) else formats[0]
    match = re.search(r"\{\{\s*(first|last)_name\w*\s*\}\}(.*?)\{\{\s*(first|last)_name", template)
    if match is None:
        return False, " "
    return match.group(1) == "last", match.group(2)


@register
class FullName(Generator[NameParams]):
    """First name + last name; reuses the row's First Name / Last Name columns when the entity has them."""

    display_name = "Full Name"
    key = "full_name"
    unique_values = True
    aliases = ("name", "person_name")
    category = PEOPLE
    description = "Given and family name in the locale's order; agrees with the row's name and gender columns."
    Params = NameParams
    _first: str | None = None
    _last: str | None = None
    _email: str | None = None
    _gender: GenderSource

    def setup(self) -> None:
        self._first = find_sibling(self, FirstName)
        self._last = find_sibling(self, LastName)
        self._gender = GenderSource(self, stated_gender(self.params), follow_names=False)
        if is_unique(self) and (self._first or self._last):
            raise ParamError("unique", "a unique Full Name cannot also agree with First Name / Last Name columns")
        self._email = None if self._first or self._last else identity_email(self)

    def dependencies(self) -> list[str]:
        own = [name for name in (self._first, self._last) if name]
        return own if self._first or is_unique(self) else [*own, *self._gender.dependencies()]

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
        elif self._email is not None:
            first, last = layout_names_of(self, ctx, self._email, self._gender)
        else:
            if self._first is not None:
                first = as_strings(ctx.columns[self._first])
            else:
                first = given_names(locale_of(self), self._gender.codes(ctx), ctx.rows, ctx.stream.child("first"))
            last = self._column(ctx, self._last, lasts, "last")
        family_first, separator = name_layout(locale_of(self))
        parts = (last, first) if family_first else (first, last)
        return pc.binary_join_element_wise(*parts, separator, null_handling="skip")

    @staticmethod
    def _column(ctx: ColumnContext, sibling: str | None, pool: Choices, purpose: str) -> pa.Array:
        if sibling is not None:
            return as_strings(ctx.columns[sibling])
        return pool.pick(ctx.rows, ctx.stream.child(purpose))


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEPARATORS = pa.array([".", "_", "", "-"])
_SEPARATOR_WEIGHTS = (0.55, 0.15, 0.2, 0.1)


class EmailParams(LocaleParams):
    """Parameters of Email Address: `domains` (list or comma-separated), default the RFC 2606 examples;
    `free_mail` draws the locale's common free-mail providers by their shares instead."""

    domains: list[str] | None = None
    free_mail: bool = False

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
class EmailAddress(Generator[EmailParams]):
    """name-based addresses (jane.doe42@example.com) built from the row's name columns when present.

    Unique fields are distinct by construction and mostly without digits: the table's name columns follow
    the email's identity layout, which ranks each row among the rows of its name, and only the first row
    of a name writes first.last (helpers/identities.py, helpers/unique_email.py).
    """

    display_name = "Email Address"
    key = "email_address"
    unique_values = True
    aliases = ("email", "e-mail", "email_addr")
    category = CONTACT
    description = ("A lowercase ASCII address from the row's names at a reserved example domain (free_mail: the "
                   "locale's common free-mail providers by share, e.g. gmail.com, gmx.de, naver.com).")
    Params = EmailParams
    _first: str | None = None
    _last: str | None = None
    _full: str | None = None

    _birth: str | None = None
    _gender: GenderSource | None = None

    def setup(self) -> None:
        from synthdb.generators.catalog.people.birth import BirthDate

        if is_unique(self):  # the identity layout ranks names by the row's gender (as its names do)
            self._gender = GenderSource(self, first_name_gender(self), follow_names=False)
        first, last = find_sibling(self, FirstName), find_sibling(self, LastName)
        full = find_sibling(self, FullName)
        self._birth = find_sibling(self, BirthDate)
        # Full Name already agrees with a lone First/Last column, so it wins unless both are present.
        self._full = full if full and not (first and last) else None
        self._first = None if self._full else first
        self._last = None if self._full else last

    def dependencies(self) -> list[str]:
        own = [name for name in (self._first, self._last, self._full, self._birth) if name]
        return own + (self._gender.dependencies() if self._gender is not None else [])

    def generate(self, ctx: ColumnContext) -> pa.Array:
        stream, rows = ctx.stream, ctx.rows
        separator = _SEPARATORS.take(pa.array(stream.child("sep").choice(rows, 4, _SEPARATOR_WEIGHTS)))
        # The usual case (two names, never both empty) keeps the local part as its pieces, joined with
        # the number and domain in one pass at the end rather than in two.
        pieces: list[pa.Array] | None = None
        if self._full is not None:
            text = pc.utf8_trim_whitespace(ascii_fold(as_strings(ctx.columns[self._full]), "a-z0-9 "))
            name = pc.binary_join(pc.split_pattern_regex(text, " +"), separator)
        else:
            locale = locale_of(self)
            first = name_token(ctx, self._first, locale, "first", stream.child("first"))
            last = name_token(ctx, self._last, locale, "last", stream.child("last"))
            swap = pa.array(stream.child("order").uniform(rows) < 0.15)  # some people write last.first
            left, right = pc.if_else(swap, last, first), pc.if_else(swap, first, last)
            if not left.null_count and not right.null_count and (_never_empty(first) or _never_empty(last)):
                pieces = [left, separator, right]
            else:
                name = _join_skipping_nulls(left, right, separator)
        if pieces is None and (name.null_count or pc.min(pc.binary_length(name)).as_py() == 0):
            name = pc.if_else(pc.equal(pc.fill_null(name, ""), ""), "user", name)  # nothing foldable left
        birth = ctx.columns[self._birth] if self._birth else None
        if self._gender is not None:
            if pieces is not None:
                name, pieces = pc.binary_join_element_wise(*pieces, ""), None
            sources = {"first": self._first, "last": self._last, "full": self._full}
            columns = {part: ctx.columns[col] for part, col in sources.items() if col is not None}
            local = unique_local_parts(ctx, _identity_key(ctx, self.field.name), locale_of(self),
                                       self._gender.codes(ctx), columns, name, birth)
            number = pa.array([""] * len(rows), pa.string())
            name = local
        else:
            number = _style_number(rows, stream.child("number"), birth)
        if self.params.free_mail and not self.params.domains:
            names, shares = free_mail_domains(locale_of(self))
            picks = stream.child("domain").choice(rows, len(names), shares)
            domain = pa.array(names).take(pa.array(picks))
        else:
            domains = self.params.domains or safe_domains()
            domain = pa.array(domains).take(pa.array(stream.child("domain").choice(rows, len(domains))))
        return pc.binary_join_element_wise(*(pieces or [name]), number, "@", domain, "")


def _never_empty(tokens: pa.Array) -> bool:
    """True when no value of `tokens` (nulls excluded) is the empty string."""
    shortest = pc.min(pc.binary_length(tokens)).as_py()
    return shortest is not None and shortest > 0


def free_mail_domains(locale: str) -> tuple[list[str], list[float]]:
    """The locale's free-mail providers and their shares (data/people/freemail_domains.json; en_US when the
    locale has none)."""
    table = package_data("people/freemail_domains.json")
    found = next((table[c] for c in locale_candidates(locale) if c in table), table["en_US"])
    return list(found), [float(share) for share in found.values()]


def _join_skipping_nulls(left: pa.Array, right: pa.Array, separator: pa.Array) -> pa.Array:
    """`left<sep>right`, or the one that isn't null, or null.

    Arrow's own null_handling="skip" returns an empty array when every input is null (pyarrow 2x), so
    the cases are spelled out.
    """
    if not left.null_count and not right.null_count:  # the usual case: two names
        return pc.binary_join_element_wise(left, right, separator)
    both = pc.binary_join_element_wise(pc.fill_null(left, ""), pc.fill_null(right, ""), separator)
    return pc.if_else(pc.is_null(left), right, pc.if_else(pc.is_null(right), left, both))


def _style_number(rows: np.ndarray, stream: Stream, birth: pa.Array | None = None) -> pa.Array:
    """Half the addresses have no number; others a small number or a birth year: the row's own (from its
    Birth Date column, all four digits or the last two) when it has one, else a year-like number."""
    kind, number = _number_draws(rows, stream, birth)
    if len(number) and (number.min() < 0 or number.max() >= 10_000):  # a birth year outside 0-9999
        return _spelled_by_cast(kind, number, birth is not None)
    # Spelled by looking the (few distinct) numbers up rather than casting each: no number is the empty
    # text, and two-digit years keep their leading zero (jane.doe07).
    spelled = np.where(kind == 0, -1, number)
    if birth is not None:
        spelled = np.where((kind == 2) & (number < 10), -2 - number, spelled)
    return _number_texts().take(pa.array(spelled + _PADDED))


def _number_draws(rows: np.ndarray, stream: Stream, birth: pa.Array | None) -> tuple[np.ndarray, np.ndarray]:
    """(kind, number) per row: 0 no number, 1 a small number, 2 a year (the row's birth year, or its last
    two digits, where it has one)."""
    kind = stream.choice(rows, 3, (0.5, 0.3, 0.2))
    year = stream.integers(rows, 1950, 2010, draw=2)
    if birth is not None:
        born = pc.year(birth.cast(pa.date32())).fill_null(0).to_numpy(zero_copy_only=False)
        short = stream.uniform(rows, draw=3) < 0.4
        year = np.where(born > 0, np.where(short, born % 100, born), year)
    return kind, np.where(kind == 1, stream.integers(rows, 1, 99, draw=1), year)


def _spelled_by_cast(kind: np.ndarray, number: np.ndarray, years_padded: bool) -> pa.Array:
    """The numbers' text by Arrow's cast (what the lookup in _number_texts reproduces)."""
    text = pa.array(number).cast(pa.string())
    if years_padded:
        text = pc.if_else(pa.array((kind == 2) & (number < 10)), pc.utf8_lpad(text, 2, "0"), text)
    return pc.if_else(pa.array(kind == 0), "", text)


_PADDED = 11  # _number_texts(): "00".."09" as -11..-2 (shifted), "" as -1, then every number up to 9999


@cache
def _number_texts() -> pa.Array:
    return pa.array([f"{n:02d}" for n in range(9, -1, -1)] + [""] + [str(n) for n in range(10_000)])


# Fabricate's and Mockaroo's variants of the name generators (see presets.py).
preset(FirstName, "First Name (Male)", "first_name_male", "A male given name, weighted by frequency.",
       aliases=("male_first_name",), gender="male")
preset(FirstName, "First Name (Female)", "first_name_female", "A female given name, weighted by frequency.",
       aliases=("female_first_name",), gender="female")
preset(FirstName, "Given Name (Chinese)", "given_name_chinese",
       "A Chinese given name (zh_CN data) in Chinese characters.", locale="zh_CN")
preset(LastName, "Family Name (Chinese)", "family_name_chinese",
       "A Chinese family name (zh_CN data) in Chinese characters, weighted by frequency.", locale="zh_CN")
