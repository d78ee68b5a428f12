"""A whole-table value a generator keeps is computed once, however many threads ask for it at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from synthdb.generators.helpers.once import kept


class Owner:
    pass


def test_threads_asking_at_once_share_one_computation() -> None:
    owner, calls = Owner(), []

    def slow() -> list[int]:
        calls.append(threading.get_ident())
        time.sleep(0.05)  # long enough for every thread to arrive while it runs
        return [1, 2, 3]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: kept(owner, "_values", slow), range(8)))
    assert len(calls) == 1
    assert all(result is results[0] for result in results)


def test_one_kept_value_may_need_another_and_none_is_not_kept() -> None:
    owner = Owner()
    outer = kept(owner, "_outer", lambda: kept(owner, "_inner", lambda: 2) * 10)
    assert (outer, owner._inner) == (20, 2)  # type: ignore[attr-defined]
    calls: list[int] = []
    for _ in range(2):
        assert kept(owner, "_nothing", lambda: calls.append(1)) is None
    assert len(calls) == 2


def test_a_keyed_cache_computes_each_key_once_across_threads() -> None:
    from synthdb.generators.helpers.once import kept_item

    found: dict[str, int] = {}
    calls: list[str] = []

    def slow(key: str) -> int:
        calls.append(key)
        time.sleep(0.02)
        return len(key)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda k: kept_item(found, k, lambda: slow(k)), ["a", "bb", "a", "bb"] * 3))
    assert sorted(calls) == ["a", "bb"] and results == [1, 2, 1, 2] * 3
