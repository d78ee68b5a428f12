"""Benchmark: csv zip and plain csv throughput against the bare single-core script, multi-core scaling, peak RSS.

All figures come from one run on this machine (rates as ratios to the bare NumPy+PyArrow script of
customers_bench.py, measured in the same run and interleaved with the others, so a busy machine slows both
alike; each rate is the median of --repeat runs). "default" is what the CLI does without --threads or
--workers: batches made on a thread per core in the run's own process. Peak RSS is measured per format in
a fresh process at two sizes. Usage:

    python bench/zip_bench.py [--rows 1000000] [--repeat 5] [--big 10000000] [--formats csv,jsonl,parquet]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from customers_bench import DEFINITION, run_bare
from peak_memory import CHILD_IMPORT
from synthdb.defaults import cores


def run(rows: int, out: Path, entity: str | None, workers: int | None, threads: int | None = None,
        fmt: str = "csv") -> float:
    import synthdb

    start = time.perf_counter()
    synthdb.generate(DEFINITION, fmt, out, variables={"rows": rows}, entity=entity, workers=workers,
                     threads=threads)
    return time.perf_counter() - start


def peak_rss_mib(rows: int, fmt: str, out: Path) -> float:
    """Peak RSS (MiB) of a fresh process generating `rows` customers as a `fmt` zip with default options."""
    code = (CHILD_IMPORT + "import synthdb\n"
            f"synthdb.generate({str(DEFINITION)!r}, {fmt!r}, {str(out)!r}, variables={{'rows': {rows}}})\n"
            "print(peak_rss_mib())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each configuration (the median is kept)")
    parser.add_argument("--big", type=int, default=10_000_000, help="rows for the second peak-RSS run (0: skip)")
    parser.add_argument("--formats", default="csv,jsonl,parquet", help="formats whose peak RSS is measured")
    args = parser.parse_args()
    n = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # Imports, reference data and every thread's first batch outside the timing.
        run(300_000, work / "warm.zip", None, None)
        runs: dict[str, Callable[[], float]] = {
            "bare numpy+pyarrow (1 core)": lambda: run_bare(n, work / "bare.csv"),
            "csv file, default": lambda: run(n, work / "a.csv", "customers", None),
            "csv zip, default": lambda: run(n, work / "a.zip", None, None),
            "csv file, --threads 1": lambda: run(n, work / "b.csv", "customers", None, 1),
            "csv zip, --threads 1": lambda: run(n, work / "b.zip", None, None, 1),
            "csv file, --workers 2": lambda: run(n, work / "c.csv", "customers", 2),
            "csv zip, --workers 2": lambda: run(n, work / "c.zip", None, 2),
        }
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, timed in runs.items():
                seconds[name].append(timed())
        rates = {name: n / statistics.median(times) for name, times in seconds.items()}
        bare = rates["bare numpy+pyarrow (1 core)"]
        print(f"{n:,} rows of bench/customers.yaml\n{'run':<30}{'rows/s':>12}{'vs bare':>9}")
        for name, rate in rates.items():
            print(f"{name:<30}{rate:>12,.0f}{rate / bare:>9.2f}")
        print(f"\ncsv zip, default / bare: {rates['csv zip, default'] / bare:.2f}  (goal >= 0.6)")
        print(f"csv file, default / bare: {rates['csv file, default'] / bare:.2f}  (goal >= 1.2)")
        file_scale = rates["csv file, default"] / rates["csv file, --threads 1"]
        zip_scale = rates["csv zip, default"] / rates["csv zip, --threads 1"]
        print(f"scaling 1 -> {cores()} threads (default): csv file {file_scale:.2f}x, csv zip {zip_scale:.2f}x")
        sizes = [n] + ([args.big] if args.big else [])
        print(f"\npeak RSS (MiB, zip output, default options) at {', '.join(f'{s:,}' for s in sizes)} rows")
        for fmt in args.formats.split(","):
            peaks = [peak_rss_mib(size, fmt, work / f"rss.{fmt}.zip") for size in sizes]
            print(f"{fmt:<10}" + "".join(f"{p:>10,.0f}" for p in peaks))


if __name__ == "__main__":
    main()
