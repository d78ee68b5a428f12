"""A run that fails midway leaves the destination as it was and no partial file behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import synthdb
from synthdb.generators import ColumnContext, Generator
from synthdb.generators.registry import REGISTRY


class ExplodesLate(Generator):
    """Test-only generator: fails once row 500 is reached (after earlier batches were written)."""

    display_name = "Test Explodes Late"
    key = "test_explodes_late"

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        if ctx.rows.max() >= 500:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-run
        return ctx.rows.astype(str)


DEFINITION = {"entities": [{"name": "t", "record_count": "1000", "fields": [
    {"name": "id", "generator": "Number", "primary_key": True},
    {"name": "boom", "generator": "Test Explodes Late"},
]}]}


@pytest.mark.parametrize("existing", [True, False])
def test_interrupted_run_leaves_nothing_half_written(tmp_path: Path, existing: bool) -> None:
    destination = tmp_path / "out.zip"
    if existing:
        destination.write_bytes(b"previous output")
    with REGISTRY.temporarily(ExplodesLate), pytest.raises(KeyboardInterrupt):
        synthdb.generate(DEFINITION, "csv", destination, batch_size=100)
    if existing:
        assert destination.read_bytes() == b"previous output"
        assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]
    else:
        assert list(tmp_path.iterdir()) == []


def test_the_test_generator_lives_only_inside_its_with_block() -> None:
    from synthdb.generators.registry import UnknownGenerator
    from synthdb.service.catalog import catalog

    with REGISTRY.temporarily(ExplodesLate):
        assert REGISTRY.resolve("test_explodes_late") is ExplodesLate
    with pytest.raises(UnknownGenerator):
        REGISTRY.resolve("Test Explodes Late")
    assert ExplodesLate not in catalog()
    assert ExplodesLate not in REGISTRY.all()
