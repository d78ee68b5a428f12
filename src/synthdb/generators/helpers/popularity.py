"""How popular each parent of a foreign key is: uniform, Zipf or Pareto shares over popularity ranks.

A popularity maps a uniform draw u in [0, 1) to a popularity *rank* in [0, n): rank 0 is the most
popular parent. Which parent holds which rank is a keyed permutation of the parents (see
`ranked_parents`), so best-sellers are spread over the table rather than being its first rows, and the
same seed always makes the same parents popular. Shapes register themselves in POPULARITY.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

import numpy as np

from synthdb import detmath
from synthdb.generators.base import ParamError
from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.refcache import cached_json
from synthdb.permutation import permute
from synthdb.registry import Registry, UnknownName

# Zipf: ranks up to this many get exact cumulative weights; the tail beyond uses the integral of x**-s
# (midpoint rule), so memory stays bounded whatever the number of parents.
_ZIPF_HEAD = 1 << 16


class Popularity:
    """One popularity shape over `size` parents; subclasses set `name` and implement `ranks`."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    def __init__(self, size: int, exponent: float = 1.0, top: float = 0.2, share: float = 0.8) -> None:
        self.size = size
        self.exponent = exponent
        self.top = top
        self.share = share

    def ranks(self, u: np.ndarray) -> np.ndarray:
        """The popularity rank (0 = most popular) drawn by each uniform draw in `u`."""
        raise NotImplementedError


class PopularityRegistry(Registry[type[Popularity]]):
    """Popularity shapes by name (`uniform`, `zipf`, `pareto`)."""

    kind = "popularity"

    def names_of(self, entry: type[Popularity]) -> tuple[str, ...]:
        return (entry.name,)

    def normalise(self, name: str) -> str:
        return name.strip().lower()


POPULARITY = PopularityRegistry()


def register_popularity(cls: type[Popularity]) -> type[Popularity]:
    """Class decorator: add a popularity shape to POPULARITY."""
    POPULARITY.add(cls)
    return cls


@register_popularity
class Uniform(Popularity):
    """Every parent equally likely."""

    name = "uniform"
    description = "every parent equally likely (the default)"

    def ranks(self, u: np.ndarray) -> np.ndarray:
        return np.minimum(np.floor(u * self.size).astype(np.int64), self.size - 1)


@register_popularity
class Zipf(Popularity):
    """The parent of rank k (1-based) is picked with weight k**-s (`popularity_exponent`, default 1)."""

    name = "zipf"
    description = "the k-th most popular parent is picked with weight k^-s (`popularity_exponent`)"

    def __init__(self, size: int, exponent: float = 1.0, top: float = 0.2, share: float = 0.8) -> None:
        super().__init__(size, exponent, top, share)
        head = min(size, _ZIPF_HEAD)
        ks = np.arange(1, head + 1, dtype=np.float64)
        self._cdf = np.cumsum(detmath.pow(ks, np.full(head, -exponent)))
        self._low = head + 0.5  # ranks head+1 .. size cover [head + 0.5, size + 0.5)
        self._tail = _integral(self._low, size + 0.5, exponent) if size > head else 0.0

    def ranks(self, u: np.ndarray) -> np.ndarray:
        head_total = float(self._cdf[-1])
        v = u * (head_total + self._tail)
        head = np.minimum(np.searchsorted(self._cdf, v, side="right"), len(self._cdf) - 1).astype(np.int64)
        if not self._tail:
            return head
        # Invert the tail's integral: the x with integral(low, x) = v - head_total, then its rank.
        rest = np.maximum(v - head_total, 0.0)
        s = self.exponent
        if s == 1.0:
            x = self._low * detmath.exp(rest)
        else:
            base = detmath.pow(np.full(len(u), self._low), np.full(len(u), 1.0 - s)) + (1.0 - s) * rest
            x = detmath.pow(np.maximum(base, 0.0), np.full(len(u), 1.0 / (1.0 - s)))
        tail = np.clip(np.floor(x + 0.5).astype(np.int64), len(self._cdf) + 1, self.size) - 1
        return np.where(v < head_total, head, tail)

    def share_of(self, count: int) -> float:
        """The expected share of picks going to the `count` most popular parents."""
        total = float(self._cdf[-1]) + self._tail
        if count <= len(self._cdf):
            return float(self._cdf[count - 1]) / total
        return (float(self._cdf[-1]) + _integral(self._low, count + 0.5, self.exponent)) / total


@register_popularity
class Pareto(Zipf):
    """A Zipf popularity whose exponent makes the top `top` fraction of parents take `share` of the picks.

    The exponent is solved (bisection, per number of parents) so that the expected share of the
    round(top * n) most popular parents is `share`: 80/20 over 200 parents is s = 1.13 (the best-seller
    takes 23%), over 10,000 s = 0.95 (8%).
    """

    name = "pareto"
    description = "the top `pareto_top` of parents take `pareto_share` of the picks (80/20 by default)"

    def __init__(self, size: int, exponent: float = 1.0, top: float = 0.2, share: float = 0.8) -> None:
        super().__init__(size, pareto_exponent(size, top, share), top, share)


@cache
def pareto_exponent(size: int, top: float, share: float) -> float:
    """The Zipf exponent giving the round(top * size) most popular of `size` parents `share` of the picks.

    Solving builds 48 Zipf heads (12 ms of a start), so the answer is kept in the reference cache (JSON
    holds the float bit for bit), keyed by the arguments and the code that solves it."""
    inputs = [source_of("synthdb.generators.helpers.popularity"), source_of("synthdb.detmath")]
    return float(cached_json("pareto-exponent", (), (repr(size), repr(top), repr(share)),
                             lambda: _solved_pareto_exponent(size, top, share), inputs))


def _solved_pareto_exponent(size: int, top: float, share: float) -> float:
    head = max(1, round(top * size))
    low, high = 0.0, 16.0
    for _ in range(48):
        middle = (low + high) / 2
        if Zipf(size, middle).share_of(head) < share:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _ln(x: float) -> float:
    """ln(x) by detmath: the C library's last bits differ between machines, and draws depend on this."""
    return float(detmath.log(np.array([x]))[0])


def _integral(a: float, b: float, s: float) -> float:
    """The integral of x**-s from a to b."""
    if s == 1.0:
        return _ln(b) - _ln(a)
    ends = detmath.pow(np.array([a, b]), np.full(2, 1.0 - s))
    return float((ends[1] - ends[0]) / (1.0 - s))


def ranked_parents(ranks: np.ndarray, size: int, key: int) -> np.ndarray:
    """The parent (index in [0, size)) holding each popularity rank: a keyed permutation."""
    return permute(ranks, size, key)


def popularity_shape(name: str) -> type[Popularity]:
    """The registered shape called `name`; a ParamError on `popularity` naming the known ones."""
    try:
        return POPULARITY.resolve(name)
    except UnknownName as exc:
        known = ", ".join(sorted(POPULARITY.names()))
        raise ParamError("popularity", f"{exc} (known: {known})") from exc
