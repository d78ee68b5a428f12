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


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used: unlike wall time, not stretched by other jobs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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


def on_cluster(workers: int, customers: int, fmt: str, rows_per_part: int, out: Path,
               repeat: int) -> dict[str, Any]:
    from distributed import Client

    from synthdb.scaleout.cluster import local_cluster
    from synthdb.scaleout.generate import ClusterOptions, generate_on_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        warm = time.perf_counter()
        client.run(warm_up, customers)
        warm = time.perf_counter() - warm
        times, cpu = [], []
        for attempt in range(repeat):
            before = sum(client.run(cpu_seconds).values())
            options = ClusterOptions(f"local:{workers}", str(out / str(attempt)), fmt,
                                     variables={"n_customers": customers}, rows_per_part=rows_per_part)
            start = time.perf_counter()
            result = generate_on_cluster(DEFINITION, options, client=client)
            times.append(time.perf_counter() - start)
            cpu.append(sum(client.run(cpu_seconds).values()) - before)
            shutil.rmtree(out / str(attempt))
        peaks = client.run(peak_rss_mib)
    return {"times": sorted(times), "cpu": sorted(cpu), "rows": result.rows, "parts": result.parts,
            "rss": sorted(peaks.values()), "warm": warm}


def one_process(customers: int, fmt: str, out: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each one-process run (a zip of one file per table, as `synthdb generate` writes)."""
    import synthdb

    times, cpu = [], []
    for _ in range(repeat):
        start, used = time.perf_counter(), cpu_seconds()
        synthdb.generate(DEFINITION, fmt, out / "one.zip", variables={"n_customers": customers})
        times.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - used)
    return sorted(times), sorted(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000_000, help="order lines (order_items rows)")
    parser.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"])
    parser.add_argument("--rows-per-part", type=int, default=1_048_576)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each setup (best and median reported)")
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
            runs[workers] = on_cluster(workers, customers, args.format, args.rows_per_part, workdir / f"w{workers}",
                                       args.repeat)
        baseline = None if args.no_baseline else one_process(customers, args.format, workdir, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nbest and median of {args.repeat} runs each; CPU: the workers' CPU seconds (the one process's own)")
    print(f"{'run':>22}{'start-up s':>11}{'best s':>8}{'median s':>9}{'best rows/s':>13}{'median rows/s':>14}"
          f"{'CPU s':>7}{'rows/CPU s':>12}{'parts':>6}  peak RSS per worker (MiB)")

    def line(name: str, warm: str, times: list[float], cpu: list[float], rows: int, parts: str, rss: str) -> None:
        best, median = times[0], times[len(times) // 2]
        print(f"{name:>22}{warm:>11}{best:>8.1f}{median:>9.1f}{rows / best:>13,.0f}{rows / median:>14,.0f}"
              f"{cpu[0]:>7.1f}{rows / cpu[0]:>12,.0f}{parts:>6}  {rss}")

    if baseline is not None:
        line("one process (zip)", "", *baseline, total, "", f"{peak_rss_mib():,.0f} (this process)")
    for workers, run in runs.items():
        line(f"{workers} local worker(s)", f"{run['warm']:.1f}", run["times"], run["cpu"], run["rows"],
             str(run["parts"]), ", ".join(f"{r:,.0f}" for r in run["rss"]))
    best = {workers: run["rows"] / run["times"][0] for workers, run in runs.items()}
    median = {workers: run["rows"] / run["times"][len(run["times"]) // 2] for workers, run in runs.items()}
    per_cpu = {workers: run["rows"] / run["cpu"][0] for workers, run in runs.items()}
    print(f"\nscaling 2 workers / 1 worker, wall time: {best[2] / best[1]:.2f}x (best), "
          f"{median[2] / median[1]:.2f}x (median); CPU work per row, 1 worker / 2 workers: "
          f"{per_cpu[2] / per_cpu[1]:.2f} (1.00: splitting the work across workers costs nothing extra)")
    for cores in (16, 64, 256):
        minutes = 1e9 / (per_cpu[1] * cores) / 60
        print(f"projection: 1,000,000,000 rows on {cores} free cores at {per_cpu[1]:,.0f} rows per CPU second, "
              f"linear scaling: {minutes:,.1f} min")


if __name__ == "__main__":
    main()
