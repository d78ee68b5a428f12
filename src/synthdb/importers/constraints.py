"""CHECK constraints as generator parameters: ranges become min/max, IN lists become Custom List values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp


@dataclass
class Facts:
    """What the CHECKs on one column say about its values."""

    low: Any = None
    low_strict: bool = False
    high: Any = None
    high_strict: bool = False
    values: list[Any] | None = None
    prefix: str | None = None  # `col LIKE 'AB-%'`
    format: str | None = None  # a Character Sequence format matching T-SQL's `col LIKE '[0-9][0-9]'`
    understood: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def raise_low(self, value: Any, strict: bool) -> None:
        if self.low is None or _greater(value, self.low) or (value == self.low and strict):
            self.low, self.low_strict = value, strict

    def lower_high(self, value: Any, strict: bool) -> None:
        if self.high is None or _greater(self.high, value) or (value == self.high and strict):
            self.high, self.high_strict = value, strict

    def allow(self, values: list[Any]) -> None:
        self.values = values if self.values is None else [v for v in self.values if v in values]


@dataclass(frozen=True)
class Ordering:
    """`later >= earlier` (or `>` when strict) between two columns of one table."""

    later: str
    earlier: str
    strict: bool


def _greater(a: Any, b: Any) -> bool:
    try:
        return bool(a > b)
    except TypeError:
        return str(a) > str(b)


def _bare(node: exp.Expression) -> exp.Expression:
    """Strip parentheses and casts: PostgreSQL stores `CHECK (x >= 0)` as `((x >= (0)::numeric))`."""
    while isinstance(node, exp.Paren | exp.Cast | exp.TryCast):
        node = node.this
    return node


def _column(node: exp.Expression) -> str | None:
    node = _bare(node)
    return node.name if isinstance(node, exp.Column) else None


def literal(node: exp.Expression) -> Any:
    """A literal's Python value (numbers as int/float, strings as str); raises ValueError otherwise."""
    node = _bare(node)
    if isinstance(node, exp.Neg):
        value = literal(node.this)
        if isinstance(value, int | float):
            return -value
    if isinstance(node, exp.Literal):
        if node.is_string:
            return str(node.this)
        text = str(node.this)
        return int(text) if text.lstrip("-").isdigit() else float(text)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    raise ValueError(f"not a literal: {node.sql()}")


def _conjuncts(node: exp.Expression) -> list[exp.Expression]:
    node = _bare(node)
    if isinstance(node, exp.And):
        return _conjuncts(node.this) + _conjuncts(node.expression)
    return [node]


def _disjuncts(node: exp.Expression) -> list[exp.Expression]:
    node = _bare(node)
    if isinstance(node, exp.Or):
        return _disjuncts(node.this) + _disjuncts(node.expression)
    return [node]


# Characters Character Sequence's `format` reads as placeholders: a prefix holding one cannot be written there.
_FORMAT_SPECIALS = "#@^*$%"
_FLIP = {exp.GT: exp.LT, exp.GTE: exp.LTE, exp.LT: exp.GT, exp.LTE: exp.GTE, exp.EQ: exp.EQ}


def _cased(node: exp.Expression) -> exp.Expression:
    """`upper(col)` / `lower(col)` -> `col`: the listed values themselves then pass the CHECK."""
    node = _bare(node)
    return _bare(node.this) if isinstance(node, exp.Upper | exp.Lower) else node


def _listed(node: exp.Expression, column: str) -> list[Any] | None:
    """Values of `col IN (...)`, `col = ANY (ARRAY[...])` or `col = a OR col = b` (also under upper() or
    lower()); None if not such a list."""
    if isinstance(node, exp.In) and _column(_cased(node.this)) == column and node.expressions:
        values = [literal(v) for v in node.expressions]
        cased = _bare(node.this)
        if isinstance(cased, exp.Upper | exp.Lower):  # keep only values the case function leaves unchanged
            values = [v for v in values if not isinstance(v, str) or
                      v == (v.upper() if isinstance(cased, exp.Upper) else v.lower())]
        return values
    if isinstance(node, exp.EQ) and _column(node.this) == column and isinstance(_bare(node.expression), exp.Any):
        inner = _bare(_bare(node.expression).this)
        if isinstance(inner, exp.Array | exp.Tuple):
            return [literal(v) for v in inner.expressions]
    parts = _disjuncts(node)
    if len(parts) > 1 and all(isinstance(p, exp.EQ) for p in parts):
        values = []
        for part in parts:
            if _column(_cased(part.this)) == column:
                values.append(literal(part.expression))
            elif _column(_cased(part.expression)) == column:
                values.append(literal(part.this))
            else:
                return None
        return values
    return None


