"""Benchmark: how long a person waits for synthdb's first answer, against `python -c "import numpy, pyarrow"`.

Each command runs in a fresh process, several times, in one run (the median is reported); the baseline
runs interleaved with the others so a busy machine slows both alike. The reference cache is warmed
first (a first run on a new machine compiles it once; `--cold` measures that run too). Usage:

    python bench/startup_bench.py [--repeat 9] [--cold]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOP = ROOT / "examples" / "shop.yaml"
BASELINE = [sys.executable, "-c", "import numpy, pyarrow"]


def commands(out: Path) -> dict[str, list[str]]:
    synthdb = [sys.executable, "-m", "synthdb"]
    return {
        "synthdb --version": [*synthdb, "--version"],
        "synthdb --help": [*synthdb, "--help"],
        "synthdb validate shop": [*synthdb, "validate", str(SHOP)],
        "synthdb generate shop (csv zip)": [*synthdb, "generate", str(SHOP), "-f", "csv", "-o", str(out), "-q"],
    }


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--cold", action="store_true", help="also time one run with an empty reference cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SYNTHDB_CACHE_DIR": str(Path(tmp) / "cache")}
        # An installed package has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
        # would compile every synthdb module from source on each start (about 0.2 s) and time that instead.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        named = commands(Path(tmp) / "shop.zip")
        if args.cold:
            cold = timed(named["synthdb generate shop (csv zip)"], env)
            print(f"first run on an empty reference cache (generate shop): {cold:.2f} s")
        for command in named.values():  # warm the cache and the OS file cache
            timed(command, env)
        base: list[float] = []
        times: dict[str, list[float]] = {name: [] for name in named}
        for _ in range(args.repeat):
            for name, command in named.items():
                base.append(timed(BASELINE, env))
                times[name].append(timed(command, env))
        baseline = statistics.median(base)
        goals = {"synthdb validate shop": 3.0, "synthdb generate shop (csv zip)": 4.0}
        print(f"{'command':<34}{'median s':>10}{'x baseline':>12}{'goal':>8}")
        print(f"{'python -c import numpy, pyarrow':<34}{baseline:>10.3f}{1.0:>12.2f}")
        for name, values in times.items():
            median = statistics.median(values)
            goal = f"<= {goals[name]:.0f}" if name in goals else ""
            print(f"{name:<34}{median:>10.3f}{median / baseline:>12.2f}{goal:>8}")


if __name__ == "__main__":
    main()
