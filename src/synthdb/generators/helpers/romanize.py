"""Latin spellings of names written in other scripts, for ASCII-only places such as email local parts."""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.helpers.reference import data_locale, japanese_first_names, provider_class


@cache
def _readings(locale: str) -> dict[str, str]:
    """Faker's own readings where it has them: ja_JP pairs each kanji name with its romaji (佐藤 → Sato).

    A general transliterator reads Japanese kanji with their Chinese sounds (佐藤 → ZuoTeng), so the
    locale's paired readings come first.
    """
    provider: Any = provider_class("person", locale)
    readings: dict[str, str] = {}
    if data_locale("person", "first_names", locale) == "ja_JP":
        # The bundled given names carry their kana readings, spelt the passport way (りゅうき → ryuki).
        readings = {kanji: kana_romaji(kana) for _, kanji, kana in reversed(japanese_first_names())}
    if provider is None:
        return readings
    for attr in dir(provider):
        if attr.endswith("_pairs"):
            for pair in getattr(provider, attr, ()):
                readings[pair[0]] = pair[-1]  # Faker's own romaji win
    return readings


_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o", "ャ": "a", "ュ": "u", "ョ": "o"}
_SOKUON = ("っ", "ッ")


def kana_romaji(kana: str) -> str:
    """Kana in the passport (Hepburn) spelling: きょうこ → kyoko, いっせい → issei, しょうた → shota."""
    from anyascii import anyascii

    out: list[str] = []
    double = False
    for i, ch in enumerate(kana):
        if ch in _SOKUON:
            double = True
            continue
        if ch in _SMALL_Y:
            continue
        sound = anyascii(ch).lower()
        after = kana[i + 1] if i + 1 < len(kana) else ""
        if after in _SMALL_Y and sound.endswith("i"):  # a contracted sound: き+ょ → kyo, し+ゃ → sha
            stem = sound[:-1]
            sound = stem + ("" if stem in ("sh", "ch", "j") else "y") + _SMALL_Y[after]
        if double and sound:
            sound = ("t" if sound.startswith("ch") else sound[0]) + sound
            double = False
        out.append(sound)
    return "".join(out).replace("ou", "o").replace("uu", "u")


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
