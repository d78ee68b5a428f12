"""Image: small valid PNG identicons (a mirrored 5x5 pattern in a random color), built without a loop per row.

Each image is a 1-bit palette PNG whose pixel data sits in an uncompressed (stored) deflate block, so
every byte is computed with NumPy: the pattern bits, the palette, the Adler-32 of the zlib stream and
the CRC-32 of each chunk (table-driven, one step per byte position over all rows at once). The pixel
data depends on 15 bits only, so for sizes up to about 45x45 all 32,768 IDAT chunks are built once
(cached, at most 64 MB) and rows just pick theirs. The output
is base64 text by default (every format can write it), a data: URI, or raw bytes (`format: binary`,
for BLOB/bytea columns; CSV cannot hold raw bytes).
"""

from __future__ import annotations

import zlib
from functools import cache
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.charbuf import concat, fixed_strings, hex_bytes
from synthdb.generators.helpers.common import DATA_TYPES
from synthdb.generators.presets import preset
from synthdb.generators.registry import register

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_BACKGROUND = (240, 240, 240)
_B64 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", dtype=np.uint8)


@cache
def _crc_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> np.uint32(1)) ^ np.uint32(0xEDB88320), table >> np.uint32(1))
    return table.astype(np.uint32)


def crc32(data: np.ndarray) -> np.ndarray:
    """CRC-32 (zlib's) of each row of an (n, length) uint8 matrix."""
    table = _crc_table()
    crc = np.full(len(data), 0xFFFFFFFF, dtype=np.uint32)
    for j in range(data.shape[1]):
        crc = table[(crc ^ data[:, j]) & np.uint32(0xFF)] ^ (crc >> np.uint32(8))
    return crc ^ np.uint32(0xFFFFFFFF)


def adler32(data: np.ndarray) -> np.ndarray:
    """Adler-32 of each row (sums stay exact in int64 for rows of up to ~100 kB)."""
    length = data.shape[1]
    values = data.astype(np.int64)
    a = (1 + values.sum(axis=1)) % 65521
    b = (length + values @ np.arange(length, 0, -1, dtype=np.int64)) % 65521
    return ((b << 16) | a).astype(np.uint32)


def _be32(values: np.ndarray) -> np.ndarray:
    return values.astype(">u4").view(np.uint8).reshape(-1, 4)


def base64_text(data: np.ndarray) -> np.ndarray:
    """(n, length) bytes → (n, 4·ceil(length/3)) ASCII base64 with '=' padding."""
    n, length = data.shape
    pad = (-length) % 3
    full = np.concatenate([data, np.zeros((n, pad), dtype=np.uint8)], axis=1) if pad else data
    b0, b1, b2 = full[:, 0::3], full[:, 1::3], full[:, 2::3]
    quads = np.empty((n, b0.shape[1], 4), dtype=np.uint8)
    quads[:, :, 0] = _B64[b0 >> 2]
    quads[:, :, 1] = _B64[((b0 & 3) << 4) | (b1 >> 4)]
    quads[:, :, 2] = _B64[((b1 & 15) << 2) | (b2 >> 6)]
    quads[:, :, 3] = _B64[b2 & 63]
    text = quads.reshape(n, -1)
    if pad:
        text[:, -pad:] = ord("=")
    return text


class ImageParams(ParamsModel):
    """Parameters of Image: size in pixels and the output form."""

    model_config = ConfigDict(extra="ignore")
    width: int = 32
    height: int = 32
    format: Literal["base64", "data_uri", "binary"] = "base64"

    @field_validator("width", "height")
    @classmethod
    def _size(cls, value: int) -> int:
        if not 5 <= value <= 512:
            raise ValueError("must be between 5 and 512 pixels")
        return value


@register
class Image(Generator[ImageParams]):
    """Small PNG identicons: a symmetric 5x5 pattern in a random color on a light background."""

    display_name = "Image"
    key = "image"
    aliases = ("png", "identicon", "Base64 Image")
    category = DATA_TYPES
    description = "Valid PNG identicons (width x height, 32x32) as base64 text, a data: URI, or bytes (format)."
    Params = ImageParams

    def arrow_type(self) -> pa.DataType:
        return pa.binary() if self.params.format == "binary" else pa.string()

    def png(self, ctx: ColumnContext) -> np.ndarray:
        """(n, size) PNG files, one per row."""
        n, width, height = len(ctx.rows), self.params.width, self.params.height
        pattern = (ctx.stream.bits(ctx.rows) >> np.uint64(49)).astype(np.int64)  # 15 bits: a mirrored 5 x 5 grid
        table = _idat_table(width, height)
        idat = table[pattern] if table is not None else _idat_chunks(pattern, width, height)
        hue = ctx.stream.uniform(ctx.rows, 1)
        palette = concat([b"PLTE", bytes(_BACKGROUND), _foreground(hue)], n)
        return concat([_SIGNATURE, _ihdr(width, height), (6).to_bytes(4, "big"), palette, _be32(crc32(palette)),
                       idat, _IEND], n)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        files = self.png(ctx)
        if self.params.format == "binary":
            n, size = files.shape
            offsets = (np.arange(n + 1, dtype=np.int64) * size).astype(np.int32)
            return pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(files.tobytes())])
        text = base64_text(files)
        if self.params.format == "data_uri":
            text = concat([b"data:image/png;base64,", text], len(files))
        return fixed_strings(text)


