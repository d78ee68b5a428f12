"""CSV quoting styles: `minimal` (quote only when needed, like Fabricate's export), `strings` and `all`.

Arrow's CSV writer renders every value, but its "needed" style quotes every string and header cell
whatever it holds, and its "none" style refuses any value with a comma, quote or line break. So
`minimal` keeps Arrow's rendering of each value (the same `cast` to text its writer runs) and decides
the quoting itself, per column with `pyarrow.compute`: a string is quoted when it holds a comma, a
double quote, CR or LF (Python's csv.QUOTE_MINIMAL rule, RFC 4180) or is empty, so an empty string
(`""`) stays distinct from a null (an empty unquoted field). Numbers, dates, times and booleans never
hold those characters and are never quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from synthdb.errors import UsageError
from synthdb.outputs.date_text import date_text
from synthdb.outputs.sql.convert import plain, string_bytes

# What makes a field need quotes (RFC 4180 section 2.6): the delimiter, the quote, a line break.
_STRUCTURAL = '",\r\n'
_STRUCTURAL_PATTERN = '[",\r\n]'


@dataclass(frozen=True)
class QuotingStyle:
    """One value of `--csv-quoting` / the definition's `csv_quoting`."""

    name: str
    description: str
    # Arrow's own writer style, or None for our minimal quoting.
    arrow: str | None


# The one registry of styles (CLI help, definition validation and the writer read it).
QUOTING_STYLES: dict[str, QuotingStyle] = {s.name: s for s in (
    QuotingStyle("minimal", "quote a field only when it holds a comma, a quote or a line break, or is an empty "
                            "string (Fabricate's export, Python's csv.QUOTE_MINIMAL)", None),
    QuotingStyle("strings", "quote every header cell and every string value (synthdb's shape before issue 18)",
                 "needed"),
    QuotingStyle("all", "quote every header cell and every non-null value", "all_valid"),
)}
DEFAULT_QUOTING = "minimal"


def quoting_style(name: object) -> QuotingStyle:
    """The style named `name` (None: the default), or a UsageError listing the styles."""
    style = QUOTING_STYLES.get(DEFAULT_QUOTING if name is None else str(name))
    if style is None:
        raise UsageError(f"unknown CSV quoting '{name}' (choose one of: {', '.join(QUOTING_STYLES)})")
    return style


def _holds_any(text: pa.Array, characters: str) -> bool:
    """True when a value holds one of the ASCII `characters`: one memchr-speed `find` per character over
    a copy of the data buffer (faster here than convert.has_any_byte's table lookup, which builds an
    array as long as the text)."""
    data = bytes(string_bytes(text))
    return any(data.find(character.encode("ascii")) >= 0 for character in characters)


def _quote_mask(text: pa.Array) -> pa.Array | None:
    """Which values of a string column need quotes (structural characters, or empty), or None for none."""
    needs = pc.equal(pc.binary_length(text), 0)
    # One byte scan skips the regex for the usual column without commas, quotes or line breaks.
    if _holds_any(text, _STRUCTURAL):
        needs = pc.or_(needs, pc.match_substring_regex(text, _STRUCTURAL_PATTERN))
    return needs if pc.any(needs).as_py() else None


def _quoted_where(text: pa.Array, needs: pa.Array) -> pa.Array:
    escaped = pc.replace_substring(text, '"', '""') if _holds_any(text, '"') else text
    quoted = pc.binary_join_element_wise(pa.scalar('"'), escaped, pa.scalar('"'), "")
    return pc.if_else(needs, quoted, text)


def minimal_field(array: pa.Array) -> pa.Array:
    """One column as CSV fields, quoted only where needed; nulls stay null (written as empty fields)."""
    text = plain(array)
    if not pa.types.is_string(text.type):
        # Arrow's text of numbers, dates, times and booleans: what its CSV writer prints, never structural.
        return text.cast(pa.string())
    needs = _quote_mask(text)
    return text if needs is None else _quoted_where(text, needs)


def _arrow_renders_as_cast(kind: pa.DataType) -> bool:
    """Types whose text Arrow's CSV writer prints exactly as the cast to string does (tests compare both)."""
    return (pa.types.is_string(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind)
            or pa.types.is_decimal(kind) or pa.types.is_boolean(kind) or pa.types.is_date(kind)
            or pa.types.is_timestamp(kind) or pa.types.is_time(kind) or pa.types.is_duration(kind))


def minimal_lines(columns: list[pa.Array]) -> memoryview:
    """The CSV lines of equally long `columns`, each ending with `\\n`, as one UTF-8 buffer."""
    texts = [plain(column) for column in columns]
    masks = [_quote_mask(t) if pa.types.is_string(t.type) else None for t in texts]
    texts = [_dates_looked_up(t) for t in texts]  # after the masks: a date never needs quotes
    if all(mask is None for mask in masks) and all(_arrow_renders_as_cast(t.type) for t in texts):
        # Nothing to quote: Arrow's own writer prints the same bytes about twice as fast as joining here.
        sink = pa.BufferOutputStream()
        names = [f"c{i}" for i in range(len(texts))]
        pacsv.write_csv(pa.RecordBatch.from_arrays(texts, names=names), sink,
                        pacsv.WriteOptions(include_header=False, quoting_style="none"))
        return memoryview(sink.getvalue())
    return _joined_lines(texts, masks)


def _dates_looked_up(array: pa.Array) -> pa.Array:
    """Dates as the text Arrow's writer would print, looked up by day (outputs/date_text.py)."""
    return date_text(array) if pa.types.is_date32(array.type) else array


def _joined_lines(texts: list[pa.Array], masks: list[pa.Array | None]) -> memoryview:
    pieces: list[pa.Array | pa.Scalar] = []
    for position, (text, mask) in enumerate(zip(texts, masks, strict=True)):
        if position:
            pieces.append(pa.scalar(","))
        if not pa.types.is_string(text.type):
            pieces.append(text.cast(pa.string()))
        else:
            pieces.append(text if mask is None else _quoted_where(text, mask))
    pieces.append(pa.scalar("\n"))
    # A null field is written empty, unquoted: that is what tells it from an empty string ("").
    lines = pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement="")
    return string_bytes(lines)


def minimal_header(names: list[str]) -> bytes:
    """The header line, quoted like values (a name is quoted only when it needs it)."""
    if not names:
        return b""
    return bytes(minimal_lines([pa.array([name], pa.string()) for name in names]))
