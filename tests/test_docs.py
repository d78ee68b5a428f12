"""The documentation stays in step with the code."""

from __future__ import annotations

import math
import re
from pathlib import Path

from synthdb.outputs.registry import FORMATS
from synthdb.service.catalog import render_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"
# A decimal number with a fraction or an exponent: the only tokens allowed to differ in their last digits.
_FLOAT = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+e[-+]?\d+")


def same_up_to_float_digits(page: str, current: str, rel_tol: float = 1e-4) -> list[str]:
    """Where the two texts differ, other than in floats that agree to `rel_tol` (empty list: the same)."""
    page_text, current_text = _FLOAT.split(page), _FLOAT.split(current)
    page_numbers, current_numbers = _FLOAT.findall(page), _FLOAT.findall(current)
    if page_text != current_text or len(page_numbers) != len(current_numbers):
        lines = [a for a, b in zip(page.splitlines(), current.splitlines(), strict=False) if a != b]
        return lines[:3] or ["the pages differ in length"]
    return [f"{a} != {b}" for a, b in zip(page_numbers, current_numbers, strict=True)
            if not math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-9)]


def test_float_tolerance_still_sees_real_changes() -> None:
    assert same_up_to_float_digits("x 0.169637 y", "x 0.169638 y") == []
    assert same_up_to_float_digits("x 0.169637 y", "x 0.2 y") != []
    assert same_up_to_float_digits("x 0.1 y", "x 0.1 z") != []
    assert same_up_to_float_digits("x 7 y", "x 8 y") != []


def test_generator_page_is_current() -> None:
    page = (DOCS / "generators.md").read_text(encoding="utf-8")
    differences = same_up_to_float_digits(page, render_markdown())
    assert not differences, f"run: synthdb generators --markdown > docs/generators.md ({differences})"


def test_every_format_is_documented() -> None:
    text = (DOCS / "outputs.md").read_text(encoding="utf-8") + (DOCS / "sql-outputs.md").read_text(encoding="utf-8")
    for name in FORMATS.names():
        assert f"`{name}`" in text, name
