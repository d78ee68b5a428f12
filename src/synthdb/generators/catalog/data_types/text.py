"""Character Sequence, Regular Expression and Lorem Ipsum: text shaped by a pattern or filler words."""

from __future__ import annotations

import functools
from typing import ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AliasChoices, ConfigDict, Field, field_validator, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.regex_sampler import RegexError, RegexSampler
from synthdb.generators.limits import MAX_LOREM_UNITS, PatternText, RegexText
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import Stream, derive_key

_DIGITS = b"0123456789"
_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
SYMBOLS: dict[str, bytes] = {
    "#": _DIGITS,
    "@": _LOWER,
    "^": _UPPER,
    "*": _DIGITS + _LOWER + _UPPER,
    "$": _DIGITS + _LOWER,
    "%": _DIGITS + _UPPER,
}
_PERMUTABLE = 1 << 62  # the largest value space handed to the Feistel permutation


def parse_format(text: str) -> list[bytes]:
    """The byte alphabet of every output byte: a symbol's class, or a single literal byte (`\\#` is `#`)."""
    positions: list[bytes] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            char, i = text[i + 1], i + 1
            positions.extend(bytes([b]) for b in char.encode("utf-8"))
        elif char in SYMBOLS:
            positions.append(SYMBOLS[char])
        else:
            positions.extend(bytes([b]) for b in char.encode("utf-8"))
        i += 1
    return positions


class CharacterSequenceParams(ParamsModel):
    """Parameters of Character Sequence."""

    model_config = ConfigDict(extra="ignore")
    # A default keeps the generator usable when added without parameters, as Fabricate's UI does.
    format: PatternText = Field(default="^^-####", validation_alias=AliasChoices("format", "pattern"))


@register
class CharacterSequence(Generator[CharacterSequenceParams]):
    """Strings shaped by a pattern: # digit, @ lowercase, ^ uppercase, * alphanumeric, $ and % mixed."""

    display_name = "Character Sequence"
    key = "character_sequence"
    unique_values = True
    category = "Calculated or related values"
    description = "Text following a pattern: # digit, @ a-z, ^ A-Z, * any, $ digit/a-z, % digit/A-Z."
    Params = CharacterSequenceParams

    def setup(self) -> None:
        positions = parse_format(self.params.format)
        self._width = len(positions)
        self._sizes = np.array([len(p) for p in positions], dtype=np.int64)
        # All alphabets laid end to end; position p picks from flat[starts[p] : starts[p] + sizes[p]].
        self._flat = np.frombuffer(b"".join(positions), dtype=np.uint8)
        self._starts = np.cumsum(self._sizes) - self._sizes
        self._variable = np.nonzero(self._sizes > 1)[0]

    def capacity(self) -> int | None:
        return int(np.prod([int(s) for s in self._sizes], dtype=object))

    def _unique_picks(self, ctx: ColumnContext) -> np.ndarray:
        """Per variable position, a pick decoded from a keyed permutation: distinct rows by construction."""
        variable = [int(v) for v in self._variable]
        tail: list[int] = []  # the rightmost positions whose joint space fits the permutation
        space = 1
        while variable and space * int(self._sizes[variable[-1]]) <= _PERMUTABLE:
            tail.insert(0, variable.pop())
            space *= int(self._sizes[tail[0]])
        picks = np.empty((len(ctx.rows), len(self._variable)), dtype=np.int64)
        head = len(variable)
        if head:
            u = ctx.stream.uniform(_expand(ctx.rows, len(self._variable))).reshape(len(ctx.rows), -1)
            sizes = self._sizes[variable]
            picks[:, :head] = np.minimum(np.floor(u[:, :head] * sizes).astype(np.int64), sizes - 1)
        code = permute(ctx.rows, space, derive_key(ctx.stream.key, "unique"))
        for j in range(len(tail) - 1, -1, -1):  # mixed-radix digits, a loop over positions
            size = int(self._sizes[tail[j]])
            picks[:, head + j] = code % size
            code //= size
        return picks

    def generate(self, ctx: ColumnContext) -> pa.Array:
        n, width = len(ctx.rows), self._width
        data = np.broadcast_to(self._flat[self._starts], (n, width)).copy()
        if len(self._variable):
            sizes = self._sizes[self._variable]
            if self.field.unique or self.field.primary_key:
                picks = self._unique_picks(ctx)
            else:
                u = ctx.stream.uniform(_expand(ctx.rows, len(sizes))).reshape(n, len(sizes))
                picks = np.minimum(np.floor(u * sizes).astype(np.int64), sizes - 1)
            data[:, self._variable] = self._flat[self._starts[self._variable] + picks]
        offsets = (np.arange(n + 1, dtype=np.int64) * width).astype(np.int32 if n * width < 1 << 31 else np.int64)
        kind = pa.string() if offsets.dtype == np.int32 else pa.large_string()
        return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _expand(rows: np.ndarray, k: int) -> np.ndarray:
    """Index r*k + j for draw j of row r: k independent draws per row, whatever the batch."""
    return (rows.astype(np.uint64)[:, None] * np.uint64(k) + np.arange(k, dtype=np.uint64)).ravel()


