"""`synthdb.dask.read`: a lazy Dask DataFrame over the fixed parts equals the one-process table."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

import synthdb.dask
from scaleout.parts import DEFINITION
from synthdb.engine.produce import Producer
from synthdb.errors import UsageError
from synthdb.service.run import Run, RunOptions


def _one_process(table: str, seed: int | None = None) -> pd.DataFrame:
    run = Run(DEFINITION, RunOptions(seed))
    return synthdb.dask.to_pandas(pa.Table.from_batches(list(Producer(run.plan).batches(run.plan.tables[table]))))


@pytest.mark.parametrize("table", ["customers", "orders", "order_items"])
def test_read_equals_one_process_table(scheduler: str, table: str) -> None:
    from distributed import Client

    frame = synthdb.dask.read(DEFINITION, table, seed=5, rows_per_part=300)
    expected = _one_process(table, seed=5)
    assert frame.npartitions == -(-len(expected) // 300) > 1
    with Client(scheduler, timeout=30) as client:
        got = client.compute(frame).result()
        # The index is the row number: a row range reads only its parts.
        middle = client.compute(frame.loc[290:310]).result()
    pd.testing.assert_frame_equal(got, expected)
    pd.testing.assert_frame_equal(middle, expected.loc[290:310])
    assert dict(frame.dtypes) == dict(expected.dtypes)  # the meta is the Arrow schema, before computing


def test_read_refuses_an_unknown_table() -> None:
    with pytest.raises(UsageError, match=r"unknown entity 'order'.*did you mean"):
        synthdb.dask.read(DEFINITION, "order")
