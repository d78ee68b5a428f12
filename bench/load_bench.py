"""Rows/s of `synthdb load` into the local PostgreSQL against psql's \\copy of the same rows from a ready CSV.

Both load the shop's `customers` table (12 columns, a primary key and a unique email index) into an
empty table with the same DDL, in the same run; each side is timed several times, alternating, and the
best time counts. `synthdb load` generates the rows as it goes (generation included in its time);
`psql \\copy` reads a CSV written beforehand by `synthdb generate` (not timed).

    python bench/load_bench.py [--rows 1000000] [--repeat 3] [--url postgresql://postgres@127.0.0.1/synthdb_bench]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from synthdb.engine.parallel import BatchSource
from synthdb.engine.planner import build_plan
from synthdb.outputs.sql.copy import copy_target
from synthdb.outputs.sql.ddl import create_table_sql
from synthdb.outputs.sql.dialects import dialect_for
from synthdb.python_api import generate
from synthdb.service.generate import as_database
from synthdb.service.load import LoadOptions, load, load_job

SHOP = Path(__file__).resolve().parent.parent / "examples" / "shop.yaml"
TABLE = "customers"


def prepare_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def fresh_table(url: str, ddl: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{TABLE}"')
        conn.execute(ddl.encode())
        # The same starting point for both sides: no leftover dead rows, a checkpointed cluster.
        conn.execute("CHECKPOINT")


def count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{TABLE}"').fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    variables = {"n_customers": args.rows}
    url = prepare_database(args.admin_url, "synthdb_load_bench")

    plan = build_plan(as_database(SHOP), None, variables)
    with BatchSource(plan, 1000) as source:
        job = load_job(plan, source, TABLE)
        table = job.tables[0]
        ddl = create_table_sql(table, job, dialect_for("postgres"))
        target = copy_target(table)

    with tempfile.TemporaryDirectory() as scratch:
        csv = Path(scratch) / f"{TABLE}.csv"
        started = time.perf_counter()
        generate(SHOP, "csv", csv, variables=variables, entity=TABLE)
        print(f"ready CSV: {csv.stat().st_size / 1e6:.0f} MB written in {time.perf_counter() - started:.1f} s "
              "(not timed)")
        copy = f"\\copy {target} FROM '{csv}' WITH (FORMAT csv, HEADER true)"
        raw_times, synthdb_times = [], []
        for _ in range(args.repeat):
            fresh_table(url, ddl)
            started = time.perf_counter()
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", copy], check=True)
            raw_times.append(time.perf_counter() - started)
            assert count(url) == args.rows

            fresh_table(url, ddl)
            started = time.perf_counter()
            loaded = load(SHOP, url, LoadOptions(variables=variables, entity=TABLE))
            synthdb_times.append(time.perf_counter() - started)
            assert loaded == {TABLE: args.rows} and count(url) == args.rows

        fresh_table(url, ddl)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "synthdb", "load", str(SHOP), "--to", url, "--entity", TABLE,
                        "--var", f"n_customers={args.rows}", "--quiet"], check=True)
        cli_time = time.perf_counter() - started

    raw_rate = args.rows / min(raw_times)
    synthdb_rate = args.rows / min(synthdb_times)
    print(f"\n{args.rows:,} rows of '{TABLE}' (12 columns, primary key + unique index), best of {args.repeat}:")
    print(f"  psql \\copy from a ready CSV       {raw_rate:>12,.0f} rows/s   ({min(raw_times):.2f} s)")
    print(f"  synthdb load (generate + COPY)    {synthdb_rate:>12,.0f} rows/s   ({min(synthdb_times):.2f} s)")
    print(f"  ratio synthdb / raw COPY          {synthdb_rate / raw_rate:>12.2f}   (target >= 0.80)")
    print(f"  `synthdb load` as a command, interpreter start-up included: {args.rows / cli_time:,.0f} rows/s "
          f"({cli_time:.2f} s)")
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "synthdb_load_bench" WITH (FORCE)')


if __name__ == "__main__":
    main()
