"""CSV: the standard readers get back exactly the generated values; minimal quoting, the other styles, README.md."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

import synthdb
from conftest import AWKWARD_STRINGS, awkward_definition
from synthdb.errors import DefinitionError, UsageError


def test_csv_zip_round_trips_through_the_csv_module(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)
    path = synthdb.generate(definition, "csv", tmp_path / "out.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["README.md", "children.csv", "parents.csv"]
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
    # Only an empty unquoted field is null: Arrow's default null tokens would also read the string "NULL"
    # as null, which minimal quoting (like Fabricate's and Python's csv) writes unquoted.
    convert = pacsv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=False, null_values=[""],
                                   column_types=expected.schema)
    table = pacsv.read_csv(path, convert_options=convert)
    assert table["note"].to_pylist() == expected["note"].to_pylist()
    assert table["label"].to_pylist() == expected["label"].to_pylist()
    assert None in table["note"].to_pylist() and "" in table["label"].to_pylist()
    assert set(table["label"].to_pylist()) <= set(AWKWARD_STRINGS)
    assert len(set(table["label"].to_pylist())) >= 15


def _python_minimal(value: str | None) -> str:
    """What Python's csv module writes for one field with QUOTE_MINIMAL, except that "" is quoted (not null)."""
    if value is None:
        return ""
    if value == "":
        return '""'
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerow([value, "x"])
    return out.getvalue()[: -len(",x\n")]


def test_minimal_quoting_is_pythons_quote_minimal(tmp_path: Path) -> None:
    definition = awkward_definition()
    expected = synthdb.to_tables(definition)["parents"]
    text = synthdb.generate(definition, "csv", tmp_path / "p.csv", entity="parents").read_bytes().decode()
    lines = [f"{i},{_python_minimal(label)},{_python_minimal(note)}\n"
             for i, label, note in zip(*(expected[c].to_pylist() for c in ("id", "label", "note")), strict=True)]
    assert text == "id,label,note\n" + "".join(lines)
    assert '"comma, separated"' in text and ",plain," in text and ',"say ""hi""",' in text


def test_quoting_styles_and_their_errors(tmp_path: Path) -> None:
    definition = awkward_definition()
    strings = synthdb.generate(definition, "csv", tmp_path / "s.csv", entity="children", csv_quoting="strings")
    header, first = strings.read_text().split("\n")[:2]
    assert header == '"id","parent_id","text","amount","flag","ratio"' and first.split(",")[0] == "1"
    every = synthdb.generate(definition, "csv", tmp_path / "a.csv", entity="children", csv_quoting="all")
    assert every.read_text().split("\n")[1].startswith('"1","')
    # The definition's own setting, as the REST API's tasks carry it.
    stored = synthdb.generate({**definition, "csv_quoting": "strings"}, "csv", tmp_path / "d.csv", entity="children")
    assert stored.read_bytes() == strings.read_bytes()
    with pytest.raises(UsageError, match=r"unknown CSV quoting 'some' \(choose one of: minimal, strings, all\)"):
        synthdb.generate(definition, "csv", tmp_path / "x.csv", csv_quoting="some")
    with pytest.raises(UsageError, match="--csv-quoting applies to the csv format only, not 'jsonl'"):
        synthdb.generate(definition, "jsonl", tmp_path / "x.zip", csv_quoting="all")
    with pytest.raises(DefinitionError, match="csv_quoting"):
        synthdb.generate({**definition, "csv_quoting": "some"}, "csv", tmp_path / "x.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "d.csv", "s.csv"]


def test_readme_describes_every_table(tmp_path: Path) -> None:
    definition = {**awkward_definition(), "seed": 7}
    with zipfile.ZipFile(synthdb.generate(definition, "csv", tmp_path / "out.zip")) as archive:
        readme = archive.read("README.md").decode()
    assert "written by synthdb with seed 7" in readme
    assert "| parents | `parents.csv` | 60 | 3 |" in readme and "| children | `children.csv` | 120 | 6 |" in readme
    assert "| `parent_id` |" in readme and "references parents(id)" in readme
    assert "| `note` | varchar(255) | yes |" in readme
    assert "An empty unquoted field is NULL; an empty string is written `\"\"`." in readme
