"""synthdb on Spark: `synthdb.spark.read(spark, definition, table)` generates a table on the executors.

Needs pyspark (`pip install 'synthdb[spark]'`; Databricks and EMR runtimes ship it). See docs/spark.md.
"""

from __future__ import annotations

try:
    import pyspark  # noqa: F401 (checked here so the message names the extra to install)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("synthdb.spark needs pyspark: pip install 'synthdb[spark]'") from exc

from synthdb.spark.reader import read, read_all
from synthdb.spark.types import UnsupportedSparkType, spark_schema

__all__ = ["UnsupportedSparkType", "read", "read_all", "spark_schema"]
