"""ln, log, log10, log2, exp, pow and power in DuckDB SQL, computed by synthdb.detmath (the same bits on every CPU).

DuckDB's own math functions call the C library, and glibc picks FMA or plain kernels of exp, log and pow by
CPU, so their last bits vary between machines. Temporary macros of the same names shadow DuckDB's
functions with vectorised Python functions over Arrow batches. Results follow SQLite (the dialect users
write): the logarithm of zero or a negative number, and a negative base to a fractional power, are NULL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pyarrow as pa

from synthdb import detmath

if TYPE_CHECKING:
    import duckdb


def _doubles(values: pa.Array) -> np.ndarray:
    return np.asarray(values.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)


def _result(values: np.ndarray, *inputs: pa.Array) -> pa.Array:
    """NULL where an input is NULL or the result is undefined (nan), as SQLite gives."""
    missing = np.isnan(values)
    for array in inputs:
        if array.null_count:
            missing |= np.asarray(array.is_null().to_numpy(zero_copy_only=False))
    return pa.array(values, mask=missing if missing.any() else None)


def _ln(x: pa.Array) -> pa.Array:
    v = _doubles(x)
    return _result(np.where(v > 0, detmath.log(v), np.nan), x)


def _log10(x: pa.Array) -> pa.Array:
    v = _doubles(x)
    return _result(np.where(v > 0, detmath.log10(v), np.nan), x)


def _log2(x: pa.Array) -> pa.Array:
    v = _doubles(x)
    return _result(np.where(v > 0, detmath.log2(v), np.nan), x)


def _exp(x: pa.Array) -> pa.Array:
    return _result(detmath.exp(_doubles(x)), x)


def _pow(x: pa.Array, y: pa.Array) -> pa.Array:
    return _result(detmath.pow(_doubles(x), _doubles(y)), x, y)


_FUNCTIONS: dict[str, tuple[Callable[..., pa.Array], int]] = {
    "__synthdb_ln": (_ln, 1), "__synthdb_log10": (_log10, 1), "__synthdb_log2": (_log2, 1),
    "__synthdb_exp": (_exp, 1), "__synthdb_pow": (_pow, 2)}
# DuckDB's LOG(x) is base 10, as SQLite's; LOG(b, x) is base b.
MACROS = [
    "ln(x) AS __synthdb_ln(x)",
    "exp(x) AS __synthdb_exp(x)",
    "log10(x) AS __synthdb_log10(x)",
    "log2(x) AS __synthdb_log2(x)",
    # sqlglot writes SQLite's log10(x) and log2(x) as LOG(10, x) and LOG(2, x).
    "log(x) AS __synthdb_log10(x), (b, x) AS CASE WHEN b = 10 THEN __synthdb_log10(x) WHEN b = 2 "
    "THEN __synthdb_log2(x) ELSE __synthdb_ln(x) / __synthdb_ln(b) END",
    "pow(x, y) AS __synthdb_pow(x, y)",
    "power(x, y) AS __synthdb_pow(x, y)",
]


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Shadow DuckDB's ln/log/log10/log2/exp/pow/power on `con` with the deterministic versions."""
    for name, (function, arity) in _FUNCTIONS.items():
        # Names as strings: DuckDB converts them, and they exist under every DuckDB version we accept
        # (the enum and type modules moved between 1.x and 2.x).
        parameters: list[Any] = ["DOUBLE"] * arity
        con.create_function(name, function, parameters, cast(Any, "DOUBLE"), type=cast(Any, "arrow"),
                            null_handling=cast(Any, "special"), side_effects=False)
    for macro in MACROS:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")
