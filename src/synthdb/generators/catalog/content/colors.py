"""Colors: names (localized, from Faker), hex, short hex, rgb() and hsl() text that agree within a row."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.charbuf import concat, fixed_strings, hex_bytes
from synthdb.generators.helpers.common import NETWORKS, find_sibling, locale_of
from synthdb.generators.helpers.reference import LocaleParams, data_locale, faker_data
from synthdb.generators.registry import register

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _display(name: str) -> str:
    # Faker's English names are CSS identifiers (LightSeaGreen); people write "Light Sea Green".
    return _CAMEL.sub(" ", name)


@cache
def color_table(locale: str) -> tuple[pa.Array, np.ndarray]:
    """(color names, their 24-bit RGB values) for a locale (Faker data, en_US fallback)."""
    data = faker_data("color", "all_colors", locale)
    names = [_display(n) for n in data]
    values = np.array([int(h.lstrip("#"), 16) for h in data.values()], dtype=np.int64)
    return pa.array(names, pa.string()), values


@cache
def _all_names() -> tuple[pa.Array, np.ndarray]:
    """Every locale's color names and values, to read back a Color Name column whatever its locale."""
    import pkgutil

    import faker.providers.color

    names: dict[str, int] = {}
    for locale in ("en_US", *sorted(m.name for m in pkgutil.iter_modules(faker.providers.color.__path__))):
        try:
            source = data_locale("color", "all_colors", locale)
        except LookupError:
            continue
        table_names, table_values = color_table(source)
        for name, value in zip(table_names.to_pylist(), table_values.tolist(), strict=True):
            names.setdefault(name, value)
    return pa.array(list(names), pa.string()), np.array(list(names.values()), dtype=np.int64)


@register
class ColorName(Generator[LocaleParams]):
    """Color names in the locale's language (Alice Blue, Eisfarben, ...)."""

    display_name = "Color"
    key = "color_name"
    aliases = ("Color Name", "colour", "colour_name")
    category = NETWORKS
    description = "Named colors in the locale's language (Sea Green, Bleu ciel); Hex/RGB Color in the row agree."
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        names, _ = color_table(data_locale("color", "all_colors", locale_of(self)))
        return names.take(pa.array(ctx.group("color").integers(ctx.rows, 0, len(names) - 1)))


class _ColorValue(Generator[NoParams]):
    """A 24-bit color per row: the row's Color Name's value when the entity has one, else a group draw."""

    category = NETWORKS

    def setup(self) -> None:
        self._sibling = find_sibling(self, ColorName)

    def dependencies(self) -> list[str]:
        return [self._sibling] if self._sibling else []

    def rgb(self, ctx: ColumnContext) -> np.ndarray:
        """24-bit RGB values as int64."""
        value = (ctx.group("color").bits(ctx.rows, 1) >> np.uint64(40)).astype(np.int64)
        if self._sibling:
            names, values = _all_names()
            found = pc.index_in(ctx.columns[self._sibling].cast(pa.string()), value_set=names)
            known = np.asarray(found.is_valid())
            value = np.where(known, values[found.fill_null(0).to_numpy(zero_copy_only=False)], value)
        return value


def _channels(value: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


@register
class HexColor(_ColorValue):
    """Hex color codes (#1e90ff)."""

    display_name = "Hex Color"
    key = "hex_color"
    aliases = ("hex_colour", "color_hex", "html_color")
    description = "Hex color codes like #3cb371 (the row's Color Name's code when there is one)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        r, g, b = _channels(self.rgb(ctx))
        hexed = hex_bytes(np.column_stack([r, g, b]).astype(np.uint8))
        return fixed_strings(concat([b"#", hexed], len(ctx.rows)))


@register
class ShortHexColor(_ColorValue):
    """Three-digit hex colors (#3c7): each channel rounded to one hex digit."""

    display_name = "Short Hex Color"
    key = "short_hex_color"
    aliases = ("short_hex_colour",)
    description = "Three-digit hex colors like #3b7 (the row's color rounded to 4 bits per channel)."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        nibbles = [np.rint(c / 17).astype(np.uint8) for c in _channels(self.rgb(ctx))]
        hexed = hex_bytes(np.column_stack(nibbles))[:, 1::2]
        return fixed_strings(concat([b"#", hexed], len(ctx.rows)))


@register
class RGBColor(_ColorValue):
    """CSS rgb() colors: rgb(30, 144, 255)."""

    display_name = "RGB Color"
    key = "rgb_color"
    aliases = ("rgb", "rgb_colour")
    description = "CSS colors like rgb(60, 179, 113), agreeing with Hex Color and Color in the row."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        r, g, b = (pa.array(c).cast(pa.string()) for c in _channels(self.rgb(ctx)))
        return pc.binary_join_element_wise("rgb(", r, ", ", g, ", ", b, ")", "")


@register
class HSLColor(_ColorValue):
    """CSS hsl() colors: hsl(210, 100%, 56%)."""

    display_name = "HSL Color"
    key = "hsl_color"
    aliases = ("hsl", "hsl_colour")
    description = "CSS colors like hsl(147, 50%, 47%), the same color as the row's Hex/RGB Color."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        r, g, b = (c / 255.0 for c in _channels(self.rgb(ctx)))
        high, low = np.maximum(np.maximum(r, g), b), np.minimum(np.minimum(r, g), b)
        spread = high - low
        light = (high + low) / 2
        safe = np.where(spread == 0, 1, spread)
        divisor = np.where(light <= 0.5, high + low, 2 - high - low)  # zero only for greys (spread 0)
        sat = np.where(spread == 0, 0, spread / np.where(divisor == 0, 1, divisor))
        hue = np.select([spread == 0, high == r, high == g],
                        [0, ((g - b) / safe) % 6, (b - r) / safe + 2], (r - g) / safe + 4) * 60
        parts = (pa.array(np.rint(x).astype(np.int64) % m).cast(pa.string())
                 for x, m in ((hue, 360), (sat * 100, 101), (light * 100, 101)))
        h, s, lum = parts
        return pc.binary_join_element_wise("hsl(", h, ", ", s, "%, ", lum, "%)", "")
