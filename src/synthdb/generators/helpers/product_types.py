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


def product_types(names: pa.Array) -> np.ndarray:
    """The index of each name's product type in `price_bands()`, -1 when it names none (or is null)."""
    if isinstance(names, pa.Array) and len(names) > 64:
        # Order lines repeat their product's name (8,797 lines, 200 products): the regexes run once per
        # distinct name.
        encoded = pc.dictionary_encode(names)
        if len(encoded.dictionary) < len(names) // 2:
            found = product_types(encoded.dictionary)
            return np.append(found, -1)[encoded.indices.fill_null(len(found)).to_numpy()]
    bands = price_bands()
    lower = pc.utf8_trim_whitespace(pc.utf8_lower(names))
    ending = pc.struct_field(pc.extract_regex(lower, bands.ending), [0])
    anywhere = pc.struct_field(pc.extract_regex(lower, bands.anywhere), [0])
    found = pc.index_in(pc.coalesce(ending, anywhere), value_set=bands.types)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
