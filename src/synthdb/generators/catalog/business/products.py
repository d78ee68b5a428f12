"""Products: category, name, price and SKU that describe one product per row (coherence group "product").

All four draw the row's category from the group's shared stream, so "Wireless Headphones" sits in
Electronics with an ELE- SKU even when the columns know nothing of each other. Product Price reads the
row's product name when the table has one and prices it by its product type (a bike $200-3,000, a water
bottle $5-40, synthdb/data/business/product_price_bands.csv), else by its category's range.
Categories, nouns, materials and category price ranges come from synthdb/data/products.json (English).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, model_validator

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.arrays import decimal_from_scaled
from synthdb.generators.helpers.bundled import data_path, source_of
from synthdb.generators.helpers.checksums import compose, text
from synthdb.generators.helpers.common import COMPANIES, as_strings, find_sibling, is_unique, require_field
from synthdb.generators.helpers.product_types import price_bands, product_types
from synthdb.generators.helpers.refcache import cached_json
from synthdb.generators.helpers.reference import package_data
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key


@dataclass(frozen=True)
class _Catalog:
    names: pa.Array
    codes: np.ndarray  # (n, 3) uppercase letters per category
    nouns: pa.Array
    noun_start: np.ndarray
    noun_count: np.ndarray
    materials: pa.Array
    material_start: np.ndarray
    material_count: np.ndarray
    low: np.ndarray
    high: np.ndarray
    adjectives: pa.Array


def _flat(lists: list[list[str]]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    counts = np.array([len(x) for x in lists])
    return pa.array([w for x in lists for w in x]), np.concatenate([[0], np.cumsum(counts)[:-1]]), counts


@cache
def product_catalog() -> _Catalog:
    """products.json as flat arrays indexed by category."""
    data = package_data("products.json")
    cats = data["categories"]
    names = list(cats)
    codes = "".join("".join(ch for ch in name.upper() if ch.isalpha())[:3] for name in names)
    nouns, noun_start, noun_count = _flat([cats[c]["nouns"] for c in names])
    materials, material_start, material_count = _flat([cats[c]["materials"] for c in names])
    return _Catalog(
        pa.array(names), np.frombuffer(codes.encode(), np.uint8).reshape(-1, 3), nouns, noun_start, noun_count,
        materials, material_start, material_count, np.array([cats[c]["price"][0] for c in names], dtype=float),
        np.array([cats[c]["price"][1] for c in names], dtype=float), pa.array(data["adjectives"]))


def categories_of(names: pa.Array) -> np.ndarray:
    """The catalog category of each product name, from its product type; -1 when the type is not a catalog noun."""
    cat = product_catalog()
    owner = np.full(len(price_bands().low) + 1, -1, dtype=np.int64)  # the last slot: names of no known type
    nouns = np.repeat(np.arange(len(cat.names)), cat.noun_count)
    owner[noun_bands()] = nouns
    return owner[product_types(names)]


@cache
def noun_bands() -> np.ndarray:
    """The price band (index in price_bands()) of every noun of the catalog; each noun has one.

    Typing the catalog's nouns runs two regexes of every product type over them (10 ms of a start): the
    answer is kept in the reference cache, keyed by the data files and the code that types them."""
    inputs = [data_path("products.json"), data_path("business", "product_price_bands.csv"),
              source_of("synthdb.generators.helpers.product_types"),
              source_of("synthdb.generators.catalog.business.products")]
    bands = cached_json("noun-bands", (), (), lambda: product_types(product_catalog().nouns).tolist(), inputs)
    return np.array(bands, dtype=np.int64)


def category_index(ctx: ColumnContext) -> np.ndarray:
    """The row's product category: one draw shared by the product columns of the group."""
    return ctx.group("product").child("category").integers(ctx.rows, 0, len(product_catalog().names) - 1)


def _within(start: np.ndarray, count: np.ndarray, category: np.ndarray, u: np.ndarray) -> pa.Array:
    return pa.array(start[category] + np.minimum((u * count[category]).astype(np.int64), count[category] - 1))


@register
class ProductCategory(Generator[NoParams]):
    """Retail categories: Electronics, Home & Kitchen, Clothing, Grocery ..."""

    display_name = "Product Category"
    key = "product_category"
    aliases = ("product_department", "merchandise_category")
    category = COMPANIES
    description = "A retail category (Electronics, Grocery, ...) agreeing with the row's Product Name and Price."

    def capacity(self) -> int | None:
        return len(product_catalog().names)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return product_catalog().names.take(pa.array(category_index(ctx)))


@register
class ProductName(Generator[NoParams]):
    """Product names of the row's category: "Ergonomic Bamboo Cutting Board", "Wireless Headphones"."""

    display_name = "Product Name"
    key = "product_name"
    aliases = ("product", "item_name")
    category = COMPANIES
    description = "A product name such as Compact Wireless Headphones, of the row's Product Category."

    def categories(self, ctx: ColumnContext) -> np.ndarray:
        """The category index of each row's product."""
        return category_index(ctx)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return product_names(self.categories(ctx), ctx.rows, ctx.stream)


