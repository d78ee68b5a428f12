"""UUID and MongoDB ObjectID: identifiers unique within a column by construction (no retry, no lookup set)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamError, ParamsModel
from synthdb.generators.catalog.time.datetimes import epoch_seconds, to_datetime
from synthdb.generators.helpers.charbuf import hex_bytes
from synthdb.generators.registry import register
from synthdb.randomness import derive_key, mix64

_DASHES = (8, 13, 18, 23)
_HEX_COLUMNS = np.array([i for i in range(36) if i not in _DASHES])
_NIBBLE = np.uint64(0xF)
_VERSION_SHIFT = np.uint64(12)  # bits 12-15 of the high word are the version nibble (byte 6, high half)
_LOW_58 = np.uint64((1 << 58) - 1)
_VARIANT = np.uint64(0b10 << 62)  # RFC 4122 variant: the two top bits of byte 8 are 10


def uuid_words(rows: np.ndarray, key: int) -> tuple[np.ndarray, np.ndarray]:
    """The (high, low) 64-bit words of a version-4 UUID per row; distinct rows give distinct UUIDs.

    `h = mix64(row + key)` is a bijection of uint64 (adding a constant and SplitMix64's finaliser are
    both invertible), so h differs for every row. The version nibble overwrites 4 bits of h in the high
    word; those 4 bits are moved into the low word (bits 58-61, just under the 2 variant bits), so the
    pair (high, low) still determines h, and hence the row: uniqueness survives setting version/variant.
    The other 58 bits of the low word are random filler from an independent draw.
    """
    h = mix64(rows.astype(np.uint64) + np.uint64(key))
    filler = mix64(mix64(rows.astype(np.uint64) ^ np.uint64(derive_key(key, "filler"))))
    version_mask = _NIBBLE << _VERSION_SHIFT
    high = (h & ~version_mask) | (np.uint64(4) << _VERSION_SHIFT)
    displaced = (h >> _VERSION_SHIFT) & _NIBBLE
    low = _VARIANT | (displaced << np.uint64(58)) | (filler & _LOW_58)
    return high, low


def format_uuids(high: np.ndarray, low: np.ndarray) -> pa.Array:
    """8-4-4-4-12 lowercase hex strings from (high, low) words, built as one byte matrix."""
    n = len(high)
    raw = np.empty((n, 2), dtype=">u8")
    raw[:, 0], raw[:, 1] = high, low
    hexed = hex_bytes(raw.view(np.uint8).reshape(n, 16))
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    text[:, _HEX_COLUMNS] = hexed
    offsets = (np.arange(n + 1, dtype=np.int64) * 36).astype(np.int32 if n * 36 < 1 << 31 else np.int64)
    kind = pa.string() if offsets.dtype == np.int32 else pa.large_string()
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(text)])


@register
class UUID(Generator[NoParams]):
    """Random-looking version-4 UUIDs, never repeated within a column."""

    display_name = "UUID"
    key = "uuid"
    unique_values = True
    aliases = ("GUID", "uuid_v4", "uuid4")
    category = "Networks and files"
    description = "Version-4 UUIDs (8-4-4-4-12 lowercase hex), unique within the column."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        high, low = uuid_words(ctx.rows, derive_key(ctx.stream.key, "uuid"))
        return format_uuids(high, low)


class ObjectIdParams(ParamsModel):
    """Parameters of MongoDB ObjectID: the creation-time window of the embedded timestamps."""

    model_config = ConfigDict(extra="ignore")
    start_date: datetime = datetime(2020, 1, 1)
    end_date: datetime = datetime(2025, 12, 31, 23, 59, 59)

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _moment(cls, value: Any) -> datetime:
        return to_datetime(value)


@register
class MongoObjectId(Generator[ObjectIdParams]):
    """MongoDB ObjectIDs: a 4-byte creation time rising with the row, then 8 bytes unique per row."""

    display_name = "MongoDB ObjectID"
    key = "mongodb_objectid"
    unique_values = True
    aliases = ("ObjectId", "object_id", "bson_object_id")
    category = "Networks and files"
    description = ("24 hex digits: a big-endian creation time in [start_date, end_date] that rises with the row "
                   "(as in a real collection), then 8 bytes unique within the column.")
    Params = ObjectIdParams

    def setup(self) -> None:
        p = self.params
        if p.end_date < p.start_date:
            raise ParamError("end_date", f"end_date ({p.end_date}) is before start_date ({p.start_date})")
        if not (epoch_seconds(p.start_date) >= 0 and epoch_seconds(p.end_date) < 1 << 32):
            raise ParamError("start_date", "ObjectID timestamps hold seconds from 1970 to 2106")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        low, high = epoch_seconds(self.params.start_date), epoch_seconds(self.params.end_date)
        # Row r is created somewhere in its own slice of the window, so time rises with the row.
        slice_width = (high - low + 1) / max(ctx.table_size, 1)
        jitter = ctx.stream.child("time").uniform(ctx.rows)
        seconds = low + np.floor((ctx.rows + jitter) * slice_width).astype(np.int64)
        tail = mix64(ctx.rows.astype(np.uint64) + np.uint64(derive_key(ctx.stream.key, "objectid")))
        n = len(ctx.rows)
        raw = np.empty(n, dtype=[("time", ">u4"), ("tail", ">u8")])
        raw["time"], raw["tail"] = np.minimum(seconds, high).astype(np.uint32), tail
        hexed = hex_bytes(raw.view(np.uint8).reshape(n, 12))
        offsets = (np.arange(n + 1, dtype=np.int64) * 24).astype(np.int32)
        return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(hexed)])
