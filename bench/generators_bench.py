"""Benchmark: values/s of every registered generator at 1,000,000 values on one core.

Each generator runs on its example definition (synthdb/generators/examples.py); only its own column is
timed (plus what it reads). Generators under 200,000 values/s are marked with the likely reason: the
average size of their values, or a note from REASONS. Usage:

    python bench/generators_bench.py [--rows 1000000] [--only KEY ...] [--markdown]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pyarrow as pa

from synthdb.definition.loader import definition_from_data
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer
from synthdb.generators.examples import example_definition
from synthdb.service.catalog import catalog

THRESHOLD = 200_000
BATCH = 65_536
# Known reasons for slow generators, beyond "long values".
REASONS: dict[str, str] = {}


def measure(key: str, rows: int) -> tuple[float, float]:
    """(values/s, average bytes per value) for one generator."""
    plan = build_plan(definition_from_data(example_definition(key, rows)), seed=1)
    producer = Producer(plan)
    table = plan.tables["t"]
    producer.columns(table, np.arange(0, min(rows, 1000), dtype=np.int64), only={"value"})  # warm caches
    size = 0
    start = time.perf_counter()
    for low in range(0, rows, BATCH):
        values = producer.columns(table, np.arange(low, min(rows, low + BATCH), dtype=np.int64), only={"value"})
        size += values["value"].nbytes
    seconds = time.perf_counter() - start
    return rows / seconds, size / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", nargs="*", help="generator ids to run (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    classes = [c for c in catalog() if not args.only or c.key in args.only]
    results = []
    for cls in classes:
        try:
            rate, width = measure(cls.key, args.rows)
        except Exception as exc:
            results.append((cls, 0.0, 0.0, f"failed: {exc}"))
            continue
        note = ""
        if rate < THRESHOLD:
            note = REASONS.get(cls.key, f"long values ({width:,.0f} bytes each)" if width > 100 else "to study")
        results.append((cls, rate, width, note))
    slow = sum(1 for *_, note in results if note)
    if args.markdown:
        print("| generator | id | values/s | bytes/value | note |\n|---|---|---|---|---|")
        for cls, rate, width, note in results:
            print(f"| {cls.display_name} | `{cls.key}` | {rate:,.0f} | {width:,.1f} | {note} |")
    else:
        for cls, rate, width, note in results:
            print(f"{cls.key:<36}{rate:>16,.0f}{width:>10.1f}  {note}")
    print(f"\n{len(results)} generators at {args.rows:,} values; {slow} below {THRESHOLD:,} values/s "
          f"(pyarrow {pa.__version__})")


if __name__ == "__main__":
    main()
