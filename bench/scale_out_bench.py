"""Benchmark: the shop (examples/shop.yaml) generated in parts on a local Dask cluster of 1 and 2 workers.

Prints rows/s of each run, the scaling ratio (2 workers against 1), each worker's peak RSS, and a
one-process `synthdb.generate` of the same rows in this process as the baseline. Start-up (a worker's
imports, planning and first rows, once per worker and run) is timed apart from generation. Usage:

    python bench/scale_out_bench.py [--lines 10000000] [--format parquet] [--rows-per-part 1048576]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

DEFINITION = Path(__file__).resolve().parent.parent / "examples" / "shop.yaml"


def customers_for(lines: int) -> tuple[int, dict[str, int]]:
    """n_customers giving about `lines` order lines, and the table sizes it gives."""
    from synthdb.engine.planner import build_plan
    from synthdb.service.run import as_database

    database = as_database(DEFINITION)
    trial = 20_000
    plan = build_plan(database, None, {"n_customers": trial})
    customers = max(1, round(trial * lines / plan.tables["order_items"].size))
    plan = build_plan(database, None, {"n_customers": customers})
    return customers, {name: table.size for name, table in plan.tables.items()}


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_up(customers: int) -> None:
    """Import, plan and produce a few rows of each table: a worker's one-off start-up, timed apart."""
    import synthdb.scaleout.writer  # noqa: F401
    from synthdb.engine.partition import RunSpec, part_batches
    from synthdb.service.run import Run, RunOptions

    run = Run(DEFINITION, RunOptions(None, {"n_customers": customers}))
    spec = RunSpec.from_plan(run.plan)  # the same digest as the timed run's: its producer is reused
    for table in run.tables:
        list(part_batches(spec, table.name, 0, min(8, table.size)))


def on_cluster(workers: int, customers: int, fmt: str, rows_per_part: int, out: Path) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from synthdb.scaleout.generate import ClusterOptions, generate_on_cluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        warm = time.perf_counter()
        client.run(warm_up, customers)
        warm = time.perf_counter() - warm
        options = ClusterOptions(f"local:{workers}", str(out), fmt, variables={"n_customers": customers},
                                 rows_per_part=rows_per_part)
        start = time.perf_counter()
        result = generate_on_cluster(DEFINITION, options, client=client)
        seconds = time.perf_counter() - start
        peaks = client.run(peak_rss_mib)
    return {"seconds": seconds, "rows": result.rows, "parts": result.parts, "rss": sorted(peaks.values()),
            "warm": warm}


def one_process(customers: int, fmt: str, out: Path) -> float:
    import synthdb

    warm_up(customers)
    start = time.perf_counter()
    synthdb.generate(DEFINITION, fmt, out / "one.zip", variables={"n_customers": customers})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000_000, help="order lines (order_items rows)")
    parser.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"])
    parser.add_argument("--rows-per-part", type=int, default=1_048_576)
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-process run")
    args = parser.parse_args()
    customers, sizes = customers_for(args.lines)
    total = sum(sizes.values())
    print(f"shop: n_customers={customers:,}, tables {sizes}, {total:,} rows; format {args.format}, "
          f"{args.rows_per_part:,} rows per part; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    warm_up(customers)  # the client plans each run too: its imports and first rows are start-up as well
    workdir = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        runs = {}
        for workers in (1, 2):
            runs[workers] = on_cluster(workers, customers, args.format, args.rows_per_part, workdir / f"w{workers}")
            shutil.rmtree(workdir / f"w{workers}")
        baseline = None if args.no_baseline else one_process(customers, args.format, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{'run':>22}{'start-up s':>11}{'seconds':>10}{'rows/s':>14}{'parts':>8}  peak RSS per worker (MiB)")
    if baseline is not None:
        print(f"{'one process (generate)':>22}{'':>11}{baseline:>10.1f}{total / baseline:>14,.0f}{'':>8}  "
              f"{peak_rss_mib():,.0f} (this process)")
    for workers, run in runs.items():
        rate = run['rows'] / run['seconds']
        print(f"{f'{workers} local worker(s)':>22}{run['warm']:>11.1f}{run['seconds']:>10.1f}{rate:>14,.0f}"
              f"{run['parts']:>8}  {', '.join(f'{r:,.0f}' for r in run['rss'])}")
    ratio = runs[1]["seconds"] / runs[2]["seconds"]
    per_worker = runs[1]["rows"] / runs[1]["seconds"]
    print(f"\nscaling 2 workers / 1 worker: {ratio:.2f}x")
    for cores in (16, 64, 256):
        hours = 1e9 / (per_worker * cores) / 3600
        print(f"projection: 1,000,000,000 rows on {cores} cores at {per_worker:,.0f} rows/s per worker, "
              f"linear scaling: {hours * 60:,.1f} min")


if __name__ == "__main__":
    main()
