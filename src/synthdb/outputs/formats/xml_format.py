"""XML: one `<table>.xml` per table (UTF-8, XML 1.0), one `<row>` per row, one element per column.

Shape::

    <?xml version="1.0" encoding="UTF-8"?>
    <table name="customers" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <row><id>1</id><name>Ada</name><note xsi:nil="true"/></row>
    </table>

- Every column has its element in every row, in column order. A null is `<col xsi:nil="true"/>` (the
  XML Schema convention); an empty string is `<col></col>`, so the two stay distinct.
- Column names are element names. A name is kept as it is when it starts with an ASCII letter, `_` or
  a Latin-1 letter (U+00C0-U+00FF, except the multiplication and division signs) and continues with
  those, digits, `-`, `.` or the middle dot: names every XML parser accepts (expat, behind ElementTree,
  still uses the 4th edition's narrower name tables). Any other character (space, leading digit or `-`,
  `:`, other scripts, emoji) is encoded as SQL Server / .NET `XmlConvert.EncodeLocalName` does:
  `_xHHHH_` (its code point in upper-case hex, `_xHHHHHHHH_` beyond U+FFFF), and a `_` that would read
  as such an escape is itself written `_x005F_`; decoding every `_xHHHH_` gives the name back.
  `order date` is `<order_x0020_date>`, `1st` is `<_x0031_st>`. The table's own name goes, escaped, in
  the `name` attribute.
- Text escaping: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;`; a carriage return is written `&#13;`
  because parsers turn a raw CR (and CR LF) into LF. Tabs and newlines are written as they are.
- A NUL (U+0000) in a value is refused with an error naming table, column and row (outputs/nul.py):
  silently changing it would hide that the data cannot be represented. The other characters XML 1.0
  cannot hold at all, even as references (U+0001-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE,
  U+FFFF), are REPLACED by U+FFFD (the replacement character): the file always parses, and the lossy
  spots are visible. Nothing else is altered.
- Values: numbers as written by the JSONL format (shortest round-trip floats; NaN, INF, -INF as in XML
  Schema), decimals exactly, booleans `true`/`false`, ISO-8601 dates, times and timestamps.

Every batch becomes one Arrow string array of whole `<row>` lines, built with Arrow compute (no loop
over values), so batch boundaries never show in the bytes.
"""

from __future__ import annotations

import re
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.errors import OutputError
from synthdb.outputs.archive import PerTableFormat
from synthdb.outputs.formats.jsonl_format import (
    Piece,
    bytes_present,
    float_text,
    is_temporal,
    iso_text,
    join_pieces,
    plain_strings,
    text_bytes,
)
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.registry import register_format

XSI = "http://www.w3.org/2001/XMLSchema-instance"
REPLACEMENT = "\ufffd"

# Name characters every parser accepts (XML 1.0 4th- and 5th-edition rules agree on these; expat, for
# one, still applies the 4th edition's tables): ASCII letters, '_', Latin-1 letters; then digits, '-',
# '.', the middle dot. ':' is left out so names stay namespace-safe.
_LATIN1_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_NAME_START = re.compile(f"[A-Za-z_{_LATIN1_LETTERS}]")
_NAME_CHAR = re.compile(f"[A-Za-z_{_LATIN1_LETTERS}0-9.\\-\u00b7]")
# A '_' starting text that a decoder would take for an escape must be escaped itself.
_ESCAPE_LIKE = re.compile(r"_x(?:[0-9A-Fa-f]{4}|[0-9A-Fa-f]{8})_")
# Characters XML 1.0 forbids (surrogates too, but valid UTF-8, hence Arrow, never holds them).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORBIDDEN_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"  # the same class, in RE2 syntax
_FORBIDDEN_BYTES = [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]


def xml_name(name: str) -> str:
    """`name` as an XML element name, encoded like `XmlConvert.EncodeLocalName` when not valid."""
    if not name:
        raise OutputError("an empty column name cannot be written as an XML element")
    out = []
    for index, char in enumerate(name):
        valid = (_NAME_START if index == 0 else _NAME_CHAR).match(char) is not None
        if char == "_" and _ESCAPE_LIKE.match(name, index):
            valid = False
        code = ord(char)
        out.append(char if valid else f"_x{code:04X}_" if code <= 0xFFFF else f"_x{code:08X}_")
    return "".join(out)


