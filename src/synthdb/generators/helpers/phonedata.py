"""Telephone numbering plans compiled from phonenumbers' metadata into vectorized digit samplers.

A region's national-number pattern for a number type (fixed line, mobile, toll free) is a regular
expression without unbounded repeats, so its language is a finite union of *digit-class sequences*
(e.g. ``[2-9] [0-9] [0-9] [2-9] [0-9]{6}``). Each sequence is a mixed-radix space: a number is one
offset in it, decoded position by position, with no per-row Python. At compile time (once per region,
cached) a few numbers of every sequence are checked with ``phonenumbers.is_valid_number_for_region``
and formatted nationally and internationally; sequences that fail, or whose numbers do not share one
layout, are dropped. Every generated number is therefore valid for its region by construction.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from synthdb.generators.helpers.bundled import source_of
from synthdb.generators.helpers.refcache import cached_table
from synthdb.generators.helpers.reference import alias_table
from synthdb.generators.helpers.regex_sampler import compact, fixed_width_strings
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

_sre: Any = importlib.import_module("re._parser")
_DIGITS = frozenset(range(10))
# Lengths people actually have, where the plan allows many (German area codes take 2-5 digits).
_TYPICAL_LENGTHS = {"DE": (10, 11), "IT": (9, 10), "CN": (10, 11), "AT": (10, 11, 12)}
_SAMPLES = 12
_MAX_SEQUENCES = 20_000
KINDS = ("fixed_line", "mobile", "toll_free")
Seq = tuple[frozenset[int], ...]


class PlanError(ValueError):
    """A region or number type phonenumbers has no usable data for."""


def _class_of(items: list[Any]) -> frozenset[int]:
    members: set[int] = set()
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            members.add(value - 48)
        elif name == "RANGE":
            members.update(range(value[0] - 48, value[1] - 47))
        elif name == "CATEGORY" and str(value) == "CATEGORY_DIGIT":
            members.update(_DIGITS)
        else:
            raise PlanError(f"unsupported pattern element {name}")
    if not members <= _DIGITS:
        raise PlanError("non-digit in a national number pattern")
    return frozenset(members)


def expand(parsed: Any) -> list[Seq]:
    """The digit-class sequences whose union is the language of a parsed, repeat-bounded pattern."""
    out: list[Seq] = [()]
    for op, value in parsed:
        name = str(op)
        if name == "LITERAL":
            alternatives: list[Seq] = [(frozenset({value - 48}),)]
        elif name == "IN":
            alternatives = [(_class_of(value),)]
        elif name == "CATEGORY":
            alternatives = [(_DIGITS,)]
        elif name == "SUBPATTERN":
            alternatives = expand(value[-1])
        elif name == "BRANCH":
            alternatives = [seq for branch in value[1] for seq in expand(branch)]
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = value
            inner = expand(sub)
            alternatives = []
            for count in range(low, high + 1):
                copies: list[Seq] = [()]
                for _ in range(count):
                    copies = [a + b for a in copies for b in inner]
                alternatives += copies
        else:
            raise PlanError(f"unsupported pattern element {name}")
        out = [a + b for a in out for b in alternatives]
        if len(out) > _MAX_SEQUENCES:
            raise PlanError("pattern too large to expand")
    return out


@dataclass(frozen=True)
class NumberPlan:
    """Valid national numbers of one region as weighted digit-class sequences, with their layouts."""

    region: str
    country_code: str
    lengths: np.ndarray  # digits per sequence
    sizes: np.ndarray  # numbers per sequence (int64)
    digits: np.ndarray  # (sequences, max length, 10): the ASCII digits each position allows, padded
    radix: np.ndarray  # (sequences, max length): how many digits each position allows (1 past the end)
    stride: np.ndarray  # (sequences, max length): mixed-radix place values
    layouts: dict[str, list[bytes]]  # format → layout per sequence ('#' marks a digit)
    threshold: np.ndarray
    alias: np.ndarray

    @property
    def capacity(self) -> int:
        return int(self.sizes.sum())

    def pick(self, rows: np.ndarray, stream: Stream, unique: bool) -> tuple[np.ndarray, np.ndarray]:
        """(sequence, offset within it) per row: weighted by size, or a bijection onto all numbers."""
        if unique:
            index = permute(rows, self.capacity, derive_key(stream.key, "unique"))
            ends = np.cumsum(self.sizes)
            seq = np.searchsorted(ends, index, side="right")
            return seq, index - (ends[seq] - self.sizes[seq])
        scaled = stream.uniform(rows) * len(self.sizes)
        slot = np.minimum(scaled.astype(np.int64), len(self.sizes) - 1)
        seq = np.where(scaled - slot < self.threshold[slot], slot, self.alias[slot])
        offset = np.floor(stream.uniform(rows, draw=1) * self.sizes[seq]).astype(np.int64)
        return seq, np.minimum(offset, self.sizes[seq] - 1)

    def national_digits(self, seq: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """(rows, max length) ASCII digits of each national number (0-padded past its length)."""
        return _decoder(self).decode(np.asarray(seq, dtype=np.int64), np.asarray(offset, dtype=np.int64))

    def render(self, seq: np.ndarray, digits: np.ndarray, layout_of: list[bytes]) -> pa.Array:
        """Pour each row's digits into its sequence's layout."""
        table, uses = _layout_matrix(tuple(layout_of))
        if _one_layout(tuple(layout_of)):  # the same layout for every sequence (all US numbers): by columns
            return _render_one(table[0], uses[0], digits)
        rows_layout = table[seq]  # (rows, width) bytes of the layout
        source = uses[seq]  # (rows, width): which national digit fills each '#' (-1: literal)
        filled = np.where(source >= 0, np.take_along_axis(digits, np.maximum(source, 0), axis=1), rows_layout)
        return compact(filled, filled != 0)


class _Decoder:
    """A plan's mixed-radix tables rearranged for decoding offsets position by position, last first.

    The digit at a position is ``(offset // stride) % radix``; as the stride is the product of the radices
    after it, the same digits come from repeatedly splitting ``rem`` into ``rem // radix`` and
    ``rem % radix`` from the last position: no per-row stride gather, and the trailing run of positions
    that is the same for every sequence (the subscriber digits) decoded by one table lookup. The
    arithmetic runs in float64, exact for offsets below 2**52 (phone numbers are far below).
    """

    # The trailing run is looked up as one 8-byte word per value, in a table of at most this many rows.
    _MAX_TAIL = 100_000
    _EXACT = float(1 << 52)

    def __init__(self, plan: NumberPlan) -> None:
        count, width = plan.radix.shape
        self.plan, self.width = plan, width
        # The rewrite needs each stride to be the product of the radices after it, as _compile builds them.
        after = np.cumprod(plan.radix[:, ::-1], axis=1)[:, ::-1]  # product of the radices from each position on
        self.exact = np.array_equal(np.concatenate([after[:, 1:], np.ones((count, 1), np.int64)], axis=1), plan.stride)
        self.radix = [plan.radix[:, p].astype(np.float64) for p in range(width)]
        self.digits = [np.ascontiguousarray(plan.digits[:, p, :]).ravel() for p in range(width)]
        same = [bool((plan.radix[:, p] == plan.radix[0, p]).all() and (plan.digits[:, p] == plan.digits[0, p]).all())
                for p in range(width)]
        # One radix for every sequence at a position (0: they differ).
        self.one_radix = [int(plan.radix[0, p]) if (plan.radix[:, p] == plan.radix[0, p]).all() else 0
                          for p in range(width)]
        tail, size = 0, 1
        while (tail < min(width, 8) and same[width - 1 - tail]
               and size * int(plan.radix[0, width - 1 - tail]) <= self._MAX_TAIL):
            size *= int(plan.radix[0, width - 1 - tail])
            tail += 1
        self.tail, self.tail_size = tail, size
        values = np.arange(size, dtype=np.int64)
        words = np.zeros((size, 8), dtype=np.uint8)  # a row's digits in the first `tail` bytes of a word
        for p in range(width - 1, width - 1 - tail, -1):
            radix = int(plan.radix[0, p])
            words[:, p - (width - tail)] = plan.digits[0, p][values % radix]
            values //= radix
        self.tail_words = words.view(np.uint64).ravel()

    def decode(self, seq: np.ndarray, offset: np.ndarray) -> np.ndarray:
        n = len(seq)
        if not self.exact or (n and (offset.min() < 0 or offset.max() >= self._EXACT)):
            return self._by_stride(seq, offset)
        # Position-major, so that every position's write is contiguous; returned as its (rows, width) view.
        out = np.empty((self.width, n), dtype=np.uint8)
        rem = offset.astype(np.float64)
        start = self.width - self.tail
        if self.tail:
            high = np.floor(rem / self.tail_size)
            low = (rem - high * self.tail_size).astype(np.intp)
            rem = high
            out[start:] = self.tail_words[low].view(np.uint8).reshape(n, 8)[:, : self.tail].T
        base = seq * 10
        for position in range(start - 1, -1, -1):  # a loop over digit positions, not rows
            if self.one_radix[position] == 1:  # one digit per sequence here, and nothing to divide
                np.take(self.digits[position], base, out=out[position])
                continue
            radix = self.one_radix[position] or self.radix[position][seq]
            high = np.floor(rem / radix)
            choice = (rem - high * radix).astype(np.intp)
            rem = high
            np.take(self.digits[position], base + choice, out=out[position])
        return out.T

    def _by_stride(self, seq: np.ndarray, offset: np.ndarray) -> np.ndarray:
        plan = self.plan
        out = np.zeros((len(seq), self.width), dtype=np.uint8)
        for position in range(self.width):
            choice = (offset // plan.stride[seq, position]) % plan.radix[seq, position]
            out[:, position] = plan.digits[seq, position, choice]
        return out


def _decoder(plan: NumberPlan) -> _Decoder:
    # Plans come from number_plan's cache, so each is built once; the decoder lives on the plan object.
    found = plan.__dict__.get("_decoder")
    if found is None:
        found = _Decoder(plan)
        object.__setattr__(plan, "_decoder", found)
    return found


def _render_one(layout: np.ndarray, uses: np.ndarray, digits: np.ndarray) -> pa.Array:
    """Every row in one layout: each byte column is a literal or one column of the digits."""
    length = int(np.count_nonzero(layout))
    filled = np.empty((len(digits), length), dtype=np.uint8)
    for column in range(length):
        if uses[column] >= 0:
            filled[:, column] = digits[:, uses[column]]
        else:
            filled[:, column] = layout[column]
    return fixed_width_strings(filled)


@cache
def _one_layout(layouts: tuple[bytes, ...]) -> bool:
    return len(set(layouts)) == 1


@cache
def _layout_matrix(layouts: tuple[bytes, ...]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(x) for x in layouts)
    table = np.zeros((len(layouts), width), dtype=np.uint8)
    uses = np.full((len(layouts), width), -1, dtype=np.int64)
    for i, layout in enumerate(layouts):
        table[i, : len(layout)] = np.frombuffer(layout, dtype=np.uint8)
        marks = np.flatnonzero(table[i] == ord("#"))
        uses[i, marks] = np.arange(len(marks))
    return table, uses


def _layout(formatted: str, national: str) -> bytes | None:
    """The formatted text with the national digits replaced by '#', matched right to left."""
    chars = list(formatted)
    pending = len(national) - 1
    for i in range(len(chars) - 1, -1, -1):
        if pending >= 0 and chars[i] == national[pending]:
            chars[i] = "#"
            pending -= 1
    return "".join(chars).encode("utf-8") if pending < 0 else None


def _samples(seq: Seq, stream: Stream) -> list[str]:
    # Drawn from our own counter-based stream: numpy.random.Generator promises no stability across versions.
    ordered = [sorted(c) for c in seq]
    picks = ["".join(str(c[0]) for c in ordered), "".join(str(c[-1]) for c in ordered)]
    samples = np.arange(_SAMPLES - 2)
    digits = [stream.integers(samples, 0, len(c) - 1, draw=j) for j, c in enumerate(ordered)]
    for i in samples:
        picks.append("".join(str(c[int(d[i])]) for c, d in zip(ordered, digits, strict=True)))
    return picks


@cache
def number_plan(region: str, kinds: tuple[str, ...], lengths: tuple[int, ...] | None = None) -> NumberPlan:
    """The compiled plan of `region` for number types `kinds`; `lengths` restricts national lengths.

    Compiling checks thousands of sample numbers with phonenumbers (a third of a second for the US), so
    the result is kept in the reference cache (refcache)."""
    name = f"phones-{region}-{'+'.join(kinds)}-{'+'.join(map(str, lengths or ()))}"
    inputs = (source_of(__name__),)
    table = cached_table(name, ("phonenumbers",), lambda: _plan_table(_compile_plan(region, kinds, lengths)), inputs)
    return _plan_from_table(table)


def _plan_table(plan: NumberPlan) -> pa.Table:
    """One row per digit-class sequence; the 2-D and 3-D arrays as raw bytes per row."""
    def rows_of(array: np.ndarray) -> pa.Array:
        return pa.array([row.tobytes() for row in array], pa.binary())

    metadata = {"region": plan.region, "country_code": plan.country_code, "width": str(plan.digits.shape[1])}
    return pa.table({
        "lengths": plan.lengths.astype(np.int64), "sizes": plan.sizes.astype(np.int64),
        "digits": rows_of(plan.digits), "radix": rows_of(plan.radix), "stride": rows_of(plan.stride),
        "national": pa.array(plan.layouts["national"], pa.binary()),
        "international": pa.array(plan.layouts["international"], pa.binary()),
        "threshold": plan.threshold, "alias": plan.alias.astype(np.int64),
    }).replace_schema_metadata(metadata)


def _plan_from_table(table: pa.Table) -> NumberPlan:
    metadata = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    count, width = table.num_rows, int(metadata["width"])

    def matrix(name: str, dtype: type, *shape: int) -> np.ndarray:
        data = b"".join(table.column(name).to_pylist())
        return np.frombuffer(data, dtype=dtype).reshape(count, *shape).copy()

    return NumberPlan(
        metadata["region"], metadata["country_code"], table.column("lengths").to_numpy(),
        table.column("sizes").to_numpy(), matrix("digits", np.uint8, width, 10), matrix("radix", np.int64, width),
        matrix("stride", np.int64, width),
        {"national": table.column("national").to_pylist(), "international": table.column("international").to_pylist()},
        table.column("threshold").to_numpy(), table.column("alias").to_numpy(),
    )


def _compile_plan(region: str, kinds: tuple[str, ...], lengths: tuple[int, ...] | None) -> NumberPlan:
    from phonenumbers import PhoneMetadata, PhoneNumberType

    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        raise PlanError(f"phonenumbers has no metadata for region {region}")
    allowed = {
        "fixed_line": {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
        "mobile": {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
        "toll_free": {PhoneNumberType.TOLL_FREE},
    }
    sequences: dict[Seq, None] = {}
    for kind in kinds:
        desc = getattr(metadata, kind)
        if desc is None or not desc.national_number_pattern:
            continue
        general = metadata.general_desc.possible_length if metadata.general_desc is not None else ()
        possible = set(desc.possible_length or general or ())
        found = [s for s in expand(_sre.parse(desc.national_number_pattern)) if len(s) in possible]
        wanted = set(lengths) if lengths else _typical(region, desc, found)
        for seq in found:
            if len(seq) in wanted:
                sequences.setdefault(seq)
    types = set().union(*(allowed[k] for k in kinds))
    code = str(metadata.country_code)
    stream = Stream(derive_key("phone plan", region))
    kept: list[Seq] = []
    layouts: dict[str, list[bytes]] = {"national": [], "international": []}
    if code == "1":
        # NANP never assigns N11 exchanges (211, 311, ... 911), though phonenumbers' patterns allow them.
        n11 = (_DIGITS, _DIGITS, _DIGITS, frozenset(range(2, 10)), frozenset({1}), frozenset({1}))
        sequences = dict.fromkeys(p for seq in sequences for p in _split(seq, n11)[:-1] if all(p))
    national = _rules(tuple(metadata.number_format))
    international = _rules(tuple(metadata.intl_number_format or metadata.number_format))
    for number, piece in enumerate(_refine(_refine(list(sequences), national), international)):
        shapes = _shapes(piece, region, code, types, stream.child(number))
        if shapes is None or any(len(s) != 1 or None in s for s in shapes.values()):
            continue  # some numbers are not valid, are of another type, or do not share a layout: drop
        kept.append(piece)
        for name, shape in shapes.items():
            layouts[name].append(next(iter(shape)))  # type: ignore[arg-type]
    if not kept:
        raise PlanError(f"no valid {'/'.join(kinds)} numbers could be built for region {region}")
    return _compile(region, code, kept, layouts)


Rule = tuple[list[Seq], set[int]]  # leading-digit prefixes (empty: any) and the national lengths a format fits


def _rules(formats: tuple[Any, ...]) -> list[Rule]:
    """phonenumbers' formatting rules as class sequences: prefixes of the last leading-digits pattern."""
    rules = []
    for fmt in formats:
        prefixes = expand(_sre.parse(fmt.leading_digits_pattern[-1])) if fmt.leading_digits_pattern else []
        lengths = {len(seq) for seq in expand(_sre.parse(fmt.pattern.replace("(", "(?:")))}
        rules.append((prefixes, lengths))
    return rules


def _refine(pieces: list[Seq], rules: list[Rule]) -> list[Seq]:
    """Split sequences until phonenumbers picks one formatting rule for all numbers of each piece.

    The rule for a number is the first whose leading-digit pattern matches its start and whose pattern
    fits its length. A piece only partly inside a rule's prefix set is split into the part inside and
    the disjoint products that make up the rest, and each part is examined again.
    """
    done: list[Seq] = []
    while pieces:
        seq = pieces.pop()
        split = None
        for prefixes, lengths in rules:
            if len(seq) not in lengths:
                continue
            if not prefixes:
                break
            inside = [p for p in prefixes if _meets(seq, p)]
            if not inside:
                continue
            if any(_covers(p, seq) for p in inside):
                break
            split = _split(seq, inside[0])
            break
        if split is None:
            done.append(seq)
        else:
            pieces += split
    return done


def _meets(seq: Seq, prefix: Seq) -> bool:
    return len(prefix) <= len(seq) and all(seq[i] & prefix[i] for i in range(len(prefix)))


def _covers(prefix: Seq, seq: Seq) -> bool:
    return len(prefix) <= len(seq) and all(seq[i] <= prefix[i] for i in range(len(prefix)))


def _split(seq: Seq, prefix: Seq) -> list[Seq]:
    """`seq` as disjoint products: its part inside `prefix`, and for each position j the part that
    agrees with the prefix before j and leaves it at j."""
    parts = []
    head: tuple[frozenset[int], ...] = ()
    for j, allowed in enumerate(prefix):
        outside = seq[j] - allowed
        if outside:
            parts.append((*head, outside, *seq[j + 1:]))
        head = (*head, seq[j] & allowed)
    parts.append(head + seq[len(prefix) :])
    return parts


def _shapes(seq: Seq, region: str, code: str, types: set[Any],
            stream: Stream) -> dict[str, set[bytes | None]] | None:
    """The national and international layouts of sample numbers of a sequence; None if one is invalid."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    shapes: dict[str, set[bytes | None]] = {"national": set(), "international": set()}
    for national in _samples(seq, stream):
        number = phonenumbers.parse(f"+{code}{national}")
        if not phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.number_type(number) not in types:
            return None
        shapes["national"].add(_layout(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), national))
        shapes["international"].add(
            _layout(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL), national))
    return shapes


def _typical(region: str, desc: Any, found: list[Seq]) -> set[int]:
    """National lengths to generate: the region's usual ones, else the example number's, else all."""
    present = {len(s) for s in found}
    for candidate in (set(_TYPICAL_LENGTHS.get(region, ())), {len(desc.example_number or "")}):
        if candidate & present:
            return candidate & present
    return present


def _compile(region: str, code: str, kept: list[Seq], layouts: dict[str, list[bytes]]) -> NumberPlan:
    width = max(len(s) for s in kept)
    digits = np.full((len(kept), width, 10), ord("0"), dtype=np.uint8)
    radix = np.ones((len(kept), width), dtype=np.int64)
    stride = np.ones((len(kept), width), dtype=np.int64)
    sizes = np.zeros(len(kept), dtype=np.int64)
    for i, seq in enumerate(kept):
        place = 1
        for position in range(len(seq) - 1, -1, -1):
            members = sorted(seq[position])
            digits[i, position, : len(members)] = [48 + d for d in members]
            radix[i, position] = len(members)
            stride[i, position] = place
            place *= len(members)
        sizes[i] = math.prod(len(c) for c in seq)
    threshold, alias = alias_table(sizes.astype(np.float64).tolist())
    return NumberPlan(region, code, np.array([len(s) for s in kept]), sizes, digits, radix, stride, layouts,
                      threshold, alias)


def e164_layouts(plan: NumberPlan) -> list[bytes]:
    """'+<country code>' followed by the national digits, per sequence."""
    return [f"+{plan.country_code}".encode() + b"#" * int(n) for n in plan.lengths]


def pattern_layouts(plan: NumberPlan, pattern: str) -> list[bytes] | None:
    """A '#' pattern per sequence: its '#'s take the national digits, or the country code and them."""
    marks = pattern.count("#")
    out: list[bytes] = []
    for length in plan.lengths:
        if marks == int(length):
            out.append(pattern.encode("utf-8"))
        elif marks == int(length) + len(plan.country_code):
            # The first '#'s take the country code's digits as literals.
            text = pattern
            for digit in plan.country_code:
                text = text.replace("#", digit, 1)
            out.append(text.encode("utf-8"))
        else:
            return None
    return out
