"""Unstructured text: sentences from the phrase banks, tones, layouts."""

from __future__ import annotations

import json
from importlib.resources import files

import synthdb

BANKS = json.loads((files("synthdb") / "data" / "unstructured.json").read_text(encoding="utf-8"))


def _values(generator: str, rows: int = 2000, **params: object) -> list[str]:
    definition = {"entities": [{"name": "t", "record_count": str(rows), "fields": [
        {"name": "v", "generator": generator, **params}]}]}
    return synthdb.to_tables(definition)["t"]["v"].to_pylist()


def test_reviews_open_with_the_requested_tone() -> None:
    negative = BANKS["review"]["openings"]["negative"]
    for text in _values("Product Review", sentiment="negative", min=2, max=2):
        assert any(text.startswith(opening) for opening in negative)
        rest = text
        for opening in negative:
            rest = rest.removeprefix(opening)
        assert sum(rest.count(d) for d in BANKS["review"]["details"]) == 2


def test_reviews_mix_tones_by_default() -> None:
    openings = BANKS["review"]["openings"]
    tones = [next(t for t, bank in openings.items() if any(v.startswith(o) for o in bank))
             for v in _values("Product Review")]
    assert 0.55 < tones.count("positive") / len(tones) < 0.65


def test_tickets_and_notes_have_their_layout() -> None:
    for text in _values("Support Ticket", rows=300):
        subject, body = text.split("\n\n")
        assert subject in BANKS["ticket"]["subjects"] and body
    for text in _values("Clinical Note", rows=300):
        lines = text.split("\n")
        assert [line[:3] for line in lines] == ["S: ", "O: ", "P: "]
        assert lines[0][3:] in BANKS["note"]["complaints"] and lines[2][3:] in BANKS["note"]["plans"]


def test_review_tone_follows_the_rating_column() -> None:
    definition = {"entities": [{"name": "t", "record_count": "600", "fields": [
        {"name": "stars", "generator": "Custom List", "values": [1, 2, 3, 4, 5]},
        {"name": "body", "generator": "Product Review", "rating_field": "stars"}]}]}
    openings = BANKS["review"]["openings"]
    for row in synthdb.to_tables(definition)["t"].to_pylist():
        tone = "positive" if row["stars"] >= 4 else "neutral" if row["stars"] == 3 else "negative"
        assert any(row["body"].startswith(o) for o in openings[tone])
