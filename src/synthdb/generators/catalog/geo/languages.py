"""Languages: name (in the locale's language or its own), ISO 639-1 and ISO 639-3 codes, BCP 47 locale tag.

The list is pycountry's living languages that have an ISO 639-1 code, weighted by approximate total
speakers (synthdb/data/languages.json); names come from babel's CLDR data. Columns of one group (same
`group_key`, or none) describe the same language: Language, its codes and a locale tag of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.common import LANGUAGES, locale_of
from synthdb.generators.helpers.reference import Choices, LocaleParams, choices, package_data
from synthdb.generators.registry import register


@dataclass(frozen=True)
class _Languages:
    codes: list[str]  # ISO 639-1
    alpha3: pa.Array  # ISO 639-3
    english: list[str]
    pick: Choices  # indices weighted by speakers
    tags: pa.Array  # BCP 47 tags of all languages, grouped by language
    tag_start: np.ndarray
    tag_count: np.ndarray


@cache
def language_table() -> _Languages:
    """Living ISO 639-1 languages with their ISO 639-3 codes, English names, weights and CLDR locales."""
    import pycountry
    from babel import Locale, localedata
    from babel.core import get_global

    langs = sorted((lang for lang in pycountry.languages if hasattr(lang, "alpha_2") and lang.type == "L"),
                   key=lambda lang: lang.alpha_2)
    codes = [lang.alpha_2 for lang in langs]
    english_names = Locale("en").languages
    english = [english_names.get(lang.alpha_2, lang.name) for lang in langs]
    speakers = package_data("languages.json")["speakers"]
    weights = [float(speakers.get(code, 1)) for code in codes]
    likely = get_global("likely_subtags")
    by_language: dict[str, list[str]] = {code: [] for code in codes}
    for ident in sorted(localedata.locale_identifiers()):
        lang, _, rest = ident.partition("_")
        region = rest.rpartition("_")[2]
        if lang not in by_language or not (region.isupper() or region.isdigit()):
            continue  # only tags that name a region (de-AT, es-419, zh-Hans-CN), not bare scripts
        tag = ident.replace("_", "-")
        main = likely.get(lang, "")
        # The language's most likely locale (fr-FR for fr) goes first: it is picked most of the time.
        if ident in (main, f"{lang}_{main.rpartition('_')[2]}"):
            by_language[lang].insert(0, tag)
        else:
            by_language[lang].append(tag)
    tags = [by_language[code] or [code] for code in codes]  # a language without CLDR regions: its bare code
    counts = np.array([len(t) for t in tags])
    return _Languages(codes, pa.array([lang.alpha_3 for lang in langs]), english,
                      choices(codes, weights), pa.array([t for group in tags for t in group]),
                      np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)


@cache
def language_names(locale: str) -> pa.Array:
    """Language names as the locale's speakers write them ("Englisch" for de), English where CLDR has none."""
    from babel import Locale, UnknownLocaleError

    table = language_table()
    local: Mapping[str, str]
    try:
        local = Locale.parse(locale.replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        local = {}
    return pa.array([local.get(code) or name for code, name in zip(table.codes, table.english, strict=True)])


@cache
def native_names() -> pa.Array:
    """Each language's name in itself (Deutsch, 日本語), English where CLDR has no data for the language."""
    from babel import Locale, UnknownLocaleError

    table = language_table()
    names = []
    for code, name in zip(table.codes, table.english, strict=True):
        try:
            own = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            own = None
        names.append(own or name)
    return pa.array(names)


def _language(ctx: ColumnContext) -> np.ndarray:
    """The row's language: one draw shared by the language columns of the group."""
    return language_table().pick.indices(ctx.rows, ctx.group("language").child("language"))


class _LanguageColumn(Generator[Any]):  # subclasses differ in parameters
    category = LANGUAGES

    def capacity(self) -> int | None:
        return len(language_table().codes)

    def values(self) -> pa.Array:
        raise NotImplementedError

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.values().take(pa.array(_language(ctx)))


@register
class Language(_LanguageColumn):
    """Language names weighted by number of speakers, written in the locale's language."""

    display_name = "Language"
    key = "language"
    aliases = ("language_name", "spoken_language")
    description = "A language name (English, Spanish, ...) weighted by speakers, in the locale's language."
    Params = LocaleParams
    params: LocaleParams

    def values(self) -> pa.Array:
        return language_names(locale_of(self))


@register
class LanguageNativeName(_LanguageColumn):
    """The language's name in itself: Deutsch, español, 日本語."""

    display_name = "Language (Native Name)"
    key = "language_native_name"
    aliases = ("endonym", "native_language_name")
    description = "The row's language named in itself, e.g. Deutsch, español, 日本語."

    def values(self) -> pa.Array:
        return native_names()


@register
class LanguageCode(_LanguageColumn):
    """ISO 639-1 two-letter codes of the row's language."""

    display_name = "Language Code"
    key = "language_code"
    aliases = ("ISO 639-1", "iso_639_1", "language_iso_code")
    description = "Two-letter ISO 639-1 code (en, es, zh, ...) of the row's language."

    def values(self) -> pa.Array:
        return pa.array(language_table().codes)


@register
class LanguageCode3(_LanguageColumn):
    """ISO 639-3 three-letter codes of the row's language."""

    display_name = "Language Code (ISO 639-3)"
    key = "language_code_3"
    aliases = ("ISO 639-3", "iso_639_3", "iso_639_2")
    description = "Three-letter ISO 639-3 code (eng, spa, zho, ...) of the row's language."

    def values(self) -> pa.Array:
        return language_table().alpha3


@register
class LocaleTag(Generator[NoParams]):
    """BCP 47 locale tags of the row's language from CLDR: en-US, de-AT, zh-Hans-CN, pt-BR ..."""

    display_name = "Locale"
    key = "locale_tag"
    aliases = ("locale_code", "bcp_47", "language_tag")
    category = LANGUAGES
    description = "A BCP 47 locale tag (en-GB, pt-BR, zh-Hans-CN) for the row's language, from CLDR."

    def capacity(self) -> int | None:
        return len(language_table().tags)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        table = language_table()
        language = _language(ctx)
        # 70 % the language's main locale, otherwise any of its regional variants (main included).
        main = ctx.stream.uniform(ctx.rows, draw=1) < 0.7
        u = ctx.stream.uniform(ctx.rows)
        count = table.tag_count[language]
        index = table.tag_start[language] + np.where(main, 0, np.minimum((u * count).astype(np.int64), count - 1))
        return table.tags.take(pa.array(index))
