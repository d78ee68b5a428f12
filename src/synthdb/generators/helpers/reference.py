"""Reference data from Faker's locale providers (loaded lazily, cached) and vectorized helpers to use it.

Locale fallback: a requested locale such as ``"de-DE"`` is normalised to ``de_DE``; each piece of data
is taken from the first of ``de_DE``, ``de`` (the bare language), ``de_DE`` (language_LANGUAGE), the
first region Faker ships for the language (alphabetically) and finally ``en_US`` whose Faker provider
defines it. A locale without the data therefore falls back to en_US, one attribute at a time (a locale
with its own last names but no street suffixes keeps its last names). Only Faker's *data* is read;
Faker's random functions are never called, so every value stays a pure function of (stream key, row).
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb.generators.base import ParamsModel
from synthdb.generators.helpers import picked
from synthdb.generators.helpers.alias import alias_table
from synthdb.generators.helpers.bundled import bundled_json, bundled_lines, data_path
from synthdb.generators.helpers.census import census_names
from synthdb.generators.helpers.refcache import cached_json
from synthdb.permutation import permute
from synthdb.randomness import Stream

DEFAULT_LOCALE = "en_US"


class LocaleParams(ParamsModel):
    """Parameters shared by locale-aware generators: `locale` overrides the database's locale."""

    model_config = ConfigDict(extra="ignore")
    locale: str | None = None


def locale_candidates(locale: str | None) -> tuple[str, ...]:
    """Faker locale names to try, most specific first, always ending with en_US."""
    if not locale:
        return (DEFAULT_LOCALE,)
    lang, _, region = locale.replace("-", "_").partition("_")
    lang = lang.lower()
    exact = f"{lang}_{region.upper()}" if region else lang
    ordered = [exact, lang, f"{lang}_{lang.upper()}", DEFAULT_LOCALE]
    return tuple(dict.fromkeys(ordered))


@cache
def package_data(name: str) -> Any:
    """A data file shipped in synthdb/data: parsed JSON, or the non-blank, non-# lines of a text file."""
    return bundled_json(name) if name.endswith(".json") else bundled_lines(name)


@cache
def provider_class(category: str, locale: str) -> type | None:
    """Faker's `category` provider class for exactly `locale` (no fallback), or None."""
    try:
        module = importlib.import_module(f"faker.providers.{category}.{locale}")
    except ImportError:
        return None
    return getattr(module, "Provider", None)


def _defines(cls: type, attr: str, category: str, locale: str) -> bool:
    # Faker's category base classes hold English data (company formats) or placeholders (first_names =
    # John/Jane, which en_US overrides): they count as en_US data, never as another locale's.
    for klass in cls.__mro__:
        if attr in vars(klass):
            return locale == DEFAULT_LOCALE or klass.__module__ != f"faker.providers.{category}"
    return False


@cache
def _installed(category: str) -> tuple[str, ...]:
    """Locale names Faker ships for a provider category (e.g. ja_JP for person)."""
    package = importlib.import_module(f"faker.providers.{category}")
    return tuple(sorted(m.name for m in pkgutil.iter_modules(package.__path__)))


@cache
def data_locale(category: str, attr: str, locale: str | None) -> str:
    """The locale whose Faker `category` provider supplies `attr` for `locale` (after fallback)."""
    # Remembered in the reference cache per Faker version: a run whose lookups are all there never
    # imports Faker (whose package imports every provider: 0.07-0.13 s of each start).
    found = cached_json("faker-locale", ("Faker",), (category, attr, str(locale)),
                        lambda: _supplier(category, attr, locale))
    if found is None:
        raise LookupError(f"Faker has no '{attr}' data for {category} (not even for {DEFAULT_LOCALE})")
    return str(found)


def _supplier(category: str, attr: str, locale: str | None) -> str | None:
    tried = locale_candidates(locale)
    # A bare or unusual language ("ja") also tries the first region Faker has for it (ja_JP).
    lang = tried[0].split("_")[0]
    regional = tuple(name for name in _installed(category) if name.startswith(f"{lang}_"))
    for candidate in (*tried[:-1], *regional[:1], tried[-1]):
        cls = provider_class(category, candidate)
        if cls is not None and _defines(cls, attr, category, candidate):
            return candidate
    return None


@cache
def faker_data(category: str, attr: str, locale: str | None) -> Any:
    """The value of `attr` on Faker's `category` provider for `locale`, with the en_US fallback.

    Tuples may come back as lists (the value is kept as JSON in the reference cache); treat it as read-only.
    """
    source = data_locale(category, attr, locale)
    return cached_json("faker-data", ("Faker",), (category, attr, source),
                       lambda: getattr(provider_class(category, source), attr))


