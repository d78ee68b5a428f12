"""What the worker fork server imports once, so each worker process starts as a fork with it all loaded.

`engine/parallel.py` starts workers through multiprocessing's fork server where the platform has one: a
fresh interpreter (so no thread of this process, Arrow's or DuckDB's, is copied in a broken state) that
imports this module once and then forks a worker per request in milliseconds. Without it each worker is a
new interpreter importing NumPy, Arrow, the engine and its generators again (0.4-0.8 s of CPU each).
"""

from __future__ import annotations

from synthdb.compute_docs import trim_compute_docs
from synthdb.pandas_probe import skip_pandas_probe

# First: pyarrow's look for pandas, failed here before any module makes an Arrow array, stays failed in
# every fork (a worker never hands pyarrow a pandas object; the look would import pandas, 0.5 s), and
# pyarrow.compute imported without docstrings no worker shows (compute_docs.py).
skip_pandas_probe()
trim_compute_docs()

import synthdb.engine.parallel  # noqa: E402, F401  # the worker's functions, the engine and the planner
from synthdb.generators.registry import REGISTRY  # noqa: E402

# Every catalog module (a quarter of a second, once per server): a worker forks with all of them imported,
# whichever generators its definition uses.
REGISTRY.load_builtins()
