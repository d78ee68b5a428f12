"""Oracles for "Data type and specific values": scipy distributions, PNG/JSON specs, Faker's Latin words."""

from __future__ import annotations

import base64
import json
import math
import re
import struct
import zlib
from collections import Counter

from faker.providers.lorem.la import Provider as FakerLatin
from scipy import stats

from generators.oracles.base import Sample, bundled, cached, custom, each, entry, matches, member_of
from generators.oracles.stats import chi_square, discrete, ks, share_is


@cached
def _latin() -> set[str]:
    return {w.lower() for w in FakerLatin.word_list}


def _words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def _latin_only(text: str) -> bool:
    words = _words_of(text)
    return bool(words) and all(w.lower() in _latin() for w in words)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", text.strip()) if s]


def _sentence_ok(sentence: str) -> bool:
    return re.fullmatch(r"[A-Z][a-z]*( [a-z]+)*\.", sentence) is not None and _latin_only(sentence)


def _png_ok(text: str) -> bool:
    """PNG (ISO/IEC 15948): the signature, chunks with valid CRC-32, a 32x32 IHDR, IDAT that inflates, IEND."""
    data = base64.b64decode(text, validate=True)
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return False
        if kind == b"IHDR" and struct.unpack(">II", body[:8]) != (32, 32):
            return False
        if kind == b"IDAT":
            idat += body
        kinds.append(kind)
        pos += 12 + length
    zlib.decompress(idat)
    return kinds[0] == b"IHDR" and kinds[-1] == b"IEND"


@custom("spec", "always null")
def _all_null(sample: Sample) -> None:
    assert sample.array.null_count == len(sample.array), f"{len(sample.array) - sample.array.null_count} non-null"


def _ids(sample: Sample) -> list[int]:
    return sample.column("id")


def _equals(expected: callable, source: str) -> object:  # type: ignore[valid-type]
    @custom("spec", source)
    def check(sample: Sample) -> None:
        want = expected(sample)
        got = sample.array.to_pylist()
        bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
        assert not bad, f"{len(bad)} rows differ (row, got, expected): {bad[:5]}"
    return check


def _cumsum(xs: list[int]) -> list[int]:
    out, total = [], 0
    for x in xs:
        total += x
        out.append(total)
    return out


def _kid_counts(sample: Sample) -> list[int]:
    counts = Counter(sample.tables["kids"]["t_id"].to_pylist())
    return [counts.get(i, 0) for i in _ids(sample)]


def _lengths(low: int, high: int, count: callable) -> object:  # type: ignore[valid-type]
    """The number of units per value is uniform on [low, high] (chi-square)."""
    return chi_square({n: 1 for n in range(low, high + 1)}, f"uniform {low}-{high} units per value",
                      transform=count)


def _zipf_pmf(exponent: float, n: int) -> dict[int, float]:
    weights = {k: k ** -exponent for k in range(1, n + 1)}
    return weights


def _object_ok(text: str) -> bool:
    value = json.loads(text)
    return set(value) == {"a", "n"} and _latin_only(value["a"]) and isinstance(value["n"], int | float)