def product_names(category: np.ndarray, rows: np.ndarray, stream: Stream) -> pa.Array:
    """A product name of each row's category: adjective and noun, adjective, material and noun, or material and noun."""
    cat = product_catalog()
    noun = cat.nouns.take(_within(cat.noun_start, cat.noun_count, category, stream.uniform(rows, draw=1)))
    material = cat.materials.take(
        _within(cat.material_start, cat.material_count, category, stream.uniform(rows, draw=2)))
    adjective = cat.adjectives.take(pa.array(stream.integers(rows, 0, len(cat.adjectives) - 1, draw=3)))
    form = stream.choice(rows, 3, (0.55, 0.35, 0.1), draw=4)
    with_material = pc.binary_join_element_wise(material, noun, " ")
    return pc.choose(pa.array(form.astype(np.int8)), pc.binary_join_element_wise(adjective, noun, " "),
                     pc.binary_join_element_wise(adjective, with_material, " "), with_material)


@register
class ProductGrocery(ProductName):
    """Grocery product names only, whatever the row's category."""

    display_name = "Product (Grocery)"
    key = "product_grocery"
    aliases = ("grocery_product", "grocery_item")
    description = "A grocery product name such as Organic Whole Bean Coffee (the Grocery category of Product Name)."

    def categories(self, ctx: ColumnContext) -> np.ndarray:
        names = product_catalog().names.to_pylist()
        return np.full(len(ctx.rows), names.index("Grocery"), dtype=np.int64)


class PriceParams(ParamsModel):
    """Parameters of Product Price: `min` / `max` override the usual range; `product_field` names the column
    holding the product's name (found by itself when the table has a Product Name column)."""

    model_config = ConfigDict(extra="ignore")
    min: float | None = None
    max: float | None = None
    product_field: str | None = None

    @model_validator(mode="after")
    def _check(self) -> PriceParams:
        if self.min is not None and self.min <= 0:
            raise ValueError("min must be positive")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


_CENTS = np.array([99, 49, 95, 0])
_CENT_WEIGHTS = (0.5, 0.15, 0.1, 0.25)


@register
class ProductPrice(Generator[PriceParams]):
    """Shelf prices: log-uniform within the category's range, ending in .99, .49, .95 or .00."""

    display_name = "Product Price"
    key = "product_price"
    aliases = ("retail_price", "list_price", "unit_price")
    category = COMPANIES
    description = "A shelf price such as 24.99 in the usual range of the row's product category (decimal)."
    Params = PriceParams
    arrow = pa.decimal128(18, 2)
    _product: str | None = None

    def setup(self) -> None:
        name = self.params.product_field
        if name is not None and "." not in name:  # a dotted parent column is resolved by the planner
            require_field(self.entity, name, "product_field", other_than=self.field.name)
        self._product = name or find_sibling(self, ProductName)

    def dependencies(self) -> list[str]:
        return [self._product] if self._product else []

    def bands(self, ctx: ColumnContext) -> tuple[np.ndarray, np.ndarray]:
        """The usual (low, high) price of each row's product: the band of its type (read from the product
        column, else a product of the row's category drawn for the price)."""
        cat, table = product_catalog(), price_bands()
        category = category_index(ctx)
        # Without a name to read, the price is that of some product of the row's category.
        u = ctx.stream.child("type").uniform(ctx.rows)
        band = noun_bands()[_within(cat.noun_start, cat.noun_count, category, u).to_numpy()]
        if self._product:
            named = product_types(as_strings(ctx.columns[self._product]))
            band = np.where(named >= 0, named, band)
        return table.low[band], table.high[band]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p, rows, stream = self.params, ctx.rows, ctx.stream
        usual_low, usual_high = self.bands(ctx)
        low = np.full(len(rows), p.min) if p.min is not None else usual_low
        high = np.full(len(rows), p.max) if p.max is not None else np.maximum(usual_high, low)
        if p.min is None and p.max is not None:
            low = np.minimum(low, high)
        log_low, log_high = detmath.log(low), detmath.log(high)
        value = detmath.exp(log_low + stream.uniform(rows) * (log_high - log_low))
        cents = _CENTS[stream.choice(rows, 4, _CENT_WEIGHTS, draw=1)]
        whole = np.floor(value).astype(np.int64)
        amount = whole * 100 + cents
        # Keep the charm ending inside [low, high]; fall back to the exact cent value at the edges.
        exact = np.round(value * 100).astype(np.int64)
        inside = (amount >= np.ceil(low * 100)) & (amount <= np.floor(high * 100))
        return decimal_from_scaled(np.where(inside, amount, exact), 18, 2)


_BASE36 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)


@register
class SKU(Generator[NoParams]):
    """Stock keeping units: the row's category code and six base-36 characters, e.g. ELE-4K9Z2Q."""

    display_name = "SKU"
    key = "sku"
    unique_values = True
    aliases = ("stock_keeping_unit", "product_code", "item_number")
    category = COMPANIES
    description = "A stock keeping unit such as ELE-4K9Z2Q (category code + 6 characters; unique when asked)."

    def capacity(self) -> int | None:
        return 36**6

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows = ctx.rows
        if is_unique(self):  # the six characters alone are distinct, whatever the category
            serial = permute(rows, 36**6, derive_key(ctx.stream.key, "unique"))
        else:
            serial = ctx.stream.integers(rows, 0, 36**6 - 1)
        digits = np.column_stack([_BASE36[(serial // 36**k) % 36] for k in range(5, -1, -1)])
        code = product_catalog().codes[category_index(ctx)]
        return text(compose(len(rows), code, "-", digits))
