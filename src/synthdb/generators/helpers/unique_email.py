"""Local parts of unique email addresses: mostly without digits, distinct by construction (see identities.py).

Each address is a *base* (letters and separators) plus an optional digit suffix. Bases are distinct across
the rows whose names come from the identity layout, because a base is only written by the row that ranks
first in what the base shows: first.last and first_last by rank 0 of (first, last), first.x.last by rank
x of it, the bare first name by the first row of its first name, first name + last initial by the first
row of its (first, initial). Bases contain no digits, so a suffix cannot turn one base into another; a
suffix is either the row's birth year (4 or 2 digits) or a keyed per-row number of 1, 3, 5+ digits, which
no year can equal. Rows whose name columns do not hold their layout names (a custom list, another
locale, a male row with a name also on the female list) keep their own names with the per-row number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext
from synthdb.generators.helpers.arrays import index_in_pool
from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.identities import (
    Layout,
    NamePool,
    first_pool,
    fold_keys,
    last_pool,
    layout,
    pick_spelling,
    suffix_numbers,
)
from synthdb.generators.helpers.people import FEMALE, MALE
from synthdb.generators.helpers.refcache import cached_table, column_of
from synthdb.randomness import Stream, derive_key

# Shares of address styles (no digits / birth year / other number), after e.g. Hotmail and Gmail
# directory studies: most personal addresses are name-only; a year is the commonest number.
KIND_SHARES = (0.70, 0.20, 0.10)
# Styles of the first address of a (first, last): first.last, first_last, firstl (first + last initial),
# first. Unavailable ones (not the first row of the name or initial) fall back to first.last.
STYLE_SHARES = (0.55, 0.15, 0.18, 0.12)
# Middle-initial letters for the later rows of a (first, last): john.a.smith.
_MIDDLE = "amjlersdckbtwgpnhfouvziyqx"


@dataclass
class Identities:
    """The layout names of each row (ASCII keys) and, per row, whether the layout holds for it."""

    first: pa.Array
    last: pa.Array
    ranks: Layout
    ok: np.ndarray
    male: np.ndarray  # rows laid out over the male list (their first indices point into it)


@cache
def gender_layouts(locale: str) -> tuple[str, str | None]:
    """Which lists the female and male rows are laid out over; None: male rows share the female layout."""
    female, male = first_pool(locale, "female"), first_pool(locale, "male")
    same = len(female.keys) == len(male.keys) and pc.all(pc.equal(female.keys, male.keys)).as_py()
    return "female", None if same else "male"


@cache
def owned_names(locale: str) -> tuple[np.ndarray, np.ndarray]:
    """Per key of the female and of the male list: whether that list owns the name (is where it is commoner)."""
    female, male = first_pool(locale, "female"), first_pool(locale, "male")
    share_f, share_m = np.diff(female.cum), np.diff(male.cum)
    return (share_f >= _share_in(female.keys, male.keys, share_m),
            share_m > _share_in(male.keys, female.keys, share_f))


def _share_in(keys: pa.Array, other_keys: pa.Array, other_shares: np.ndarray) -> np.ndarray:
    """Each key's share in the other list (0 where that list lacks it)."""
    at = pc.index_in(keys, value_set=other_keys).fill_null(-1).to_numpy()
    return np.where(at >= 0, other_shares[np.maximum(at, 0)], 0.0)


def identities(rows: np.ndarray, size: int, key: int, locale: str, genders: np.ndarray) -> Identities:
    """Layout names of every row: female rows from the female list, male rows from the male list."""
    female, male = gender_layouts(locale)
    lasts = last_pool(locale)
    out = layout(rows, size, derive_key(key, female), locale, female)
    first = first_pool(locale, female).keys.take(pa.array(out.first))
    ok = np.isin(genders, (FEMALE, MALE))
    is_male = np.zeros(len(rows), dtype=bool)
    if male is not None:
        is_male = genders == MALE
        other = layout(rows, size, derive_key(key, male), locale, male)
        male_first = first_pool(locale, male).keys.take(pa.array(other.first))
        # A name on both lists belongs to the list where it is commoner: a row of the other gender
        # keeps it but writes a number (the two layouts rank their rows independently).
        owned = owned_names(locale)
        ok &= np.where(is_male, owned[1][other.first], owned[0][out.first])
        first = pc.if_else(pa.array(is_male), male_first, first)
        for name in ("first", "last", "rank", "first_of_name", "first_of_initial"):
            setattr(out, name, np.where(is_male, getattr(other, name), getattr(out, name)))
    return Identities(first, lasts.keys.take(pa.array(out.last)), out, ok, is_male)


