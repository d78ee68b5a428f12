"""A vectorized sampler of strings that fully match a regular expression (used by Regular Expression).

A pattern is parsed once with Python's own parser (`re._parser`) into a small tree of nodes. Sampling a
batch never loops over rows: every node renders an (rows x width) byte matrix plus a validity mask, and
the final string of a row is its valid bytes read left to right. Variable-length parts (alternation,
repeats, multi-byte characters) simply mask out the bytes they do not use, so concatenation is a
horizontal stack and the compaction into an Arrow string array is a single boolean index.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.randomness import Stream

_sre: Any = importlib.import_module("re._parser")  # typeshed only knows the deprecated sre_parse alias

UNBOUNDED_EXTRA = 8  # `*`, `+` and `{m,}` repeat at most m + 8 times
MAX_WIDTH = 4096  # bytes a pattern may produce per value; bounds the memory of one batch
_MAX_CLASS = 1 << 16
PRINTABLE_ASCII = frozenset(range(32, 127))
_DIGITS = frozenset(range(48, 58))
_WORD = frozenset([*range(48, 58), *range(65, 91), *range(97, 123), 95])
_SPACE_MEMBERS = frozenset([32, 9, 10, 11, 12, 13])
_IGNORECASE = re.IGNORECASE
_IGNORED_ANCHORS = {"AT_BEGINNING", "AT_BEGINNING_STRING", "AT_END", "AT_END_STRING"}


class RegexError(ValueError):
    """The pattern is invalid or uses a feature that cannot be sampled."""


Rendered = tuple[np.ndarray, np.ndarray]  # (uint8 bytes, bool mask), both shaped (rows, width)


class Node:
    """One element of the pattern; `uid` keys its own random stream."""

    width = 0

    def __init__(self, uid: int) -> None:
        self.uid = uid

    def render(self, stream: Stream, rows: np.ndarray) -> Rendered:
        raise NotImplementedError


class Table(Node):
    """A choice among fixed strings: a literal (one choice), a character class, or constant alternatives."""

    def __init__(self, uid: int, choices: list[bytes]) -> None:
        super().__init__(uid)
        self.width = max((len(c) for c in choices), default=0)
        self.table = np.zeros((len(choices), self.width), dtype=np.uint8)
        for i, choice in enumerate(choices):
            self.table[i, : len(choice)] = np.frombuffer(choice, dtype=np.uint8)
        lengths = np.array([len(c) for c in choices], dtype=np.int64)
        self.masks = np.arange(self.width) < lengths[:, None]
        self.full = bool(self.masks.all())

    def render(self, stream: Stream, rows: np.ndarray) -> Rendered:
        n = len(rows)
        if len(self.table) == 1:
            return (np.broadcast_to(self.table[0], (n, self.width)),
                    np.broadcast_to(self.masks[0], (n, self.width)))
        picks = stream.child(self.uid).integers(rows, 0, len(self.table) - 1)
        mask = np.ones((n, self.width), dtype=bool) if self.full else self.masks[picks]
        return self.table[picks], mask


class Sequence(Node):
    """Consecutive parts, rendered side by side."""

    def __init__(self, uid: int, parts: list[Node]) -> None:
        super().__init__(uid)
        self.parts = [p for p in parts if p.width > 0]
        self.width = sum(p.width for p in self.parts)

    def render(self, stream: Stream, rows: np.ndarray) -> Rendered:
        if len(self.parts) == 1:
            return self.parts[0].render(stream, rows)
        if not self.parts:
            return np.zeros((len(rows), 0), np.uint8), np.zeros((len(rows), 0), bool)
        rendered = [p.render(stream, rows) for p in self.parts]
        return np.hstack([r[0] for r in rendered]), np.hstack([r[1] for r in rendered])


class Branch(Node):
    """Alternatives with at least one non-constant branch: each row keeps the bytes of its chosen branch."""

    def __init__(self, uid: int, branches: list[Node]) -> None:
        super().__init__(uid)
        self.branches = branches
        self.width = max(b.width for b in branches)

    def render(self, stream: Stream, rows: np.ndarray) -> Rendered:
        n = len(rows)
        picks = stream.child(self.uid).integers(rows, 0, len(self.branches) - 1)
        data = np.zeros((n, self.width), dtype=np.uint8)
        mask = np.zeros((n, self.width), dtype=bool)
        for b, branch in enumerate(self.branches):  # a loop over pattern branches, not rows
            if branch.width == 0:
                continue
            # Each branch renders only the rows that chose it (a row's bytes depend on its index alone).
            chosen = np.flatnonzero(picks == b)
            if len(chosen):
                data[chosen, : branch.width], mask[chosen, : branch.width] = branch.render(stream, rows[chosen])
        return data, mask


class Repeat(Node):
    """`low`..`high` copies of a part: the part is rendered once over rows x high expanded indices."""

    def __init__(self, uid: int, part: Node, low: int, high: int) -> None:
        super().__init__(uid)
        self.part, self.low, self.high = part, low, high
        self.width = part.width * high

    def render(self, stream: Stream, rows: np.ndarray) -> Rendered:
        n, k, w = len(rows), self.high, self.part.width
        # Copy j of row r is sampled at index r*k + j: distinct per (row, copy), independent of the batch.
        expanded = (rows.astype(np.uint64)[:, None] * np.uint64(k) + np.arange(k, dtype=np.uint64)).ravel()
        data, mask = self.part.render(stream, expanded)
        mask = mask.reshape(n, k, w)
        if self.low < self.high:
            counts = stream.child(self.uid).integers(rows, self.low, self.high)
            mask = mask & (np.arange(k) < counts[:, None])[:, :, None]
        return np.ascontiguousarray(data).reshape(n, k * w), mask.reshape(n, k * w)


def _class_choices(members: set[int]) -> list[bytes]:
    """UTF-8 encodings of a class's members, preferring printable characters (no NULs or controls)."""
    codes = sorted(c for c in members if not 0xD800 <= c <= 0xDFFF)
    if len(codes) > _MAX_CLASS:
        ascii_part = [c for c in codes if c in PRINTABLE_ASCII]
        codes = ascii_part or codes[:_MAX_CLASS]
    printable = [c for c in codes if chr(c).isprintable()]
    return [chr(c).encode("utf-8") for c in (printable or codes)]


