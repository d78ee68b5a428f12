"""Benchmark: order lines picking products uniformly, by popularity, and by popularity without repeats.

Generates only the order_items table of examples/shop.yaml (its parents are recomputed where lines
point at them), alternating the three variants in one process so machine load affects them alike, and
prints lines/s of each and its ratio to the uniform baseline. Usage:

    python bench/popularity_bench.py [--customers 100000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path
from typing import Any

import yaml

import synthdb

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop.yaml"
VARIANTS: dict[str, dict[str, Any]] = {
    "uniform": {},
    "pareto": {"popularity": "pareto"},
    "pareto + no_repeat_within": {"popularity": "pareto", "no_repeat_within": "order_id"},
}


def definition(product_fk: dict[str, Any]) -> dict[str, Any]:
    """The shop with order_items.product_id picking products as `product_fk` says."""
    shop = yaml.safe_load(SHOP.read_text())
    shop.pop("api", None)
    lines = next(e for e in shop["entities"] if e["name"] == "order_items")
    field = next(f for f in lines["fields"] if f["name"] == "product_id")
    for key in ("popularity", "no_repeat_within"):
        field.pop(key, None)
    field.update(copy.deepcopy(product_fk))
    return shop


def lines_per_second(shop: dict[str, Any], customers: int) -> tuple[int, float]:
    start = time.perf_counter()
    rows = sum(batch.num_rows for _, batch in synthdb.iter_batches(
        shop, entity="order_items", variables={"n_customers": customers}))
    return rows, rows / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    best: dict[str, float] = {}
    rows = 0
    for _ in range(args.rounds):
        for name, fk in VARIANTS.items():
            rows, speed = lines_per_second(definition(fk), args.customers)
            best[name] = max(best.get(name, 0.0), speed)
    print(f"{rows:,} order lines, best of {args.rounds} rounds")
    for name, speed in best.items():
        print(f"{name:28} {speed:12,.0f} lines/s  {speed / best['uniform']:.2f}x uniform")


if __name__ == "__main__":
    main()
