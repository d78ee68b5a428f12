"""Best-sellers and no repeats: Foreign Key `popularity` (uniform, zipf, pareto) and `no_repeat_within`."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

import synthdb
from synthdb.errors import DefinitionError
from synthdb.generators.helpers.popularity import pareto_exponent

Z = 3.29  # two-sided normal quantile at alpha = 0.001, as the oracle suite uses


def _shop(product_fk: dict[str, Any], n_products: int = 200, n_orders: int = 3000,
          lines: tuple[int, int] = (1, 5)) -> dict[str, Any]:
    return {"name": "shop", "seed": 7, "entities": [
        {"name": "products", "record_count": n_products, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "active", "generator": "Boolean", "true_percent": 50}]},
        {"name": "orders", "record_count": n_orders, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True}]},
        {"name": "lines", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "order_id", "generator": "Foreign Key", "primary_key_entity": "orders",
             "primary_key_field": "id", "distribution": "uniform", "min": lines[0], "max": lines[1]},
            {"name": "product_id", "generator": "Foreign Key", "primary_key_entity": "products",
             "primary_key_field": "id", **product_fk}]}]}


def _lines(definition: dict[str, Any], **options: Any) -> tuple[list[int], list[int]]:
    table = synthdb.to_tables(definition, **options)["lines"]
    return table["order_id"].to_pylist(), table["product_id"].to_pylist()


def _top_share(products: list[int], fraction: float, n_products: int) -> float:
    top = max(1, round(fraction * n_products))
    return sum(count for _, count in Counter(products).most_common(top)) / len(products)


def test_pareto_gives_the_top_fifth_of_products_four_fifths_of_the_lines() -> None:
    _, products = _lines(_shop({"popularity": "pareto"}))
    n = len(products)
    # The share of a fixed set of products is a binomial proportion; the observed top 20% can only
    # gain from picking its members by their counts, so the upper side gets one more sd of slack.
    tolerance = Z * math.sqrt(0.8 * 0.2 / n)
    share = _top_share(products, 0.2, 200)
    assert 0.8 - tolerance <= share <= 0.8 + tolerance + math.sqrt(0.8 * 0.2 / n), share
    # Without popularity the top fifth holds little more than a fifth (counts of a uniform choice).
    _, flat = _lines(_shop({}))
    assert _top_share(flat, 0.2, 200) < 0.3


@pytest.mark.parametrize(("top", "share"), [(0.2, 0.8), (0.1, 0.5), (0.3, 0.95)])
def test_the_pareto_exponent_gives_the_asked_share(top: float, share: float) -> None:
    for size in (10, 200, 100_000):
        s = pareto_exponent(size, top, share)
        head = max(1, round(top * size))
        harmonic = [k ** -s for k in range(1, min(size, 200_000) + 1)]
        assert sum(harmonic[:head]) / sum(harmonic) == pytest.approx(share, abs=2e-3)


def test_zipf_gives_the_best_seller_its_harmonic_share() -> None:
    _, products = _lines(_shop({"popularity": "zipf", "popularity_exponent": 1.0}))
    n = len(products)
    expected = 1 / sum(1 / k for k in range(1, 201))  # 1 / H(200) = 0.170
    counts = Counter(products).most_common(2)
    assert counts[0][1] > 1.5 * counts[1][1]  # the best-seller is clear, so it is the rank-1 parent
    assert abs(counts[0][1] / n - expected) <= Z * math.sqrt(expected * (1 - expected) / n)


@pytest.mark.parametrize("popularity", ["uniform", "pareto", "zipf"])
def test_no_product_twice_in_an_order_whatever_the_batch_size(popularity: str) -> None:
    definition = _shop({"popularity": popularity, "no_repeat_within": "order_id"})
    orders, products = _lines(definition)
    pairs = Counter(zip(orders, products, strict=True))
    assert max(pairs.values()) == 1
    assert len(set(orders)) == 3000
    assert _lines(definition, batch_size=7) == (orders, products)


def test_no_repeat_keeps_best_sellers() -> None:
    _, products = _lines(_shop({"popularity": "pareto", "no_repeat_within": "order_id"}))
    # An order holds a best-seller at most once, so its share falls a little below 80%, not to 20%.
    assert 0.7 < _top_share(products, 0.2, 200) < 0.8


def test_orders_as_large_as_the_catalog_use_every_product_once() -> None:
    definition = _shop({"popularity": "pareto", "no_repeat_within": "order_id"}, n_products=6, n_orders=40,
                       lines=(6, 6))
    orders, products = _lines(definition)
    by_order: dict[int, list[int]] = {}
    for order, product in zip(orders, products, strict=True):
        by_order.setdefault(order, []).append(product)
    assert all(sorted(items) == [1, 2, 3, 4, 5, 6] for items in by_order.values())
    assert _lines(definition, batch_size=5) == (orders, products)


def test_popularity_respects_the_parent_filter() -> None:
    definition = _shop({"popularity": "zipf", "no_repeat_within": "order_id",
                        "parent_filter": [{"field": "active", "operator": "equals", "value": True}]})
    _, products = _lines(definition)
    active = synthdb.to_tables(definition)["products"]
    allowed = {i for i, a in zip(active["id"].to_pylist(), active["active"].to_pylist(), strict=True) if a}
    assert set(products) <= allowed


@pytest.mark.parametrize(("extra", "path", "message"), [
    ({"popularity": "paretto"}, "fields[2].popularity", "did you mean 'pareto'"),
    ({"no_repeat_within": "id"}, "fields[2].no_repeat_within", "must be the foreign key whose distribution"),
    ({"no_repeat_within": "order"}, "fields[2].no_repeat_within", "did you mean 'order_id'"),
    ({"popularity": "zipf", "max_per_parent": 100}, "fields[2].popularity", "cannot combine with max_per_parent"),
    ({"pareto_top": 0.5, "pareto_share": 0.4}, "fields[2]", "must be more than pareto_top"),
])
def test_bad_popularity_options_are_refused_with_their_path(extra: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(DefinitionError) as err:
        synthdb.validate(_shop(extra))
    assert path in str(err.value) and message in str(err.value)


def test_an_order_larger_than_the_catalog_is_refused_before_any_row() -> None:
    definition = _shop({"no_repeat_within": "order_id"}, n_products=4, n_orders=10, lines=(1, 5))
    with pytest.raises(DefinitionError, match="has 5 children but 'products' offers only 4 distinct parents"):
        synthdb.to_tables(definition)


def test_a_unique_constraint_refuses_popularity() -> None:
    definition = _shop({"popularity": "pareto"})
    definition["entities"][2]["constraints"] = [{"constraint_type": "unique", "fields": ["order_id", "product_id"]}]
    with pytest.raises(DefinitionError, match="popularity or no_repeat_within"):
        synthdb.to_tables(definition)


@pytest.mark.parametrize("s", [0.8, 1.0, 1.5])
def test_zipf_ranks_beyond_the_exact_head_follow_k_to_the_minus_s(s: float) -> None:
    """A million parents: ranks past the 65,536 exact ones come from the integral; shares stay exact."""
    import numpy as np

    from synthdb.generators.helpers.popularity import Zipf

    size, draws = 1_000_000, 200_000
    ranks = Zipf(size, s).ranks((np.arange(draws) + 0.5) / draws)  # evenly spaced u: the inverse CDF itself
    weights = np.arange(1, size + 1, dtype=np.float64) ** -s
    cdf = np.cumsum(weights) / weights.sum()
    for k in (10, 1_000, 65_536, 100_000, 500_000):
        # With evenly spaced u, the share of ranks below k misses the true CDF by at most 1/draws.
        assert abs(np.mean(ranks < k) - cdf[k - 1]) <= 2 / draws + 1e-5, k
    assert ranks.min() == 0 and ranks.max() < size


def test_best_sellers_are_the_same_in_every_table_and_change_with_the_seed() -> None:
    definition = _shop({"popularity": "pareto", "no_repeat_within": "order_id"})
    definition["entities"].append({"name": "reviews", "record_count": 3000, "fields": [
        {"name": "id", "generator": "Number", "primary_key": True},
        {"name": "product_id", "generator": "Foreign Key", "primary_key_entity": "products",
         "primary_key_field": "id", "popularity": "zipf"}]})

    def top(tables: dict[str, Any], name: str) -> set[int]:
        return {p for p, _ in Counter(tables[name]["product_id"].to_pylist()).most_common(3)}

    tables = synthdb.to_tables(definition)
    assert top(tables, "lines") == top(tables, "reviews")
    other = synthdb.to_tables(definition, seed=8)
    assert top(other, "lines") == top(other, "reviews") != top(tables, "lines")


def test_no_repeat_follows_relative_prevalence() -> None:
    definition = _shop({"relative_prevalence_field": "weight", "no_repeat_within": "order_id"})
    definition["entities"][0]["fields"].append(
        {"name": "weight", "generator": "SQL", "sql": "CASE WHEN id <= 10 THEN 50 ELSE 1 END"})
    orders, products = _lines(definition)
    assert max(Counter(zip(orders, products, strict=True)).values()) == 1
    heavy = sum(p <= 10 for p in products) / len(products)
    assert heavy > 0.6  # 10 of 200 products hold 500 / 690 of the weight; without repeats a little less
