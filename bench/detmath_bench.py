"""Benchmark: values/s of synthdb.detmath's deterministic functions against NumPy's SIMD ufuncs.

Each function runs over 1,000,000 float64 values in the ranges the generators use (uniforms, log-normal
arguments, pow with shape exponents); the best of `--repeat` runs counts, in CPU time of this process
(the machine is shared, wall time is not). Usage:

    python bench/detmath_bench.py [--values 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from synthdb import detmath


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    u = rng.random(args.values)
    z = rng.normal(size=args.values)
    y = rng.uniform(0.2, 5, args.values)
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("log(u)", lambda: detmath.log(u), lambda: np.log(u)),
        ("log1p(-u)", lambda: detmath.log1p(-u), lambda: np.log1p(-u)),
        ("exp(z)", lambda: detmath.exp(z), lambda: np.exp(z)),
        ("pow(u, y)", lambda: detmath.pow(u, y), lambda: np.power(u, y)),
        ("cospi(2u) / cos(2 pi u)", lambda: detmath.cospi(2 * u), lambda: np.cos(2 * np.pi * u)),
        ("sinpi(2u) / sin(2 pi u)", lambda: detmath.sinpi(2 * u), lambda: np.sin(2 * np.pi * u)),
    ]
    print(f"{'function':26} {'detmath values/s':>18} {'numpy values/s':>16} {'ratio':>7}")
    for name, ours, theirs in cases:
        mine, numpy_time = best(ours, args.repeat), best(theirs, args.repeat)
        print(f"{name:26} {args.values / mine:18,.0f} {args.values / numpy_time:16,.0f} {mine / numpy_time:7.1f}x")


if __name__ == "__main__":
    main()
