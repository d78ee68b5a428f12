"""The generic registry: normalisation, duplicates, did-you-mean, lazy loading and entry-point plugins."""

from __future__ import annotations

import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from plugins import write_dist_info
from synthdb.errors import UsageError
from synthdb.generators.registry import REGISTRY, UnknownGenerator
from synthdb.outputs.registry import FORMATS
from synthdb.registry import PluginWarning, Registry, UnknownName
from synthdb.targets.registry import TARGETS

GROUP = "synthdb_test.animals"


class Animal:
    names: tuple[str, ...] = ()


class Cat(Animal):
    names = ("House Cat", "cat")


class Dog(Animal):
    names = ("Dog", "hound")


class Animals(Registry[type[Animal]]):
    """A registry of the test's own, so plugins found here never reach synthdb's real registries."""

    kind = "animal"
    group = GROUP
    entry_type = Animal

    def __init__(self, builtins: tuple[type[Animal], ...] = ()) -> None:
        super().__init__()
        self.builtins = builtins
        self.builtin_loads = 0

    def names_of(self, entry: type[Animal]) -> tuple[str, ...]:
        return entry.names

    def normalise(self, name: str) -> str:
        return name.lower().replace(" ", "").replace("_", "")

    def load_builtins(self) -> None:
        if self.builtin_loads:
            return
        self.builtin_loads += 1
        for animal in self.builtins:
            self.add(animal)


def test_names_are_normalised() -> None:
    zoo = Animals()
    zoo.add(Cat)
    assert zoo.resolve("house_cat") is Cat
    assert zoo.resolve("HOUSE CAT") is Cat
    assert zoo.resolve("cat") is Cat


def test_a_name_taken_by_another_entry_is_refused_and_readding_the_same_is_harmless() -> None:
    zoo = Animals()
    zoo.add(Cat)
    zoo.add(Cat)
    assert zoo.all() == [Cat]

    class Lion(Animal):
        names = ("Lion", "Cat")

    with pytest.raises(ValueError, match="animal name 'Cat' is registered twice"):
        zoo.add(Lion)
    assert zoo.find("lion") is None  # refused as a whole, not half-registered


def test_an_unknown_name_suggests_the_closest_one() -> None:
    zoo = Animals((Cat, Dog))
    with pytest.raises(UnknownName, match=r"unknown animal 'Houze Cat'; did you mean 'House Cat'\?") as caught:
        zoo.resolve("Houze Cat")
    assert caught.value.suggestion == "House Cat"
    assert isinstance(caught.value, UsageError) and isinstance(caught.value, KeyError)
    with pytest.raises(UnknownName) as far:
        zoo.resolve("zebra")
    assert far.value.suggestion is None and str(far.value) == "unknown animal 'zebra'"


def test_builtins_are_loaded_on_the_first_miss_only() -> None:
    zoo = Animals((Dog,))
    zoo.add(Cat)
    assert zoo.resolve("cat") is Cat
    assert zoo.builtin_loads == 0
    assert zoo.resolve("hound") is Dog
    assert zoo.builtin_loads == 1
    assert zoo.names() == ["cat", "dog", "hound", "housecat"]


def _plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zoo: Animals) -> None:
    """Three plugins beside three broken ones, found through a .dist-info on sys.path."""
    # Module plugins register into the zoo on import; they find it through this stand-in module.
    hook = types.ModuleType("zoo_hook")
    hook.ZOO = zoo  # type: ignore[attr-defined]
    hook.Animal = Animal  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zoo_hook", hook)
    (tmp_path / "zoo_fox.py").write_text(
        "import zoo_hook\n\nclass Fox(zoo_hook.Animal):\n    names = ('Fox',)\n\nzoo_hook.ZOO.add(Fox)\n")
    (tmp_path / "zoo_owl.py").write_text(
        "import zoo_hook\n\nSOUND = 'hoot'\n\nclass Owl(zoo_hook.Animal):\n    names = ('Owl',)\n")
    (tmp_path / "zoo_broken.py").write_text("raise RuntimeError('boom at import')\n")
    (tmp_path / "zoo_clash.py").write_text("import zoo_hook\n\nclass FakeDog(zoo_hook.Animal):\n"
                                           "    names = ('Dog',)\n")
    write_dist_info(tmp_path, "zoo-good", {GROUP: {"fox": "zoo_fox", "owl": "zoo_owl:Owl"}})
    write_dist_info(tmp_path, "zoo-bad", {GROUP: {
        "broken": "zoo_broken", "missing": "zoo_missing_module", "notaclass": "zoo_owl:SOUND",
        "clash": "zoo_clash:FakeDog"}})
    for module in ("zoo_fox", "zoo_owl", "zoo_broken", "zoo_clash"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))


