"""Arrow types of a synthdb table mapped to Spark SQL types, and the Arrow schema Spark reads them in."""

from __future__ import annotations

import pyarrow as pa
from pyspark.sql import types as st

from synthdb.errors import UsageError


class UnsupportedSparkType(UsageError):
    """A column's Arrow type has no Spark SQL equivalent."""


def _unsupported(where: str, arrow_type: pa.DataType, hint: str = "") -> UnsupportedSparkType:
    return UnsupportedSparkType(f"column '{where}' holds {arrow_type}, which Spark cannot hold{hint}")


# Arrow types Spark holds as they are (ArrowUtils on the JVM side reads exactly these vectors).
_SIMPLE: list[tuple[pa.DataType, st.DataType]] = [
    (pa.bool_(), st.BooleanType()),
    (pa.int8(), st.ByteType()),
    (pa.int16(), st.ShortType()),
    (pa.int32(), st.IntegerType()),
    (pa.int64(), st.LongType()),
    (pa.float32(), st.FloatType()),
    (pa.float64(), st.DoubleType()),
    (pa.date32(), st.DateType()),
    (pa.null(), st.NullType()),
]
# DecimalType's limit (DecimalType.MAX_PRECISION on the JVM side).
_SPARK_MAX_PRECISION = 38
# Unsigned integers widen to the next signed type that holds every value.
_UNSIGNED: dict[pa.DataType, tuple[pa.DataType, st.DataType]] = {
    pa.uint8(): (pa.int16(), st.ShortType()),
    pa.uint16(): (pa.int32(), st.IntegerType()),
    pa.uint32(): (pa.int64(), st.LongType()),
}


def spark_type(arrow_type: pa.DataType, where: str) -> tuple[st.DataType, pa.DataType]:
    """(Spark type, the Arrow type a batch is cast to for Spark) of a column `where` of `arrow_type`."""
    for arrow, spark in _SIMPLE:
        if arrow_type == arrow:
            return spark, arrow
    if arrow_type in _UNSIGNED:
        arrow, spark = _UNSIGNED[arrow_type]
        return spark, arrow
    if pa.types.is_float16(arrow_type):
        return st.FloatType(), pa.float32()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type):
        return st.StringType(), pa.string()
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type) \
            or pa.types.is_fixed_size_binary(arrow_type) or pa.types.is_binary_view(arrow_type):
        return st.BinaryType(), pa.binary()
    if pa.types.is_decimal(arrow_type):
        if arrow_type.precision > _SPARK_MAX_PRECISION or arrow_type.scale < 0:
            raise _unsupported(where, arrow_type, " (Spark decimals hold at most 38 digits, scale 0 or more)")
        return st.DecimalType(arrow_type.precision, arrow_type.scale), \
            pa.decimal128(arrow_type.precision, arrow_type.scale)
    if pa.types.is_date64(arrow_type):
        return st.DateType(), pa.date32()
    if pa.types.is_timestamp(arrow_type):
        # Spark keeps microseconds. A zoned timestamp is an instant (TIMESTAMP, shown in the session time
        # zone); a naive one is a wall-clock value (TIMESTAMP_NTZ), so neither is shifted by the session.
        if arrow_type.tz is not None:
            return st.TimestampType(), pa.timestamp("us", tz="UTC")
        return st.TimestampNTZType(), pa.timestamp("us")
    if pa.types.is_duration(arrow_type):
        return st.DayTimeIntervalType(), pa.duration("us")
    if pa.types.is_dictionary(arrow_type):
        return spark_type(arrow_type.value_type, where)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        item = arrow_type.value_field
        spark, arrow = spark_type(item.type, f"{where}[]")
        return st.ArrayType(spark, containsNull=item.nullable), pa.list_(pa.field(item.name, arrow, item.nullable))
    if pa.types.is_struct(arrow_type):
        fields = [arrow_type.field(i) for i in range(arrow_type.num_fields)]
        mapped = [(f, *spark_type(f.type, f"{where}.{f.name}")) for f in fields]
        return st.StructType([st.StructField(f.name, spark, f.nullable) for f, spark, _ in mapped]), \
            pa.struct([pa.field(f.name, arrow, f.nullable) for f, _, arrow in mapped])
    if pa.types.is_time(arrow_type):
        raise _unsupported(where, arrow_type, " (Spark has no TIME type: declare the column's data_type as text "
                                              "to read its values as 'HH:MM:SS' strings)")
    raise _unsupported(where, arrow_type)


def spark_schema(table: str, schema: pa.Schema) -> tuple[st.StructType, pa.Schema]:
    """The Spark schema of `table` (of Arrow `schema`) and the Arrow schema its batches are cast to."""
    spark_fields: list[st.StructField] = []
    arrow_fields: list[pa.Field] = []
    for field in schema:
        spark, arrow = spark_type(field.type, f"{table}.{field.name}")
        spark_fields.append(st.StructField(field.name, spark, field.nullable))
        arrow_fields.append(pa.field(field.name, arrow, field.nullable))
    return st.StructType(spark_fields), pa.schema(arrow_fields)
