"""The gender of the person a row describes, shared by its name, title, gender and identity-number columns.

One rule decides it for every column of a coherence group (same `group_key`, or none): the row's
Gender / Gender Abbreviation column when the group has one; else a gender stated on a name field of the
group (`gender: female` on First Name); else one draw from the group's shared "person" stream, so that
First Name, Title and Suffix computed independently still agree row by row.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.definition.model import Field
from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.helpers.common import as_strings

MALE, FEMALE, OTHER = 0, 1, 2
GENDER_KEYS = frozenset({"gender", "gender_abbreviation"})
NAME_KEYS = frozenset({"first_name", "full_name", "middle_name"})
# Spellings a Gender column (ours or a Custom List) may use, lowercased.
_FEMALE = ["female", "f", "woman", "w", "girl", "frau", "weiblich", "femme", "féminin", "mujer", "femenino",
           "donna", "feminino", "vrouw", "v", "女", "女性"]
_MALE = ["male", "m", "man", "boy", "herr", "männlich", "homme", "masculin", "hombre", "masculino", "uomo",
         "h", "男", "男性"]


def _generator_key(generator: Generator, fld: Field) -> str | None:
    cls = generator.siblings.generator_of(fld)  # None: the planner reports that field itself
    return cls.key if cls is not None else None


def group_sibling(generator: Generator, keys: frozenset[str]) -> Field | None:
    """The first other field of the same coherence group (same group_key) whose generator key is in `keys`."""
    for fld in generator.entity.fields:
        if fld.name == generator.field.name or fld.group_key != generator.field.group_key:
            continue
        if _generator_key(generator, fld) in keys:
            return fld
    return None


def stated_gender(params: Any) -> int | None:
    """MALE / FEMALE when a name generator's parameters fix the gender, else None."""
    value = str(getattr(params, "gender", None) or (params.get("gender") if isinstance(params, dict) else "") or "")
    value = value.strip().lower()
    return {"male": MALE, "m": MALE, "female": FEMALE, "f": FEMALE}.get(value)


class GenderSource:
    """Where a generator's rows get their gender from (decided once, when the generator is set up)."""

    def __init__(self, generator: Generator, own: int | None = None, follow_names: bool = True,
                 columns: frozenset[str] = GENDER_KEYS) -> None:
        self.column: str | None = None
        self.fixed: int | None = own
        if own is not None:
            return
        sibling = group_sibling(generator, columns) if columns else None
        if sibling is not None:
            self.column = sibling.name
            return
        # Name columns do not follow each other's stated gender: two First Name columns, one male and
        # one female, describe two lists, not one person.
        named = group_sibling(generator, NAME_KEYS) if follow_names else None
        if named is not None:
            self.fixed = stated_gender(named.params)

    def dependencies(self) -> list[str]:
        """The gender column this source reads, if any."""
        return [self.column] if self.column else []

    def codes(self, ctx: ColumnContext, nonbinary_share: float = 0.0) -> np.ndarray:
        """MALE / FEMALE / OTHER per row."""
        if self.fixed is not None:
            return np.full(len(ctx.rows), self.fixed, dtype=np.int8)
        if self.column is not None:
            return gender_codes(ctx.columns[self.column])
        return shared_draw(ctx, nonbinary_share)


def shared_draw(ctx: ColumnContext, nonbinary_share: float = 0.0) -> np.ndarray:
    """The group's gender per row: one uniform draw of the shared "person" stream (half female)."""
    u = ctx.group("person").child("gender").uniform(ctx.rows)
    binary = (1.0 - nonbinary_share) / 2
    return np.where(u < binary, FEMALE, np.where(u < 2 * binary, MALE, OTHER)).astype(np.int8)


def gender_codes(values: pa.Array) -> np.ndarray:
    """MALE / FEMALE / OTHER from a column of gender words or letters (unknown and null: OTHER)."""
    text = pc.utf8_lower(pc.utf8_trim_whitespace(as_strings(values)))
    female = pc.fill_null(pc.is_in(text, value_set=pa.array(_FEMALE)), False).to_numpy(zero_copy_only=False)
    male = pc.fill_null(pc.is_in(text, value_set=pa.array(_MALE)), False).to_numpy(zero_copy_only=False)
    return np.where(female, FEMALE, np.where(male, MALE, OTHER)).astype(np.int8)


def pick_by_gender(codes: np.ndarray, rows: np.ndarray, pickers: dict[int, Any], stream: Any) -> pa.Array:
    """Values from a per-gender picker (Choices) chosen by each row's gender code.

    A row's value depends only on (stream, row, gender): picks are pure functions of the row index, so
    each gender's rows are drawn as one subset and the subsets are put back in row order.
    """
    fallback = pickers.get(OTHER, pickers[MALE])  # rows of another gender use the neutral list if any
    chosen = [pickers.get(code, fallback) for code in (MALE, FEMALE, OTHER)]
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(4))
    chunks = [chosen[c].pick(rows[order[bounds[c]:bounds[c + 1]]], stream) for c in range(3)]
    grouped = pa.concat_arrays([c.cast(pa.string()) for c in chunks])
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return grouped.take(pa.array(inverse))
