"""Array and Object: values made of nested generators, as Arrow lists or as JSON text.

A nested generator is declared like a field without a name (`{"generator": "First Name", ...params}`)
and is built through the registry inside its own one-field entity, so it never reads the outer row.
Array items of row r are the nested generator's values at keys r*K + j (K: the largest count), so an
item is a pure function of (row, position). Object subfields run on the object's rows, each with its
own stream and a group seed of their own: the subfields of one object agree with each other (a name
and an e-mail), not with the outer row. A subfield may read the subfields listed before it.

Object values are JSON text (a string column: every output writes it, and PostgreSQL/MySQL JSON
columns accept it). Arrays are Arrow lists by default (`format: json` makes them JSON text too, for
formats that cannot hold lists, such as CSV).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, ValidationError, field_validator, model_validator

from synthdb.datatypes import arrow_type_for
from synthdb.definition.model import Entity, Field
from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel, drives_row_count, unknown_params
from synthdb.generators.catalog.data_types.text import _nest
from synthdb.generators.helpers.common import DATA_TYPES
from synthdb.generators.limits import MAX_ARRAY_ITEMS, items_per_value
from synthdb.generators.registry import REGISTRY, UnknownGenerator, register
from synthdb.randomness import derive_key

_MAX_ITEMS = MAX_ARRAY_ITEMS
_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}


def build_nested(owner: Generator, spec: dict[str, Any], name: str, where: str,
                 siblings: list[Field] | None = None) -> Generator:
    """Instantiate a nested generator spec; errors name the parameter path (`items.min`)."""
    if not isinstance(spec, dict) or "generator" not in spec:
        raise ParamError(where, "a nested generator is a mapping with a 'generator' key, e.g. {generator: Words}")
    try:
        cls = REGISTRY.resolve(str(spec["generator"]))
    except UnknownGenerator as exc:
        raise ParamError(f"{where}.generator", str(exc)) from exc
    settings = {k: v for k, v in spec.items() if k not in ("name", "generator")}
    try:
        field = Field.model_validate({"name": name, "generator": str(spec["generator"]), **settings})
        params = cls.Params.model_validate(field.params)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ParamError(f"{where}.{loc}" if loc else where, first["msg"].removeprefix("Value error, ")) from exc
    for key, message in unknown_params(cls, field.params):
        raise ParamError(f"{where}.{key}", message)
    entity = Entity(name=owner.entity.name, schema=None, fields=[*(siblings or []), field])
    nested = cls(params, field, entity, owner.database)
    try:
        nested.setup()
    except ParamError as exc:
        raise ParamError(f"{where}.{exc.param}", str(exc)) from exc
    if nested.references() or drives_row_count(nested):
        raise ParamError(f"{where}.generator", f"{cls.display_name} reads other tables; it cannot be nested")
    return nested


def nested_type(nested: Generator, spec: dict[str, Any]) -> pa.DataType:
    """The nested generator's Arrow type (its `data_type` when the spec gives one)."""
    declared = arrow_type_for(spec.get("data_type"))
    return declared if declared is not None else nested.arrow_type()


def nested_context(ctx: ColumnContext, rows: np.ndarray, salt: str) -> ColumnContext:
    """A context for a nested generator: other rows, its own stream and group seed, no outer columns."""
    changes: dict[str, Any] = {"rows": rows, "stream": ctx.stream.child(salt), "columns": {},
                               "group_seed": derive_key(ctx.group_seed, "nested", salt), "group_key": None}
    for item in dataclasses.fields(ctx):
        value = getattr(ctx, item.name)
        if item.name not in changes and isinstance(value, np.ndarray):
            changes[item.name] = None  # row-aligned data of the outer batch does not apply
        elif item.name == "parent_rows":
            changes[item.name] = {}
    return dataclasses.replace(ctx, **changes)


def run_nested(nested: Generator, kind: pa.DataType, ctx: ColumnContext) -> pa.Array:
    """Generate and settle the nested values to `kind`."""
    raw = nested.generate(ctx)
    values = raw if isinstance(raw, pa.Array | pa.ChunkedArray) else pa.array(raw)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values if values.type == kind else values.cast(kind, safe=False)


