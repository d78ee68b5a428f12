"""Safe evaluation of arithmetic expressions such as `record_count: "n_customers * 3"` (never eval).

Every operand is bounded before an operation runs: a single big-integer operation holds the GIL for as
long as it takes, so `(((9**64)**64)**64)**64` would stall every thread of the process (the API's event
loop included) however the evaluation is scheduled. Bounds are therefore checked on sizes, not on time.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

# Longest expression text, deepest syntax tree, largest magnitude of any value met while evaluating
# (2**128 is far beyond any row count yet cheap to compute with), largest exponent, most arguments.
MAX_EXPRESSION_LENGTH = 1000
MAX_DEPTH = 32
MAX_MAGNITUDE = 2**128
MAX_EXPONENT = 64
MAX_ARGUMENTS = 64

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "round": round,
    "floor": math.floor,
    "ceil": math.ceil,
    "abs": abs,
}


class ExpressionError(ValueError):
    """The expression is not valid arithmetic, names an unknown variable, or exceeds a bound."""


def evaluate(expression: str | int | float, variables: Mapping[str, Any]) -> float:
    """Evaluate an arithmetic expression over numeric variables."""
    if isinstance(expression, bool):
        raise ExpressionError(f"expected a number or an arithmetic expression, got {expression!r}")
    if isinstance(expression, int | float):
        return float(_bounded(expression, repr(expression)[:40]))
    text = str(expression).strip()
    if not text:
        raise ExpressionError("empty expression")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_EXPRESSION_LENGTH} characters ({len(text):,})")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"not an arithmetic expression: {text!r}") from exc
    try:
        return float(_eval(tree.body, variables, text, 0))
    except (OverflowError, TypeError, ValueError) as exc:
        if isinstance(exc, ExpressionError):
            raise
        raise ExpressionError(f"cannot evaluate {text!r}: {exc}") from exc


def _bounded(value: Any, text: str) -> Any:
    """The value, if it is a real number no larger than MAX_MAGNITUDE in absolute value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError(f"{text!r} does not give a real number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ExpressionError(f"{text!r} is not finite")
    if abs(value) > MAX_MAGNITUDE:
        raise ExpressionError(f"a value in {text!r} is too large (limit 2**128)")
    return value


def _check_power(left: Any, right: Any, text: str) -> None:
    """Refuse `left ** right` before computing it when its result would exceed MAX_MAGNITUDE."""
    if abs(right) > MAX_EXPONENT:
        raise ExpressionError(f"exponent too large in {text!r} (limit {MAX_EXPONENT})")
    if right > 0 and abs(left) > 1 and right * math.log2(abs(left)) > math.log2(MAX_MAGNITUDE):
        raise ExpressionError(f"result of ** too large in {text!r} (limit 2**128)")


def _eval(node: ast.AST, variables: Mapping[str, Any], text: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ExpressionError(f"expression nested deeper than {MAX_DEPTH} levels: {text[:60]!r}")
    deeper = depth + 1
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(
        node.value, bool
    ):
        return _bounded(node.value, text)
    if isinstance(node, ast.Name):
        if node.id not in variables:
            known = ", ".join(sorted(variables)) or "none defined"
            raise ExpressionError(f"undefined variable '{node.id}' in {text!r} (variables: {known})")
        return _bounded(_number(variables[node.id], node.id), text)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left, variables, text, deeper), _eval(node.right, variables, text, deeper)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right, text)
        try:
            # Both operands are at most 2**128, so even a product costs a few machine words.
            return _bounded(_BINARY[type(node.op)](left, right), text)
        except ZeroDivisionError as exc:
            raise ExpressionError(f"division by zero in {text!r}") from exc
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_eval(node.operand, variables, text, deeper))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
        and len(node.args) <= MAX_ARGUMENTS
    ):
        args = [_eval(a, variables, text, deeper) for a in node.args]
        if node.func.id == "round" and len(args) > 1 and abs(args[1]) > MAX_EXPONENT:
            raise ExpressionError(f"round() to more than {MAX_EXPONENT} digits in {text!r}")
        return _bounded(_FUNCTIONS[node.func.id](*args), text)
    raise ExpressionError(f"only numbers, variables, + - * / // % ** and min/max/round are allowed: {text!r}")


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ExpressionError(f"variable '{name}' is not a number: {value!r}")
    if isinstance(value, int | float):
        return value
    text = str(value)
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"variable '{name}' is not a number: longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        return float(text)
    except ValueError as exc:
        raise ExpressionError(f"variable '{name}' is not a number: {value!r}") from exc
