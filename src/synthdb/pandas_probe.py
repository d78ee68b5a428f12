"""pyarrow's lazy look for pandas, made to find none in processes that never hand pyarrow a pandas object."""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType


def skip_pandas_probe() -> None:
    """Let pyarrow's one lazy look for pandas find none, so the command does not import it.

    pyarrow's first `pa.array()` of a Python list imports pandas twice over (its Cython shim, to ask
    whether the argument is a pandas object, and its C++ converter, for pandas' null markers): about 300
    modules, 0.26 s of CPU here, more than numpy and pyarrow together. The command line never hands pyarrow
    a pandas object. Both remember that first failed look; pyarrow retries whenever pandas is really asked
    for (`to_pandas`), and `import pandas` keeps working for any code that needs it (tests check both).
    Done by the command line (cli/lean_start.py) and in worker processes (engine/parallel.py), never for
    the Python API's own process, whose callers may pass pandas objects to pyarrow themselves.
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    blocker = _Refuse("pandas")
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([""])  # a list of strings reaches both looks
    finally:
        sys.meta_path.remove(blocker)


class _Refuse(importlib.abc.MetaPathFinder):
    """A finder that makes importing one top-level package fail (a None in sys.modules would not:
    pyarrow's compiled import returns it instead of raising)."""

    def __init__(self, package: str) -> None:
        self.package = package

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname == self.package or fullname.startswith(self.package + "."):
            raise ImportError(f"{fullname} is not imported by the command line", name=fullname)
        return None
