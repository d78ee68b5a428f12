"""Parquet round trip: pyarrow.parquet reads back the generated tables, in fixed-size row groups."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition
from synthdb.outputs.formats import parquet_format
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS


def test_zip_round_trips_every_value(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, format="parquet", output=tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["children.parquet", "parents.parquet"]
        for name, table in expected.items():
            got = pq.read_table(io.BytesIO(archive.read(f"{name}.parquet")))
            assert got.num_rows == table.num_rows == (60 if name == "parents" else 120)
            assert got.schema.equals(table.schema)  # types (decimal, bool, ...) and nullability kept
            assert got.to_pylist() == table.to_pylist()
            metadata = pq.ParquetFile(io.BytesIO(archive.read(f"{name}.parquet"))).metadata
            assert metadata.row_group(0).column(0).compression == "ZSTD"


def test_awkward_strings_and_nulls_survive(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)["parents"]
    path = synthdb.generate(definition, format="parquet", output=tmp_path / "p.parquet", entity="parents")
    got = pq.read_table(path)
    assert got["label"].to_pylist() == expected["label"].to_pylist()
    assert got["note"].to_pylist() == expected["note"].to_pylist()
    assert None in got["note"].to_pylist() and "" in got["label"].to_pylist()
    assert set(got["label"].to_pylist()) <= set(AWKWARD_STRINGS)


def test_single_entity_is_a_plain_parquet_file(tmp_path: Path) -> None:
    path = synthdb.generate(awkward_definition(), format="parquet", output=tmp_path, entity="children")
    assert path.name == "children.parquet"
    assert not zipfile.is_zipfile(path)
    data = path.read_bytes()
    assert data[:4] == data[-4:] == b"PAR1"
    assert pq.read_table(path).num_rows == 120


def test_row_groups_have_a_fixed_size_whatever_the_batching(pool_ran: None, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # A small row group size so 120 rows span several groups and batches of 7 straddle their edges.
    monkeypatch.setattr(parquet_format, "ROW_GROUP_ROWS", 16)
    definition = awkward_definition()
    outputs = set()
    for batch_size, workers in [(7, 1), (65_536, 1), (7, 2), (65_536, 2)]:
        path = synthdb.generate(definition, format="parquet", output=tmp_path / f"{batch_size}-{workers}.parquet",
                                entity="children", batch_size=batch_size, workers=workers)
        outputs.add(path.read_bytes())
        metadata = pq.ParquetFile(path).metadata
        assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [16] * 7 + [8]
    assert len(outputs) == 1


def test_zip_bytes_do_not_depend_on_batch_size_or_workers(pool_ran: None, tmp_path: Path) -> None:
    definition = awkward_definition()
    outputs = {
        synthdb.generate(definition, format="parquet", output=tmp_path / f"{b}-{w}.zip",
                         batch_size=b, workers=w).read_bytes()
        for b, w in [(7, 1), (65_536, 1), (7, 2), (65_536, 2)]
    }
    assert len(outputs) == 1


def test_empty_table_is_a_valid_file(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string())])
    columns = [ColumnInfo("id", pa.int64(), primary_key=True, nullable=False), ColumnInfo("name", pa.string())]
    table = TableOutput("empty", columns, 0, lambda: iter([]))
    path = tmp_path / "empty.parquet"
    FORMATS.get("parquet").write(OutputJob("db", "postgres", [table], single_entity=True), path)
    got = pq.read_table(path)
    assert got.num_rows == 0 and got.schema.equals(schema)
