"""The one registry of load targets, by URL scheme; modules of `targets` and `synthdb.targets` plugins register."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TypeVar

from sqlalchemy.engine import URL

from synthdb.registry import Registry, UnknownName
from synthdb.targets.base import LoadError, Report, Target
from synthdb.targets.spec import ConnectionSpec

T = TypeVar("T", bound=type[Target])

# Modules of the package that hold no target.
_NOT_TARGETS = {"base", "registry", "urls", "pipeline", "spec", "hosts", "mysql_local"}


class UnknownScheme(UnknownName):
    """No target loads URLs of that scheme; the message lists the schemes."""

    def __init__(self, scheme: str, suggestion: str | None, known: list[str]) -> None:
        super().__init__("database URL scheme", scheme, suggestion, f"schemes: {', '.join(known)}", "unsupported")


class TargetRegistry(Registry[type[Target]]):
    """Maps URL schemes (postgresql, mysql, sqlite, duckdb, ...) to target classes."""

    kind = "URL scheme"
    group = "synthdb.targets"
    entry_type = Target

    def __init__(self) -> None:
        super().__init__()
        self._loaded = False

    def names_of(self, entry: type[Target]) -> tuple[str, ...]:
        return entry.schemes

    def load_builtins(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from synthdb import targets

        for module in pkgutil.iter_modules(targets.__path__):
            if module.name not in _NOT_TARGETS:
                importlib.import_module(f"{targets.__name__}.{module.name}")

    def unknown(self, name: str, suggestion: str | None) -> UnknownScheme:
        return UnknownScheme(name, suggestion, self.schemes())

    def schemes(self) -> list[str]:
        return self.names()

    def for_spec(self, spec: ConnectionSpec) -> Target:
        """A target for `spec`, or a UsageError (UnknownScheme) that lists the supported schemes."""
        self.load_builtins()  # a built-in scheme then resolves without looking for plugins
        return self.resolve(spec.scheme)(spec)

    def for_url(self, url: URL) -> Target:
        """A target for a (trusted) database URL."""
        return self.for_spec(ConnectionSpec.from_url(url))


TARGETS = TargetRegistry()


def register_target(cls: T) -> T:
    """Class decorator: add a target to the registry."""
    TARGETS.add(cls)
    return cls


def target_for(where: URL | ConnectionSpec) -> Target:
    """The target that loads into `where` (a trusted URL, or a spec)."""
    return TARGETS.for_spec(where) if isinstance(where, ConnectionSpec) else TARGETS.for_url(where)


__all__ = ["TARGETS", "LoadError", "Report", "Target", "TargetRegistry", "UnknownScheme", "register_target",
           "target_for"]
