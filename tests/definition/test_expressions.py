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
