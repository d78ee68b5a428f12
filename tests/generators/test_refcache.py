"""The reference cache: compiled tables equal freshly built ones, are reused, and never required."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from synthdb.generators.helpers import geodata, phonedata, refcache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(folder))
    return folder


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, pa.Array | pa.ChunkedArray):
        return a.equals(b)
    return a == b


@pytest.mark.parametrize("country", ["US", "DE", "JP"])
def test_cached_places_equal_the_built_ones(cache: Path, country: str) -> None:
    built = geodata._us_places() if country == "US" else geodata._city_places(country)
    geodata.places.cache_clear()
    first = geodata.places(country)  # builds and stores
    geodata.places.cache_clear()
    second = geodata.places(country)  # reads the stored file
    assert any(cache.glob(f"places-{country}-*.arrow"))
    for spec in fields(geodata.Places):
        assert _same(getattr(built, spec.name), getattr(first, spec.name)), spec.name
        assert _same(getattr(built, spec.name), getattr(second, spec.name)), spec.name
    geodata.places.cache_clear()


@pytest.mark.parametrize(("region", "kinds", "lengths"), [("US", ("fixed_line", "mobile"), None),
                                                          ("DE", ("mobile",), None), ("GB", ("toll_free",), None)])
def test_cached_phone_plans_equal_the_compiled_ones(cache: Path, region: str, kinds: tuple[str, ...],
                                                    lengths: tuple[int, ...] | None) -> None:
    built = phonedata._compile_plan(region, kinds, lengths)
    phonedata.number_plan.cache_clear()
    phonedata.number_plan(region, kinds, lengths)
    phonedata.number_plan.cache_clear()
    stored = phonedata.number_plan(region, kinds, lengths)
    for spec in fields(phonedata.NumberPlan):
        a, b = getattr(built, spec.name), getattr(stored, spec.name)
        assert _same(a, b), spec.name
    phonedata.number_plan.cache_clear()


def test_a_stored_table_is_read_not_rebuilt(cache: Path) -> None:
    calls: list[int] = []

    def build() -> pa.Table:
        calls.append(1)
        return pa.table({"x": [1.5, 2.5]})

    assert refcache.cached_table("t", (), build).equals(pa.table({"x": [1.5, 2.5]}))
    assert refcache.cached_table("t", (), build).equals(pa.table({"x": [1.5, 2.5]}))
    assert len(calls) == 1
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_an_edited_input_file_makes_a_new_entry(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    source.write_text("a\n1\n")
    first = refcache.cache_key("t", ("numpy",), [source])
    source.write_text("a\n2\n")
    assert refcache.cache_key("t", ("numpy",), [source]) != first
    assert refcache.cache_key("t", ("pyarrow",), [source]) != refcache.cache_key("t", ("numpy",), [source])


def test_a_corrupt_entry_is_rebuilt(cache: Path) -> None:
    table = pa.table({"x": [1, 2, 3]})
    refcache.cached_table("t", (), lambda: table)
    entry = next(cache.glob("t-*.arrow"))
    entry.write_bytes(b"not arrow")
    assert refcache.cached_table("t", (), lambda: table).equals(table)
    assert refcache.cached_table("t", (), lambda: pa.table({"x": [9]})).equals(table)  # repaired on disk


def test_a_cache_path_that_cannot_be_a_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(blocker / "cache"))  # a folder under a file: never creatable
    table = pa.table({"x": [1]})
    assert refcache.cached_table("t", (), lambda: table).equals(table)


def test_catalog_index_names_every_generator_with_its_module() -> None:
    from synthdb.generators.registry import REGISTRY, catalog_index, normalise

    index = catalog_index()
    for cls in REGISTRY.all():
        if cls.__module__.startswith("synthdb.generators.catalog."):
            for name in (cls.display_name, cls.key, *cls.aliases):
                assert index[normalise(name)] == cls.__module__, name


def test_catalog_discovery_and_index_digest_cover_the_category_sub_packages() -> None:
    from synthdb.generators import catalog
    from synthdb.generators.registry import REGISTRY, catalog_index, catalog_modules, catalog_sources

    root = Path(catalog.__file__).parent
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))
    digested = [Path(str(source)).relative_to(root).as_posix() for source in catalog_sources()]
    assert digested == files
    modules = catalog_modules()
    expected = (f"{catalog.__name__}.{f[:-3].replace('/', '.')}" for f in files if not f.endswith("__init__.py"))
    assert modules == sorted(expected)
    assert all(m.count(".") == 4 for m in modules), "catalog modules live in category sub-packages"
    registered = {cls.__module__ for cls in REGISTRY.all() if cls.__module__.startswith(f"{catalog.__name__}.")}
    assert registered == set(catalog_index().values()) == set(modules)


def test_resolving_a_name_imports_only_its_catalog_module(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from synthdb.generators.registry import REGISTRY; REGISTRY.resolve('IBAN'); "
            "print(sorted(m for m in sys.modules if m.startswith('synthdb.generators.catalog.')))")
    env = {**os.environ, "SYNTHDB_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run builds the index, the second reads it
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    loaded = eval(out.stdout)
    assert "synthdb.generators.catalog.finance.banking" in loaded
    assert len(loaded) <= 3, loaded


@pytest.mark.parametrize("package", ["synthdb", "numpy", "pyarrow", "Faker", "phonenumbers", "no-such-package"])
def test_package_versions_read_from_the_header_match_importlib_metadata(package: str) -> None:
    from importlib import metadata

    try:
        expected = metadata.version(package)
    except metadata.PackageNotFoundError:
        expected = "none"
    assert refcache._version.__wrapped__(package) == expected
