"""Phone: valid North American (NANP) telephone numbers in national, E.164 or custom layouts."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.common import CONTACT, is_unique
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key

# Named layouts; any other `format` is a pattern whose '#'s take the 10 digits (11: a leading country 1).
FORMATS = {
    "national": "(###) ###-####",
    "e164": "+1##########",
    "international": "+1 ###-###-####",
    "dashes": "###-###-####",
    "dots": "###.###.####",
    "spaces": "### ### ####",
    "digits": "##########",
}
# Area codes and exchanges are NXX: N in 2-9, X in 0-9, never N11 (211, 311, ... are service codes).
NXX_COUNT = 8 * 99
CAPACITY = NXX_COUNT * NXX_COUNT * 10_000


class PhoneParams(BaseModel):
    """Parameters of Phone: `format` is a named layout or a '#' pattern with 10 or 11 digits."""

    model_config = ConfigDict(extra="ignore")
    format: str = FORMATS["national"]

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        text = "national" if value is None else str(value).strip()
        named = text.lower().replace("-", "").replace("_", "").replace(".", "")
        if named in FORMATS:
            return FORMATS[named]
        if text.count("#") not in (10, 11):
            raise ValueError(f"use one of {', '.join(FORMATS)} or a pattern with ten '#' digits, got '{text}'")
        return text


def nxx(index: np.ndarray) -> np.ndarray:
    """Map [0, 792) onto the valid NXX codes in order (200..999 without the N11 codes)."""
    tail = index % 99
    return (2 + index // 99) * 100 + tail + (tail >= 11)


@register
class Phone(Generator):
    """NANP numbers: area code and exchange never start with 0/1 and are never N11."""

    display_name = "Phone"
    key = "phone"
    unique_values = True
    aliases = ("phone_number", "telephone", "phone_number_us")
    category = CONTACT
    description = "A valid North American number, e.g. (415) 555-0134 or +14155550134 (format: national, e164, ...)."
    Params = PhoneParams
    params: PhoneParams

    def capacity(self) -> int | None:
        return CAPACITY

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream = ctx.rows, ctx.stream
        if is_unique(self):
            # A keyed permutation of the whole number space: distinct rows get distinct numbers.
            index = permute(rows, CAPACITY, derive_key(stream.key, "unique"))
            line, rest = index % 10_000, index // 10_000
            area, exchange = nxx(rest // NXX_COUNT), nxx(rest % NXX_COUNT)
        else:
            area = nxx(stream.integers(rows, 0, NXX_COUNT - 1))
            exchange = nxx(stream.integers(rows, 0, NXX_COUNT - 1, draw=1))
            line = stream.integers(rows, 0, 9_999, draw=2)
        # Area codes are >= 200, so the 10-digit text never loses a leading zero.
        digits = pa.array(area * 10**7 + exchange * 10**4 + line).cast(pa.string())
        return _layout(digits, self.params.format)


def _layout(digits: pa.Array, pattern: str) -> pa.Array:
    """Pour the 10 digits into the pattern's '#' runs; with 11 '#'s the first one is the country code 1."""
    if pattern.count("#") == 11:
        digits = pc.binary_join_element_wise("1", digits, "")
    pieces: list[pa.Array | str] = []
    position = 0
    for match in re.finditer(r"#+|[^#]+", pattern):
        text = match.group(0)
        if text.startswith("#"):
            pieces.append(pc.utf8_slice_codeunits(digits, position, position + len(text)))
            position += len(text)
        else:
            pieces.append(text)
    return pc.binary_join_element_wise(*pieces, "")
