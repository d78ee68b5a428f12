"""Name matching of the reverse OpenAPI mode: `orderItems`, `OrderItem`, `order_items` are one name."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def singular(word: str) -> str:
    """English singular by the common rules (enough for resource names: customers, categories, addresses)."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")) or len(word) <= 2:
        return word
    return word[:-1] if word.endswith("s") else word


def key(name: str) -> str:
    """The comparison key of a name: snake case, lower case, last word singular."""
    text = _ACRONYM.sub(r"\1_\2", _CAMEL.sub(r"\1_\2", name))
    words = [w for w in _SEPARATORS.sub("_", text).lower().split("_") if w]
    if not words:
        return ""
    words[-1] = singular(words[-1])
    return "_".join(words)


def find(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate called `name` exactly, else the one with the same key, else None (ambiguous: None)."""
    options = list(candidates)
    if name in options:
        return name
    wanted = key(name)
    found = [c for c in options if key(c) == wanted]
    return found[0] if len(found) == 1 else None