def _category(code: Any) -> set[int]:
    name = str(code)
    if name.endswith("NOT_DIGIT"):
        return set(PRINTABLE_ASCII - _DIGITS)
    if name.endswith("DIGIT"):
        return set(_DIGITS)
    if name.endswith("NOT_WORD"):
        return set(PRINTABLE_ASCII - _WORD)
    if name.endswith("WORD"):
        return set(_WORD)
    if name.endswith("NOT_SPACE"):
        return set(PRINTABLE_ASCII - _SPACE_MEMBERS)
    if name.endswith("SPACE"):
        return {32}  # a plain space: tabs and newlines in values surprise more users than they help
    raise RegexError(f"unsupported character category {name}")


def _in_members(items: list[tuple[Any, Any]], icase: bool) -> set[int]:
    members: set[int] = set()
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            members.add(arg)
        elif name == "RANGE":
            members.update(range(arg[0], arg[1] + 1))
        elif name == "CATEGORY":
            members |= _category(arg)
        else:
            raise RegexError(f"unsupported class item {name}")
    return _complement(members, icase) if negate else members


def _complement(members: set[int], icase: bool) -> set[int]:
    """Printable ASCII outside `members`; under (?i) both cases of a member are excluded."""
    if icase:
        members = members | {ord(c) for m in members for c in (chr(m).lower(), chr(m).upper()) if len(c) == 1}
    return set(PRINTABLE_ASCII) - members