# -- JSON text of Arrow arrays, vectorized --------------------------------------------------------


def _escape(text: pa.Array) -> pa.Array:
    text = pc.replace_substring(text, "\\", "\\\\")
    text = pc.replace_substring(text, '"', '\\"')
    if pc.any(pc.match_substring_regex(text, r"[\x00-\x1f]")).as_py():
        for code in range(0x20):
            text = pc.replace_substring(text, chr(code), _SHORT_ESCAPES.get(code, f"\\u{code:04x}"))
    return pc.binary_join_element_wise('"', text, '"', "")


def json_text(values: pa.Array, raw: bool = False) -> pa.Array:
    """JSON text per value (null → `null`); `raw` strings are JSON already and are inserted as they are."""
    kind = values.type
    if pa.types.is_dictionary(kind):
        return json_text(values.dictionary_decode(), raw)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        inner = json_text(values.flatten(), raw)
        offsets = values.offsets.to_numpy()
        offsets = offsets - offsets[0]
        lists = pa.LargeListArray.from_arrays(pa.array(offsets.astype(np.int64)), inner)
        text = pc.binary_join_element_wise("[", pc.binary_join(lists, ","), "]", "")
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = values if raw else _escape(values)
    elif pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = values.cast(pa.string())
    elif pa.types.is_floating(kind):
        finite = pc.is_finite(values)
        text = pc.if_else(finite, values.cast(pa.string()), pa.scalar(None, pa.string()))
    elif pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_time(kind):
        text = _escape(pc.replace_substring(values.cast(pa.string()), " ", "T", max_replacements=1))
    else:  # binary and rarer types: correct but per value (no generator nests them on a hot path)
        items = [None if v is None else json.dumps(v if isinstance(v, str | int | float | bool) else str(v))
                 for v in values.to_pylist()]
        text = pa.array(items, pa.string())
    return pc.fill_null(text, "null") if text.null_count else text


def _is_json(generator: Generator) -> bool:
    """True when the generator's string values are JSON text (an Object, or an Array in json format)."""
    return isinstance(generator, ObjectGenerator) or (
        isinstance(generator, Array) and generator.params.format == "json")


class ArrayParams(ParamsModel):
    """Parameters of Array: the item generator and the distribution of the number of items."""

    model_config = ConfigDict(extra="ignore")
    items: dict[str, Any]
    distribution: Literal["uniform", "normal", "fixed"] = "uniform"
    min: int = 1
    max: int = 5
    mean: float | None = None
    stddev: float | None = None
    exact_value: int | None = None
    format: Literal["list", "json"] = "list"

    @field_validator("distribution", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> ArrayParams:
        if self.distribution == "fixed" and self.exact_value is None:
            raise ValueError("a fixed distribution needs exact_value")
        low, high = self.bounds()
        if low < 0 or low > high:
            raise ValueError(f"need 0 <= min <= max items, got {low} and {high}")
        if high > _MAX_ITEMS:
            raise ValueError(f"at most {_MAX_ITEMS:,} items per array")
        return self

    def bounds(self) -> tuple[int, int]:
        if self.distribution == "fixed" and self.exact_value is not None:
            return self.exact_value, self.exact_value
        return self.min, self.max


@register
class Array(Generator[ArrayParams]):
    """Lists of values from a nested generator, with a fixed, uniform or normal number of items."""

    display_name = "Array"
    key = "array"
    aliases = ("list_of", "JSON Array", "Repeating Element")
    category = DATA_TYPES
    description = "Lists of `items` (a nested generator); count fixed (exact_value), uniform or normal (min, max)."
    Params = ArrayParams

    def setup(self) -> None:
        self._item = build_nested(self, self.params.items, f"{self.field.name}[]", "items")
        self._item_type = nested_type(self._item, self.params.items)
        self._items = self.params.bounds()[1] * max(1, items_per_value(self._item))
        if self._items > MAX_ARRAY_ITEMS:
            raise ParamError("items", f"nested arrays hold up to {self._items:,} items per value; "
                                      f"at most {MAX_ARRAY_ITEMS:,}")

    def items_per_value(self) -> int:
        """Most items one value holds, nested arrays multiplied out."""
        return self._items

    def arrow_type(self) -> pa.DataType:
        return pa.string() if self.params.format == "json" else pa.list_(self._item_type)

    def counts(self, ctx: ColumnContext) -> np.ndarray:
        """Items per row."""
        p = self.params
        low, high = p.bounds()
        stream = ctx.stream.child("count")
        if p.distribution == "normal":
            mean = p.mean if p.mean is not None else (low + high) / 2
            stddev = p.stddev if p.stddev is not None else max(1.0, (high - low) / 6)
            return np.clip(np.rint(stream.normal(ctx.rows, mean, stddev)), low, high).astype(np.int64)
        return stream.integers(ctx.rows, low, high)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        counts = self.counts(ctx)
        keys, offsets = _nest(ctx.rows, counts, self.params.bounds()[1])
        items = run_nested(self._item, self._item_type, nested_context(ctx, keys.astype(np.int64), "items"))
        if offsets[-1] < 1 << 31:
            lists = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), items)
        else:
            lists = pa.LargeListArray.from_arrays(pa.array(offsets), items).cast(pa.list_(self._item_type))
        if self.params.format == "json":
            return json_text(lists, raw=_is_json(self._item))
        return lists


