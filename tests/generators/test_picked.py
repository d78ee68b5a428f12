"""A column picked from a reference list hands its positions to a sibling's lookup, and only that very array."""

from __future__ import annotations

import gc

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.definition.loader import definition_from_data
from synthdb.generators.helpers import picked
from synthdb.generators.helpers.reference import last_names
from synthdb.randomness import Stream
from synthdb.service.generate import GenerateOptions, generate


def test_the_positions_of_a_pick_are_recalled_for_that_array_only() -> None:
    pool = last_names("en_US")
    rows = np.arange(5000, dtype=np.int64)
    names = pool.pick(rows, Stream(9))
    found = picked.positions(names, pool.values)
    assert found is not None and pool.values.take(pa.array(found)).equals(names)
    # The same values in another array (a cast, a slice, nulls applied) are not recalled.
    assert picked.positions(names.cast(pa.large_string()).cast(pa.string()), pool.values) is None
    assert picked.positions(names.slice(1), pool.values) is None
    assert picked.positions(pc.if_else(pa.array(rows % 2 == 0), names, None), pool.values) is None
    assert picked.positions(names, pool.values.slice(0)) is None  # another list object


def test_a_dropped_pick_is_forgotten() -> None:
    pool = last_names("en_US")
    names = pool.pick(np.arange(10, dtype=np.int64), Stream(1))
    ref = picked._local.recent[-1][0]
    del names
    gc.collect()
    assert ref() is None


def test_emails_are_the_same_with_and_without_recalled_positions(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = {"entities": [{"name": "p", "record_count": 3000, "fields": [
        {"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
        {"name": "email", "generator": "Email Address"}]},
        # A unique email lays its names out itself (helpers/identities.py): looked up, never recalled.
        {"name": "q", "record_count": 500, "fields": [
            {"name": "first", "generator": "First Name"}, {"name": "last", "generator": "Last Name"},
            {"name": "u", "generator": "Email Address", "unique": True}]}]}
    options = GenerateOptions("csv", seed=4, batch_size=700, threads=2)
    recall = picked.positions
    hits: list[bool] = []

    def counting(values, pool):  # type: ignore[no-untyped-def]
        found = recall(values, pool)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(picked, "positions", counting)
    fast = generate(definition_from_data(data), tmp_path / "fast.zip", options).read_bytes()
    assert any(hits)  # the email read the last names' positions
    monkeypatch.setattr(picked, "positions", lambda values, pool: None)
    slow = generate(definition_from_data(data), tmp_path / "slow.zip", options).read_bytes()
    assert fast == slow
