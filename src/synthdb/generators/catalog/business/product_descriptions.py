"""Product Description: an English listing text built from the row's product name, category and attributes.

"Meet the Compact Wireless Headphones, made for work, travel and everything in between. Features fast
USB-C charging and a long-lasting rechargeable battery. Available in Space Gray. Backed by a 1-year limited
warranty." The name and category are the row's Product Name and Product Category columns when the table
has them (a name alone gives its category when its product type is one of the catalog's; else they are
drawn as they would be, in coherence group "product"); features, uses, variants and
closing lines are per category, from synthdb/data/business/product_descriptions.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.catalog.business.products import (
    ProductCategory,
    ProductName,
    categories_of,
    category_index,
    product_catalog,
    product_names,
)
from synthdb.generators.helpers.common import COMPANIES, as_strings, find_sibling, require_field
from synthdb.generators.helpers.reference import package_data
from synthdb.generators.registry import register
from synthdb.randomness import Stream

_PARTS = ("features", "uses", "variants", "closings")


@dataclass(frozen=True)
class _Phrases:
    """One flat array per kind of phrase, with each category's start and count in it."""

    values: dict[str, pa.Array]
    start: dict[str, np.ndarray]
    count: dict[str, np.ndarray]


@cache
def phrases() -> _Phrases:
    """product_descriptions.json in product_catalog()'s category order."""
    data = package_data("business/product_descriptions.json")["categories"]
    names = product_catalog().names.to_pylist()
    values, start, count = {}, {}, {}
    for part in _PARTS:
        lists = [data[name][part] for name in names]
        sizes = np.array([len(x) for x in lists], dtype=np.int64)
        values[part] = pa.array([p for x in lists for p in x])
        start[part] = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        count[part] = sizes
    return _Phrases(values, start, count)


def _pick(part: str, category: np.ndarray, u: np.ndarray, skip: np.ndarray | None = None) -> np.ndarray:
    """Index of a `part` phrase of each row's category; with `skip`, never that same index."""
    table = phrases()
    count, start = table.count[part][category], table.start[part][category]
    if skip is None:
        return start + np.minimum((u * count).astype(np.int64), count - 1)
    # Another phrase than `skip`: one of the count - 1 others, chosen evenly.
    offset = 1 + np.minimum((u * (count - 1)).astype(np.int64), count - 2)
    return start + (skip - start + offset) % count


class ProductDescriptionParams(ParamsModel):
    """`product_field` / `category_field`: the columns to describe (found by themselves when the table has them)."""

    model_config = ConfigDict(extra="ignore")
    product_field: str | None = None
    category_field: str | None = None


@register
class ProductDescription(Generator[ProductDescriptionParams]):
    """English product listings that name the row's product and fit its category."""

    display_name = "Product Description"
    key = "product_description"
    aliases = ("item_description", "product_details", "product_blurb")
    category = COMPANIES
    description = "An English listing text naming the row's product, with features, uses and variants of its category."
    Params = ProductDescriptionParams
    _product: str | None = None
    _category: str | None = None

    def setup(self) -> None:
        p = self.params
        for param, name in (("product_field", p.product_field), ("category_field", p.category_field)):
            if name is not None and "." not in name:
                require_field(self.entity, name, param, other_than=self.field.name)
        self._product = p.product_field or find_sibling(self, ProductName)
        self._category = p.category_field or find_sibling(self, ProductCategory)

    def dependencies(self) -> list[str]:
        return [c for c in (self._product, self._category) if c]

    def _categories(self, ctx: ColumnContext) -> np.ndarray:
        drawn = category_index(ctx)
        if self._product:  # a Bike is described as Sports & Outdoors, whatever the row's own draw
            named = categories_of(as_strings(ctx.columns[self._product]))
            drawn = np.where(named >= 0, named, drawn)
        if not self._category:
            return drawn
        found = pc.index_in(as_strings(ctx.columns[self._category]), value_set=product_catalog().names)
        missing = pc.is_null(found).to_numpy(zero_copy_only=False)
        return np.where(missing, drawn, np.nan_to_num(found.to_numpy(zero_copy_only=False))).astype(np.int64)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        category = self._categories(ctx)
        drawn = product_names(category, rows, Stream(stream.key).child("name"))
        name = pc.coalesce(as_strings(ctx.columns[self._product]), drawn) if self._product else drawn
        table = phrases()
        first = _pick("features", category, stream.uniform(rows, draw=1))
        second = _pick("features", category, stream.uniform(rows, draw=2), skip=first)
        feature_a, feature_b = table.values["features"].take(pa.array(first)), table.values["features"].take(
            pa.array(second))
        use = table.values["uses"].take(pa.array(_pick("uses", category, stream.uniform(rows, draw=3))))
        variant = table.values["variants"].take(pa.array(_pick("variants", category, stream.uniform(rows, draw=4))))
        closing = table.values["closings"].take(pa.array(_pick("closings", category, stream.uniform(rows, draw=5))))
        both = pc.binary_join_element_wise(feature_a, feature_b, " and ")
        available = pc.binary_join_element_wise("Available in ", variant, ".", "")
        # No verb agrees with the name, so plural products read as well as singular ones.
        forms = [
            pc.binary_join_element_wise("Meet the ", name, ", made for ", use, ". Features ", both, ". ", available,
                                        " ", closing, ""),
            pc.binary_join_element_wise(name, " with ", both, ", made for ", use, ". ", available, " ", closing, ""),
            pc.binary_join_element_wise("Designed for ", use, ": the ", name, ", with ", both, ". ", closing, ""),
        ]
        form = stream.choice(rows, len(forms), (0.4, 0.35, 0.25), draw=6)
        return pc.choose(pa.array(form.astype(np.int8)), *forms)
