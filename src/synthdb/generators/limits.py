"""Caps on sizes and on generator inputs: one documented place for every bound a definition must respect.

The service takes definitions from API callers it does not trust, so every size a definition can set is
bounded here and checked where the parameter is validated (the error names the field's path), before a
row is planned or generated. docs/definition.md lists these values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from synthdb.generators.base import ParamError

# Rows of one table (foreign-key-driven and unique-records tables included) and of one run.
MAX_TABLE_ROWS = 10**10
MAX_TOTAL_ROWS = 10**11

# Generator inputs. Each one costs memory or CPU per value or per batch: a 200,000-character
# Character Sequence format made 200,000-byte values (2 GB per batch), a 100,000-character regex took
# 17 s to compile into a sampler, a 4,000,000-value Custom List 55 s and 2.9 GB.
MAX_LIST_VALUES = 100_000  # entries of any list parameter (Custom List values and weights, ...)
MAX_PARAMETER_VALUES = 200_000  # list entries and object keys of one field's parameters, all nested
MAX_TEXT_PARAMETER = 10_000  # characters of any text parameter
MAX_PATTERN_LENGTH = 1_000  # Character Sequence `format`: one output character per pattern character
MAX_REGEX_LENGTH = 1_000  # Regular Expression `regex` (its values are also capped at 4,096 bytes)
MAX_TEMPLATE_LENGTH = 10_000  # Template `template`
MAX_TEMPLATE_PLACEHOLDERS = 64  # {column} references in one Template
# Items of one Array value, nested arrays and objects multiplied out (an array of 10,000 arrays of
# 10,000 items would be 10**8 items per value).
MAX_ARRAY_ITEMS = 10_000
# Lorem Ipsum units per value: each bound gives values of at most about 70,000 characters.
MAX_LOREM_UNITS = {"words": 10_000, "sentences": 1_000, "paragraphs": 200}

# Children per parent of a foreign key (min, max, exact_value, max_per_parent; mean and stddev), and
# the span of a zipf distribution of children (its CDF holds one float per possible count).
MAX_ZIPF_COUNTS = 1_000_000
ChildCount = Annotated[int, Field(ge=0, le=MAX_TABLE_ROWS)]
ChildMean = Annotated[float, Field(ge=0, le=MAX_TABLE_ROWS, allow_inf_nan=False)]
# Text parameters with tighter bounds than MAX_TEXT_PARAMETER.
PatternText = Annotated[str, Field(max_length=MAX_PATTERN_LENGTH)]
RegexText = Annotated[str, Field(max_length=MAX_REGEX_LENGTH)]
TemplateText = Annotated[str, Field(max_length=MAX_TEMPLATE_LENGTH)]


def check_parameter_sizes(params: Mapping[str, Any]) -> None:
    """Raise ParamError naming the parameter whose text or list (at any depth) exceeds the caps.

    Runs on the raw parameters before their model validates them, so an oversized list is refused
    before pydantic (or the generator's setup) spends time and memory on each of its entries.
    """
    for name, value in params.items():
        count = 0
        pending = [value]
        while pending:  # iterative: parameters nested deeply must not exhaust the Python stack
            item = pending.pop()
            if isinstance(item, str):
                if len(item) > MAX_TEXT_PARAMETER:
                    raise ParamError(name, f"text of {len(item):,} characters; at most {MAX_TEXT_PARAMETER:,}")
            elif isinstance(item, list | tuple):
                if len(item) > MAX_LIST_VALUES:
                    raise ParamError(name, f"{len(item):,} values; at most {MAX_LIST_VALUES:,}")
                count += len(item)
                pending.extend(item)
            elif isinstance(item, Mapping):
                count += len(item)
                pending.extend(item.keys())
                pending.extend(item.values())
            if count > MAX_PARAMETER_VALUES:
                raise ParamError(name, f"more than {MAX_PARAMETER_VALUES:,} nested values; at most that many")


def items_per_value(generator: object) -> int:
    """Most list items one value of a nested generator holds (1 for a scalar; Array and Object say more)."""
    method = getattr(generator, "items_per_value", None)
    return int(method()) if callable(method) else 1