class RegularExpressionParams(ParamsModel):
    """Parameters of Regular Expression."""

    model_config = ConfigDict(extra="ignore")
    regex: RegexText = Field(validation_alias=AliasChoices("regex", "regular_expression"))


@register
class RegularExpression(Generator[RegularExpressionParams]):
    """Strings that fully match a regular expression (sampled per node, vectorized over rows)."""

    display_name = "Regular Expression"
    key = "regular_expression"
    aliases = ("regex", "regexp")
    category = "Calculated or related values"
    description = "Random strings that fully match a regular expression."
    Params = RegularExpressionParams

    def setup(self) -> None:
        try:
            self._sampler = RegexSampler(self.params.regex)
        except RegexError as exc:
            raise ParamError("regex", str(exc)) from exc

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self._sampler.sample(ctx.stream, ctx.rows)


@functools.cache
def lorem_words() -> pa.Array:
    """Faker's Latin lorem ipsum word list, loaded once on first use."""
    from faker.providers.lorem.la import Provider

    return pa.array(list(Provider.word_list), pa.string())


_DEFAULT_COUNTS = {"words": (5, 12), "sentences": (1, 3), "paragraphs": (1, 3)}
_WORDS_PER_SENTENCE = (4, 10)
_SENTENCES_PER_PARAGRAPH = (3, 6)


class LoremIpsumParams(ParamsModel):
    """Parameters of Lorem Ipsum: the unit and how many units per row."""

    model_config = ConfigDict(extra="ignore")
    lorem_ipsum_unit: Literal["words", "sentences", "paragraphs"] = "sentences"
    distribution: Literal["uniform", "normal", "fixed"] = "uniform"
    min: int | None = None
    max: int | None = None
    mean: float | None = None
    stddev: float | None = None
    exact_value: int | None = None

    @field_validator("lorem_ipsum_unit", mode="before")
    @classmethod
    def _plural(cls, value: object) -> object:
        # "word", "Words" and "words" all mean the same unit.
        if isinstance(value, str):
            value = value.strip().lower()
            return value if value.endswith("s") else value + "s"
        return value

    @model_validator(mode="after")
    def _check(self) -> LoremIpsumParams:
        low, high = self.bounds()
        if low < 0:
            raise ValueError("min must not be negative")
        if low > high:
            raise ValueError(f"min ({low}) is greater than max ({high})")
        most = MAX_LOREM_UNITS[self.lorem_ipsum_unit]
        if high > most:
            raise ValueError(f"max ({high:,}) is more than {most:,} {self.lorem_ipsum_unit} per value")
        return self

    def bounds(self) -> tuple[int, int]:
        """Inclusive (min, max) units per row, with defaults that suit the unit."""
        if self.distribution == "fixed" and self.exact_value is not None:
            return self.exact_value, self.exact_value
        low, high = _DEFAULT_COUNTS[self.lorem_ipsum_unit]
        low = self.min if self.min is not None else min(low, self.max) if self.max is not None else low
        high = self.max if self.max is not None else max(high, low)
        return low, high


