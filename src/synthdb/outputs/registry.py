"""The one registry of output formats; modules in `outputs.formats` register themselves."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import ClassVar, TypeVar

from synthdb.definition.suggest import did_you_mean
from synthdb.errors import UsageError
from synthdb.outputs.job import OutputJob


class OutputFormat:
    """A file format. `write` produces the whole output at `path` (the caller makes it atomic)."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    # File suffix of the whole output, and of a single entity's plain file.
    suffix: ClassVar[str]
    entity_suffix: ClassVar[str]
    content_type: ClassVar[str] = "application/zip"
    # True for formats that can declare SQL tables as real views (CREATE VIEW) instead of rows.
    supports_views: ClassVar[bool] = False
    entity_content_type: ClassVar[str] = "application/octet-stream"
    # Formats that cannot hold a NUL in a value refuse it (outputs/nul.py) instead of writing it raw.
    refuses_nul: ClassVar[bool] = False

    def write(self, job: OutputJob, path: Path) -> None:
        """Write every table of `job` to `path`."""
        raise NotImplementedError

    def suffix_for(self, single_entity: bool) -> str:
        return self.entity_suffix if single_entity else self.suffix

    def content_type_for(self, single_entity: bool) -> str:
        return self.entity_content_type if single_entity else self.content_type


F = TypeVar("F", bound=type[OutputFormat])


class FormatRegistry:
    """Maps format names (`csv`, `postgres-optimized`, ...) to writer classes."""

    def __init__(self) -> None:
        self._formats: dict[str, type[OutputFormat]] = {}
        self._loaded = False

    def add(self, cls: type[OutputFormat]) -> None:
        if cls.name in self._formats:
            raise ValueError(f"output format '{cls.name}' is registered twice")
        self._formats[cls.name] = cls

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from synthdb.outputs import formats

        for module in pkgutil.iter_modules(formats.__path__):
            importlib.import_module(f"{formats.__name__}.{module.name}")

    def names(self) -> list[str]:
        self._load()
        return sorted(self._formats)

    def get(self, name: str) -> OutputFormat:
        """A writer for `name`, or a UsageError that lists the formats."""
        self._load()
        cls = self._formats.get(name)
        if cls is None:
            hint = did_you_mean(name, self._formats)
            raise UsageError(f"unknown format '{name}'{hint} (formats: {', '.join(self.names())})")
        return cls()


FORMATS = FormatRegistry()


def register_format(cls: F) -> F:
    """Class decorator: add an output format to the registry."""
    FORMATS.add(cls)
    return cls