ENTRIES = {
    "array": entry(
        each(lambda v: all(isinstance(x, int) and 1 <= x <= 9 for x in v), "items of Number min 1 max 9"),
        _lengths(1, 5, len), chi_square({k: 1 for k in range(1, 10)}, "uniform items 1-9",
                                        transform=lambda v: v[0])),
    "beta_distribution": entry(ks(stats.beta(2, 5), "beta(2, 5)")),
    "binomial_distribution": entry(discrete(lambda k: stats.binom.pmf(k, 10, 0.5), range(11), "binomial(10, 0.5)")),
    "blank": entry(_all_null),
    "boolean": entry(share_is(lambda v: v is True, 0.5, "true_percent 50")),
    "constant": entry(each(lambda v: v == "same", "the constant_value of the example ('same')", kind="spec")),
    "custom_list": entry(chi_square({"a": 1, "b": 1, "c": 1}, "uniform over the listed values [a, b, c]")),
    "digit_sequence": entry(matches(r"\d{10}", "10 digits"),
                            chi_square({str(d): 1 for d in range(10)}, "uniform digits", transform=lambda v: v[3])),
    "exponential_distribution": entry(ks(stats.expon(scale=1.0), "exponential(rate 1)")),
    "gamma_distribution": entry(ks(stats.gamma(2.0, scale=1.0), "gamma(k=2, theta=1)")),
    "geometric_distribution": entry(discrete(lambda k: stats.geom.pmf(k, 0.5), range(1, 40), "geometric(0.5) on 1..")),
    "image": entry(each(_png_ok, "PNG spec: signature, CRC-32 of every chunk, 32x32 IHDR, zlib IDAT, IEND")),
    "lognormal_distribution": entry(ks(stats.lognorm(s=1.0, scale=math.exp(0.0)), "lognormal(mu 0, sigma 1)")),
    "lorem_ipsum": entry(each(lambda v: all(_sentence_ok(s) for s in _sentences(v)), "capitalised Latin sentences"),
                         _lengths(1, 3, lambda v: len(_sentences(v)))),
    "naughty_string": entry(
        member_of(lambda: set(bundled("naughty_strings.json")["strings"]), "bundled Big List of Naughty Strings",
                  kind="membership"),
        chi_square(lambda s: dict.fromkeys(bundled("naughty_strings.json")["strings"], 1), "uniform pick",
                   kind="membership")),
    "normal_distribution": entry(ks(stats.norm(0, 1), "normal(0, 1)")),
    "number": entry(chi_square({k: 1 for k in range(1, 101)}, "uniform integers on [1, 100]"),
                    params={"min": 1, "max": 100}),
    "object": entry(each(_object_ok, "json.loads: an object with members a (words) and n (number)")),
    "paragraphs": entry(each(lambda v: all(_sentence_ok(s) for p in v.split("\n") for s in _sentences(p)),
                             "Latin sentences in every paragraph"),
                        _lengths(1, 3, lambda v: len(v.split("\n")))),
    "pareto_distribution": entry(ks(stats.pareto(3.0, scale=1.0), "pareto(alpha 3, scale 1)")),
    "poisson_distribution": entry(discrete(lambda k: stats.poisson.pmf(k, 1.0), range(0, 15), "poisson(1)")),
    "row_number": entry(_equals(lambda s: list(range(1, len(s.array) + 1)), "1, 2, 3, ... (1-based)")),
    "sentences": entry(each(lambda v: all(_sentence_ok(s) for s in _sentences(v)), "capitalised Latin sentences"),
                       _lengths(1, 3, lambda v: len(_sentences(v)))),
    "source_file": entry(_equals(lambda s: [f"v{i}" for i in range(len(s.array))], "the attached CSV, row for row")),
    "template": entry(_equals(lambda s: [f"row {i}" for i in _ids(s)], "'row {id}' filled from the row")),
    "triangular_distribution": entry(ks(stats.triang(0.5, loc=0, scale=1), "triangular(0, 0.5, 1)")),
    "weibull_distribution": entry(ks(stats.weibull_min(1.5, scale=1.0), "weibull(k 1.5, lambda 1)")),
    "words": entry(each(_latin_only, "Faker's Latin word list"), _lengths(5, 12, lambda v: len(v.split()))),
    "zipf_distribution": entry(discrete(lambda k: _zipf_pmf(1.2, 1000)[k], range(1, 1001), "zipf(1.2) on 1..1000")),
    # Calculated or related values: recomputed here from the row's own columns.
    "character_sequence": entry(matches(r"[A-Z]{2}-\d{4}", "format ^^-####"),
                                chi_square({c: 1 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, "uniform letters",
                                           transform=lambda v: v[0])),
    "column_from_another_table": entry(_equals(_ids, "the referenced row's id")),
    "foreign_key": entry(
        member_of(lambda: set(range(1, 21)), "ids of the parent table (1-20)", kind="spec"),
        chi_square({k: 1 for k in range(1, 21)}, "uniform over 20 parents (distribution none)")),
    "rank": entry(_equals(lambda s: [int(r) for r in stats.rankdata(_ids(s), method="min")],
                          "scipy.stats.rankdata(method='min') of the field")),
    "regular_expression": entry(matches(r"[A-Z]{2}-[0-9]{3}", "the regex [A-Z]{2}-[0-9]{3}"),
                                chi_square({str(d): 1 for d in range(10)}, "uniform digits",
                                           transform=lambda v: v[-1])),
    "sql": entry(_equals(lambda s: [2 * i + 1 for i in _ids(s)], "id * 2 + 1 evaluated in Python")),
    "sum_from_another_table": entry(_equals(_kid_counts, "count of kids rows per parent (collections.Counter)")),
    "sum_of_previous_rows": entry(_equals(lambda s: _cumsum(_ids(s)), "running total of id")),
    "value_from_previous_row": entry(_equals(lambda s: [0, *_ids(s)[:-1]], "previous row's id, default 0")),
}
