"""Names as email and username parts: ASCII-folded (Müller → mueller, other scripts romanised), looked up
in precomputed foldings of the reference name lists."""

from __future__ import annotations

from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext
from synthdb.generators.helpers import picked
from synthdb.generators.helpers.arrays import index_in_pool
from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.common import as_strings
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.generators.helpers.reference import Choices, ascii_fold, first_names, last_names
from synthdb.generators.helpers.romanize import romanize
from synthdb.randomness import Stream

_NULL = pa.scalar(None, pa.string())


def fold_name(values: pa.Array, locale: str) -> pa.Array:
    """ASCII spelling of names: Latin letters folded (Müller → mueller), other scripts romanised first."""
    folded = nonempty(ascii_fold(values))
    if folded.null_count == values.null_count:
        return folded
    return pc.coalesce(folded, nonempty(ascii_fold(romanize(values, locale))))


def nonempty(values: pa.Array) -> pa.Array:
    """Empty strings become null, so that joins skip them (and their separator)."""
    return pc.if_else(pc.greater(pc.utf8_length(values), 0), values, _NULL)


@cache
def folded_names(locale: str, part: str) -> tuple[Choices, pa.Array]:
    """A name list and its ASCII-folded spelling, folded once into the reference cache (89,000 census
    surnames take tens of milliseconds to fold, which every start would pay)."""
    pool = first_names(locale) if part == "first" else last_names(locale)
    sources = [source_of(f"synthdb.generators.helpers.{m}") for m in ("reference", "census", "romanize")]
    table = cached_table("folded-names", ("Faker", "anyascii"),
                         lambda: pa.table({"folded": fold_name(pool.values, locale)}),
                         [source_of(__name__), *sources], (part, locale))
    return pool, column_of(table, "folded")


def name_token(ctx: ColumnContext, sibling: str | None, locale: str, part: str, stream: Stream) -> pa.Array:
    """One folded name part per row (null when nothing is left, so the separator is skipped)."""
    pool, folded = folded_names(locale, part)
    if sibling is None:
        return folded.take(pa.array(pool.indices(ctx.rows, stream)))
    raw = as_strings(ctx.columns[sibling])
    # Names from the reference list (the usual case) take their precomputed folding by lookup.
    found = picked.positions(raw, pool.values)
    known = folded.take(pa.array(found) if found is not None else index_in_pool(raw, pool.values))
    if known.null_count == raw.null_count:
        return known
    return pc.coalesce(known, fold_name(raw, locale))

