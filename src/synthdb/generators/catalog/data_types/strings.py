"""Naughty strings, templates over the row's columns, and digit sequences."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, Field, field_validator

from synthdb.definition.suggest import did_you_mean
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamError, ParamsModel
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.charbuf import fixed_strings, random_digits
from synthdb.generators.helpers.checksums import digits_of
from synthdb.generators.helpers.common import DATA_TYPES, is_unique
from synthdb.generators.limits import MAX_TEMPLATE_PLACEHOLDERS, TemplateText
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key


@cache
def naughty_strings() -> pa.Array:
    """The shipped subset of the Big List of Naughty Strings."""
    return pa.array(bundled_json("naughty_strings.json")["strings"], pa.string())


@register
class NaughtyString(Generator[NoParams]):
    """Strings that break naive code: quotes, injections, invisible and right-to-left characters, emoji."""

    display_name = "Naughty String"
    key = "naughty_string"
    aliases = ("blns", "evil_string", "edge_case_string")
    category = DATA_TYPES
    description = "Strings from the Big List of Naughty Strings: SQL/HTML injections, odd Unicode, null-likes."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        values = naughty_strings()
        return values.take(pa.array(ctx.stream.integers(ctx.rows, 0, len(values) - 1)))


# {name} is a column; {{ and }} are literal braces. A name may hold any character but braces.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")


def parse_template(text: str) -> list[tuple[bool, str]]:
    """(is_column, text) parts of a template, literals merged."""
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        literal = text[position : match.start()] + (match.group(0)[0] if match.group(1) is None else "")
        if literal:
            parts.append((False, literal))
        if match.group(1) is not None:
            parts.append((True, match.group(1).strip()))
        position = match.end()
    if position < len(text):
        parts.append((False, text[position:]))
    merged: list[tuple[bool, str]] = []
    for part in parts:
        if merged and not part[0] and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + part[1])
        else:
            merged.append(part)
    return merged


class TemplateParams(ParamsModel):
    """Parameters of Template: text with {column} references to fields of the same entity."""

    model_config = ConfigDict(extra="ignore")
    template: TemplateText = Field(description="text with {column} placeholders; {{ and }} are braces")


@register
class Template(Generator[TemplateParams]):
    """Text built from the row's columns: "{first_name} works at {company}"; nulls render as empty text."""

    display_name = "Template"
    key = "template"
    aliases = ("string_template", "format_string")
    category = DATA_TYPES
    description = "Text with {column} placeholders filled from the row's columns ({{ and }} for braces)."
    Params = TemplateParams

    def setup(self) -> None:
        self._parts = parse_template(self.params.template)
        # Each reference copies a column into every value: bounded so a value stays a bounded size.
        if sum(is_column for is_column, _ in self._parts) > MAX_TEMPLATE_PLACEHOLDERS:
            raise ParamError("template", f"more than {MAX_TEMPLATE_PLACEHOLDERS} {{column}} references")
        names = [f.name for f in self.entity.fields]
        for is_column, name in self._parts:
            if not is_column:
                continue
            if name == self.field.name:
                raise ParamError("template", f"a template cannot refer to its own field '{name}'")
            if name not in names:
                hint = did_you_mean(name, names)
                raise ParamError("template", f"refers to field '{name}', which entity '{self.entity.name}' lacks{hint}")

    def dependencies(self) -> list[str]:
        return list(dict.fromkeys(name for is_column, name in self._parts if is_column))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        pieces: list[pa.Array | str] = []
        for is_column, text in self._parts:
            if not is_column:
                pieces.append(text)
                continue
            column = ctx.columns[text]
            if pa.types.is_dictionary(column.type):
                column = column.dictionary_decode()
            as_text = column if pa.types.is_string(column.type) else column.cast(pa.string())
            pieces.append(as_text.fill_null("") if as_text.null_count else as_text)
        if not any(isinstance(p, pa.Array) for p in pieces):
            return pa.array(["".join(str(p) for p in pieces)] * len(ctx.rows), pa.string())
        if len(pieces) == 1:
            return pieces[0]
        return pc.binary_join_element_wise(*pieces, "")


class DigitParams(ParamsModel):
    """Parameters of Digit Sequence."""

    model_config = ConfigDict(extra="ignore")
    length: int = 10
    leading_zeros: bool = True

    @field_validator("length")
    @classmethod
    def _length(cls, value: int) -> int:
        if not 1 <= value <= 1000:
            raise ValueError("length must be between 1 and 1000")
        return value


@register
class DigitSequence(Generator[DigitParams]):
    """Strings of `length` random digits; distinct for unique fields (a keyed bijection of the row)."""

    display_name = "Digit Sequence"
    key = "digit_sequence"
    aliases = ("digits", "numeric_string", "number_string")
    category = DATA_TYPES
    unique_values = True
    description = "Strings of `length` (10) random digits, e.g. 0482913375; leading_zeros: false starts with 1-9."
    Params = DigitParams

    def capacity(self) -> int | None:
        n = self.params.length
        return 10**n if self.params.leading_zeros else 9 * 10 ** (n - 1)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        width = self.params.length
        digits = random_digits(ctx.stream, ctx.rows, width).astype(np.int64)
        if not self.params.leading_zeros:
            digits[:, 0] = ctx.stream.integers(ctx.rows, 1, 9, draw=1)
        if is_unique(self):
            # A keyed bijection of the row: into the whole space when it is small enough, else into the
            # last 15 digits (the others stay random), so no two rows share a sequence.
            key = derive_key(ctx.stream.key, "unique")
            space = self.capacity() or 0
            if space <= 10**15:
                value = permute(ctx.rows, space, key) + (0 if self.params.leading_zeros else 10 ** (width - 1))
                digits = digits_of(value, width)
            else:
                code = permute(ctx.rows, 10**15, key)
                digits[:, width - 15 :] = digits_of(code, 15)
        return fixed_strings((digits + ord("0")).astype(np.uint8))
