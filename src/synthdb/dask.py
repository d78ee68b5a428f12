"""`synthdb.dask.read(definition, table)`: a table as a lazy Dask DataFrame, one partition per fixed part.

Nothing is generated until the frame is computed; each partition is produced where Dask runs it, from the
run's spec (definition, seed, variables), never shipped as data. Columns keep their Arrow types
(`pd.ArrowDtype`: decimals, zoned timestamps and strings as generated), and the index is the row number,
so the partitions' divisions are known.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

import pyarrow as pa

from synthdb.engine.partition import DEFAULT_ROWS_PER_PART, Part, RunSpec, part_batches, table_parts
from synthdb.engine.produce import table_schema
from synthdb.errors import UsageError
from synthdb.service.run import Definition, Run, RunOptions, selected_tables


def to_pandas(table: pa.Table, start: int = 0) -> Any:
    """A pandas frame of `table` with Arrow-backed columns, indexed by row number from `start`."""
    import pandas as pd

    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    frame.index = pd.RangeIndex(start, start + table.num_rows)
    return frame


def _part_frame(spec: RunSpec, schema: pa.Schema, part: Part) -> Any:
    batches = list(part_batches(spec, part.table, part.start, part.stop))
    return to_pandas(pa.Table.from_batches(batches, schema=schema).cast(schema), part.start)


def read(definition: Definition, table: str, *, seed: int | None = None,
         variables: Mapping[str, Any] | None = None, rows_per_part: int = DEFAULT_ROWS_PER_PART) -> Any:
    """Table `table` of `definition` as a lazy dask.dataframe.DataFrame (partitions of `rows_per_part` rows)."""
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        raise UsageError("synthdb.dask needs dask: pip install 'synthdb[scale]'") from exc
    if rows_per_part < 1:
        raise UsageError(f"rows_per_part must be at least 1, got {rows_per_part}")
    run = Run(definition, RunOptions(seed, variables or {}))
    plan = selected_tables(run.plan, table)[0]  # unknown names and SQL tables get the run's own errors
    spec = RunSpec.from_plan(run.plan)
    schema = table_schema(plan)
    parts = table_parts(plan, rows_per_part)
    # Divisions are the first row of each part and the last row: Dask can then select rows by index.
    divisions = (*[p.start for p in parts], plan.size - 1) if plan.size else None
    return dd.from_map(partial(_part_frame, spec, schema), parts, meta=to_pandas(schema.empty_table()),
                       divisions=divisions, label=f"synthdb-{table}", enforce_metadata=False)
