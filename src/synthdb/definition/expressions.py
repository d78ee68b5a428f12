"""Safe evaluation of arithmetic expressions such as `record_count: "n_customers * 3"` (never eval)."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

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
    """The expression is not valid arithmetic or names an unknown variable."""


def evaluate(expression: str | int | float, variables: Mapping[str, Any]) -> float:
    """Evaluate an arithmetic expression over numeric variables."""
    if isinstance(expression, bool):
        raise ExpressionError(f"expected a number or an arithmetic expression, got {expression!r}")
    if isinstance(expression, int | float):
        return float(expression)
    text = str(expression).strip()
    if not text:
        raise ExpressionError("empty expression")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not an arithmetic expression: {text!r}") from exc
    return float(_eval(tree.body, variables, text))


def _eval(node: ast.AST, variables: Mapping[str, Any], text: str) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(
        node.value, bool
    ):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in variables:
            known = ", ".join(sorted(variables)) or "none defined"
            raise ExpressionError(f"undefined variable '{node.id}' in {text!r} (variables: {known})")
        return _number(variables[node.id], node.id)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left, variables, text), _eval(node.right, variables, text)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise ExpressionError(f"exponent too large in {text!r}")
        try:
            return _BINARY[type(node.op)](left, right)
        except ZeroDivisionError as exc:
            raise ExpressionError(f"division by zero in {text!r}") from exc
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_eval(node.operand, variables, text))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](*(_eval(a, variables, text) for a in node.args))
    raise ExpressionError(f"only numbers, variables, + - * / // % ** and min/max/round are allowed: {text!r}")


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise ExpressionError(f"variable '{name}' is not a number: {value!r}")
    if isinstance(value, int | float):
        return value
    try:
        return float(str(value))
    except ValueError as exc:
        raise ExpressionError(f"variable '{name}' is not a number: {value!r}") from exc