def _idat_chunks(pattern: np.ndarray, width: int, height: int) -> np.ndarray:
    """Complete IDAT chunks (length, type, zlib stream, CRC) for 15-bit identicon patterns."""
    n = len(pattern)
    cells = np.stack([(pattern >> k) & 1 for k in range(15)], axis=1).reshape(n, 5, 3)
    grid = np.concatenate([cells, cells[:, :, 1::-1]], axis=2).astype(np.uint8)  # columns 0 1 2 1 0
    pixels = grid[:, (np.arange(height) * 5) // height][:, :, (np.arange(width) * 5) // width]
    scanlines = np.packbits(pixels, axis=2)  # 1 bit per pixel, rows padded to whole bytes
    raw = np.concatenate([np.zeros((n, height, 1), dtype=np.uint8), scanlines], axis=2).reshape(n, -1)
    size = raw.shape[1]
    # zlib: header, one final stored block (LEN, NLEN), the raw bytes, Adler-32.
    stored = bytes([0x78, 0x01, 0x01]) + size.to_bytes(2, "little") + (size ^ 0xFFFF).to_bytes(2, "little")
    body = concat([b"IDAT", stored, raw, _be32(adler32(raw))], n)
    return concat([(body.shape[1] - 4).to_bytes(4, "big"), body, _be32(crc32(body))], n)


@cache
def _idat_table(width: int, height: int) -> np.ndarray | None:
    """All 32,768 possible IDAT chunks of a size, computed once when they fit in 64 MB (else None)."""
    size = height * (1 + (width + 7) // 8) + 23
    if size << 15 > 64 << 20:
        return None
    return _idat_chunks(np.arange(1 << 15, dtype=np.int64), width, height)


@cache
def _ihdr(width: int, height: int) -> bytes:
    body = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 3, 0, 0, 0])
    return (13).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")


def _foreground(hue: np.ndarray) -> np.ndarray:
    """Saturated mid-light colors from a hue in [0, 1) (HSL with s = 0.6, l = 0.5)."""
    sector = hue * 6
    x = 1 - np.abs(sector % 2 - 1)
    index = sector.astype(np.int64) % 6
    ones, zeros = np.ones_like(hue), np.zeros_like(hue)
    r = np.choose(index, [ones, x, zeros, zeros, x, ones])
    g = np.choose(index, [x, ones, ones, x, zeros, zeros])
    b = np.choose(index, [zeros, zeros, x, ones, ones, x])
    chroma, low = 0.6, 0.2  # (1 - |2l - 1|) * s and l - chroma / 2
    return np.rint(255 * (np.stack([r, g, b], axis=1) * chroma + low)).astype(np.uint8)


preset(Image, "Image (binary)", "image_binary", "Valid PNG identicons as raw bytes (a BLOB / bytea column).",
       format="binary")
preset(Image, "Base64 Image URL", "base64_image_url", "Valid PNG identicons as data: URIs "
       "(data:image/png;base64,...), usable as an <img> src.", format="data_uri")


def _hex_colours(values: np.ndarray) -> pa.Array:
    """Six lowercase hex digits per 24-bit value."""
    raw = values.astype(">u4").view(np.uint8).reshape(len(values), 4)[:, 1:]
    return fixed_strings(hex_bytes(raw))


class DummyImageParams(ParamsModel):
    """Parameters of Dummy Image URL: a size range in pixels (drawn per row) and the file format."""

    model_config = ConfigDict(extra="ignore")
    min_size: int = 100
    max_size: int = 600
    format: Literal["png", "jpg", "gif"] = "png"

    @field_validator("min_size", "max_size")
    @classmethod
    def _size(cls, value: int) -> int:
        if not 1 <= value <= 4000:
            raise ValueError(f"sizes are 1..4000 pixels, got {value}")
        return value


@register
class DummyImageUrl(Generator[DummyImageParams]):
    """Placeholder-image URLs in dummyimage.com's scheme, as Mockaroo's Dummy Image URL gives."""

    display_name = "Dummy Image URL"
    key = "dummy_image_url"
    aliases = ("placeholder_image_url", "placeholder_image")
    category = DATA_TYPES
    description = ("https://dummyimage.com/<width>x<height>.<format>/<background>/<foreground>: a placeholder "
                   "image of a random size within min_size..max_size and random colours.")
    Params = DummyImageParams

    def setup(self) -> None:
        if self.params.max_size < self.params.min_size:
            p = self.params
            raise ParamError("max_size", f"max_size ({p.max_size}) is below min_size ({p.min_size})")

    def generate(self, ctx: ColumnContext) -> pa.Array:
        p, stream, rows = self.params, ctx.stream, ctx.rows
        width = stream.child("w").integers(rows, p.min_size, p.max_size)
        height = stream.child("h").integers(rows, p.min_size, p.max_size)
        colour = [_hex_colours(stream.child(part).integers(rows, 0, 0xFFFFFF)) for part in ("bg", "fg")]
        return pc.binary_join_element_wise("https://dummyimage.com/", pa.array(width).cast(pa.string()), "x",
                                           pa.array(height).cast(pa.string()), f".{p.format}/", colour[0], "/",
                                           colour[1], "")