@register
class LoremIpsum(Generator[LoremIpsumParams]):
    """Latin filler text: a number of words, sentences or paragraphs per row."""

    display_name = "Lorem Ipsum"
    key = "lorem_ipsum"
    aliases: ClassVar[tuple[str, ...]] = ("lorem",)
    description = "Latin filler text: words, sentences or paragraphs, with a count per row."
    Params = LoremIpsumParams

    def _counts(self, stream: Stream, keys: np.ndarray) -> np.ndarray:
        p = self.params
        low, high = p.bounds()
        if p.distribution == "normal":
            mean = p.mean if p.mean is not None else (low + high) / 2
            stddev = p.stddev if p.stddev is not None else max(1.0, (high - low) / 6)
            return np.clip(np.rint(stream.normal(keys, mean, stddev)), low, high).astype(np.int64)
        return stream.integers(keys, low, high)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        unit = self.params.lorem_ipsum_unit
        top = self.params.bounds()[1]
        counts = self._counts(ctx.stream.child("count"), ctx.rows)
        keys, offsets = _nest(ctx.rows, counts, top)
        if unit == "words":
            return _join(_words(ctx.stream, keys), offsets, " ")
        if unit == "sentences":
            return _join(_sentences(ctx.stream, keys), offsets, " ")
        low, high = _SENTENCES_PER_PARAGRAPH
        s_keys, s_offsets = _nest(keys, ctx.stream.child("sentences").integers(keys, low, high), high)
        paragraphs = _join(_sentences(ctx.stream, s_keys), s_offsets, " ")
        return _join(paragraphs, offsets, "\n")


def _nest(keys: np.ndarray, counts: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys of the children of each key (child j of key k is k*top + j) and their list offsets."""
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    starts = np.repeat(offsets[:-1], counts)
    position = np.arange(offsets[-1], dtype=np.int64) - starts
    # uint64 wraps instead of overflowing on deep nesting; keys stay distinct for realistic row counts.
    child = np.repeat(keys.astype(np.uint64), counts) * np.uint64(max(top, 1)) + position.astype(np.uint64)
    return child, offsets


def _words(stream: Stream, keys: np.ndarray) -> pa.Array:
    words = lorem_words()
    return words.take(pa.array(stream.child("word").integers(keys, 0, len(words) - 1)))


def _sentences(stream: Stream, keys: np.ndarray) -> pa.Array:
    low, high = _WORDS_PER_SENTENCE
    w_keys, w_offsets = _nest(keys, stream.child("words").integers(keys, low, high), high)
    text = pc.utf8_capitalize(_join(_words(stream, w_keys), w_offsets, " "))
    return pc.binary_join_element_wise(text, ".", "")


def _join(items: pa.Array, offsets: np.ndarray, separator: str) -> pa.Array:
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), items)
    return pc.binary_join(lists, separator)


class WordsParams(LoremIpsumParams):
    """Lorem Ipsum preset to words (5-12 per value by default)."""

    lorem_ipsum_unit: Literal["words", "sentences", "paragraphs"] = "words"


class SentencesParams(LoremIpsumParams):
    """Lorem Ipsum preset to sentences (1-3 per value by default)."""

    lorem_ipsum_unit: Literal["words", "sentences", "paragraphs"] = "sentences"


class ParagraphsParams(LoremIpsumParams):
    """Lorem Ipsum preset to paragraphs (1-3 per value by default, newline-separated)."""

    lorem_ipsum_unit: Literal["words", "sentences", "paragraphs"] = "paragraphs"


@register
class Words(LoremIpsum):
    """Latin filler words (Mockaroo's Words): min..max words per value."""

    display_name = "Words"
    key = "words"
    aliases = ("lorem_words", "random_words")
    description = "Latin filler words, min..max (5-12) per value."
    Params = WordsParams
    params: WordsParams


@register
class Sentences(LoremIpsum):
    """Latin filler sentences (Mockaroo's Sentences): min..max sentences per value."""

    display_name = "Sentences"
    key = "sentences"
    aliases = ("lorem_sentences", "sentence")
    description = "Latin filler sentences, min..max (1-3) per value."
    Params = SentencesParams
    params: SentencesParams


@register
class Paragraphs(LoremIpsum):
    """Latin filler paragraphs (Mockaroo's Paragraphs): min..max paragraphs per value."""

    display_name = "Paragraphs"
    key = "paragraphs"
    aliases = ("lorem_paragraphs", "paragraph")
    description = "Latin filler paragraphs separated by newlines, min..max (1-3) per value."
    Params = ParagraphsParams
    params: ParagraphsParams
