"""Nested and binary columns as text, for formats that hold only scalars (CSV): lists and structs become
JSON, bytes become base64. Generators of such columns are rare, so this per-value path stays off the
hot path of ordinary columns, which pass through untouched."""

from __future__ import annotations

import base64
import json
from typing import Any

import pyarrow as pa


def _needs_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
                or pa.types.is_fixed_size_binary(kind))


def _default(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)  # dates, decimals and the like inside nested values


def _as_text(array: pa.Array) -> pa.Array:
    if pa.types.is_nested(array.type):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=_default)
                         for v in array.to_pylist()], pa.string())
    return pa.array([None if v is None else base64.b64encode(v).decode("ascii") for v in array.to_pylist()],
                    pa.string())


def text_schema(schema: pa.Schema) -> pa.Schema:
    """The schema with nested and binary fields turned into strings."""
    return pa.schema([pa.field(f.name, pa.string(), f.nullable) if _needs_text(f.type) else f for f in schema])


def scalar_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with nested columns as JSON text and binary columns as base64 text."""
    if not any(_needs_text(f.type) for f in batch.schema):
        return batch
    columns = [_as_text(c) if _needs_text(c.type) else c for c in batch.columns]
    return pa.RecordBatch.from_arrays(columns, schema=text_schema(batch.schema))
