"""The one registry of generators: resolve a Fabricate display name or a snake_case id to a class."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

from synthdb.generators.base import Generator
from synthdb.generators.helpers.refcache import cached_table
from synthdb.registry import Registry, UnknownName

G = TypeVar("G", bound=type[Generator])


def normalise(name: str) -> str:
    """`Email Address`, `email_address` and `email-address` all become `emailaddress`."""
    return re.sub(r"[^a-z0-9#]", "", name.lower())


class UnknownGenerator(UnknownName):
    """No generator has that name; `suggestion` is the closest display name, if any."""

    def __init__(self, name: str, suggestion: str | None) -> None:
        super().__init__("generator", name, suggestion)


class GeneratorRegistry(Registry[type[Generator]]):
    """Maps normalised names to generator classes; the catalog modules register themselves, plugins
    (entry points of group `synthdb.generators`) are loaded on a miss and by `all()`."""

    kind = "generator"
    group = "synthdb.generators"
    entry_type = Generator

    def __init__(self) -> None:
        super().__init__()
        self._loaded = False

    def names_of(self, entry: type[Generator]) -> tuple[str, ...]:
        return (entry.display_name, entry.key, *entry.aliases)

    def suggestable(self, entry: type[Generator]) -> tuple[str, ...]:
        return (entry.display_name, entry.key)  # aliases are old spellings, not worth suggesting

    def normalise(self, name: str) -> str:
        return normalise(name)

    def display(self, entry: type[Generator], name: str) -> str:
        return entry.display_name

    def unknown(self, name: str, suggestion: str | None) -> UnknownGenerator:
        return UnknownGenerator(name, suggestion)

    def load_builtins(self) -> None:
        self._load()

    def load_for(self, norm: str) -> None:
        if not self._loaded:
            self._load_for(norm)

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
        """Import every catalog module (each registers its generators)."""
        if self._loaded:
            return
        self._loaded = True
        for module in catalog_modules():
            importlib.import_module(module)

    def _load_for(self, norm: str) -> None:
        """Import only the catalog module that registers `norm`, known from the catalog index: a
        definition pays for the generators it uses, not for all 47 modules (a quarter of a second)."""
        module = catalog_index().get(norm)
        if module is not None:
            importlib.import_module(module)


REGISTRY = GeneratorRegistry()


def catalog_modules() -> list[str]:
    """The catalog's module names, sub-packages included (one per category), in path order."""
    from synthdb.generators import catalog

    found = pkgutil.walk_packages(catalog.__path__, prefix=f"{catalog.__name__}.")
    return sorted(m.name for m in found if not m.ispkg)


def catalog_sources() -> list[Path]:
    """Every source file of the catalog, sub-packages included, in path order: the catalog index's
    digest covers them all, so adding, moving or editing a module anywhere rebuilds the index."""
    from synthdb.generators import catalog

    found: list[tuple[str, Path]] = []

    def walk(folder: Path, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name != "__pycache__":
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                found.append((f"{prefix}{entry.name}", entry))

    walk(Path(catalog.__file__).parent, "")
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


@cache
def catalog_index() -> dict[str, str]:
    """Normalised generator name → the catalog module registering it; built by importing the whole catalog
    once, then kept in the reference cache under a digest of the catalog's source files."""
    from synthdb.generators import catalog

    sources = catalog_sources()

    def build() -> pa.Table:
        REGISTRY._load()
        pairs = sorted((name, cls.__module__) for name, cls in REGISTRY._by_name.items()
                       if cls.__module__.startswith(f"{catalog.__name__}."))
        return pa.table({"name": [n for n, _ in pairs], "module": [m for _, m in pairs]}, schema=_INDEX_SCHEMA)

    table = cached_table("catalog-index", (), build, sources)
    return dict(zip(table.column("name").to_pylist(), table.column("module").to_pylist(), strict=True))


_INDEX_SCHEMA = pa.schema([("name", pa.string()), ("module", pa.string())])


def register(cls: G) -> G:
    """Class decorator: add a generator to the registry."""
    REGISTRY.add(cls)
    return cls
