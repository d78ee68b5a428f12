"""CSV round trip: the standard readers get back exactly the generated values."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pyarrow.csv as pacsv

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition


def test_csv_zip_round_trips_through_the_csv_module(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, "csv", tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["children.csv", "parents.csv"]
        for name, table in expected.items():
            text = archive.read(f"{name}.csv").decode("utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            assert rows[0] == table.column_names
            assert len(rows) - 1 == table.num_rows == (60 if name == "parents" else 120)
            for column_index, column in enumerate(table.column_names):
                if str(table.schema.field(column).type) != "string":
                    continue
                got = [row[column_index] for row in rows[1:]]
                want = ["" if v is None else v for v in table[column].to_pylist()]
                assert got == want, column


def test_nulls_and_empty_strings_stay_distinct(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)["parents"]
    path = synthdb.generate(definition, "csv", tmp_path / "parents.csv", entity="parents")
    convert = pacsv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=False,
                                   column_types=expected.schema)
    table = pacsv.read_csv(path, convert_options=convert)
    assert table["note"].to_pylist() == expected["note"].to_pylist()
    assert table["label"].to_pylist() == expected["label"].to_pylist()
    assert None in table["note"].to_pylist() and "" in table["label"].to_pylist()
    assert set(table["label"].to_pylist()) <= set(AWKWARD_STRINGS)
    assert len(set(table["label"].to_pylist())) >= 15
