"""The one registry type: names → entries, with normalisation, duplicate refusal, lazy loading and plugins.

Generators, output formats and load targets each keep one `Registry` (a subclass naming how an entry
is named and which built-in modules to import). A third-party package adds entries through entry points
(`synthdb.generators`, `synthdb.formats`, `synthdb.targets`) naming a module that registers itself on
import, or a class the registry adds; they are loaded on the first miss and by `all()`.
"""

from __future__ import annotations

import inspect
import threading
import warnings
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from synthdb.definition.suggest import closest
from synthdb.errors import UsageError

T = TypeVar("T")

class UnknownName(UsageError, KeyError):
    """No entry of a registry has that name; `suggestion` is the closest known name, if any.

    A UsageError (the CLI answers with one line and exit code 2, the API with a 4xx) and a KeyError
    (a failed lookup), so callers that caught either keep working."""

    def __init__(self, kind: str, name: str, suggestion: str | None, listing: str = "",
                 adjective: str = "unknown") -> None:
        self.kind = kind
        self.name = name
        self.suggestion = suggestion
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"{adjective} {kind} '{name}'{hint}{f' ({listing})' if listing else ''}")

    def __str__(self) -> str:
        return str(self.args[0])


class PluginWarning(UserWarning):
    """A plugin (an entry point of another package) could not be loaded; synthdb carries on without it."""


class Registry(Generic[T]):
    """Maps normalised names to entries (classes, usually). Subclasses say how an entry is named
    (`names_of`), how a name is normalised, and how to import the built-in entries (`load_builtins`)."""

    # What an entry is called in messages ("generator", "output format", ...).
    kind: str = "entry"
    # The entry-point group third-party packages declare their plugins under (None: no plugins).
    group: str | None = None
    # Plugin entry points that are classes must be subclasses of this (None: any class).
    entry_type: type | None = None

    def __init__(self) -> None:
        self._by_name: dict[str, T] = {}
        self._entries: list[T] = []
        # Every name as written (not normalised), for did-you-mean suggestions.
        self._spelled: dict[str, T] = {}
        self._plugins_loaded = False
        self._plugins_started = False
        # The service resolves names from several threads: one loads the plugins, the others wait for it.
        self._plugins_lock = threading.RLock()

    # --- hooks ---------------------------------------------------------------------------------
    def names_of(self, entry: T) -> Iterable[str]:
        """Every name `entry` is known by."""
        raise NotImplementedError

    def suggestable(self, entry: T) -> Iterable[str]:
        """The names of `entry` worth suggesting for a misspelling (default: all of them)."""
        return self.names_of(entry)

    def normalise(self, name: str) -> str:
        """The form names are compared in (identity unless a subclass says otherwise)."""
        return name

    def display(self, entry: T, name: str) -> str:
        """What to suggest for a close match found under `name`."""
        return name

    def load_builtins(self) -> None:
        """Import the modules holding the built-in entries (each registers itself); once."""

    def load_for(self, norm: str) -> None:
        """Import only what registers `norm`, when a subclass can tell cheaply (default: nothing)."""

    def unknown(self, name: str, suggestion: str | None) -> UnknownName:
        """The error for a name nothing answers to."""
        return UnknownName(self.kind, name, suggestion)

    # --- the table -----------------------------------------------------------------------------
    def add(self, entry: T) -> None:
        """Register `entry` under each of its names; a name already taken by another entry is refused."""
        names = list(self.names_of(entry))
        for name in names:
            existing = self._by_name.get(self.normalise(name))
            if existing is not None and existing is not entry:
                raise ValueError(f"{self.kind} name '{name}' is registered twice "
                                 f"({_label(existing)}, {_label(entry)})")
        if any(e is entry for e in self._entries):
            return  # the same class declared again (a plugin naming a class that registered itself)
        for name in names:
            self._by_name[self.normalise(name)] = entry
        for name in self.suggestable(entry):
            self._spelled.setdefault(name, entry)
        self._entries.append(entry)

    def remove(self, entry: T) -> None:
        """Unregister `entry` and every name it was registered under (tests' temporary entries)."""
        self._entries = [e for e in self._entries if e is not entry]
        self._by_name = {name: e for name, e in self._by_name.items() if e is not entry}
        self._spelled = {name: e for name, e in self._spelled.items() if e is not entry}

    def find(self, name: str) -> T | None:
        """The entry for `name` among those registered so far (no loading)."""
        return self._by_name.get(self.normalise(name))

    def resolve(self, name: str) -> T:
        """The entry for `name`, loading lazily: the cheap targeted load, then every built-in, then the
        plugins; UnknownName with a did-you-mean suggestion when nothing answers."""
        norm = self.normalise(name)
        entry = self._by_name.get(norm)
        if entry is None:
            self.load_for(norm)
            entry = self._by_name.get(norm)
        if entry is None:
            self.load_all()
            entry = self._by_name.get(norm)
        if entry is None:
            raise self.unknown(name, self.suggest(name))
        return entry

    def suggest(self, name: str) -> str | None:
        """The closest known name to `name` (shown as the entry's display name), or None."""
        close = closest(name, self._spelled)
        return self.display(self._spelled[close], close) if close else None

    def all(self) -> list[T]:
        """Every entry, built-in and plugin, in registration order."""
        self.load_all()
        return list(self._entries)

    def names(self) -> list[str]:
        """Every normalised name, sorted."""
        self.load_all()
        return sorted(self._by_name)

    # --- loading -------------------------------------------------------------------------------
    def load_all(self) -> None:
        """Built-ins first, so a plugin reusing a built-in name is the one refused."""
        self.load_builtins()
        self.load_plugins()

    def load_plugins(self) -> None:
        """Load every entry point of `group` once; a broken one is a PluginWarning naming it, not a crash."""
        if self._plugins_loaded or self.group is None:
            return
        with self._plugins_lock:
            if self._plugins_started:  # done by another thread meanwhile, or a plugin resolving a name
                return
            self._plugins_started = True
            for point in entry_points(group=self.group):
                try:
                    self._load_plugin(point)
                except Exception as exc:  # a third party's bug must not take the CLI or the service down
                    where = f" (from {point.dist.name})" if point.dist is not None else ""
                    message = (f"synthdb plugin '{point.name}' = '{point.value}'{where} in group '{self.group}' "
                               f"could not be loaded: {type(exc).__name__}: {exc}")
                    warnings.warn(message, PluginWarning, stacklevel=2)
            self._plugins_loaded = True

    def _load_plugin(self, point: EntryPoint) -> None:
        loaded = point.load()
        if inspect.ismodule(loaded):
            return  # importing it registered its entries
        if not isinstance(loaded, type) or (self.entry_type is not None and not issubclass(loaded, self.entry_type)):
            wanted = self.entry_type.__name__ if self.entry_type is not None else "class"
            raise TypeError(f"'{point.value}' is neither a module nor a {wanted} subclass")
        self.add(loaded)  # type: ignore[arg-type]  # checked against entry_type just above


def _label(entry: object) -> str:
    return getattr(entry, "__qualname__", None) or repr(entry)
