"""Benchmark: a 10-column customers table to CSV with synthdb, a bare NumPy+PyArrow script, Faker, Mimesis.

Prints rows/s for each and the ratios, all from one run on this machine, plus synthdb's peak RSS at
1M and 10M rows (each measured in a fresh process). Usage:

    python bench/customers_bench.py [--rows 1000000] [--faker-rows 20000] [--mimesis-rows 100000] [--big 10000000]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from peak_memory import CHILD_IMPORT  # noqa: E402

DEFINITION = HERE / "customers.yaml"


def run_synthdb(rows: int, out: Path, fmt: str = "csv", entity: str | None = "customers") -> float:
    """synthdb's whole pipeline: definition -> plan -> batches -> CSV file (plain, or zip without entity)."""
    import synthdb

    start = time.perf_counter()
    synthdb.generate(DEFINITION, fmt, out, variables={"rows": rows}, entity=entity)
    return time.perf_counter() - start


def run_bare(rows: int, out: Path, batch: int = 65_536) -> float:
    """The bare vectorized baseline: NumPy sampling + PyArrow CSV, the same 10 columns, no framework."""
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.person.en_US import Provider as Person

    start = time.perf_counter()
    rng = np.random.default_rng(1)
    firsts = pa.array(list(Person.first_names))
    lasts = pa.array(list(Person.last_names))
    cities = pa.array([f"{p} {s}" for p in Address.city_prefixes for s in Address.city_suffixes])
    countries = pa.array(list(Address.countries))
    schema = None
    with open(out, "wb") as sink:
        writer = None
        for lo in range(0, rows, batch):
            n = min(batch, rows - lo)
            first = firsts.take(rng.integers(0, len(firsts), n))
            last = lasts.take(rng.integers(0, len(lasts), n))
            email = pc.utf8_lower(pc.binary_join_element_wise(first, ".", last, "@example.com", ""))
            digits = rng.integers(2_000_000_000, 9_999_999_999, n).astype(str)
            phone = pa.array(digits)
            birth = pa.array(rng.integers(-7305, 13514, n).astype("datetime64[D]"))
            created = pa.array(rng.integers(1_577_836_800, 1_767_225_600, n).astype("datetime64[s]"))
            balance = pa.array(rng.integers(0, 1_000_000, n) / 100)
            table = pa.table({
                "id": np.arange(lo + 1, lo + n + 1), "first_name": first, "last_name": last, "email": email,
                "phone": phone, "city": cities.take(rng.integers(0, len(cities), n)),
                "country": countries.take(rng.integers(0, len(countries), n)), "birth_date": birth,
                "created_at": created, "balance": balance,
            })
            if writer is None:
                schema = table.schema
                writer = pacsv.CSVWriter(sink, schema)
            writer.write_table(table)
        if writer is not None:
            writer.close()
    return time.perf_counter() - start


def run_faker(rows: int, out: Path) -> float:
    """Row by row with Faker, written with the csv module."""
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(1)
    start = time.perf_counter()
    with open(out, "w", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["id", "first_name", "last_name", "email", "phone", "city", "country", "birth_date",
                         "created_at", "balance"])
        for i in range(rows):
            writer.writerow([i + 1, fake.first_name(), fake.last_name(), fake.email(), fake.phone_number(),
                             fake.city(), fake.country(), fake.date_of_birth(), fake.date_time(),
                             fake.pydecimal(left_digits=4, right_digits=2, positive=True)])
    return time.perf_counter() - start


def run_mimesis(rows: int, out: Path) -> float:
    """Row by row with Mimesis, written with the csv module."""
    from mimesis import Address, Datetime, Finance, Person
    from mimesis.locales import Locale

    person, address, dt, finance = Person(Locale.EN), Address(Locale.EN), Datetime(Locale.EN), Finance(Locale.EN)
    start = time.perf_counter()
    with open(out, "w", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["id", "first_name", "last_name", "email", "phone", "city", "country", "birth_date",
                         "created_at", "balance"])
        for i in range(rows):
            writer.writerow([i + 1, person.first_name(), person.last_name(), person.email(),
                             person.phone_number(), address.city(), address.country(), dt.date(),
                             dt.datetime(), finance.price(0, 10000)])
    return time.perf_counter() - start


def peak_rss_mib(rows: int, workdir: Path) -> tuple[float, float]:
    """Generate `rows` in a fresh process; return (seconds, peak RSS in MiB) of that process."""
    code = (
        CHILD_IMPORT + "import time, synthdb\n"
        "t = time.perf_counter()\n"
        f"synthdb.generate({str(DEFINITION)!r}, 'csv', {str(workdir / 'rss.csv')!r}, "
        f"variables={{'rows': {rows}}}, entity='customers')\n"
        "print(time.perf_counter() - t, peak_rss_mib())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss = result.stdout.split()
    return float(seconds), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--faker-rows", type=int, default=20_000)
    parser.add_argument("--mimesis-rows", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="rows for the second peak-RSS run (0: skip)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run_synthdb(10_000, work / "warm.csv")  # import and cache reference data outside the timing
        results: dict[str, float] = {}
        results["bare numpy+pyarrow"] = args.rows / run_bare(args.rows, work / "bare.csv")
        results["synthdb (csv file)"] = args.rows / run_synthdb(args.rows, work / "synthdb.csv")
        results["synthdb (csv zip)"] = args.rows / run_synthdb(args.rows, work / "synthdb.zip", entity=None)
        results["faker"] = args.faker_rows / run_faker(args.faker_rows, work / "faker.csv")
        results["mimesis"] = args.mimesis_rows / run_mimesis(args.mimesis_rows, work / "mimesis.csv")

        bare, ours = results["bare numpy+pyarrow"], results["synthdb (csv file)"]
        print(f"{'approach':<24}{'rows/s':>14}{'vs bare':>10}")
        for name, rate in results.items():
            print(f"{name:<24}{rate:>14,.0f}{rate / bare:>10.2f}")
        print()
        print(f"synthdb / bare numpy+pyarrow: {ours / bare:.2f}  (goal >= 0.50)")
        print(f"synthdb / faker:              {ours / results['faker']:.0f}x  (goal >= 100x)")
        print(f"synthdb / mimesis:            {ours / results['mimesis']:.0f}x")

        sec_small, rss_small = peak_rss_mib(args.rows, work)
        print(f"\npeak RSS at {args.rows:,} rows: {rss_small:,.0f} MiB ({sec_small:.1f} s)")
        if args.big:
            sec_big, rss_big = peak_rss_mib(args.big, work)
            print(f"peak RSS at {args.big:,} rows: {rss_big:,.0f} MiB ({sec_big:.1f} s)")
            print(f"RSS ratio big/small: {rss_big / rss_small:.2f}  (goal <= 1.5)")


if __name__ == "__main__":
    main()
