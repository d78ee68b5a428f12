"""Start-up caches: census names and Faker lookups read back equal to what they are built from."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from synthdb.generators.helpers import census, refcache, reference
from synthdb.generators.helpers.alias import alias_table


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(folder))
    census.census_names.cache_clear()
    reference.data_locale.cache_clear()
    reference.faker_data.cache_clear()
    yield folder
    census.census_names.cache_clear()
    reference.data_locale.cache_clear()
    reference.faker_data.cache_clear()


@pytest.mark.parametrize("list_name", ["male_first", "female_first", "any_first", "surnames"])
def test_census_names_read_back_bit_for_bit(cache: Path, list_name: str) -> None:
    weights = census._weights(list_name)
    threshold, alias = alias_table(list(weights.values()))
    built = census.census_names(list_name)  # builds and stores
    census.census_names.cache_clear()
    stored = census.census_names(list_name)  # reads the stored file
    assert len(list(cache.glob(f"census-{list_name}-*.arrow"))) == 1
    for values, thresholds, aliases in (built, stored):
        assert values.to_pylist() == list(weights)
        assert thresholds.dtype == np.float64 and np.array_equal(thresholds, threshold)
        assert np.array_equal(aliases, alias)


def test_merged_first_names_weigh_each_sex_by_half(cache: Path) -> None:
    male, female, both = (census._weights(n) for n in ("male_first", "female_first", "any_first"))
    shared = next(name for name in male if name in female)
    assert both[shared] == pytest.approx(male[shared] / 2 + female[shared] / 2)
    assert list(both)[: len(male)] == list(male)  # male names first, then the female-only ones


def test_unknown_census_list_is_refused(cache: Path) -> None:
    with pytest.raises(LookupError, match="no census list 'mothers'"):
        census.census_names("mothers")


def test_cached_json_round_trips_and_refuses_what_json_cannot_hold(cache: Path) -> None:
    calls: list[int] = []

    def compute(value: object) -> object:
        calls.append(1)
        return value

    value = {"a": (1, 2), "b": [0.1, "x"]}
    assert refcache.cached_json("t", (), ("k1",), lambda: compute(value)) == value
    assert refcache.cached_json("t", (), ("k1",), lambda: compute(None)) == {"a": [1, 2], "b": [0.1, "x"]}
    assert len(calls) == 1  # the second call read the file
    odd = {1: "int key"}  # JSON would turn the key into text: not stored, computed each time
    assert refcache.cached_json("t", (), ("k2",), lambda: compute(odd)) == odd
    assert refcache.cached_json("t", (), ("k2",), lambda: compute(odd)) == odd
    assert len(calls) == 3
    assert len(list(cache.glob("t-*.json"))) == 1
    # A damaged file is recomputed, not trusted.
    damaged = next(cache.glob("t-*.json"))
    damaged.write_text("{not json")
    assert refcache.cached_json("t", (), ("k1",), lambda: compute(value)) == value
    assert json.loads(damaged.read_text())["value"] == {"a": [1, 2], "b": [0.1, "x"]}


def test_cached_json_without_a_writable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a cache folder below a regular file cannot be made, even by root
    monkeypatch.setenv("SYNTHDB_CACHE_DIR", str(blocker / "cache"))
    assert refcache.cached_json("t", (), ("k",), lambda: [1]) == [1]
    assert refcache.cached_json("t", (), ("k",), lambda: [2]) == [2]  # nothing was stored


@pytest.mark.parametrize(("category", "attr", "locale"), [
    ("person", "first_names", "de_DE"), ("person", "formats", "ja_JP"), ("company", "formats", "en_US"),
    ("address", "states_postcode", "en_US"), ("address", "street_suffixes", "fr"), ("color", "all_colors", None),
])
def test_faker_lookups_from_the_cache_equal_fakers_own(cache: Path, category: str, attr: str,
                                                       locale: str | None) -> None:
    source = reference._supplier(category, attr, locale)
    assert source is not None
    direct = getattr(reference.provider_class(category, source), attr)
    first = reference.faker_data(category, attr, locale)
    reference.data_locale.cache_clear()
    reference.faker_data.cache_clear()
    second = reference.faker_data(category, attr, locale)
    assert refcache._as_json(first) == refcache._as_json(direct) == second
    assert reference.data_locale(category, attr, locale) == source


def test_a_missing_faker_attribute_stays_a_lookup_error(cache: Path) -> None:
    for _ in range(2):  # built, then read back from the cache
        reference.data_locale.cache_clear()
        with pytest.raises(LookupError, match="no 'no_such_things' data"):
            reference.data_locale("address", "no_such_things", "de_DE")


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "ja_JP"])
def test_name_pools_read_back_equal_to_the_built_ones(cache: Path, locale: str) -> None:
    from synthdb.generators.helpers import identities
    from synthdb.generators.helpers.reference import first_names, last_names

    for cached_of, built in ((identities.last_pool, identities._pool(last_names(locale), locale)),
                             (lambda loc: identities.first_pool(loc, "female"),
                              identities._pool(first_names(locale, "female"), locale))):
        for _ in range(2):  # stored, then read back
            identities.last_pool.cache_clear()
            identities.first_pool.cache_clear()
            pool = cached_of(locale)
            assert pool.keys.equals(built.keys) and pool.raw.equals(built.raw)
            for name in ("cum", "raw_cum", "group_of_raw", "initial_starts"):
                assert np.array_equal(getattr(pool, name), getattr(built, name)), name
    assert len(list(cache.glob("namepool-*.arrow"))) == 2
    identities.last_pool.cache_clear()
    identities.first_pool.cache_clear()
    keys = identities.last_pool(locale).keys.to_pylist()
    starts = identities.initial_starts(locale)
    assert all(keys[s][:1] == k[:1] and (s == 0 or keys[s - 1][:1] != k[:1]) for k, s in zip(keys, starts, strict=True))


@pytest.mark.parametrize(("locale", "part"), [("en_US", "last"), ("ja_JP", "first"), ("de_DE", "last")])
def test_folded_name_lists_read_back_equal_to_folding(cache: Path, locale: str, part: str) -> None:
    from synthdb.generators.helpers import name_tokens

    for _ in range(2):  # stored, then read back
        name_tokens.folded_names.cache_clear()
        pool, folded = name_tokens.folded_names(locale, part)
        assert folded.equals(name_tokens.fold_name(pool.values, locale))
    assert len(list(cache.glob("folded-names-*.arrow"))) == 1
    name_tokens.folded_names.cache_clear()


def test_phone_area_tables_read_back_equal_to_the_built_ones(cache: Path) -> None:
    from synthdb.generators.catalog.people import phone
    from synthdb.generators.helpers.phonedata import number_plan

    plan = number_plan("US", phone.Phone.kinds)
    built = phone._built_area_table("US", phone.Phone.kinds, plan.lengths.tobytes())
    for _ in range(2):  # stored, then read back
        phone._area_table.cache_clear()
        read = phone._area_table("US", phone.Phone.kinds, plan.lengths.tobytes())
        assert all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(read, built, strict=True))
    assert len(list(cache.glob("area-table-US-*.arrow"))) == 1


@pytest.mark.parametrize(("size", "top", "share"), [(200, 0.2, 0.8), (10_000, 0.2, 0.8), (37, 0.1, 0.5)])
def test_pareto_exponents_read_back_bit_for_bit(cache: Path, size: int, top: float, share: float) -> None:
    from synthdb.generators.helpers import popularity

    solved = popularity._solved_pareto_exponent(size, top, share)
    for _ in range(2):  # stored, then read back
        popularity.pareto_exponent.cache_clear()
        assert popularity.pareto_exponent(size, top, share).hex() == solved.hex()
    assert len(list(cache.glob("pareto-exponent-*.json"))) == 1


def test_catalog_noun_bands_read_back_equal_to_typing_the_nouns(cache: Path) -> None:
    from synthdb.generators.catalog.business import products
    from synthdb.generators.helpers.product_types import product_types

    typed = product_types(products.product_catalog().nouns)
    for _ in range(2):  # stored, then read back
        products.noun_bands.cache_clear()
        bands = products.noun_bands()
        assert bands.dtype == np.int64 and np.array_equal(bands, typed)
    assert (typed >= 0).all()  # every noun has a band
    assert len(list(cache.glob("noun-bands-*.json"))) == 1
