"""The oracle vocabulary: a Sample of generated values, an Oracle that judges it, an Entry per generator."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

# Kinds shown in the report. "membership" marks oracles that only know our own bundled list (the weakest).
KINDS = ("validator", "spec", "statistical", "coherence", "membership")


@dataclass
class Sample:
    """The generated tables of one generator's definition, and the params the generator ran with."""

    key: str
    params: dict[str, Any]
    tables: dict[str, pa.Table]

    @property
    def table(self) -> pa.Table:
        return self.tables["t"]

    @functools.cached_property
    def array(self) -> pa.Array:
        return self.table["value"].combine_chunks()

    @functools.cached_property
    def values(self) -> list[Any]:
        """The non-null values as Python objects."""
        return [v for v in self.array.to_pylist() if v is not None]

    def column(self, name: str) -> list[Any]:
        return self.table[name].to_pylist()

    def pairs(self, name: str) -> list[tuple[Any, Any]]:
        """(value, companion) per row."""
        return list(zip(self.array.to_pylist(), self.column(name), strict=True))


@dataclass(frozen=True)
class Oracle:
    """One independent judgement of a generator's values; `check` raises AssertionError when they are wrong."""

    kind: str
    source: str  # what the judgement rests on: a library, a spec, a distribution and its test
    check: Callable[[Sample], None]

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class Entry:
    """How to run one generator for its oracles: params, companion columns of the same row, the oracles."""

    oracles: tuple[Oracle, ...]
    params: dict[str, Any] = field(default_factory=dict)
    # Extra fields of table `t` (same coherence group as `value`), e.g. the country a capital belongs to.
    companions: tuple[dict[str, Any], ...] = ()
    rows: int = 2000


def entry(*oracles: Oracle, params: dict[str, Any] | None = None,
          companions: Iterable[dict[str, Any]] = (), rows: int = 2000) -> Entry:
    return Entry(tuple(oracles), dict(params or {}), tuple(companions), rows)


def cached(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Reference sets are built once per session (module-level caching keeps the suite fast)."""
    return functools.lru_cache(maxsize=None)(fn)


def _fail_if_bad(bad: list[Any], total: int, what: str) -> None:
    assert total > 0, f"no values to check ({what})"
    assert not bad, f"{len(bad)} of {total} values fail {what}, e.g. {bad[:5]!r}"


def each(predicate: Callable[[Any], bool], source: str, kind: str = "validator") -> Oracle:
    """Every non-null value satisfies `predicate` (exceptions count as a failure)."""
    def check(sample: Sample) -> None:
        bad = []
        for value in sample.values:
            try:
                ok = predicate(value)
            except Exception:  # a validator raising on a value is a verdict, not a crash
                ok = False
            if not ok:
                bad.append(value)
        _fail_if_bad(bad, len(sample.values), source)
    return Oracle(kind, source, check)


def matches(pattern: str, source: str, kind: str = "spec", flags: int = 0) -> Oracle:
    """Every value (as text) fully matches the regular expression of a published format."""
    compiled = re.compile(pattern, flags)
    return each(lambda v: compiled.fullmatch(str(v)) is not None, f"{source}: /{pattern}/", kind)


def within(low: float, high: float, source: str, kind: str = "spec") -> Oracle:
    """Every value lies in [low, high]."""
    return each(lambda v: low <= float(v) <= high, f"{source}: in [{low}, {high}]", kind)


def member_of(reference: Callable[[], set[Any]], source: str, kind: str = "validator",
              transform: Callable[[Any], Any] = lambda v: v) -> Oracle:
    """Every value (after `transform`) is in an external reference set (built lazily, once)."""
    def check(sample: Sample) -> None:
        ref = reference()
        bad = [v for v in sample.values if transform(v) not in ref]
        _fail_if_bad(bad, len(sample.values), f"membership of {source}")
    return Oracle(kind, f"member of {source}", check)


def per_row(companion: str, relation: Callable[[Any, Any], bool], source: str,
            kind: str = "coherence") -> Oracle:
    """relation(value, companion) holds on every row where both are present."""
    def check(sample: Sample) -> None:
        rows = [(v, c) for v, c in sample.pairs(companion) if v is not None and c is not None]
        bad = []
        for v, c in rows:
            try:
                ok = relation(v, c)
            except Exception:  # a lookup failing on a value is a verdict too
                ok = False
            if not ok:
                bad.append((v, c))
        _fail_if_bad(bad, len(rows), f"{source} (against column {companion})")
    return Oracle(kind, f"{source} (row's {companion})", check)


def custom(kind: str, source: str) -> Callable[[Callable[[Sample], None]], Oracle]:
    """Decorator turning a check function into an Oracle."""
    def wrap(fn: Callable[[Sample], None]) -> Oracle:
        return Oracle(kind, source, fn)
    return wrap


def companion(name: str, generator: str, **params: Any) -> dict[str, Any]:
    return {"name": name, "generator": generator, **params}


@functools.cache
def bundled(name: str) -> Any:
    """One of our own data files (src/synthdb/data): only for "membership" oracles, where nothing external
    exists; reading the same list the generator reads proves membership, never correctness of the list."""
    import json
    from importlib.resources import files

    return json.loads(files("synthdb").joinpath("data", name).read_text(encoding="utf-8"))


@functools.cache
def bundled_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-# lines of one of our text data files (membership oracles only)."""
    from importlib.resources import files

    text = files("synthdb").joinpath("data", *name.split("/")).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