class _Compiler:
    def __init__(self) -> None:
        self.next_uid = 0

    def uid(self) -> int:
        self.next_uid += 1
        return self.next_uid

    def table(self, members: set[int], what: str) -> Table:
        choices = _class_choices(members)
        if not choices:
            raise RegexError(f"{what} matches no printable ASCII character")
        return Table(self.uid(), choices)

    def sequence(self, items: Any, icase: bool) -> Node:
        merged: list[Node] = []
        for op, arg in items:
            part = self.item(op, arg, icase)
            tail = _constant(merged[-1]) if merged else None
            head = _constant(part)
            if tail is not None and head is not None:  # fold literal runs: "abc" becomes one constant block
                merged[-1] = Table(merged[-1].uid, [tail + head])
            else:
                merged.append(part)
        return merged[0] if len(merged) == 1 else Sequence(self.uid(), merged)

    def item(self, op: Any, arg: Any, icase: bool) -> Node:
        name = str(op)
        if name == "LITERAL":
            return Table(self.uid(), [chr(arg).encode("utf-8")])
        if name == "NOT_LITERAL":
            return self.table(_complement({arg}, icase), f"[^{chr(arg)}]")
        if name == "ANY":
            return self.table(set(PRINTABLE_ASCII), ".")
        if name == "IN":
            return self.table(_in_members(arg, icase), "character class")
        if name == "SUBPATTERN":
            _, add_flags, del_flags, sub = arg
            return self.sequence(sub, bool((icase or add_flags & _IGNORECASE) and not del_flags & _IGNORECASE))
        if name == "ATOMIC_GROUP":
            return self.sequence(arg, icase)
        if name == "BRANCH":
            branches = [self.sequence(b, icase) for b in arg[1]]
            constants = [_constant(b) for b in branches]
            if all(c is not None for c in constants):
                return Table(self.uid(), [c for c in constants if c is not None])
            return Branch(self.uid(), branches)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            if high == _sre.MAXREPEAT:
                high = low + UNBOUNDED_EXTRA
            part = self.sequence(sub, icase)
            if part.width == 0 or high == 0:
                return Sequence(self.uid(), [])
            if part.width * high > MAX_WIDTH:
                raise RegexError(f"a repeat of up to {high} copies makes values longer than {MAX_WIDTH} bytes")
            if low == high == 1:
                return part
            return Repeat(self.uid(), part, low, high)
        if name == "AT":
            if str(arg) in _IGNORED_ANCHORS:
                return Sequence(self.uid(), [])
            raise RegexError("word boundaries (\\b, \\B) are not supported")
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            raise RegexError("backreferences are not supported")
        if name in ("ASSERT", "ASSERT_NOT"):
            raise RegexError("lookahead and lookbehind assertions are not supported")
        raise RegexError(f"unsupported regular expression element {name}")


def _constant(node: Node) -> bytes | None:
    if isinstance(node, Table) and len(node.table) == 1:
        return node.table[0].tobytes()
    if isinstance(node, Sequence) and not node.parts:
        return b""
    return None


class RegexSampler:
    """Compiled form of a pattern; `sample` returns one matching string per row index."""

    def __init__(self, pattern: str) -> None:
        try:
            parsed = _sre.parse(pattern)
        except Exception as exc:  # re.error, and RecursionError on absurd nesting
            raise RegexError(f"invalid regular expression: {exc}") from exc
        self.root = _Compiler().sequence(list(parsed), bool(parsed.state.flags & _IGNORECASE))
        if self.root.width > MAX_WIDTH:
            raise RegexError(f"values could be {self.root.width} bytes long (the limit is {MAX_WIDTH})")

    def sample(self, stream: Stream, rows: np.ndarray) -> pa.Array:
        """One string per row; a pure function of (stream key, row index)."""
        data, mask = self.root.render(stream, rows)
        return compact(data, mask)


def compact(data: np.ndarray, mask: np.ndarray) -> pa.Array:
    """Strings from a byte matrix: row i is the bytes of data[i] where mask[i] is set, left to right."""
    n = len(data)
    lengths = mask.sum(axis=1, dtype=np.int64)
    total = int(lengths.sum())
    large = total >= 1 << 31
    offsets = np.zeros(n + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(lengths, out=offsets[1:])
    payload = data[mask] if total else np.zeros(0, np.uint8)
    kind = pa.large_string() if large else pa.string()
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(payload))])


def fixed_width_strings(data: np.ndarray) -> pa.Array:
    """Strings from a byte matrix whose rows are all whole values of the same length: what `compact`
    returns for an all-true mask, without the mask (no row may contain a 0 byte)."""
    n, width = data.shape
    total = n * width
    large = total >= 1 << 31
    kind, dtype = (pa.large_string(), np.int64) if large else (pa.string(), np.int32)
    offsets = np.arange(n + 1, dtype=dtype) * dtype(width)
    payload = np.ascontiguousarray(data).ravel()
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(payload)])
