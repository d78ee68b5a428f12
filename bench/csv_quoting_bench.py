"""Benchmark: the csv writer's minimal quoting against Arrow's own writer (the `strings` style), same run.

Generates bench/customers.yaml's table once, then times writing it with each quoting style (the
writer alone, from batches in memory), and the whole pipeline (`synthdb.generate` to a csv zip) with
each style; prints rows/s and the ratio minimal / strings. Usage:

    python bench/csv_quoting_bench.py [--rows 500000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

import synthdb
from synthdb.outputs.formats.csv_format import CsvFormat
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput

HERE = Path(__file__).resolve().parent
DEFINITION = HERE / "customers.yaml"


def writer_seconds(table: object, style: str, repeat: int) -> float:
    """Best of `repeat` timings of the csv writer alone over the table's batches."""
    batches = table.to_batches(65_536)  # type: ignore[attr-defined]
    columns = [ColumnInfo(f.name, f.type) for f in table.schema]  # type: ignore[attr-defined]
    output = TableOutput("customers", columns, table.num_rows, lambda: iter(batches))  # type: ignore[attr-defined]
    job = OutputJob("bench", "postgres", [output], options={"csv_quoting": style})
    best = float("inf")
    for _ in range(repeat):
        sink = io.BytesIO()
        start = time.perf_counter()
        CsvFormat().write_table(output, job, sink)
        best = min(best, time.perf_counter() - start)
    return best


def pipeline_seconds(rows: int, style: str, repeat: int) -> float:
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        for index in range(repeat):
            start = time.perf_counter()
            synthdb.generate(DEFINITION, "csv", Path(folder) / f"{style}{index}.zip", variables={"rows": rows},
                             csv_quoting=style)
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = synthdb.to_tables(DEFINITION, variables={"rows": args.rows})["customers"]
    print(f"{args.rows:,} rows, {table.num_columns} columns; best of {args.repeat}")
    for what, timing in (("writer alone", lambda s: writer_seconds(table, s, args.repeat)),
                         ("whole pipeline", lambda s: pipeline_seconds(args.rows, s, args.repeat))):
        minimal, strings = timing("minimal"), timing("strings")
        print(f"{what:15} minimal {args.rows / minimal:12,.0f} rows/s   strings (Arrow writer) "
              f"{args.rows / strings:12,.0f} rows/s   ratio minimal/strings speed {strings / minimal:.2f}")


if __name__ == "__main__":
    main()
