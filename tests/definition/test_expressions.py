"""record_count expressions: arithmetic over variables only, never Python eval."""

from __future__ import annotations

import pytest

from synthdb.definition.expressions import ExpressionError, evaluate


@pytest.mark.parametrize(
    ("text", "expected"),
    [("100", 100), ("n * 3", 30), ("n / 4", 2.5), ("(n + 2) * 2 - 1", 23), ("n // 3", 3), ("n % 3", 1),
     ("2 ** 10", 1024), ("-n + 20", 10), ("max(n, 50)", 50), ("round(n * 1.26)", 13), (7, 7), (2.5, 2.5),
     ("scale", 2.0)],
)
def test_arithmetic(text: str | int, expected: float) -> None:
    assert evaluate(text, {"n": 10, "scale": "2"}) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('echo hi')", "only numbers"),
        ("n.__class__", "only numbers"),
        ("open('x')", "only numbers"),
        ("[1, 2]", "only numbers"),
        ("lambda: 1", "only numbers"),
        ("m * 2", "undefined variable 'm'"),
        ("n *", "not an arithmetic expression"),
        ("1 / 0", "division by zero"),
        ("2 ** 1000", "exponent too large"),
        ("word", "is not a number"),
        ("", "empty expression"),
        (True, "expected a number"),
    ],
)
def test_rejected(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace("*", r"\*")):
        evaluate(text, {"n": 10, "word": "abc"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(((9**64)**64)**64)**64", "result of \\*\\* too large"),
        ("9**64", "result of \\*\\* too large"),
        ("2**64 * 2**64 * 2**64", "too large"),
        ("n ** 0.5 * big", "too large"),
        ("(-8) ** 0.5", "does not give a real number"),
        ("-" * 200 + "1", "nested deeper"),
        ("1+" * 600 + "1", "longer than 1000 characters"),
        ("(" * 300 + "1" + ")" * 300, "not an arithmetic expression"),
        ("round(n, 10**9)", "round\\(\\) to more than"),
        ("min()", "cannot evaluate"),
        ("floor(1e308 * 10)", "too large"),
        ("huge", "too large"),
        ("max(" + ", ".join(["1"] * 65) + ")", "only numbers"),
    ],
)
def test_bounded(text: str, message: str) -> None:
    """Expressions that would cost seconds of CPU or gigabytes are refused before they are computed."""
    with pytest.raises(ExpressionError, match=message):
        evaluate(text, {"n": 10, "big": 2**127, "huge": 10**50})


def test_bounds_leave_ordinary_sizes_alone() -> None:
    assert evaluate("2 ** 64", {}) == 2.0**64
    assert evaluate("10 ** 12 * 3", {}) == 3e12
    assert evaluate("-" * 20 + "1", {}) == 1
    assert evaluate(10**30, {}) == 1e30
    with pytest.raises(ExpressionError, match="too large"):
        evaluate(10**40, {})
