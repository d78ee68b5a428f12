"""synthdb.spark.read on Spark in local mode: the tables equal a one-process run, keys join, layouts agree."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as st

import synthdb
import synthdb.spark
from synthdb.errors import DefinitionError, UsageError

DEFINITION = Path(__file__).parent / "data" / "shop_scaleout.yaml"
FOREIGN_KEYS = [("orders", "customer_id", "customers"), ("order_items", "order_id", "orders"),
                ("order_items", "product_id", "products")]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # Executors run this interpreter (so they import the synthdb under test); loopback only, no UI, quiet logs.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (SparkSession.builder.master("local[2]").appName("synthdb-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "3").config("spark.default.parallelism", "2")
               .config("spark.driver.host", "127.0.0.1")
               # Not UTC, so a timestamp shifted by the session's zone would show.
               .config("spark.sql.session.timeZone", "America/Los_Angeles")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def expected() -> dict[str, pa.Table]:
    return synthdb.to_tables(DEFINITION)


@pytest.fixture(scope="module")
def frames(spark: SparkSession) -> Iterator[dict[str, DataFrame]]:
    """Every table in parts of 1,000 rows (several partitions each), cached so later checks reuse the rows."""
    tables = synthdb.spark.read_all(spark, DEFINITION, rows_per_part=1000)
    for frame in tables.values():
        frame.cache()
    yield tables
    for frame in tables.values():
        frame.unpersist()


def _as_generated(got: pa.Table, want: pa.Table) -> pa.Table:
    """Spark's collected table read back in the engine's types (a safe cast: any lost digit raises)."""
    assert got.column_names == want.column_names
    return got.cast(want.schema)


def test_every_table_equals_a_one_process_run(frames: dict[str, DataFrame], expected: dict[str, pa.Table]) -> None:
    assert list(frames) == list(expected)  # foreign-key order, as the engine writes them
    for name, frame in frames.items():
        want = expected[name]
        assert want.num_rows > 0
        assert frame.rdd.getNumPartitions() == -(-want.num_rows // 1000)
        got = frame.toArrow()
        assert got.num_rows == want.num_rows
        assert _as_generated(got, want).equals(want), name
    schema = {f.name: f for f in frames["customers"].schema.fields}
    assert schema["id"].dataType == st.LongType() and not schema["id"].nullable
    assert schema["birth_date"].dataType == st.DateType()
    assert schema["created_at"].dataType == st.TimestampNTZType()  # wall-clock, not shifted by the session
    assert schema["last_login"].dataType == st.TimestampType()  # an instant
    assert schema["vip"].dataType == st.BooleanType()
    assert frames["order_items"].schema["line_total"].dataType == st.DecimalType(12, 2)
    assert frames["products"].schema["weight_kg"].dataType == st.DoubleType()
    assert frames["products"].schema["ratings"].dataType == st.ArrayType(st.LongType(), True)


def test_part_layout_does_not_change_the_rows(spark: SparkSession, expected: dict[str, pa.Table]) -> None:
    want = expected["orders"]
    one = synthdb.spark.read(spark, str(DEFINITION), "orders", rows_per_part=want.num_rows)
    three = synthdb.spark.read(spark, str(DEFINITION), "orders", rows_per_part=-(-want.num_rows // 3))
    assert (one.rdd.getNumPartitions(), three.rdd.getNumPartitions()) == (1, 3)
    assert _as_generated(one.toArrow(), want).equals(want)
    assert _as_generated(three.toArrow(), want).equals(want)
    # Shuffled across partitions and put back in row order by the row index column: still the same rows.
    indexed = synthdb.spark.read(spark, DEFINITION, "orders", rows_per_part=1000, row_index="_row")
    shuffled = indexed.repartition(3, "status").orderBy("_row").toArrow()
    assert shuffled.column("_row").to_pylist() == list(range(want.num_rows))
    assert _as_generated(shuffled.drop_columns(["_row"]), want).equals(want)


def test_foreign_keys_find_their_parents_and_unique_holds(frames: dict[str, DataFrame],
                                                          expected: dict[str, pa.Table]) -> None:
    for child, column, parent in FOREIGN_KEYS:
        keys = frames[child].where(frames[child][column].isNotNull())
        assert keys.count() == expected[child].num_rows  # these keys are never null
        orphans = keys.join(frames[parent], keys[column] == frames[parent]["id"], "left_anti")
        assert orphans.count() == 0, f"{child}.{column} has rows without a {parent}"
    items = frames["order_items"]
    assert items.select("order_id", "product_id").distinct().count() == items.count()
    assert frames["customers"].select("email").distinct().count() == expected["customers"].num_rows
    # Calculated across tables on the executors: each order's total is the sum of its lines.
    sums = items.groupBy("order_id").agg({"line_total": "sum"}).withColumnRenamed("sum(line_total)", "lines")
    orders = frames["orders"]
    joined = orders.join(sums, orders["id"] == sums["order_id"], "left")
    assert joined.where("coalesce(lines, 0) != coalesce(total, 0)").count() == 0


def test_seed_and_variables_reach_the_executors(spark: SparkSession) -> None:
    # The definition as YAML text this time.
    frame = synthdb.spark.read(spark, DEFINITION.read_text(), "customers", seed=12, variables={"n_customers": 40},
                               rows_per_part=15)
    want = synthdb.to_tables(DEFINITION, seed=12, variables={"n_customers": 40}, entity="customers")["customers"]
    assert want.num_rows == 40 and frame.rdd.getNumPartitions() == 3
    assert _as_generated(frame.toArrow(), want).equals(want)
    assert not want.equals(synthdb.to_tables(DEFINITION, variables={"n_customers": 40},
                                             entity="customers")["customers"])
    # No customers: every table is empty (one empty part), with its columns.
    empty = synthdb.spark.read(spark, DEFINITION, "orders", variables={"n_customers": 0})
    assert empty.rdd.getNumPartitions() == 1 and empty.count() == 0
    assert empty.columns == ["id", "customer_id", "order_number", "status", "ordered_at", "shipped_at", "total"]


def test_unknown_table_names_the_tables(spark: SparkSession) -> None:
    with pytest.raises(UsageError, match=r"unknown table 'order_item'.*did you mean 'order_items'.*"
                                         r"tables: customers, products, orders, order_items"):
        synthdb.spark.read(spark, DEFINITION, "order_item")


def test_bad_definition_is_refused_on_the_driver(spark: SparkSession) -> None:
    text = "name: x\nentities:\n  - name: a\n    fields:\n      - {name: b, generator: Emial Address}\n"
    with pytest.raises(DefinitionError, match=r"entities\[0\]\.fields\[0\]\.generator.*Email Address"):
        synthdb.spark.read(spark, text, "a")
    with pytest.raises(DefinitionError, match="file not found"):
        synthdb.spark.read(spark, "no/such/definition.yaml", "a")
    with pytest.raises(UsageError, match="rows_per_part must be at least 1"):
        synthdb.spark.read(spark, DEFINITION, "customers", rows_per_part=0)
    with pytest.raises(UsageError, match="batch_size must be at least 1, not 0"):
        synthdb.spark.read_all(spark, DEFINITION, batch_size=0)
    with pytest.raises(UsageError, match="row_index 'email' is already a column of table 'customers'"):
        synthdb.spark.read(spark, DEFINITION, "customers", row_index="email")
