"""The one "did you mean" helper: the closest known name to a misspelt one, with one cutoff everywhere."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# difflib's ratio above which two names count as "close" (0.6 is difflib's own default).
CUTOFF = 0.6


def closest(name: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The candidate closest to `name` (case-insensitive), or None when none is close enough."""
    names = list(dict.fromkeys(str(c) for c in candidates))
    by_lower = {c.lower(): c for c in reversed(names)}
    wanted = str(name).lower()
    # A name that is one whole word of exactly one candidate (`end` for `end_date`) means that one, even
    # when difflib's ratio finds a spelling nearer (`trend`) or none at all.
    words = [c for c in by_lower if wanted and wanted in c.replace("-", "_").split("_")]
    if len(words) == 1:
        return by_lower[words[0]]
    match = difflib.get_close_matches(wanted, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> str:
    """`; did you mean 'x'?` for the closest candidate, or "" when none is close."""
    match = closest(name, candidates, cutoff)
    return f"; did you mean '{match}'?" if match else ""


def refuse_unknown(data: object, known: Iterable[str], what: str) -> None:
    """Raise ValueError for the first key of mapping `data` not in `known` (for nested parameter objects,
    which the field-level strictness check cannot see into)."""
    if not isinstance(data, dict):
        return
    names = list(known)
    for key in data:
        if key not in names:
            raise ValueError(f"unknown key '{key}' of {what}{did_you_mean(str(key), names)}")