def render_faker(category: str, attr: str, locale: str, rows: np.ndarray, stream: Stream,
                 extra: Mapping[str, TokenSource] | None = None) -> pa.Array:
    """Render Faker's templates `attr` with tokens from the locale that supplied the templates.

    When the templates need data that locale lacks, en_US's templates and data are used instead, so a
    row never mixes, say, English city suffixes with Japanese given names.
    """
    source = data_locale(category, attr, locale)
    for candidate in dict.fromkeys((source, DEFAULT_LOCALE)):
        templates = list(faker_data(category, attr, candidate))
        tokens = {**token_sources(category, templates, candidate), **(extra or {})}
        try:
            return render(templates, rows, tokens, stream)
        except LookupError:
            continue
    raise LookupError(f"no usable '{attr}' templates for {category}")


@dataclass(frozen=True)
class Choices:
    """A list of strings with optional weights; picks are pure functions of (stream, row).

    Weighted picks use Walker's alias method: one uniform draw per row, O(1) whatever the list length.
    """

    values: pa.Array
    threshold: np.ndarray | None = None
    alias: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.values)

    def indices(self, rows: np.ndarray, stream: Stream) -> np.ndarray:
        """One index per row, uniform or proportional to the weights."""
        if self.threshold is None or self.alias is None:
            return stream.integers(rows, 0, len(self) - 1)
        scaled = stream.uniform(rows) * len(self)
        slot = np.minimum(scaled.astype(np.int64), len(self) - 1)
        # The fractional part is a second uniform: keep the slot below its threshold, else its alias.
        return np.where(scaled - slot < self.threshold[slot], slot, self.alias[slot])

    def pick(self, rows: np.ndarray, stream: Stream) -> pa.Array:
        """One value per row."""
        found = self.indices(rows, stream)
        return picked.remember(self.values.take(pa.array(found)), self.values, found)

    def pick_unique(self, rows: np.ndarray, key: int) -> pa.Array:
        """Distinct values for distinct rows (rows must be below len(self)): a keyed permutation."""
        found = permute(rows, len(self), key)
        return picked.remember(self.values.take(pa.array(found)), self.values, found)


def choices(data: Mapping[str, float] | Sequence[str], weights: Sequence[float] | None = None) -> Choices:
    """Choices from Faker data: a name → weight mapping (weighted) or a plain sequence (uniform)."""
    if isinstance(data, Mapping):
        names, weights = list(data.keys()), list(data.values())
    else:
        names = list(data)
    values = pa.array(names, pa.string())
    if weights is None:
        return Choices(values)
    return Choices(values, *alias_table(weights))


def _uses_census(locale: str, attr: str) -> bool:
    # Faker's en_US lists (690 first names, 1,000 surnames, Smith at 2.2%) are replaced by the census
    # lists wherever en_US data would be used, fallbacks included.
    return data_locale("person", attr, locale) == DEFAULT_LOCALE


@cache
def japanese_first_names() -> tuple[tuple[str, str, str], ...]:
    """(sex, kanji, hiragana reading) of the Japanese given names shipped in data/people (from gimei, MIT)."""
    with (data_path("people", "ja_first_names.tsv.gz").open("rb") as raw,
          gzip.open(raw, "rt", encoding="utf-8") as handle):
        rows = (line.rstrip("\n").split("\t") for line in handle if not line.startswith("#"))
        return tuple((row[0], row[1], row[2]) for row in rows)


def _japanese(gender: str) -> Choices:
    # Faker's ja_JP has 51 given names; gimei's lists (2,500 male, 8,100 female, with readings) join them.
    wanted = ("male", "female") if gender not in ("male", "female") else (gender,)
    attr = {"male": "first_names_male", "female": "first_names_female"}.get(gender, "first_names")
    names = dict.fromkeys(faker_data("person", attr, "ja_JP"))
    names.update(dict.fromkeys(kanji for sex, kanji, _ in japanese_first_names() if sex in wanted))
    return choices(list(names))


def _with_mimesis(locale: str, gender: str) -> Choices:
    # Faker's lists for these locales hold 121-219 names; mimesis' (data/people/first_names.json) join them.
    extra = package_data("people/first_names.json")[locale]
    wanted = ("male", "female") if gender not in ("male", "female") else (gender,)
    attr = {"male": "first_names_male", "female": "first_names_female"}.get(gender, "first_names")
    names = dict.fromkeys(faker_data("person", attr, locale))
    names.update(dict.fromkeys(name for sex in wanted for name in extra[sex]))
    return choices(list(names))