def xml_attribute(value: str) -> str:
    """`value` escaped for a double-quoted attribute (whitespace kept through character references)."""
    value = _FORBIDDEN.sub(REPLACEMENT, value)
    for char, reference in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                            ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;")):
        value = value.replace(char, reference)
    return value


def escape_text(array: pa.Array) -> pa.Array:
    """Element content: `& < >` escaped, CR as `&#13;`, forbidden characters replaced by U+FFFD."""
    present = bytes_present(array)
    if present[ord("&")]:
        array = pc.replace_substring(array, "&", "&amp;")  # first, so the other references stay intact
    if present[ord("<")]:
        array = pc.replace_substring(array, "<", "&lt;")
    if present[ord(">")]:
        array = pc.replace_substring(array, ">", "&gt;")
    if present[0x0D]:
        array = pc.replace_substring(array, "\r", "&#13;")
    if present[_FORBIDDEN_BYTES].any() or present[0xEF]:
        # 0xEF leads the UTF-8 of U+FFFE/U+FFFF (and of other characters): only then the regex pass.
        array = pc.replace_substring_regex(array, _FORBIDDEN_RE2, REPLACEMENT)
    return array


def _float_xml(array: pa.Array) -> pa.Array:
    text = float_text(array)
    if pc.all(pc.is_finite(array)).as_py() is not False:
        return text
    # XML Schema spells the special doubles NaN, INF and -INF.
    for arrow, schema in (("nan", "NaN"), ("-inf", "-INF"), ("inf", "INF")):
        text = pc.if_else(pc.equal(text, arrow), schema, text)
    return text


def value_text(array: pa.Array) -> pa.Array:
    """The XML text of every value of a column (already escaped); nulls stay null."""
    array = plain_strings(array)
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return escape_text(array)
    if pa.types.is_floating(kind):
        return _float_xml(array)
    if is_temporal(kind):
        return iso_text(array)
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        return array.cast(pa.string())
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.string())
    # Types no generator produces today (lists, structs, binary): their Python text, per value.
    return escape_text(pa.array([None if v is None else str(v) for v in array.to_pylist()], pa.string()))


def row_lines(batch: pa.RecordBatch, names: list[str]) -> pa.Array:
    """One `  <row>...</row>` line per row of `batch`; `names` are the columns' element names."""
    if not names:
        return pa.array(["  <row/>\n"] * batch.num_rows, pa.string())
    pieces: list[Piece] = ["  <row>"]
    for index, name in enumerate(names):
        text = value_text(batch.column(index))
        if text.null_count == 0:
            # The tags ride on the neighbouring literals: no extra pass over the column.
            pieces += [f"<{name}>", text, f"</{name}>"]
        else:
            element = pc.binary_join_element_wise(f"<{name}>", text, f"</{name}>", "")
            pieces.append(pc.fill_null(element, f'<{name} xsi:nil="true"/>'))
    pieces.append("</row>\n")
    return join_pieces(pieces)


@register_format
class XmlFormat(PerTableFormat):
    """XML 1.0 via Arrow compute: `<table>` of `<row>` elements, nulls as `xsi:nil`."""

    name = "xml"
    description = "zip of one XML file per table"
    suffix = ".zip"
    entity_suffix = ".xml"
    entity_content_type = "application/xml"
    refuses_nul = True

    def write_table(self, table: TableOutput, job: OutputJob, out: BinaryIO) -> None:
        names = [xml_name(c.name) for c in table.columns]
        header = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<table name="{xml_attribute(table.name)}" xmlns:xsi="{XSI}">\n'
        )
        out.write(header.encode("utf-8"))
        for batch in table.batches():
            if batch.num_rows:
                out.write(text_bytes(row_lines(batch, names)))
        out.write(b"</table>\n")