def _is_null_test(node: exp.Expression, column: str) -> bool:
    return isinstance(node, exp.Is) and _column(node.this) == column


def _alternatives(facts: Facts, atom: exp.Expression, column: str) -> bool | None:
    """`a OR b OR col IS NULL`: the IS NULL goes (NULLs pass anyway); a regular-expression alternative with a
    format is honoured by that format alone, lists are merged. None when `atom` is no such disjunction."""
    parts = _disjuncts(atom)
    rest = [p for p in parts if not _is_null_test(p, column)]
    if len(parts) == 1 or not rest:
        return None
    if len(rest) == 1:
        return _apply_atom(facts, rest[0], column)
    for part in rest:
        if isinstance(part, exp.RegexpLike) and _column(part.this) == column and part.meta.get("format"):
            facts.format = part.meta["format"]
            return True
    if _listed(atom, column) is not None:
        return None
    values: list[Any] = []
    for part in rest:
        listed = _listed(part, column)
        if listed is None:
            return False
        values += listed
    facts.allow(values)
    return True


def _apply_atom(facts: Facts, atom: exp.Expression, column: str) -> bool:
    either = _alternatives(facts, atom, column)
    if either is not None:
        return either
    if isinstance(atom, exp.RegexpLike) and _column(atom.this) == column and atom.meta.get("format"):
        facts.format = atom.meta["format"]
        return True
    listed = _listed(atom, column)
    if listed is not None:
        facts.allow(listed)
        return True
    if isinstance(atom, exp.Between) and _column(atom.this) == column:
        facts.raise_low(literal(atom.args["low"]), False)
        facts.lower_high(literal(atom.args["high"]), False)
        return True
    if (isinstance(atom, exp.Not) and isinstance(_bare(atom.this), exp.Is)) or isinstance(atom, exp.Is):
        return True  # IS NOT NULL: the field's percent_null says it
    if isinstance(atom, exp.Like) and _column(atom.this) == column:
        pattern = literal(atom.expression)
        head = pattern[:-1] if isinstance(pattern, str) and pattern.endswith("%") else None
        if head and not set(head) & set("%_\\") and not set(head) & set(_FORMAT_SPECIALS):
            facts.prefix = head
            return True
        return False
    kind: Any = type(atom)
    if kind in _FLIP:
        left, right = atom.this, atom.expression
        if _column(right) == column and _column(left) != column:
            kind, left, right = _FLIP[kind], right, left
        if _column(left) != column:
            return False
        value = literal(right)
        if kind is exp.EQ:
            facts.allow([value])
        elif kind in (exp.GT, exp.GTE):
            facts.raise_low(value, kind is exp.GT)
        else:
            facts.lower_high(value, kind is exp.LT)
        return True
    return False


def column_facts(checks: list[exp.Expression], column: str) -> Facts:
    """Bounds and allowed values for `column` from its CHECKs; what cannot be read is listed in `ignored`."""
    facts = Facts()
    for check in checks:
        for atom in _conjuncts(check):
            try:
                understood = _apply_atom(facts, atom, column)
            except ValueError:
                understood = False
            (facts.understood if understood else facts.ignored).append(atom.sql())
    return facts


def orderings(checks: list[exp.Expression]) -> tuple[list[Ordering], list[str]]:
    """Column-to-column comparisons (`end_date >= start_date`) in table CHECKs, and the atoms not understood."""
    found, ignored = [], []
    for check in checks:
        for atom in _conjuncts(check):
            # `(e >= s) OR (e IS NULL)`: the comparison alone (a NULL end passes either way).
            parts = [p for p in _disjuncts(atom) if not isinstance(p, exp.Is)]
            if len(parts) == 1 and parts[0] is not atom:
                atom = parts[0]
            kind = type(atom)
            left, right = (_column(atom.this), _column(atom.expression)) if kind in _FLIP else (None, None)
            if left and right and kind is not exp.EQ:
                if kind in (exp.GT, exp.GTE):
                    found.append(Ordering(left, right, kind is exp.GT))
                else:
                    found.append(Ordering(right, left, kind is exp.LT))
            else:
                ignored.append(atom.sql())
    return found, ignored


def differing_columns(check: exp.Expression) -> list[tuple[str, str]]:
    """Pairs of columns a CHECK requires to differ (`a <> b`, `a != b`, among its AND-ed atoms)."""
    pairs = []
    for atom in _conjuncts(check):
        if isinstance(atom, exp.NEQ):
            left, right = _column(atom.this), _column(atom.expression)
            if left and right and left != right:
                pairs.append((left, right))
    return pairs