@cache
def first_names(locale: str, gender: str = "any") -> Choices:
    """First names, weighted by frequency (US Census lists for en_US, else Faker's); gender any/male/female."""
    if data_locale("person", "first_names", locale) == "ja_JP":
        return _japanese(gender)
    if data_locale("person", "first_names", locale) in package_data("people/first_names.json"):
        return _with_mimesis(data_locale("person", "first_names", locale), gender)
    if _uses_census(locale, "first_names"):
        return Choices(*census_names(f"{gender}_first" if gender in ("male", "female") else "any_first"))
    attrs = {"male": ("first_names_male", "first_names"), "female": ("first_names_female", "first_names")}
    for attr in attrs.get(gender, ("first_names",)):
        try:
            return choices(faker_data("person", attr, locale))
        except LookupError:
            continue
    return choices(faker_data("person", "first_names", DEFAULT_LOCALE))


@cache
def last_names(locale: str) -> Choices:
    """Last names, weighted by frequency (the US Census surnames for en_US, else Faker's lists)."""
    if _uses_census(locale, "last_names"):
        return Choices(*census_names("surnames"))
    return choices(faker_data("person", "last_names", locale))


@cache
def address_list(attr: str, locale: str) -> Choices:
    """Any list-valued attribute of Faker's address provider (street_suffixes, city_prefixes, ...)."""
    return choices(faker_data("address", attr, locale))


@cache
def states(locale: str) -> tuple[Choices, Choices]:
    """(state names, their abbreviations) aligned index by index."""
    names = list(faker_data("address", "states", locale))
    try:
        abbrs = list(faker_data("address", "states_abbr", locale))
    except LookupError:
        abbrs = []
    # en_US lists DC among the abbreviations but not among the state names; drop it to align the two.
    if len(abbrs) == len(names) + 1 and "DC" in abbrs:
        abbrs.remove("DC")
    if len(abbrs) != len(names):
        if locale_candidates(locale)[0] == DEFAULT_LOCALE:
            raise LookupError("state names and abbreviations do not align")
        return states(DEFAULT_LOCALE)
    return choices(names), choices(abbrs)


@cache
def us_state_zip_ranges() -> tuple[Choices, Choices, np.ndarray, np.ndarray]:
    """(names, abbreviations, lowest ZIP, highest ZIP) of the 50 US states, from Faker's en_US data."""
    names, abbrs = states(DEFAULT_LOCALE)
    ranges = faker_data("address", "states_postcode", DEFAULT_LOCALE)
    low = np.array([ranges[a][0] for a in abbrs.values.to_pylist()], dtype=np.int64)
    high = np.array([ranges[a][1] for a in abbrs.values.to_pylist()], dtype=np.int64)
    return names, abbrs, low, high


@cache
def countries() -> tuple[Choices, Choices, Choices]:
    """(English names, ISO alpha-2, ISO alpha-3) of Faker's 195 countries, aligned index by index."""
    # Faker only; an optional pycountry would make output depend on what happens to be installed.
    from faker.providers.date_time import Provider

    rows = Provider.countries
    return (
        choices([c.name for c in rows]),
        choices([c.alpha_2_code for c in rows]),
        choices([c.alpha_3_code for c in rows]),
    )


# Template tokens whose list attribute is not simply the token's plural.
_TOKEN_ATTRS = {"city_name": ("cities",), "street_name": ("street_names",)}
_PERSON_TOKENS = {"first_name": "any", "first_name_male": "male", "first_name_female": "female"}


@cache
def token_choices(category: str, token: str, locale: str) -> Choices | None:
    """The list a Faker template token draws from ({{last_name}}, {{street_suffix}}, ...), if known."""
    if token in _PERSON_TOKENS:
        return first_names(locale, _PERSON_TOKENS[token])
    if token.startswith("last_name"):
        return last_names(locale)
    parts = token.split("_")
    # Faker pluralises one word of the token: street_suffix → street_suffixes, _long → suffixes_long.
    plurals = [
        "_".join([*parts[:i], plural, *parts[i + 1 :]])
        for i in reversed(range(len(parts)))
        for plural in (parts[i] + "es", parts[i] + "s", parts[i][:-1] + "ies")
    ]
    for attr in (*_TOKEN_ATTRS.get(token, ()), *plurals):
        try:
            data = faker_data(category, attr, locale)
        except LookupError:
            continue
        values = list(data.keys()) if isinstance(data, Mapping) else data
        if isinstance(values, list | tuple) and values and all(isinstance(v, str) for v in values):
            return choices(data)
    return None


