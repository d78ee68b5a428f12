"""Golden digests: every format's bytes for tests/data/golden.yaml are pinned, and equal on a CPU without SIMD.

Refresh deliberately with `python -m tests.golden --update` (see tests/golden.py).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import golden
from synthdb.randomness import Stream

# Run in a fresh interpreter, where NPY_DISABLE_CPU_FEATURES is read when NumPy is first imported.
_CHILD = r"""
import hashlib, json, sys, tempfile
from pathlib import Path
import numpy as np
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
sys.path.insert(0, sys.argv[1])
import golden
import synthdb
from synthdb.randomness import Stream

u = Stream(7).uniform(np.arange(200_000))
with tempfile.TemporaryDirectory() as tmp:
    csv = golden.output_digests("csv", synthdb.generate(str(golden.REFERENCE), "csv", Path(tmp) / "g.zip"))
print(json.dumps({
    "features": [f for f in __cpu_dispatch__ if __cpu_features__.get(f)],
    "tables": golden.tables_digest(synthdb.to_tables(str(golden.REFERENCE))),
    "csv": csv["entries"],
    "np_log": hashlib.sha256(np.log(u).tobytes()).hexdigest(),
    "np_exp": hashlib.sha256(np.exp(u * 20 - 10).tobytes()).hexdigest(),
}))
"""


# Dispatch targets with their own float64 log/exp kernels (NumPy 2.4 names, then the older ones).
_VECTOR_MATH = {"X86_V3", "X86_V4", "AVX512_SKX", "AVX512F", "AVX2", "FMA3"}


def _dispatched_features() -> list[str]:
    """The SIMD targets NumPy dispatches to on this CPU, beyond the build's baseline."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]


@pytest.fixture(scope="module")
def actual() -> dict[str, Any]:
    return golden.compute()


def test_every_format_matches_the_golden_digests(actual: dict[str, Any]) -> None:
    expected = golden.load()
    assert set(expected["formats"]) == set(actual["formats"]), "a format was added or removed"
    found = golden.differences(expected, actual)
    assert not found, f"output changed: {found}; if intended, run: python -m tests.golden --update"


def test_archives_carry_fixed_timestamps(actual: dict[str, Any]) -> None:
    for fmt, digests in actual["formats"].items():
        if "entries" in digests:
            assert digests["entry_times"] == ["1980-01-01T00:00:00"], fmt


def test_differences_sees_a_changed_entry_and_ignores_raw_archives_of_another_zlib(actual: dict[str, Any]) -> None:
    changed = copy.deepcopy(actual)
    changed["formats"]["csv"]["entries"]["people.csv"] = "0" * 64
    assert golden.differences(actual, changed) == ["format csv: entries people.csv"]
    other_zlib = copy.deepcopy(actual)
    other_zlib["zlib"], other_zlib["formats"]["sql"]["archive"] = "0.0-ng", "1" * 64
    assert golden.differences(actual, other_zlib) == []
    other_zlib["zlib"] = actual["zlib"]
    assert golden.differences(actual, other_zlib) == ["format sql: archive"]


def test_same_bytes_with_numpy_simd_and_glibc_fma_kernels_disabled(actual: dict[str, Any]) -> None:
    disabled = _dispatched_features()
    env = {**os.environ,
           "NPY_DISABLE_CPU_FEATURES": " ".join(disabled),
           # glibc picks FMA/AVX2 variants of exp, log, pow, sin ... by CPU (used by DuckDB and Python's math).
           "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-AVX2,-FMA,-FMA4,-AVX512F"}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(Path(golden.__file__).parent)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    child = json.loads(done.stdout.strip().splitlines()[-1])
    assert child["tables"] == actual["tables"], "generated values depend on the CPU's SIMD features"
    assert child["csv"] == actual["formats"]["csv"]["entries"]
    assert child["features"] == []
    if set(disabled) & _VECTOR_MATH:
        # The child really ran on other kernels: NumPy's own log/exp give other bits there.
        u = Stream(7).uniform(np.arange(200_000))
        here = (hashlib.sha256(np.log(u).tobytes()).hexdigest(),
                hashlib.sha256(np.exp(u * 20 - 10).tobytes()).hexdigest())
        assert (child["np_log"], child["np_exp"]) != here, "NumPy's kernels did not change: the check proves nothing"
