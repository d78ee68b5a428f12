"""Values redrawn per row until they fit: text longer than the declared VARCHAR(n)/CHAR(n) (then cut), and
rows a CHECK on the column rejects (engine/checks.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.definition.model import Field
from synthdb.generators.base import ColumnContext
from synthdb.randomness import derive_key

# Redraws before the rest is cut to length. Each attempt draws from its own stream, so a row's value
# stays a pure function of (seed, table, column, row): the attempts a row needs do not depend on the batch.
REDRAWS = 8


def declared_length(fld: Field) -> int | None:
    """n of a text data_type such as VARCHAR(n) or CHAR(n); None for unbounded text or other types."""
    if not fld.data_type:
        return None
    from synthdb.sql_memo import remembered

    data_type = fld.data_type
    # Parsing a type needs sqlglot; the command line remembers each answer between runs.
    length = remembered("text-length", (data_type,), lambda: _parsed_length(data_type))
    return None if length is None else int(length)


def _parsed_length(data_type: str) -> int | None:
    from synthdb.column_types import parse_column_type

    parsed = parse_column_type(data_type)
    if parsed is None or parsed.kind not in {"string", "enum"} or not parsed.length:
        return None
    return parsed.length


def too_long(values: pa.Array, length: int) -> np.ndarray:
    """True where a value has more than `length` characters (nulls never do)."""
    sizes = pc.utf8_length(values).fill_null(0)
    return np.asarray(sizes.to_numpy(zero_copy_only=False) > length)


def _subset(ctx: ColumnContext, picked: np.ndarray, attempt: int, salt: str = "fit") -> ColumnContext:
    """The context of the picked rows only, drawing from the attempt's own streams."""
    def rows_of(array: np.ndarray | None) -> np.ndarray | None:
        return None if array is None else array[picked]

    return replace(
        ctx,
        rows=ctx.rows[picked],
        stream=ctx.stream.child(salt, attempt),
        # A grouped generator (city with its state) draws its group from group_seed: without a new one
        # the redraw would repeat the same value. The redrawn value may then leave its group's row.
        group_seed=derive_key(ctx.group_seed, salt, attempt),
        columns={name: array.take(pa.array(picked)) for name, array in ctx.columns.items()},
        parent_rows={name: rows[picked] for name, rows in ctx.parent_rows.items()},
        driving_parent_rows=rows_of(ctx.driving_parent_rows),
        partition_start=rows_of(ctx.partition_start),
        partition_stop=rows_of(ctx.partition_stop),
        null_mask=None,
    )


def redraw_where(values: pa.Array, ctx: ColumnContext, bad: Callable[[pa.Array, ColumnContext], np.ndarray],
                 generate: Callable[[ColumnContext], pa.Array], salt: str, attempts: int = REDRAWS) -> pa.Array:
    """`values` with each row where `bad` holds replaced by the row's first redraw where it does not (up to
    `attempts`, each from the attempt's own streams); rows still bad keep their last value."""
    failing = bad(values, ctx)
    if not failing.any():
        return values
    result = values
    for attempt in range(1, attempts + 1):
        picked = np.flatnonzero(failing)
        if not len(picked):
            break
        sub = _subset(ctx, picked, attempt, salt)
        redrawn = generate(sub)
        good = ~bad(redrawn, sub)
        if good.any():
            positions = picked[good]
            mask = np.zeros(len(values), dtype=bool)
            mask[positions] = True
            # Scatter the good redraws into their rows (replace_with_mask takes them in row order).
            result = pc.replace_with_mask(result, pa.array(mask), redrawn.filter(pa.array(good)))
            failing[positions] = False
    return result


def redraw_to_fit(values: pa.Array, ctx: ColumnContext, length: int,
                  generate: Callable[[ColumnContext], pa.Array]) -> pa.Array:
    """`values` with each too-long value replaced by the row's first redraw that fits (up to REDRAWS)."""
    return redraw_where(values, ctx, lambda v, _: too_long(v, length), generate, "fit")


def cut_to_length(values: pa.Array, length: int) -> pa.Array:
    """Values still longer than `length` characters cut to it, as a database in non-strict mode would."""
    if not too_long(values, length).any():
        return values
    return pc.utf8_slice_codeunits(values, 0, length)
