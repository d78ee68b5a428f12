"""Arrow-to-Spark type mapping and definition inputs of synthdb.spark (no Spark session needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from pyspark.sql import types as st

import synthdb
from synthdb.definition.loader import load_definition
from synthdb.engine.produce import table_schema
from synthdb.errors import DefinitionError, UsageError
from synthdb.spark.reader import _part_rows
from synthdb.spark.source import as_database, generated_table, plan_run
from synthdb.spark.types import UnsupportedSparkType, spark_schema, spark_type

DEFINITION = Path(__file__).parent / "data" / "shop_scaleout.yaml"


@pytest.mark.parametrize(("arrow", "spark", "cast_to"), [
    (pa.bool_(), st.BooleanType(), pa.bool_()),
    (pa.int8(), st.ByteType(), pa.int8()),
    (pa.int32(), st.IntegerType(), pa.int32()),
    (pa.int64(), st.LongType(), pa.int64()),
    (pa.uint32(), st.LongType(), pa.int64()),
    (pa.float32(), st.FloatType(), pa.float32()),
    (pa.float64(), st.DoubleType(), pa.float64()),
    (pa.decimal128(12, 2), st.DecimalType(12, 2), pa.decimal128(12, 2)),
    (pa.string(), st.StringType(), pa.string()),
    (pa.large_string(), st.StringType(), pa.string()),
    (pa.binary(), st.BinaryType(), pa.binary()),
    (pa.date32(), st.DateType(), pa.date32()),
    (pa.timestamp("s"), st.TimestampNTZType(), pa.timestamp("us")),
    (pa.timestamp("s", tz="Europe/Paris"), st.TimestampType(), pa.timestamp("us", tz="UTC")),
    (pa.list_(pa.string()), st.ArrayType(st.StringType(), True), pa.list_(pa.string())),
    (pa.dictionary(pa.int32(), pa.string()), st.StringType(), pa.string()),
])
def test_arrow_types_map_to_spark(arrow: pa.DataType, spark: st.DataType, cast_to: pa.DataType) -> None:
    assert spark_type(arrow, "t.c") == (spark, cast_to)


def test_zoned_timestamps_keep_their_instant_when_cast_for_spark() -> None:
    paris = pa.array([0, 1_700_000_000], pa.timestamp("s", tz="Europe/Paris"))
    _, target = spark_type(paris.type, "t.c")
    assert paris.cast(target).cast(paris.type).equals(paris)
    assert paris.cast(target).cast(pa.int64()).to_pylist() == [0, 1_700_000_000_000_000]


@pytest.mark.parametrize(("arrow", "message"), [
    (pa.time32("s"), r"column 'shop\.opens' holds time32\[s\], which Spark cannot hold \(Spark has no TIME type"),
    (pa.decimal256(50, 2), r"column 'shop\.opens' holds decimal256\(50, 2\).*at most 38 digits"),
    (pa.uint64(), r"column 'shop\.opens' holds uint64"),
])
def test_types_spark_cannot_hold_name_the_column(arrow: pa.DataType, message: str) -> None:
    with pytest.raises(UnsupportedSparkType, match=message):
        spark_schema("shop", pa.schema([pa.field("id", pa.int64()), pa.field("opens", arrow)]))


def test_nested_columns_name_the_inner_field() -> None:
    with pytest.raises(UnsupportedSparkType, match=r"column 't\.c\[\]' holds time32"):
        spark_type(pa.list_(pa.time32("s")), "t.c")


def test_schema_keeps_names_order_and_nullability() -> None:
    spark, arrow = spark_schema("t", pa.schema([pa.field("id", pa.int64(), nullable=False),
                                                pa.field("at", pa.timestamp("s"))]))
    assert [(f.name, f.nullable) for f in spark.fields] == [("id", False), ("at", True)]
    assert arrow == pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("at", pa.timestamp("us"))])


def test_definition_as_path_text_json_or_mapping() -> None:
    model = load_definition(DEFINITION)
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    for given in (DEFINITION, str(DEFINITION), DEFINITION.read_text(), json.dumps(data), data, model):
        assert as_database(given).model_dump() == model.model_dump(), type(given)


def test_bad_inputs_are_refused_with_their_place() -> None:
    with pytest.raises(DefinitionError, match="file not found"):
        as_database("missing.yml")
    with pytest.raises(DefinitionError, match=r"<definition text>: malformed YAML at line 2"):
        as_database("name: x\n  entities: [\n")
    with pytest.raises(TypeError, match="a definition is a path, YAML/JSON text, a mapping or a Database"):
        as_database(42)  # type: ignore[arg-type]


def test_sql_tables_are_named_as_such() -> None:
    data = load_definition(DEFINITION).model_dump(mode="json", by_alias=True, exclude_none=True)
    data["entities"].append({"name": "big_orders", "view": True, "sql": "SELECT * FROM orders WHERE total > 100"})
    plan, spec = plan_run(data, None, None)
    assert spec.seed == 11 and spec.variables == {"n_customers": 700, "n_products": 120}
    with pytest.raises(Exception, match=r"'big_orders' is a SQL table \(view: true\)"):
        generated_table(plan, "big_orders")


def _descriptors(*ranges: tuple[int, int]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({"start": [r[0] for r in ranges], "stop": [r[1] for r in ranges]})


def test_executor_function_yields_the_rows_of_its_parts() -> None:
    plan, spec = plan_run(DEFINITION, None, None)
    table = plan.tables["orders"]
    _, arrow = spark_schema("orders", table_schema(table).append(pa.field("_row", pa.int64(), nullable=False)))
    out = pa.Table.from_batches(list(_part_rows(synthdb.__version__, spec, "orders", 64, arrow, "_row",
                                                iter([_descriptors((100, 250)), _descriptors((250, 251))]))))
    assert out.schema == arrow and out.num_rows == 151
    assert out.column("_row").to_pylist() == list(range(100, 251))
    whole = synthdb.to_tables(DEFINITION, entity="orders")["orders"]
    assert out.drop_columns(["_row"]).cast(whole.schema).equals(whole.slice(100, 151))


def test_executor_refuses_another_synthdb_version() -> None:
    _, spec = plan_run(DEFINITION, None, None)
    rows = _part_rows("0.0.1", spec, "orders", 64, pa.schema([]), None, iter([_descriptors((0, 1))]))
    with pytest.raises(UsageError, match=r"on this executor but 0\.0\.1 on the driver"):
        next(rows)
