"""Product types and their usual prices: which type a product name names, and that type's price band.

The bands are synthdb/data/business/product_price_bands.csv. A name names the longest type it ends with
("Compact Running Shoes" is Running Shoes, not Shoes), else the last type it contains as whole words
("Mountain Bike 29er" is a Bike); case does not matter. Unknown names get -1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.helpers.bundled import bundled_csv


@dataclass(frozen=True)
class PriceBands:
    types: pa.Array  # lowercase product types
    low: np.ndarray
    high: np.ndarray
    ending: str  # a regex: the type a name ends with
    anywhere: str  # a regex: the last type a name contains


@cache
def price_bands() -> PriceBands:
    """product_price_bands.csv as arrays, and the regexes that find a type in a name."""
    rows = bundled_csv("business/product_price_bands.csv")
    types = [r["product_type"].lower() for r in rows]
    # Longest first: RE2 takes the first alternative that matches at a position.
    alternatives = "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
    return PriceBands(pa.array(types), np.array([float(r["low"]) for r in rows]),
                      np.array([float(r["high"]) for r in rows]),
                      rf"(?:^|[^a-z0-9])(?P<type>{alternatives})$",
                      rf"^.*(?:^|[^a-z0-9])(?P<type>{alternatives})(?:$|[^a-z0-9])")


# Names already typed in this process (a product's name is typed for its price, its description, and each
# order line's unit price): the regexes run once per name, up to this many names remembered.
_KNOWN_MAX = 100_000
_known: dict[str, int] = {}


def product_types(names: pa.Array) -> np.ndarray:
    """The index of each name's product type in `price_bands()`, -1 when it names none (or is null)."""
    if not isinstance(names, pa.Array) or not pa.types.is_string(names.type):
        return _typed(names)
    # Order lines repeat their product's name (8,797 lines, 200 products): each distinct name once.
    encoded = pc.dictionary_encode(names)
    distinct = encoded.dictionary.to_pylist()
    unknown = [name for name in distinct if name not in _known]
    if unknown:
        found = dict(zip(unknown, _typed(pa.array(unknown, pa.string())).tolist(), strict=True))
        if len(_known) < _KNOWN_MAX:
            _known.update(found)
    else:
        found = {}
    types = np.array([found[n] if n in found else _known[n] for n in distinct] + [-1], dtype=np.int64)
    return types[encoded.indices.fill_null(len(distinct)).to_numpy()]


def _typed(names: pa.Array) -> np.ndarray:
    bands = price_bands()
    lower = pc.utf8_trim_whitespace(pc.utf8_lower(names))
    ending = pc.struct_field(pc.extract_regex(lower, bands.ending), [0])
    anywhere = pc.struct_field(pc.extract_regex(lower, bands.anywhere), [0])
    found = pc.index_in(pc.coalesce(ending, anywhere), value_set=bands.types)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
