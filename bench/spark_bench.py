"""Benchmark: synthdb.spark.read + count on Spark in local mode against the one-process engine, same run.

The shop (examples/shop.yaml) at `--customers` customers (about 13 rows in all per customer). Prints rows/s
of the engine alone in this process (every table's batches produced, nothing written) and of Spark (every
table read and counted: the rows are generated in the Python workers and handed to the JVM as Arrow), with
the ratio. Spark's start-up is timed apart; the first read also pays each Python worker's import and plan,
the second does not.
Usage:

    python bench/spark_bench.py [--customers 100000] [--cores 2] [--rows-per-part 262144]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DEFINITION = Path(__file__).resolve().parent.parent / "examples" / "shop.yaml"


def engine_run(variables: dict[str, int]) -> tuple[int, float]:
    """(rows, seconds) of producing every table in this process."""
    import synthdb

    start = time.perf_counter()
    rows = sum(batch.num_rows for _name, batch in synthdb.iter_batches(DEFINITION, variables=variables))
    return rows, time.perf_counter() - start


def spark_run(cores: int, variables: dict[str, int], rows_per_part: int) -> tuple[list[tuple[int, float]], float, int]:
    """([(rows, seconds)] of a first and a second read + count of every table, start-up seconds, partitions).

    The first read pays each Python worker's import of synthdb and its plan; the second reuses both (Spark
    keeps its Python workers, and each keeps its plan), as a long-lived cluster does.
    """
    from pyspark.sql import SparkSession

    import synthdb.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{cores}]").appName("synthdb-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).count()  # the JVM warm, so start-up is not charged to the first table
    startup = time.perf_counter() - started
    runs: list[tuple[int, float]] = []
    try:
        for _ in range(2):
            start = time.perf_counter()
            frames = synthdb.spark.read_all(spark, DEFINITION, variables=variables, rows_per_part=rows_per_part)
            rows = sum(frame.count() for frame in frames.values())
            runs.append((rows, time.perf_counter() - start))
        partitions = sum(frame.rdd.getNumPartitions() for frame in frames.values())
    finally:
        spark.stop()
    return runs, startup, partitions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000, help="n_customers of the shop")
    parser.add_argument("--cores", type=int, default=2, help="Spark's local[N] task slots")
    parser.add_argument("--rows-per-part", type=int, default=262_144, help="rows per part (one Spark partition)")
    args = parser.parse_args()
    variables = {"n_customers": args.customers}
    engine_rows, engine_seconds = engine_run(variables)
    runs, startup, partitions = spark_run(args.cores, variables, args.rows_per_part)
    for rows, _seconds in runs:
        if rows != engine_rows:
            raise SystemExit(f"Spark counted {rows:,} rows, the engine produced {engine_rows:,}")
    print(f"shop at {args.customers:,} customers: {engine_rows:,} rows in 4 tables; Spark local[{args.cores}], "
          f"{partitions} partitions of at most {args.rows_per_part:,} rows; Spark start-up {startup:.1f} s")
    print(f"{'run':<44}{'seconds':>10}{'rows/s':>14}{'vs engine':>11}")
    engine_rate = engine_rows / engine_seconds
    print(f"{'engine, one process':<44}{engine_seconds:>10.1f}{engine_rate:>14,.0f}{1:>10.2f}x")
    for label, (rows, seconds) in zip(("first", "second"), runs, strict=True):
        name = f"synthdb.spark.read + count, {label} read"
        print(f"{name:<44}{seconds:>10.1f}{rows / seconds:>14,.0f}{rows / seconds / engine_rate:>10.2f}x")

if __name__ == "__main__":
    main()
