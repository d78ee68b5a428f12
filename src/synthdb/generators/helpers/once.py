"""What a generator computes over a whole table on first use and then keeps (a parent filter's eligible
rows, a rank's sorted column): computed once per generator even when batches are made on several
threads. The other threads wait for it instead of each computing, and holding, a copy of their own."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

# One lock for all: these run once per run, near its start. Re-entrant: computing one may need another.
_computing = threading.RLock()


def kept(owner: object, attribute: str, compute: Callable[[], T]) -> T:
    """owner.<attribute>, set to compute() the first time (None counts as not computed yet)."""
    found: T | None = getattr(owner, attribute, None)
    if found is None:
        with _computing:
            found = getattr(owner, attribute, None)
            if found is None:
                found = compute()
                setattr(owner, attribute, found)
    return found


def kept_item(found: MutableMapping[K, T], key: K, compute: Callable[[], T]) -> T:
    """found[key], set to compute() the first time: `kept` for a cache holding several values."""
    if key in found:
        return found[key]
    with _computing:
        if key not in found:
            found[key] = compute()
        return found[key]
