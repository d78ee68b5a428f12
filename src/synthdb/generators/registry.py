"""The one registry of generators: resolve a Fabricate display name or a snake_case id to a class."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from synthdb.generators.base import Generator

G = TypeVar("G", bound=type[Generator])


def normalise(name: str) -> str:
    """`Email Address`, `email_address` and `email-address` all become `emailaddress`."""
    return re.sub(r"[^a-z0-9#]", "", name.lower())


class UnknownGenerator(KeyError):
    """No generator has that name; `suggestion` is the closest display name, if any."""

    def __init__(self, name: str, suggestion: str | None) -> None:
        self.name = name
        self.suggestion = suggestion
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"unknown generator '{name}'{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class GeneratorRegistry:
    """Maps normalised names to generator classes; the catalog modules register themselves."""

    def __init__(self) -> None:
        self._by_name: dict[str, type[Generator]] = {}
        self._classes: list[type[Generator]] = []
        self._loaded = False

    def add(self, cls: type[Generator]) -> None:
        """Register a class under its display name, its key and its aliases."""
        for name in (cls.display_name, cls.key, *cls.aliases):
            norm = normalise(name)
            existing = self._by_name.get(norm)
            if existing is not None and existing is not cls:
                raise ValueError(f"generator name '{name}' is registered twice ({existing.__name__}, {cls.__name__})")
            self._by_name[norm] = cls
        self._classes.append(cls)

    def remove(self, cls: type[Generator]) -> None:
        """Unregister a class and every name it was registered under."""
        self._classes = [c for c in self._classes if c is not cls]
        self._by_name = {name: c for name, c in self._by_name.items() if c is not cls}

    @contextmanager
    def temporarily(self, *classes: type[Generator]) -> Iterator[None]:
        """Register `classes` for the duration of a `with` block (e.g. generators a test defines)."""
        self._load()  # load the catalog first so its classes keep their registration order
        for cls in classes:
            self.add(cls)
        try:
            yield
        finally:
            for cls in classes:
                self.remove(cls)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from synthdb.generators import catalog

        for module in pkgutil.iter_modules(catalog.__path__):
            importlib.import_module(f"{catalog.__name__}.{module.name}")

    def resolve(self, name: str) -> type[Generator]:
        """The class for `name`, or UnknownGenerator with a did-you-mean suggestion."""
        self._load()
        cls = self._by_name.get(normalise(name))
        if cls is None:
            displays = {c.display_name: c for c in self._classes}
            keys = {c.key: c for c in self._classes}
            close = difflib.get_close_matches(name, list(displays) + list(keys), n=1, cutoff=0.6)
            suggestion = None
            if close:
                match = displays.get(close[0]) or keys[close[0]]
                suggestion = match.display_name
            raise UnknownGenerator(name, suggestion)
        return cls

    def all(self) -> list[type[Generator]]:
        """Every registered generator class, in registration order."""
        self._load()
        return list(self._classes)


REGISTRY = GeneratorRegistry()


def register(cls: G) -> G:
    """Class decorator: add a generator to the registry."""
    REGISTRY.add(cls)
    return cls
