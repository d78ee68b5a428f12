"""Latin spellings of names written in other scripts, for ASCII-only places such as email local parts."""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.helpers.reference import provider_class


@cache
def _readings(locale: str) -> dict[str, str]:
    """Faker's own readings where it has them: ja_JP pairs each kanji name with its romaji (佐藤 → Sato).

    A general transliterator reads Japanese kanji with their Chinese sounds (佐藤 → ZuoTeng), so the
    locale's paired readings come first.
    """
    provider: Any = provider_class("person", locale)
    readings: dict[str, str] = {}
    if provider is None:
        return readings
    for attr in dir(provider):
        if attr.endswith("_pairs"):
            for pair in getattr(provider, attr, ()):
                readings.setdefault(pair[0], pair[-1])
    return readings


def romanize(values: pa.Array, locale: str) -> pa.Array:
    """Each distinct value spelled in Latin letters: the locale's readings, else anyascii's transliteration."""
    from anyascii import anyascii

    text = values.cast(pa.string())
    if pc.all(pc.string_is_ascii(pc.fill_null(text, ""))).as_py():
        return text
    readings = _readings(locale)
    distinct = pc.unique(text).drop_null()
    spelled = pa.array([readings.get(v) or anyascii(v) for v in distinct.to_pylist()], pa.string())
    return spelled.take(pc.index_in(text, value_set=distinct))
