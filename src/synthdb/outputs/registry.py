"""The one registry of output formats; modules in `outputs.formats` and `synthdb.formats` plugins register."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TypeVar

from synthdb.outputs.base import OutputFormat
from synthdb.registry import Registry, UnknownName

F = TypeVar("F", bound=type[OutputFormat])


class UnknownFormat(UnknownName):
    """No output format has that name; the message lists the formats."""

    def __init__(self, name: str, suggestion: str | None, known: list[str]) -> None:
        super().__init__("format", name, suggestion, f"formats: {', '.join(known)}")


class FormatRegistry(Registry[type[OutputFormat]]):
    """Maps format names (`csv`, `postgres-optimized`, ...) to writer classes."""

    kind = "output format"
    group = "synthdb.formats"
    entry_type = OutputFormat

    def __init__(self) -> None:
        super().__init__()
        self._loaded = False

    def names_of(self, entry: type[OutputFormat]) -> tuple[str, ...]:
        return (entry.name,)

    def load_builtins(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from synthdb.outputs import formats

        for module in pkgutil.iter_modules(formats.__path__):
            importlib.import_module(f"{formats.__name__}.{module.name}")

    def load_for(self, norm: str) -> None:
        """Import only the built-in module named after the format (`csv` is csv_format, `postgres-optimized`
        postgres_optimized): writing CSV then does not import the SQL formats' sqlglot (0.1-0.2 s)."""
        if self._loaded:
            return
        from synthdb.outputs import formats

        stem = norm.replace("-", "_")
        known = {module.name for module in pkgutil.iter_modules(formats.__path__)}
        for module in (f"{stem}_format", stem):
            if module in known:
                importlib.import_module(f"{formats.__name__}.{module}")
                return

    def unknown(self, name: str, suggestion: str | None) -> UnknownFormat:
        return UnknownFormat(name, suggestion, self.names())

    def get(self, name: str) -> OutputFormat:
        """A writer for `name`, or a UsageError (UnknownFormat) that lists the formats."""
        if self.find(name) is None:
            self.load_for(name)
        if self.find(name) is None:
            self.load_builtins()  # a built-in name then resolves without looking for plugins
        return self.resolve(name)()


FORMATS = FormatRegistry()


def register_format(cls: F) -> F:
    """Class decorator: add an output format to the registry."""
    FORMATS.add(cls)
    return cls


__all__ = ["FORMATS", "FormatRegistry", "OutputFormat", "UnknownFormat", "register_format"]
