"""One test body over every registered output format: counts, plain single-entity files, determinism."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

import synthdb
from synthdb.outputs.registry import FORMATS


def _definition() -> dict[str, Any]:
    from conftest import awkward_definition

    return awkward_definition(rows=150)


@pytest.mark.parametrize("fmt", FORMATS.names())
def test_format_is_deterministic_across_batch_sizes_and_workers(pool_ran: None, tmp_path: Path, fmt: str) -> None:
    from conftest import awkward_definition

    # 70,000 child rows: several batches of 1,000 and two of 65,536.
    definition = awkward_definition(rows=35_000)
    runs = [(1_000, 1), (65_536, 1), (1_000, 2), (65_536, 2)]
    outputs = [
        synthdb.generate(definition, fmt, tmp_path / f"{i}", batch_size=b, workers=w).read_bytes()
        for i, (b, w) in enumerate(runs)
    ]
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    other = synthdb.generate(definition, fmt, tmp_path / "other", seed=99).read_bytes()
    assert other != outputs[0]


@pytest.mark.parametrize("fmt", FORMATS.names())
def test_whole_output_and_single_entity(tmp_path: Path, fmt: str) -> None:
    writer = FORMATS.get(fmt)
    whole = synthdb.generate(_definition(), fmt, tmp_path)
    assert whole.name == f"awkward{writer.suffix}"
    assert zipfile.is_zipfile(whole) == (writer.suffix == ".zip")
    single = synthdb.generate(_definition(), fmt, tmp_path, entity="children")
    assert single.name == f"children{writer.entity_suffix}"
    assert not zipfile.is_zipfile(single)
    assert single.stat().st_size > 0
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