def token_sources(category: str, templates: Sequence[str], locale: str) -> dict[str, TokenSource]:
    """Pickers for every token of `templates` that Faker has data for (templates using others are skipped)."""
    sources: dict[str, TokenSource] = {}
    for token in set().union(*(template_tokens(t) for t in templates)):
        found = token_choices(category, token, locale)
        if found is not None:
            sources[token] = found.pick
    return sources


# -- rendering Faker's "{{token}} literal ###" templates, vectorized ------------------------------

TokenSource = Callable[[np.ndarray, Stream], pa.Array]
_PART = re.compile(r"\{\{\s*(\w+)\s*\}\}|(#+)")


@cache
def _parse(template: str) -> tuple[tuple[str, str | int], ...]:
    """Template parts: ("lit", text), ("tok", name) or ("num", width of a ### run)."""
    parts: list[tuple[str, str | int]] = []
    pos = 0
    for match in _PART.finditer(template):
        if match.start() > pos:
            parts.append(("lit", template[pos : match.start()]))
        parts.append(("tok", match.group(1)) if match.group(1) else ("num", len(match.group(2))))
        pos = match.end()
    if pos < len(template):
        parts.append(("lit", template[pos:]))
    return tuple(parts)


def template_tokens(template: str) -> set[str]:
    """The token names a template uses."""
    return {str(value) for kind, value in _parse(template) if kind == "tok"}


def digits(rows: np.ndarray, stream: Stream, width: int) -> pa.Array:
    """`width` random decimal digits per row, zero-padded."""
    values = pa.array(stream.integers(rows, 0, 10**width - 1)).cast(pa.string())
    return pc.utf8_lpad(values, width=width, padding="0")


def _render_one(template: str, rows: np.ndarray, tokens: Mapping[str, TokenSource], stream: Stream) -> pa.Array:
    pieces: list[pa.Array | str] = []
    for position, (kind, value) in enumerate(_parse(template)):
        sub = stream.child(template, position)  # each occurrence draws independently
        if kind == "lit":
            pieces.append(str(value))
        elif kind == "num":
            pieces.append(digits(rows, sub, int(value)))
        else:
            pieces.append(tokens[str(value)](rows, sub))
    if not any(isinstance(p, pa.Array) for p in pieces):
        return pa.array(["".join(map(str, pieces))] * len(rows), pa.string())
    return pc.binary_join_element_wise(*pieces, "")


def render(
    templates: Sequence[str],
    rows: np.ndarray,
    tokens: Mapping[str, TokenSource],
    stream: Stream,
    weights: Sequence[float] | None = None,
) -> pa.Array:
    """Each row picks a template (by weight) and fills its tokens from `tokens`; rows are never looped."""
    usable = [i for i, t in enumerate(templates) if template_tokens(t) <= set(tokens)]
    if not usable:
        raise LookupError(f"no template uses only the tokens {sorted(tokens)}: {list(templates)}")
    picked_weights = [weights[i] for i in usable] if weights is not None else None
    which = stream.child("template").choice(rows, len(usable), picked_weights)
    if len(usable) == 1:
        return _render_one(templates[usable[0]], rows, tokens, stream)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(usable) + 1))
    chunks = []
    for slot, index in enumerate(usable):
        subset = rows[order[bounds[slot] : bounds[slot + 1]]]
        if len(subset):
            chunks.append(_render_one(templates[index], subset, tokens, stream))
    if not chunks:
        return pa.array([], pa.string())
    grouped = pa.concat_arrays(chunks)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return grouped.take(pa.array(inverse))


# -- ASCII folding for e-mail addresses -----------------------------------------------------------

# Letters that Unicode does not decompose into a base letter plus accents.
_SPECIAL_LETTERS = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}


def ascii_fold(values: pa.Array, keep: str = "a-z0-9") -> pa.Array:
    """Lowercase ASCII: accents stripped (é → e), special letters spelled out, other characters removed."""
    text = pc.utf8_lower(values.cast(pa.string()))
    if not pc.all(pc.string_is_ascii(text)).as_py():  # the Unicode passes are the slow part; skip if ASCII
        for letter, spelled in _SPECIAL_LETTERS.items():
            text = pc.replace_substring(text, letter, spelled)
        text = pc.replace_substring_regex(pc.utf8_normalize(text, "NFKD"), r"\p{M}", "")
    return pc.replace_substring_regex(text, f"[^{keep}]+", "")


def safe_domains() -> list[str]:
    """The reserved example domains of RFC 2606 (Faker's `safe_domain_names`, fixed by the RFC)."""
    return ["example.com", "example.net", "example.org"]
