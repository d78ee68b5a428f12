"""The generator picker: the service catalog searched by name, synonym and category, with example values."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from synthdb.generators.base import Generator
from synthdb.generators.registry import REGISTRY
from synthdb.service.catalog import catalog, examples

MAX_SHOWN = 12


@dataclass(frozen=True)
class Choice:
    """One generator as the picker lists it."""

    name: str
    key: str
    category: str
    aliases: tuple[str, ...]
    description: str
    examples: tuple[str, ...]


@functools.lru_cache(maxsize=512)
def _examples(key: str) -> tuple[str, ...]:
    # Generating examples costs a few milliseconds per generator: each is made once per process.
    cls = REGISTRY.resolve(key)
    return tuple(_short(v) for v in examples(cls))


def _short(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= 48 else text[:47] + "…"


def _choice(cls: type[Generator]) -> Choice:
    summary = cls.description or (cls.__doc__ or "").strip().splitlines()[0]
    return Choice(cls.display_name, cls.key, cls.category, tuple(cls.aliases), summary, _examples(cls.key))


def categories() -> list[str]:
    """Every category, for the picker's filter."""
    return sorted({cls.category for cls in REGISTRY.all()})


def search(query: str = "", category: str = "") -> tuple[list[Choice], int]:
    """The first matches (exact name first) and how many matched in all."""
    found = catalog(category or None, query.strip() or None)
    word = query.strip().lower()
    found.sort(key=lambda c: (c.display_name.lower() != word, not c.display_name.lower().startswith(word)))
    return [_choice(cls) for cls in found[:MAX_SHOWN]], len(found)


def resolve(name: str) -> type[Generator] | None:
    """The generator called `name` (display name, id or alias), or None."""
    if not name:
        return None
    try:
        return REGISTRY.resolve(name)
    except Exception:  # UnknownName: the validator names it (with a suggestion) when the column is saved
        return None


def choice(cls: type[Generator]) -> Choice:
    """One generator as the column editor describes it (description and example values)."""
    return _choice(cls)