def test_entry_points_add_modules_and_classes_and_a_broken_plugin_only_warns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zoo = Animals((Cat, Dog))
    _plugin_site(tmp_path, monkeypatch, zoo)
    assert zoo.find("fox") is None  # nothing is loaded before it is needed
    with pytest.warns(PluginWarning) as warned:
        fox = zoo.resolve("fox")
    assert fox.__name__ == "Fox" and zoo.resolve("owl").__name__ == "Owl"
    assert zoo.resolve("dog") is Dog  # built-ins come first: the plugin reusing 'Dog' is the one refused
    messages = sorted(str(w.message) for w in warned)
    assert len(messages) == 4
    assert "plugin 'broken' = 'zoo_broken' (from zoo-bad)" in messages[0]
    assert "RuntimeError: boom at import" in messages[0]
    assert "plugin 'clash'" in messages[1] and "registered twice" in messages[1]
    assert "plugin 'missing'" in messages[2] and "zoo_missing_module" in messages[2]
    assert "plugin 'notaclass'" in messages[3] and "neither a module nor a Animal subclass" in messages[3]
    assert [a.__name__ for a in zoo.all()] == ["Cat", "Dog", "Fox", "Owl"]


def test_plugins_are_looked_for_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zoo = Animals((Cat,))
    _plugin_site(tmp_path, monkeypatch, zoo)
    with pytest.warns(PluginWarning):
        zoo.all()
    with pytest.raises(UnknownName, match="did you mean 'Owl'"):
        zoo.resolve("owls")  # no second round of warnings: pytest would fail on an unexpected one


def test_the_three_registries_share_the_error_and_the_suggestions() -> None:
    with pytest.raises(UnknownGenerator, match="did you mean 'Email Address'"):
        REGISTRY.resolve("Emial Adress")
    with pytest.raises(UnknownName, match=r"unknown format 'jsn'; did you mean 'jsonl'\? \(formats: csv, "):
        FORMATS.get("jsn")
    with pytest.raises(UnknownName, match="unsupported database URL scheme 'postgresq'; did you mean 'postgresql'"):
        TARGETS.resolve("postgresq")
    assert {"csv", "jsonl", "parquet"} <= set(FORMATS.names())
    assert {"postgresql", "sqlite", "duckdb"} <= set(TARGETS.schemes())


def test_threads_resolving_a_plugin_at_once_all_wait_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zoo = Animals((Cat,))
    hook = types.ModuleType("zoo_hook")
    hook.ZOO = zoo  # type: ignore[attr-defined]
    hook.Animal = Animal  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zoo_hook", hook)
    (tmp_path / "zoo_slow.py").write_text("import time, zoo_hook\n\ntime.sleep(0.3)\n\n"
                                          "class Sloth(zoo_hook.Animal):\n    names = ('Sloth',)\n\n"
                                          "zoo_hook.ZOO.add(Sloth)\n")
    write_dist_info(tmp_path, "zoo-slow", {GROUP: {"sloth": "zoo_slow"}})
    monkeypatch.delitem(sys.modules, "zoo_slow", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: zoo.resolve("sloth").__name__, range(4)))
    assert found == ["Sloth"] * 4
