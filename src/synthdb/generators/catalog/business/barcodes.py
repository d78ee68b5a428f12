"""Product and publication codes with valid check digits: ISBN-10/13, EAN-13, EAN-8, UPC-A, GTIN-14, ISSN.

ISBNs use the registration groups of the locale's country or language (978-0, 978-1 and 979-8 for the
US, 978-3 for German, 978-84 for Spain, ...) with ISBN International's registrant ranges
(synthdb/data/isbn_ranges.json), and are hyphenated at the real boundaries. EAN
codes start with a GS1 prefix of the locale's country (synthdb/data/gs1_prefixes.json). Every code is a
bijective function of an index into its space, so `unique` fields get distinct codes by construction.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa

from synthdb.generators.catalog.identity.national_ids import IdParams, NumberedId
from synthdb.generators.helpers.checksums import chars, column, compose, digits_of, gs1_digit, text, weighted_sum
from synthdb.generators.helpers.common import COMPANIES, locale_of
from synthdb.generators.helpers.reference import package_data
from synthdb.generators.registry import register


class CodeParams(IdParams):
    """Parameters of product codes: `formatted` (hyphens where the standard has them) and `locale`."""

    locale: str | None = None


class _LocaleCode(NumberedId):
    """A code whose space depends on the locale."""

    category = COMPANIES
    Params = CodeParams
    params: CodeParams


@cache
def isbn_segments(locale: str, prefixes: tuple[str, ...] = ("978", "979")) -> tuple[np.ndarray, ...]:
    """Registrant ranges of the locale's ISBN groups: arrays (prefix, group, group length, first
    registrant + publication number, count, registrant length) and the cumulative sizes.

    A range "lo-hi" (ISBN International's range file) covers the registrants of len(lo) digits from lo
    to hi; every publication number after such a registrant is a valid ISBN body.
    """
    table = package_data("isbn_ranges.json")
    lang, _, region = locale.replace("-", "_").partition("_")
    names = table["regions"].get(region.upper()) or table["languages"].get(lang.lower()) or table["regions"]["US"]
    rows = []
    for name in names:
        prefix, group = name.split("-")
        if prefix not in prefixes:
            continue
        m = 9 - len(group)  # digits of registrant + publication
        for span in table["groups"][name]["ranges"]:
            low, high = span.split("-")
            scale = 10 ** (m - len(low))
            rows.append((int(prefix), int(group), len(group), int(low) * scale, (int(high) - int(low) + 1) * scale,
                         len(low)))
    columns = [np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)]
    return (*columns, np.concatenate([[0], np.cumsum(columns[4])]))


def _isbn_parts(index: np.ndarray, locale: str, prefixes: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """(12 digits: prefix, group, registrant, publication; group length; registrant length) per index."""
    prefix, group, glen, first, _, rlen, cumulative = isbn_segments(locale, prefixes)
    seg = np.searchsorted(cumulative, index, side="right") - 1
    reg_pub = first[seg] + index - cumulative[seg]
    body = prefix[seg] * 10**9 + group[seg] * 10 ** (9 - glen[seg]) + reg_pub
    return digits_of(body, 12), glen[seg], rlen[seg]


def hyphenate(digit_chars: np.ndarray, segments: list[np.ndarray | int]) -> np.ndarray:
    """Insert '-' between segments whose lengths vary per row; the total width stays fixed."""
    n, width = digit_chars.shape
    cuts = np.cumsum(np.column_stack([np.broadcast_to(np.asarray(s), (n,)) for s in segments[:-1]]), axis=1)
    hyphens = cuts + np.arange(cuts.shape[1])  # output positions of the hyphens
    out_width = width + cuts.shape[1]
    j = np.arange(out_width)
    before = (hyphens[:, :, None] < j).sum(axis=1)
    is_hyphen = (hyphens[:, :, None] == j).any(axis=1)
    source = np.minimum(j - before, width - 1)
    picked = np.take_along_axis(digit_chars, source, axis=1)
    return np.where(is_hyphen, ord("-"), picked).astype(np.uint8)


@register
class ISBN13(_LocaleCode):
    """13-digit ISBNs (978) with real registration groups and registrant ranges, e.g. 978-0-306-40615-7."""

    display_name = "ISBN"
    key = "isbn_13"
    aliases = ("ISBN-13", "isbn13", "isbn")
    description = "ISBN-13 such as 978-1-4028-9462-6: plausible group and registrant, valid check digit."

    def space(self) -> int:
        return int(isbn_segments(locale_of(self))[-1][-1])

    def build(self, index: np.ndarray) -> pa.Array:
        payload, glen, rlen = _isbn_parts(index, locale_of(self), ("978", "979"))
        d = chars(np.column_stack([payload, gs1_digit(payload)]))
        if not self.params.formatted:
            return text(d)
        return text(hyphenate(d, [3, glen, rlen, 9 - glen - rlen, 1]))


@register
class ISBN10(_LocaleCode):
    """10-digit ISBNs with the mod-11 check character (X for 10), e.g. 0-306-40615-2."""

    display_name = "ISBN-10"
    key = "isbn_10"
    aliases = ("isbn10",)
    description = "ISBN-10 such as 0-306-40615-2: plausible group and registrant, valid check digit (0-9 or X)."

    def space(self) -> int:
        return int(isbn_segments(locale_of(self), ("978",))[-1][-1])

    def build(self, index: np.ndarray) -> pa.Array:
        payload, glen, rlen = _isbn_parts(index, locale_of(self), ("978",))
        body = payload[:, 3:]  # ISBN-10 exists only for 978, and drops it
        check = (11 - weighted_sum(body, range(10, 1, -1)) % 11) % 11
        last = np.where(check == 10, ord("X"), check + ord("0")).astype(np.uint8)
        d = np.column_stack([chars(body), last])
        if not self.params.formatted:
            return text(d)
        return text(hyphenate(d, [glen, rlen, 9 - glen - rlen, 1]))


@cache
def gs1_prefixes(locale: str) -> np.ndarray:
    """The three-digit GS1 prefixes of the locale's country (the US's when unknown)."""
    table = package_data("gs1_prefixes.json")
    region = locale.replace("-", "_").partition("_")[2].upper()
    ranges = table.get(region) or table["US"]
    return np.array([p for low, high in ranges for p in range(low, high + 1)], dtype=np.int64)


@register
class EAN13(_LocaleCode):
    """EAN-13 barcodes: a GS1 prefix of the locale's country, nine digits and the check digit."""

    display_name = "EAN"
    key = "ean_13"
    aliases = ("EAN-13", "ean13", "ean", "european_article_number")
    description = "EAN-13 barcode number with a GS1 prefix of the locale's country and a valid check digit."

    def space(self) -> int:
        return len(gs1_prefixes(locale_of(self))) * 10**9

    def build(self, index: np.ndarray) -> pa.Array:
        prefix = gs1_prefixes(locale_of(self))[index // 10**9]
        payload = digits_of(prefix * 10**9 + index % 10**9, 12)
        return text(chars(np.column_stack([payload, gs1_digit(payload)])))


@register
class EAN8(_LocaleCode):
    """EAN-8 barcodes for small packages: GS1 prefix, four digits, check digit."""

    display_name = "EAN-8"
    key = "ean_8"
    aliases = ("ean8",)
    description = "EAN-8 barcode number with a GS1 prefix of the locale's country and a valid check digit."

    def space(self) -> int:
        return len(gs1_prefixes(locale_of(self))) * 10**4

    def build(self, index: np.ndarray) -> pa.Array:
        prefix = gs1_prefixes(locale_of(self))[index // 10**4]
        payload = digits_of(prefix * 10**4 + index % 10**4, 7)
        return text(chars(np.column_stack([payload, gs1_digit(payload)])))


_UPC_SYSTEMS = np.array([0, 6, 7, 8])  # regular products (1 is reserved, 2-5 are in-store, drugs, coupons)


@register
class UPCA(_LocaleCode):
    """UPC-A barcodes: number system 0, 6, 7 or 8, ten digits, check digit."""

    display_name = "UPC"
    key = "upc_a"
    aliases = ("UPC-A", "upca", "upc", "universal_product_code")
    description = "12-digit UPC-A with a regular-product number system digit and a valid check digit."
    size = len(_UPC_SYSTEMS) * 10**10

    def space(self) -> int:
        return self.size

    def build(self, index: np.ndarray) -> pa.Array:
        payload = digits_of(_UPC_SYSTEMS[index // 10**10] * 10**10 + index % 10**10, 11)
        return text(chars(np.column_stack([payload, gs1_digit(payload)])))


@register
class GTIN14(_LocaleCode):
    """GTIN-14 case codes: packaging indicator 1-8, an EAN-13 body and a check digit."""

    display_name = "GTIN-14"
    key = "gtin_14"
    aliases = ("gtin14", "itf_14", "case_code")
    description = "GTIN-14 for cases and pallets: indicator digit 1-8, GS1 prefix, valid check digit."

    def space(self) -> int:
        return 8 * len(gs1_prefixes(locale_of(self))) * 10**9

    def build(self, index: np.ndarray) -> pa.Array:
        per = len(gs1_prefixes(locale_of(self))) * 10**9
        indicator = 1 + index // per
        rest = index % per
        prefix = gs1_prefixes(locale_of(self))[rest // 10**9]
        payload = np.column_stack([indicator, digits_of(prefix * 10**9 + rest % 10**9, 12)])
        return text(chars(np.column_stack([payload, gs1_digit(payload)])))


@register
class ISSN(_LocaleCode):
    """International Standard Serial Numbers: seven digits and the mod-11 check character, 1234-5679."""

    display_name = "ISSN"
    key = "issn"
    aliases = ("serial_number_issn",)
    description = "ISSN such as 0317-8471 for journals and magazines, valid check character (0-9 or X)."
    size = 10**7

    def space(self) -> int:
        return self.size

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(index, 7)
        check = (11 - weighted_sum(body, range(8, 1, -1)) % 11) % 11
        last = column(np.where(check == 10, ord("X"), check + ord("0")))
        d = chars(body)
        return text(compose(len(index), d[:, :4], self.sep("-"), d[:, 4:], last))
