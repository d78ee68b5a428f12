"""Benchmark: the relational shop (tests/data/relations.yaml) at about 1M and 10M order lines.

Prints rows/s (all tables, and order lines alone) and the peak RSS of each run, each in a fresh process,
so memory growth with the number of child rows is visible. Usage:

    python bench/relations_bench.py [--small 190000] [--large 1900000]   # n_customers of the two runs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peak_memory import CHILD_IMPORT

DEFINITION = Path(__file__).resolve().parent.parent / "tests" / "data" / "relations.yaml"

_CHILD = CHILD_IMPORT + """
import json, sys, time, synthdb
from synthdb.engine.planner import build_plan
variables = {"n_customers": int(sys.argv[1])}
plan = build_plan(synthdb.load_definition(sys.argv[2]), None, variables)
sizes = {name: table.size for name, table in plan.tables.items()}
start = time.perf_counter()
synthdb.generate(sys.argv[2], "csv", sys.argv[3], variables=variables)
seconds = time.perf_counter() - start
rss = peak_rss_mib()
print(json.dumps({"sizes": sizes, "seconds": seconds, "rss_mib": rss}))
"""


def run(customers: int, workdir: Path) -> dict[str, object]:
    out = workdir / f"relations-{customers}.zip"
    result = subprocess.run([sys.executable, "-c", _CHILD, str(customers), str(DEFINITION), str(out)],
                            capture_output=True, text=True, check=True)
    out.unlink()
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=190_000, help="n_customers of the small run")
    parser.add_argument("--large", type=int, default=1_900_000, help="n_customers of the large run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [run(n, Path(tmp)) for n in (args.small, args.large)]
    print(f"{'order lines':>14}{'all rows':>14}{'seconds':>10}{'rows/s':>14}{'lines/s':>14}{'peak RSS MiB':>14}")
    for r in results:
        sizes = r["sizes"]
        assert isinstance(sizes, dict)
        lines, total, seconds = sizes["order_items"], sum(sizes.values()), float(r["seconds"])  # type: ignore[arg-type]
        print(f"{lines:>14,}{total:>14,}{seconds:>10.1f}{total / seconds:>14,.0f}{lines / seconds:>14,.0f}"
              f"{r['rss_mib']:>14,.0f}")
    small, large = results
    print(f"\npeak RSS ratio large/small: {float(large['rss_mib']) / float(small['rss_mib']):.2f} "  # type: ignore[arg-type]
          f"for {large['sizes']['order_items'] / small['sizes']['order_items']:.1f}x the order lines")  # type: ignore[index]


if __name__ == "__main__":
    main()
