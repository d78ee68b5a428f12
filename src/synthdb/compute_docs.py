"""pyarrow.compute imported without the long docstrings it writes for every one of its functions at import.

`import pyarrow.compute` wraps each of Arrow's ~290 compute functions in a Python function and writes it
a NumPy-style docstring: it parses each options class's docstring (a vendored numpydoc parser) and
dedents every piece. That is about 20 ms of the 45 ms the import takes here, on every start of every
command that touches the engine, for text nobody reads in the command line. With the trim, each wrapper's
docstring keeps its summary, its description and its argument list (indented as pyarrow wrote them), but
not the options' parameters; the functions themselves are the same.

Only the command line (cli/lean_start.py) asks for it, never the Python API's own process. The trim lasts
for that one import: the parser and `textwrap.dedent` are put back as soon as the module has run (or
failed to), and if pyarrow's internals are not what this expects, the import is simply done in full.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import textwrap
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

MODULE = "pyarrow.compute"


def trim_compute_docs() -> None:
    """Make the next `import pyarrow.compute` of this process skip the long docstrings (if not yet imported)."""
    if MODULE in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


class _NoParameters(dict[str, Any]):
    """Stands in for the vendored numpydoc parser: an options class documented as having no parameters."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        super().__init__(Parameters=[])

    def __missing__(self, _key: str) -> list[Any]:
        return []


def _unchanged(text: str) -> str:
    return text


class _Finder(importlib.abc.MetaPathFinder):
    """Finds pyarrow.compute as the normal path finder does, with a loader that trims while it runs."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != MODULE:
            return None
        sys.meta_path.remove(self)  # once: a failed import is retried in full
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec
        spec.loader = _TrimmingLoader(spec.loader)
        return spec


class _TrimmingLoader(importlib.abc.Loader):
    """Runs the module with the parser and `dedent` stood in for; hands everything else to the real loader."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)  # get_source, get_data, ...: the real file's

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        try:
            from pyarrow.vendored import docscrape
        except ImportError:
            self.loader.exec_module(module)
            return
        parser, dedent = docscrape.NumpyDocString, textwrap.dedent
        docscrape.NumpyDocString = _NoParameters
        textwrap.dedent = _unchanged
        try:
            self.loader.exec_module(module)
            trimmed = True
        except Exception:  # a pyarrow this does not fit: run the module again, in full, below
            trimmed = False
        finally:
            docscrape.NumpyDocString = parser
            textwrap.dedent = dedent
        if not trimmed:
            # The module refuses to define a function twice: run it again over its import-time names only.
            kept = {k: v for k, v in vars(module).items() if k.startswith("__") and k.endswith("__")}
            vars(module).clear()
            vars(module).update(kept)
            self.loader.exec_module(module)
        elif getattr(module, "dedent", None) is _unchanged:
            # `from textwrap import dedent` bound ours; later calls get the real one.
            setattr(module, "dedent", dedent)  # noqa: B010
