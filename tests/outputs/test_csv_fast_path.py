"""CSV's minimal quoting: batches with nothing to quote go through Arrow's writer, byte for byte the same."""

from __future__ import annotations

import datetime
import decimal

import pyarrow as pa
import pytest

from synthdb.outputs import csv_quoting
from synthdb.outputs.sql.convert import plain

COLUMNS = {
    "int8": pa.array([1, -5, None], pa.int8()),
    "uint64": pa.array([2**63 + 5, 0, None], pa.uint64()),
    "float32": pa.array([1.5, 1e-7, None], pa.float32()),
    "float64": pa.array([0.1, 1e300, float("nan")], pa.float64()),
    "float64_edges": pa.array([float("inf"), -0.0, 123456789.123], pa.float64()),
    "decimal": pa.array([decimal.Decimal("1.20"), decimal.Decimal("-0.05"), None], pa.decimal128(10, 2)),
    "date32": pa.array([datetime.date(2020, 1, 2), None, datetime.date(1, 1, 1)], pa.date32()),
    "date64": pa.array([datetime.date(2020, 1, 2), None, datetime.date(1970, 1, 1)], pa.date64()),
    "timestamp_us": pa.array([datetime.datetime(2020, 1, 2, 3, 4, 5, 6), None, datetime.datetime(2020, 1, 2)],
                             pa.timestamp("us")),
    "timestamp_s": pa.array([datetime.datetime(2020, 1, 2, 3, 4, 5), None, datetime.datetime(2020, 1, 2)],
                            pa.timestamp("s")),
    "timestamp_utc": pa.array([datetime.datetime(2020, 1, 2, 3, 4, 5, 6), None, datetime.datetime(2020, 1, 2)],
                              pa.timestamp("us", tz="UTC")),
    "time64": pa.array([datetime.time(1, 2, 3, 4), None, datetime.time(0)], pa.time64("us")),
    "bool": pa.array([True, False, None]),
    "string": pa.array(["a", None, "ü b"]),
    "duration": pa.array([5, None, 7], pa.duration("s")),
    "dictionary": pa.array(["x", "y", None]).dictionary_encode(),
}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_arrow_writer_path_equals_the_joined_lines(name: str) -> None:
    columns = [COLUMNS[name], pa.array([1, 2, 3])]
    fast = bytes(csv_quoting.minimal_lines(columns))
    texts = [plain(c) for c in columns]
    joined = bytes(csv_quoting._joined_lines(texts, [None] * len(texts)))
    assert fast == joined
    assert fast.count(b"\n") == 3


def test_a_column_that_needs_quotes_takes_the_joined_path() -> None:
    columns = [pa.array(["a,b", "", None, 'say "hi"']), pa.array([1, 2, 3, 4])]
    assert bytes(csv_quoting.minimal_lines(columns)) == b'"a,b",1\n"",2\n,3\n"say ""hi""",4\n'