def layout_names(ids: Identities, locale: str, stream: Stream, rows: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """The first and last name columns of the layout: a spelling of each row's keys (José or Jose)."""
    female, male = gender_layouts(locale)
    u = stream.child("spelling").uniform(rows)
    first = pick_spelling(first_pool(locale, female), np.where(ids.male, 0, ids.ranks.first), u)
    if male is not None and ids.male.any():
        male_first = pick_spelling(first_pool(locale, male), np.where(ids.male, ids.ranks.first, 0), u)
        first = pc.if_else(pa.array(ids.male), male_first, first)
    last = pick_spelling(last_pool(locale), ids.ranks.last, stream.child("spelling").uniform(rows, draw=1))
    return first, last


def name_keys(values: pa.Array, pools: list[NamePool], locale: str) -> pa.Array:
    """ASCII keys of a name column: by lookup for the lists' own spellings, folded otherwise (a custom list)."""
    raw = values.cast(pa.string())
    keys = pa.nulls(len(raw), pa.string())
    for pool in pools:
        found = index_in_pool(raw, pool.raw)
        keys = pc.coalesce(keys, pool.keys.take(pa.array(pool.group_of_raw).take(found)))
        if keys.null_count == raw.null_count:
            return keys
    return pc.coalesce(keys, fold_keys(raw, locale))


@cache
def barred_initials(locale: str) -> pa.Array:
    """first name + last initial spellings that are also some first name (jona + s = jonas): never written.
    Kept in the reference cache: joining every first name with every initial costs 15 ms of each start."""
    modules = ("unique_email", "identities", "reference", "census", "romanize")
    inputs = [source_of(f"synthdb.generators.helpers.{m}") for m in modules]
    table = cached_table("barred-initials", ("Faker", "anyascii"),
                         lambda: pa.table({"barred": _barred_initials(locale)}), inputs, (locale,))
    return column_of(table, "barred")


def _barred_initials(locale: str) -> pa.Array:
    female, male = first_pool(locale, "female"), first_pool(locale, "male")
    names = pa.concat_arrays([female.keys, male.keys])
    letters = pc.unique(pc.utf8_slice_codeunits(last_pool(locale).keys, 0, 1))
    initials = pc.sort_indices(letters)  # the distinct initials, sorted, without the empty key's ""
    initials = letters.take(initials).filter(pc.greater(pc.utf8_length(letters.take(initials)), 0))
    joined = pc.binary_join_element_wise(
        pa.array(np.repeat(names.to_numpy(zero_copy_only=False), len(initials))),
        pa.array(np.tile(initials.to_numpy(zero_copy_only=False), len(names))), "")
    return joined.filter(pc.is_in(joined, value_set=names))


def local_parts(ids: Identities, fallback: pa.Array, rows: np.ndarray, stream: Stream,
                years: np.ndarray, locale: str) -> pa.Array:
    """One local part per row: a base from the layout (or `fallback`, the row's own folded name) + suffix."""
    ranks, first, last = ids.ranks, ids.first, ids.last
    ok = ids.ok & (ranks.rank <= len(_MIDDLE)) & pc.fill_null(pc.and_(
        pc.greater(pc.utf8_length(first), 0), pc.greater(pc.utf8_length(last), 0)), False).to_numpy(
            zero_copy_only=False)
    style = stream.child("style").choice(rows, 4, STYLE_SHARES)
    initial = pc.utf8_slice_codeunits(last, 0, 1)
    with_initial = pc.binary_join_element_wise(first, initial, "")
    barred = pc.is_in(with_initial, value_set=barred_initials(locale)).to_numpy(zero_copy_only=False)
    style = np.where((style == 2) & ~(ranks.first_of_initial & ~barred), 0, style)
    style = np.where((style == 3) & ~ranks.first_of_name, 0, style)
    middle = pa.array(np.array(list(_MIDDLE))[np.clip(ranks.rank - 1, 0, len(_MIDDLE) - 1)])
    dotted = pc.binary_join_element_wise(first, last, ".")
    base = pc.if_else(pa.array(ranks.rank > 0), pc.binary_join_element_wise(first, middle, last, "."),
                      pc.choose(pa.array(style.astype(np.int8)), dotted,
                                pc.binary_join_element_wise(first, last, "_"), with_initial, first))
    base = pc.if_else(pa.array(ok), base, fallback)
    kind = stream.child("kind").choice(rows, 3, KIND_SHARES)
    kind = np.where(ok, kind, 2)  # rows outside the layout are only distinct through their number
    short = stream.child("short").uniform(rows) < 0.4
    year_text = pa.array(np.where(short, years % 100, years)).cast(pa.string())
    year_text = pc.if_else(pa.array(short), pc.utf8_lpad(year_text, 2, "0"), year_text)
    number = pa.array(suffix_numbers(rows, derive_key(stream.key, "number"))).cast(pa.string())
    suffix = pc.choose(pa.array(kind.astype(np.int8)), pa.array([""] * len(rows), pa.string()), year_text, number)
    return pc.binary_join_element_wise(base, suffix, "")


def _agree(actual: pa.Array, expected: pa.Array) -> np.ndarray:
    return pc.fill_null(pc.equal(actual, expected), False).to_numpy(zero_copy_only=False)


def unique_local_parts(ctx: ColumnContext, key: int, locale: str, genders: np.ndarray,
                       columns: dict[str, pa.Array], fallback: pa.Array, birth: pa.Array | None) -> pa.Array:
    """Local parts of a unique email column: the layout's names where the row's name columns
    (`columns`: first, last, full) hold them, the row's own name (`fallback`) and a number elsewhere."""
    rows = ctx.rows
    ids = identities(rows, ctx.table_size, key, locale, genders)
    if "first" in columns:
        pools = [first_pool(locale, "female"), first_pool(locale, "male")]
        ids.ok &= _agree(name_keys(columns["first"], pools, locale), ids.first)
    if "last" in columns:
        ids.ok &= _agree(name_keys(columns["last"], [last_pool(locale)], locale), ids.last)
    if "full" in columns:
        full = fold_keys(columns["full"].cast(pa.string()), locale)
        ids.ok &= _agree(full, pc.binary_join_element_wise(ids.first, ids.last, "")) | _agree(
            full, pc.binary_join_element_wise(ids.last, ids.first, ""))
    stream = ctx.stream.child("unique")
    years = stream.child("year").integers(rows, 1950, 2005)
    if birth is not None:  # the row's own birth year where it has one
        born = pc.year(birth.cast(pa.date32())).fill_null(0).to_numpy(zero_copy_only=False)
        years = np.where(born > 0, born, years)
    return local_parts(ids, fallback, rows, stream, years, locale)
