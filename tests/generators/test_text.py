"""Character Sequence, Regular Expression and Lorem Ipsum: values follow their pattern, deterministically."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pytest

import synthdb
from synthdb.errors import DefinitionError


def table(fields: list[dict[str, Any]], rows: int = 2000, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 7, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


# Each Fabricate symbol's class, as a regex character class.
SYMBOL_CLASSES = {"#": "[0-9]", "@": "[a-z]", "^": "[A-Z]", "*": "[0-9a-zA-Z]", "$": "[0-9a-z]", "%": "[0-9A-Z]"}


def format_to_regex(fmt: str) -> str:
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "\\" and i + 1 < len(fmt):
            out.append(re.escape(fmt[i + 1]))
            i += 2
            continue
        out.append(SYMBOL_CLASSES.get(fmt[i], re.escape(fmt[i])))
        i += 1
    return "".join(out)


@pytest.mark.parametrize("fmt", ["###-##-####", "@@@^^^", "**-$$$-%%%", "ID-^^#### \\#\\@ é!", "plain"])
def test_character_sequence_follows_each_symbol(fmt: str) -> None:
    values = table([{"name": "v", "generator": "Character Sequence", "format": fmt}])["v"].to_pylist()
    pattern = re.compile(format_to_regex(fmt))
    assert all(pattern.fullmatch(v) for v in values), [v for v in values if not pattern.fullmatch(v)][:5]
    if "*" in fmt:  # a mixed class really mixes: letters of both cases and digits all appear
        stars = "".join(v[0] + v[1] for v in values)
        assert any(c.isdigit() for c in stars) and any(c.islower() for c in stars)
        assert any(c.isupper() for c in stars)


def test_character_sequence_accepts_pattern_alias_and_is_unique_as_key() -> None:
    t = table([{"name": "code", "generator": "character_sequence", "pattern": "^^##", "primary_key": True}],
              rows=60_000)
    codes = t["code"].to_pylist()
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}\d{2}", c) for c in codes)


def test_character_sequence_rejects_more_unique_rows_than_the_pattern_holds() -> None:
    with pytest.raises(DefinitionError, match="unique"):
        table([{"name": "code", "generator": "Character Sequence", "format": "#", "unique": True}], rows=11)


REGEXES = [
    r"\d{3}-\d{3}-\d{4}",
    r"\(\d{3}\) \d{3}-\d{4}",
    r"\+1 [2-9]\d{2} \d{3} \d{4}",
    r"[a-z0-9._%+-]+@[a-z0-9.-]+\.(com|org|net|io)",
    r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
    r"(ab|c\d+|x(y|z){2,3})+",
    r"[^a-z0-9]{4,6}",
    r"^[A-Z]{2}\d{2}[A-Z0-9]{4}\d{7}([A-Z0-9]?){0,16}$",
    r"(?i)[^q]x",
    r".*!",
    r"\w+\s\W?\D\S",
    r"[é-ü]{3} 日本",
    r"(?:(?:a|b)c?){2}|z*",
    r"(?P<num>\d)\.\d+e[+-]?\d{1,3}",
    r"[-\]a]+",
    r"v\d+\.\d+\.\d+(-(alpha|beta|rc)\.\d)?",
]


def test_every_regex_sample_fullmatches() -> None:
    fields = [{"name": f"r{i}", "generator": "Regular Expression", "regex": rx} for i, rx in enumerate(REGEXES)]
    t = table(fields, rows=3000)
    for i, rx in enumerate(REGEXES):
        values = t[f"r{i}"].to_pylist()
        bad = [v for v in values if re.fullmatch(rx, v) is None]
        assert not bad, (rx, bad[:5])
        assert len(set(values)) > 1, rx


def test_regex_repeats_and_alternatives_vary_per_row() -> None:
    values = table([{"name": "v", "generator": "Regex", "regex": r"(cat|dog|bird)-[a-z]{2,5}"}])["v"].to_pylist()
    assert {v.split("-")[0] for v in values} == {"cat", "dog", "bird"}
    assert {len(v.split("-")[1]) for v in values} == {2, 3, 4, 5}


@pytest.mark.parametrize(
    ("regex", "message"),
    [("(a)\\1", "backreference"), ("(?=a)a", "lookahead"), ("[a-", "invalid"), ("a{9000}", "longer")],
)
def test_invalid_regex_names_the_regex_param(regex: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=message) as info:
        table([{"name": "id", "generator": "Number"}, {"name": "v", "generator": "Regular Expression", "regex": regex}])
    assert info.value.path == "entities[0].fields[1].regex"


def test_lorem_word_counts_stay_within_bounds() -> None:
    fields = [{"name": "w", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "words", "min": 2, "max": 6}]
    counts = [len(v.split(" ")) for v in table(fields)["w"].to_pylist()]
    assert min(counts) == 2 and max(counts) == 6


def test_lorem_sentences_and_paragraphs_have_their_shape() -> None:
    t = table([
        {"name": "s", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "sentences", "min": 1, "max": 3},
        {"name": "p", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "paragraph", "min": 2, "max": 2},
    ], rows=500)
    for text in t["s"].to_pylist():
        sentences = text.split(". ")
        assert 1 <= len(sentences) <= 3 and text.endswith(".") and text[0].isupper()
    assert all(len(p.split("\n")) == 2 for p in t["p"].to_pylist())
    from faker.providers.lorem.la import Provider

    vocabulary = set(Provider.word_list)
    words = {w.strip(".").lower() for p in t["p"].to_pylist() for w in p.split()}
    assert words <= vocabulary and len(words) > 100


def test_lorem_rejects_min_above_max() -> None:
    with pytest.raises(DefinitionError):
        table([{"name": "w", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "words", "min": 5, "max": 2}])


def test_same_seed_and_any_batch_size_give_the_same_text() -> None:
    fields = [
        {"name": "c", "generator": "Character Sequence", "format": "^^-####-*"},
        {"name": "k", "generator": "Character Sequence", "format": "%%%%", "unique": True},
        {"name": "r", "generator": "Regular Expression", "regex": r"[a-z]{1,6}(@|#)(\d{2}|x+)"},
        {"name": "l", "generator": "Lorem Ipsum", "lorem_ipsum_unit": "paragraphs", "min": 0, "max": 2},
    ]
    small = table(fields, rows=1500, batch_size=7)
    large = table(fields, rows=1500, batch_size=1000)
    assert small.equals(large)
    assert table(fields, rows=1500).equals(large)
    other = synthdb.to_tables({"name": "t", "seed": 8, "entities": [
        {"name": "t", "record_count": "1500", "fields": fields}]})["t"]
    assert not other["r"].equals(large["r"])
