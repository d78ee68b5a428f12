"""Text values fit the column's declared VARCHAR(n)/CHAR(n): redrawn per row, then cut; keys left alone."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow.compute as pc
import pytest

from synthdb.definition.model import Field
from synthdb.engine.fit_length import declared_length
from synthdb.python_api import to_tables


def _table(fields: list[dict[str, Any]], rows: int = 4000, batch_size: int | None = None) -> Any:
    definition = {"name": "fit", "entities": [{"name": "t", "record_count": rows, "fields": fields}]}
    if batch_size is None:
        return to_tables(definition)["t"]
    return to_tables(definition, batch_size=batch_size)["t"]


def _longest(table: Any, column: str) -> int:
    return int(pc.max(pc.utf8_length(table.column(column))).as_py())


def test_declared_length_reads_text_types_only() -> None:
    assert declared_length(Field(name="a", generator="City", data_type="varchar(15)")) == 15
    assert declared_length(Field(name="a", generator="City", data_type="CHAR(2)")) == 2
    assert declared_length(Field(name="a", generator="City", data_type="text")) is None
    assert declared_length(Field(name="a", generator="Number", data_type="numeric(10, 2)")) is None
    assert declared_length(Field(name="a", generator="City")) is None


def test_values_longer_than_the_column_are_redrawn_not_cut() -> None:
    unbounded = _table([{"name": "city", "generator": "City"}])
    assert _longest(unbounded, "city") > 8  # the point: some cities are longer than 8 characters
    bounded = _table([{"name": "city", "generator": "City", "data_type": "varchar(8)"}])
    assert _longest(bounded, "city") <= 8
    # Redrawn, not cut: cutting would pile the long names up at exactly 8 characters. Among cities that fit,
    # a few percent have 8; with redraws the share stays about the same (cut, it would be several times it).
    fitting = [v for v in unbounded.column("city").to_pylist() if len(v) <= 8]
    share_fitting = sum(len(v) == 8 for v in fitting) / len(fitting)
    share_bounded = sum(len(v) == 8 for v in bounded.column("city").to_pylist()) / bounded.num_rows
    assert share_bounded < 1.5 * share_fitting + 0.01, (share_bounded, share_fitting)
    # Rows whose value already fitted keep it.
    pairs = zip(unbounded.column("city").to_pylist(), bounded.column("city").to_pylist(), strict=True)
    same = [a == b for a, b in pairs if len(a) <= 8]
    assert all(same)


def test_what_no_redraw_fits_is_cut_to_length() -> None:
    table = _table([{"name": "w", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "sentences", "min": 2,
                     "max": 3, "data_type": "varchar(10)"}], rows=300)
    lengths = Counter(len(v) for v in table.column("w").to_pylist())
    assert max(lengths) == 10 and lengths[10] > 250


def test_fitting_is_a_pure_function_of_the_row() -> None:
    fields = [{"name": "first", "generator": "First Name", "data_type": "varchar(5)", "percent_null": 10},
              {"name": "job", "generator": "Job Title", "data_type": "varchar(20)"}]
    whole = _table(fields, rows=3000)
    assert whole.equals(_table(fields, rows=3000, batch_size=97))
    assert _longest(whole, "first") <= 5 and _longest(whole, "job") <= 20
    assert 200 < whole.column("first").null_count < 400  # nulls kept after the redraws


@pytest.mark.parametrize("flag", ["unique", "primary_key"])
def test_keys_are_not_redrawn(flag: str) -> None:
    field = {"name": "code", "generator": "Character Sequence", "format": "^^^^^^^^", "data_type": "varchar(20)",
             flag: True}
    table = _table([field], rows=500)
    assert table.column("code").to_pylist() == _table([{**field, "data_type": None}], rows=500).column(
        "code").to_pylist()
