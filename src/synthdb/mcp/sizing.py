"""Answers sized for an agent's context: capped rows, truncated long values, pages of lists."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
from collections.abc import Sequence
from typing import Any, TypeVar

# A value longer than this is cut, with a note saying so; an agent rarely needs the whole text.
MAX_VALUE_CHARS = 200
MAX_PREVIEW_ROWS = 100
DEFAULT_PREVIEW_ROWS = 10
MAX_PAGE_SIZE = 50
# Text arguments larger than this are refused before any work (DDL, YAML definitions).
MAX_TEXT_CHARS = 1_000_000

T = TypeVar("T")


def plain(value: Any) -> Any:
    """A JSON-ready version of a value produced by the engine (dates, decimals, bytes, NaN)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


class Truncator:
    """Cuts long strings, counting how many it cut so the answer can say so."""

    def __init__(self, limit: int = MAX_VALUE_CHARS) -> None:
        self.limit = limit
        self.cut = 0

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) > self.limit:
            self.cut += 1
            return value[: self.limit] + f"… [{len(value) - self.limit} more characters]"
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value

    def note(self) -> str | None:
        """A sentence for the answer when something was cut."""
        if not self.cut:
            return None
        return f"{self.cut} value(s) longer than {self.limit} characters were truncated (marked with …)."


def clamp(value: int, low: int, high: int) -> int:
    """`value` within [low, high]."""
    return max(low, min(high, value))


def page_of(items: Sequence[T], page: int, page_size: int) -> tuple[list[T], dict[str, Any]]:
    """One page of `items` and the paging facts (page, pages, total, next_page)."""
    size = clamp(page_size, 1, MAX_PAGE_SIZE)
    total = len(items)
    pages = max(1, math.ceil(total / size))
    page = clamp(page, 1, pages)
    chunk = list(items[(page - 1) * size : page * size])
    info = {"page": page, "pages": pages, "total": total, "next_page": page + 1 if page < pages else None}
    return chunk, info
