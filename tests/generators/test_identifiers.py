"""UUID: valid version-4 identifiers, unique by construction, deterministic whatever the batch size."""

from __future__ import annotations

import re
import uuid
from typing import Any

import numpy as np
import pyarrow as pa

import synthdb
from synthdb.generators.catalog.data_types.identifiers import format_uuids, uuid_words


def table(fields: list[dict[str, Any]], rows: int, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 3, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def test_uuids_are_version_4_and_unique_over_200k_rows() -> None:
    values = table([{"name": "id", "generator": "UUID", "primary_key": True}], rows=200_000)["id"].to_pylist()
    assert len(set(values)) == len(values)
    shape = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(shape.fullmatch(v) for v in values)
    for v in values[:2000]:
        parsed = uuid.UUID(v)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == v


def test_uuid_bits_look_random() -> None:
    values = table([{"name": "id", "generator": "GUID"}], rows=20_000)["id"].to_pylist()
    ints = np.array([uuid.UUID(v).int for v in values], dtype=object)
    # Every free bit is set in roughly half the values (version and variant bits are fixed).
    fixed = {76, 77, 78, 79, 62, 63}
    for bit in range(128):
        if bit in fixed:
            continue
        share = sum((int(x) >> bit) & 1 for x in ints[:4000]) / 4000
        assert 0.44 < share < 0.56, bit


def test_uniqueness_holds_for_any_row_indices() -> None:
    # Rows far apart and adjacent, including near the top of the 64-bit range, never collide.
    rows = np.concatenate([np.arange(50_000), np.arange(2**62, 2**62 + 50_000), [2**63 - 1]]).astype(np.int64)
    high, low = uuid_words(rows, key=12345)
    pairs = set(zip(high.tolist(), low.tolist(), strict=True))
    assert len(pairs) == len(rows)
    assert format_uuids(high[:3], low[:3]).to_pylist() == [str(uuid.UUID(int=(int(h) << 64) | int(lo)))
                                                           for h, lo in zip(high[:3], low[:3], strict=True)]


def test_same_seed_and_any_batch_size_give_the_same_uuids() -> None:
    fields = [{"name": "a", "generator": "uuid"}, {"name": "b", "generator": "UUID"}]
    small = table(fields, rows=3000, batch_size=7)
    large = table(fields, rows=3000, batch_size=1000)
    assert small.equals(large)
    assert not small["a"].equals(small["b"])  # another column, another key