class ObjectParams(ParamsModel):
    """Parameters of Object: the subfields, each {name, generator, ...params}."""

    model_config = ConfigDict(extra="ignore")
    fields: list[dict[str, Any]]

    @field_validator("fields")
    @classmethod
    def _names(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise ValueError("an object needs at least one field")
        seen: set[str] = set()
        for index, spec in enumerate(value):
            name = spec.get("name") if isinstance(spec, dict) else None
            if not isinstance(name, str) or not name:
                raise ValueError(f"fields[{index}] needs a name")
            if name in seen:
                raise ValueError(f"field name '{name}' is used twice")
            seen.add(name)
        return value


@register
class ObjectGenerator(Generator[ObjectParams]):
    """JSON objects whose members come from nested generators (objects and arrays may nest)."""

    display_name = "Object"
    key = "object"
    aliases = ("json", "JSON Object", "nested_object")
    category = DATA_TYPES
    description = "JSON text objects built from nested `fields` ({name, generator, ...}); members may nest."
    Params = ObjectParams

    def setup(self) -> None:
        self._members: list[tuple[str, Generator, pa.DataType]] = []
        built: list[Field] = []
        for index, spec in enumerate(self.params.fields):
            name = str(spec["name"])
            nested = build_nested(self, spec, name, f"fields[{index}]", siblings=list(built))
            missing = [d for d in nested.dependencies() if d not in {f.name for f in built}]
            if missing:
                raise ParamError(f"fields[{index}]", f"'{name}' reads '{missing[0]}', which is not an earlier field")
            built.append(nested.field)
            self._members.append((name, nested, nested_type(nested, spec)))
        if self.items_per_value() > MAX_ARRAY_ITEMS:
            raise ParamError("fields", f"nested arrays hold up to {self.items_per_value():,} items per value; "
                                       f"at most {MAX_ARRAY_ITEMS:,}")

    def items_per_value(self) -> int:
        """Most list items one value holds: its members' added up."""
        return sum(items_per_value(member) for _, member, _ in self._members)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        inner = nested_context(ctx, ctx.rows, "object")
        columns: dict[str, pa.Array] = {}
        pieces: list[pa.Array | str] = []
        for index, (name, nested, kind) in enumerate(self._members):
            member_ctx = dataclasses.replace(inner, stream=inner.stream.child(name), columns=dict(columns))
            columns[name] = run_nested(nested, kind, member_ctx)
            pieces += [("{" if index == 0 else ",") + json.dumps(name, ensure_ascii=False) + ":",
                       json_text(columns[name], raw=_is_json(nested))]
        pieces.append("}")
        return pc.binary_join_element_wise(*pieces, "")
