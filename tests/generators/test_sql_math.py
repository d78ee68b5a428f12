"""SQL math (ln, log, log10, log2, exp, pow, power) runs on synthdb.detmath: SQLite's results, equal on every CPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import numpy as np
import pytest

import synthdb
from synthdb import detmath
from synthdb.generators.helpers.sql_eval import configure

# glibc chooses FMA/AVX2 kernels of exp, log, pow by CPU; masking them emulates an older CPU.
_OLD_CPU = "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-AVX2,-FMA,-FMA4,-AVX512F"
_QUERY = ("SELECT ln(x) + exp(x * 10 - 5) + pow(x, 0.37) + log10(x) + log2(x) AS v FROM "
          "(SELECT (hash(i) % 1000000007)::DOUBLE / 1000000007 + 1e-9 AS x FROM range(1, 200001) t(i)) ORDER BY v")
_CHILD = """
import hashlib, json, sys, duckdb
from synthdb.generators.helpers.sql_eval import configure
query = sys.argv[1]
def quiet(con):  # a slow (loaded) run would print DuckDB's progress bar into the JSON line read below
    con.execute("SET enable_progress_bar = false")
    return con
ours = quiet(configure(duckdb.connect(config={"threads": 1}))).execute(query).fetchnumpy()["v"]
theirs = quiet(duckdb.connect(config={"threads": 1})).execute(query).fetchnumpy()["v"]
print(json.dumps([hashlib.sha256(ours.tobytes()).hexdigest(), hashlib.sha256(theirs.tobytes()).hexdigest()]))
"""


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return configure(duckdb.connect(config={"threads": 1}))


def test_functions_give_detmath_values(con: duckdb.DuckDBPyConnection) -> None:
    x = np.linspace(0.01, 50, 101)
    rows = con.execute("SELECT ln(x), exp(x / 10), pow(x, 1.7), power(x, -0.5), log10(x), log2(x), log(x), "
                       "log(3, x) FROM (SELECT unnest(?) AS x)", [x.tolist()]).fetchnumpy()
    got = [np.asarray(v, dtype=np.float64) for v in rows.values()]
    want = [detmath.log(x), detmath.exp(x / 10), detmath.pow(x, 1.7), detmath.pow(x, -0.5), detmath.log10(x),
            detmath.log2(x), detmath.log10(x), detmath.log(x) / detmath.log(3.0)]
    for column, (a, b) in enumerate(zip(got, want, strict=True)):
        assert np.array_equal(a, b), column


def test_undefined_results_are_null_as_in_sqlite(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT ln(0), ln(-1), log10(0), log(-2), pow(-8, 1.0 / 3), power(-2, 3), ln(NULL), "
                      "exp(NULL), pow(NULL, 2), log10(1000), log2(1024), log(100), pow(4, 0.5)").fetchone()
    assert row == (None, None, None, None, None, -8.0, None, None, None, 3.0, 10.0, 2.0, 2.0)


def test_sql_generator_and_sql_tables_use_them() -> None:
    definition = {"entities": [
        {"name": "t", "record_count": "50", "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "v", "generator": "SQL", "sql": "ln(id) + exp(id / 25.0) + pow(id, 0.3)"}]},
        {"name": "s", "view": True, "sql": "SELECT id, log10(id) + power(id, 1.5) AS w FROM t ORDER BY id"}]}
    tables = synthdb.to_tables(definition, seed=1)
    ids = np.asarray(tables["t"]["id"].to_numpy(), dtype=np.float64)
    expected = detmath.log(ids) + detmath.exp(ids / 25.0) + detmath.pow(ids, 0.3)
    assert np.array_equal(tables["t"]["v"].to_numpy(), expected)
    assert np.array_equal(tables["s"]["w"].to_numpy(), detmath.log10(ids) + detmath.pow(ids, 1.5))


def test_same_bits_when_glibc_runs_its_kernels_without_fma() -> None:
    def run(env: dict[str, str]) -> list[str]:
        done = subprocess.run([sys.executable, "-c", _CHILD, _QUERY], env=env, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return list(json.loads(done.stdout.strip().splitlines()[-1]))

    here, old_cpu = run(dict(os.environ)), run({**os.environ, "GLIBC_TUNABLES": _OLD_CPU})
    assert here[0] == old_cpu[0], "SQL math depends on the CPU"
    if here[1] == old_cpu[1]:
        pytest.skip("this CPU has no FMA kernels in glibc: DuckDB's own functions agree, nothing to contrast")
    # DuckDB's own functions differ between the two runs: the comparison above has teeth.
