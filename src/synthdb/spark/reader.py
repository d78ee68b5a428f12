"""`read`/`read_all`: synthdb tables as Spark DataFrames whose rows are generated on the executors.

Each table becomes a DataFrame of part descriptors (one row per fixed part, one part per partition) mapped
by `mapInArrow` to the part's rows; the closure carries the RunSpec (definition, seed, variables), never data.
Parts are fixed by `rows_per_part` alone, and every cell is a pure function of (seed, table, column, row),
so the rows, and the keys that join the tables, do not depend on the cluster or on which executor runs a part.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pyarrow as pa

import synthdb
from synthdb.defaults import DEFAULT_BATCH_SIZE
from synthdb.engine.partition import DEFAULT_ROWS_PER_PART, RunSpec, part_batches, table_parts
from synthdb.engine.plan import TablePlan
from synthdb.engine.produce import table_schema
from synthdb.errors import UsageError
from synthdb.spark.source import SparkDefinition, generated_table, plan_run
from synthdb.spark.types import spark_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["read", "read_all"]


def _part_rows(version: str, spec: RunSpec, table: str, batch_size: int, arrow: pa.Schema, row_index: str | None,
               descriptors: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """On an executor: rows [start, stop) of each part descriptor received, cast to the types Spark reads."""
    if version != synthdb.__version__:
        # Another version may generate other values: refuse rather than mix them into one table.
        raise UsageError(f"synthdb {synthdb.__version__} on this executor but {version} on the driver: install "
                         f"the driver's version on every node (the rows are the same only for the same version)")
    generated = [field for field in arrow if field.name != row_index]
    for descriptor in descriptors:
        for start, stop in zip(descriptor.column("start").to_pylist(), descriptor.column("stop").to_pylist(),
                               strict=True):
            first = start
            for batch in part_batches(spec, table, start, stop, batch_size):
                columns = [batch.column(i).cast(field.type) for i, field in enumerate(generated)]
                if row_index is not None:
                    columns.append(pa.array(range(first, first + batch.num_rows), pa.int64()))
                first += batch.num_rows
                yield pa.RecordBatch.from_arrays(columns, schema=arrow)


def _check_sizes(rows_per_part: int, batch_size: int) -> None:
    for name, value in (("rows_per_part", rows_per_part), ("batch_size", batch_size)):
        if value < 1:
            raise UsageError(f"{name} must be at least 1, not {value}")


def read(spark: SparkSession, definition: SparkDefinition, table: str, *, seed: int | None = None,
         variables: Mapping[str, Any] | None = None, rows_per_part: int = DEFAULT_ROWS_PER_PART,
         batch_size: int = DEFAULT_BATCH_SIZE, row_index: str | None = None) -> DataFrame:
    """Table `table` of `definition` (a path, YAML/JSON text, a mapping or a model) as a Spark DataFrame.

    The plan is built here, on the driver (sizes and schema); the rows are generated on the executors, one
    partition per part of `rows_per_part` rows, in row order. `row_index` names an extra BIGINT column
    holding each row's number (0-based) for ordering or sampling; it is not part of the definition.
    """
    _check_sizes(rows_per_part, batch_size)
    plan, spec = plan_run(definition, seed, variables)
    return _read(spark, generated_table(plan, table), spec, rows_per_part, batch_size, row_index)


def read_all(spark: SparkSession, definition: SparkDefinition, *, seed: int | None = None,
             variables: Mapping[str, Any] | None = None, rows_per_part: int = DEFAULT_ROWS_PER_PART,
             batch_size: int = DEFAULT_BATCH_SIZE, row_index: str | None = None) -> dict[str, DataFrame]:
    """Every generated table of `definition` as a DataFrame, by name, in foreign-key order (parents first).

    SQL tables (view: true) are left out: they are queries over the others, for spark.sql to run.
    """
    _check_sizes(rows_per_part, batch_size)
    plan, spec = plan_run(definition, seed, variables)
    return {name: _read(spark, t, spec, rows_per_part, batch_size, row_index)
            for name, t in plan.tables.items()}


def _read(spark: SparkSession, table: TablePlan, spec: RunSpec, rows_per_part: int, batch_size: int,
          row_index: str | None) -> DataFrame:
    """The DataFrame of one table: part descriptors (start, stop), one per partition, mapped to their rows."""
    from pyspark.sql import functions as F

    schema = table_schema(table)
    if row_index is not None:
        if row_index in schema.names:
            raise UsageError(f"row_index '{row_index}' is already a column of table '{table.name}'")
        schema = schema.append(pa.field(row_index, pa.int64(), nullable=False))
    spark_types, arrow = spark_schema(table.name, schema)
    parts = table_parts(table, rows_per_part)
    # spark.range with as many slices as parts puts part i alone in partition i, in order, without a shuffle
    # (and needs no SparkContext to parallelize a list, which Spark Connect clients lack).
    start = F.col("id") * F.lit(rows_per_part)
    descriptors = spark.range(0, len(parts), 1, len(parts)).select(
        start.alias("start"), F.least(start + F.lit(rows_per_part), F.lit(table.size)).alias("stop"))
    produce = functools.partial(_part_rows, synthdb.__version__, spec, table.name, batch_size, arrow, row_index)
    return descriptors.mapInArrow(produce, spark_types)
