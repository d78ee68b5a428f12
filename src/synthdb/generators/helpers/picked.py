"""Values picked from a reference list remember their positions in it, for a sibling that looks them up.

An email built from the row's Last Name finds each surname's ASCII folding by looking it up in the
89,000-name list: hashing every string of the batch again (about 130 ms per million rows). The Last Name
column was made by picking positions in that very list, so the positions are remembered with the array
picked, and the lookup reads them when it is handed that same array object. Identity makes this safe:
anything that changes a column on its way (nulls, a cast, a redraw, a postprocessing) makes a new array,
which is looked up as before. Kept per thread (a batch's columns are made on one thread), a few at a
time, and weakly: a picked array that is dropped is forgotten.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque

import numpy as np
import pyarrow as pa

_KEPT = 16  # picks remembered per thread (a table's columns between a name and its email)
_local = threading.local()


def remember(picked: pa.Array, pool: pa.Array, positions: np.ndarray) -> pa.Array:
    """Note that picked[i] is pool[positions[i]]; returns `picked`."""
    recent = getattr(_local, "recent", None)
    if recent is None:
        recent = _local.recent = deque(maxlen=_KEPT)
    recent.append((weakref.ref(picked), weakref.ref(pool), positions))
    return picked


def positions(values: pa.Array, pool: pa.Array) -> np.ndarray | None:
    """Positions in `pool` of each of `values` when `values` is an array picked from it, else None. A
    value the pool holds twice may be named at either position (callers only read what equal values share)."""
    for picked, source, found in reversed(getattr(_local, "recent", ())):
        if picked() is values and source() is pool:
            return found
    return None
