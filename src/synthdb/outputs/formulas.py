"""Spreadsheet formula neutralisation for CSV (opt-in): OWASP's CSV-injection advice, vectorized.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip
before reading one of those) is run as a formula when the file is opened in Excel, LibreOffice or
Google Sheets: `=HYPERLINK(...)`, `@SUM(1)`, `=cmd|' /C calc'!A0`. Prefixing such a cell with `'` makes
every spreadsheet show it as text. The full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) are treated the
same, as some spreadsheets read them as their ASCII twins.

Off by default: the prefix changes the data (`-5` stored as text becomes `'-5`), and CSV files are just as
often read by programs and databases, for which the original value is the right one.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.outputs.sql.convert import plain

# RE2 syntax (Arrow's regex engine).
_FORMULA_START = "^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]"
PREFIX = "'"


def is_formula(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula (the same rule as the vectorized one)."""
    return bool(text) and text[0] in "=+-@\t\r\uff1d\uff0b\uff0d\uff20"


def escape_formulas(array: pa.Array) -> pa.Array:
    """String values that a spreadsheet would run, prefixed with `'`; other columns and values untouched."""
    text = plain(array)
    if not pa.types.is_string(text.type):
        return array
    array = text
    starts = pc.match_substring_regex(array, _FORMULA_START)
    if not pc.any(starts).as_py():
        return array
    prefixed = pc.binary_join_element_wise(pa.scalar(PREFIX), array, "")
    return pc.if_else(starts, prefixed, array)


def escape_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Every string column of `batch` (and the column names, which are the header) escaped."""
    return pa.RecordBatch.from_arrays([escape_formulas(c) for c in batch.columns], schema=escape_schema(batch.schema))


def escape_schema(schema: pa.Schema) -> pa.Schema:
    """The schema whose header cells are escaped like values (string types where values change type)."""
    return pa.schema([pa.field(PREFIX + f.name if is_formula(f.name) else f.name,
                               pa.string() if pa.types.is_string(f.type) or pa.types.is_dictionary(f.type)
                               or pa.types.is_large_string(f.type) else f.type, f.nullable) for f in schema])
