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


@pytest.mark.parametrize(
    ("text", "variables", "message"),
    [
        # The whole expression is named wherever in it the problem sits (left, right, unary, call argument).
        ("m + 1", {"n": 1}, "undefined variable 'm' in 'm + 1' (variables: n)"),
        ("1 + m", {"b": 1, "a": 2}, "undefined variable 'm' in '1 + m' (variables: a, b)"),
        ("-m", {}, "undefined variable 'm' in '-m' (variables: none defined)"),
        ("max(1, m)", {"n": 1}, "undefined variable 'm' in 'max(1, m)' (variables: n)"),
        ("  n / 0 ", {"n": 1}, "division by zero in 'n / 0'"),
        ("2 ** 65", {}, "exponent too large in '2 ** 65' (limit 64)"),
        ("2 ** -65", {}, "exponent too large in '2 ** -65' (limit 64)"),
        ("n * 2", {"n": "abc"}, "variable 'n' is not a number: 'abc'"),
        ("1 + n", {"n": True}, "variable 'n' is not a number: True"),
        ("   ", {}, "empty expression"),
        ("n *", {"n": 1}, "not an arithmetic expression: 'n *'"),
        ("n.real", {"n": 1}, "only numbers, variables, + - * / // % ** and min/max/round are allowed: 'n.real'"),
        (False, {}, "expected a number or an arithmetic expression, got False"),
    ],
)
def test_error_messages_name_the_expression_and_the_problem(text: str, variables: dict, message: str) -> None:
    with pytest.raises(ExpressionError) as error:
        evaluate(text, variables)
    assert str(error.value) == message


def test_exponents_up_to_64_are_allowed_and_variables_on_either_side_are_read() -> None:
    assert evaluate("2 ** 64", {}) == 2.0**64
    assert evaluate("2 ** -64", {}) == 2.0**-64
    assert evaluate("1 + n", {"n": 2}) == 3 and evaluate("-n", {"n": 2}) == -2
    assert evaluate("min(n, 5) + abs(-n) + floor(n / 3) + ceil(n / 3)", {"n": 7}) == 5 + 7 + 2 + 3
