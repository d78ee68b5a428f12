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

    def unknown(self, name: str, suggestion: str | None) -> UnknownFormat:
        return UnknownFormat(name, suggestion, self.names())

    def get(self, name: str) -> OutputFormat:
        """A writer for `name`, or a UsageError (UnknownFormat) that lists the formats."""
        self.load_builtins()  # a built-in name then resolves without looking for plugins
        return self.resolve(name)()


FORMATS = FormatRegistry()


def register_format(cls: F) -> F:
    """Class decorator: add an output format to the registry."""
    FORMATS.add(cls)
    return cls


__all__ = ["FORMATS", "FormatRegistry", "OutputFormat", "UnknownFormat", "register_format"]
