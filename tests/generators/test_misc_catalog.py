"""Education, languages and movies: values from their reference data, coherent rows, sensible ranges."""

from __future__ import annotations

import json
from collections import Counter
from importlib.resources import files
from typing import Any

import pycountry
import pytest
from babel import Locale

import synthdb


def table(fields: list[dict[str, Any]], rows: int = 5000, **database: Any) -> list[dict[str, Any]]:
    definition = {"name": "t", "seed": 4, **database,
                  "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition)["p"].to_pylist()


def data(name: str) -> Any:
    return json.loads((files("synthdb") / "data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("locale", "country"), [("en_US", "US"), ("de_DE", "DE"), ("fr_FR", "FR"), ("ja_JP", "JP"),
                                                 ("pt_BR", "BR"), ("en_GB", "GB"), ("xx_YY", "US")])
def test_universities_of_the_locales_country(locale: str, country: str) -> None:
    rows = table([{"name": "u", "generator": "University"}], 500, locale=locale)
    assert {r["u"] for r in rows} <= set(data("education.json")["universities"][country])


def test_unique_universities_and_capacity() -> None:
    names = [r["u"] for r in table([{"name": "u", "generator": "University", "unique": True}], 40)]
    assert len(set(names)) == 40
    with pytest.raises(synthdb.DefinitionError, match="unique"):
        table([{"name": "u", "generator": "University", "unique": True}], 1000)


def test_degree_and_abbreviation_agree_and_gpa_range() -> None:
    rows = table([{"name": "d", "generator": "Degree"}, {"name": "a", "generator": "Degree Abbreviation"},
                  {"name": "g", "generator": "GPA"}, {"name": "m", "generator": "Major"},
                  {"name": "k", "generator": "Grade Level"},
                  {"name": "c", "generator": "Grade Level", "level": "college"}])
    pairs = {name: abbr for name, abbr, _ in data("education.json")["degrees"]}
    for row in rows:
        assert pairs[row["d"]] == row["a"]
        assert 0.0 <= row["g"] <= 4.0 and round(row["g"], 2) == row["g"]
    counts = Counter(r["d"] for r in rows)
    assert counts["Bachelor of Science"] > counts["Doctor of Philosophy"]
    assert 2.9 < sum(r["g"] for r in rows) / len(rows) < 3.3
    assert {r["k"] for r in rows} <= set(data("education.json")["grade_levels"]["school"])
    assert {r["c"] for r in rows} == set(data("education.json")["grade_levels"]["college"])


@pytest.mark.parametrize("group", [None, "lang"])
def test_language_columns_describe_one_language(group: str | None) -> None:
    fields = [{"name": "name", "generator": "Language"}, {"name": "code", "generator": "Language Code"},
              {"name": "code3", "generator": "ISO 639-3"}, {"name": "tag", "generator": "Locale"},
              {"name": "native", "generator": "Language (Native Name)"}]
    for f in fields:
        if group:
            f["group_key"] = group
    rows = table(fields)
    english = Locale("en").languages
    for row in rows:
        language = pycountry.languages.get(alpha_2=row["code"])
        assert language is not None and language.alpha_3 == row["code3"]
        assert row["name"] == english.get(row["code"], language.name)
        assert row["tag"].split("-")[0] == row["code"]
    counts = Counter(r["code"] for r in rows)
    assert counts.most_common(1)[0][0] == "en"  # weighted by speakers
    assert Counter(r["tag"] for r in rows if r["code"] == "en").most_common(1)[0][0] == "en-US"
    assert any(r["native"] == "español" for r in rows if r["code"] == "es")


def test_language_names_in_the_locale() -> None:
    rows = table([{"name": "name", "generator": "Language"}, {"name": "code", "generator": "Language Code"}],
                 2000, locale="de_DE")
    german = Locale("de").languages
    assert all(r["name"] == german[r["code"]] for r in rows if r["code"] in german)
    assert "Englisch" in {r["name"] for r in rows}


def test_movie_rows_are_coherent() -> None:
    fields = [{"name": "title", "generator": "Movie Title"}, {"name": "genre", "generator": "Movie Genre"},
              {"name": "genres", "generator": "Movie Genres"}, {"name": "mpaa", "generator": "MPAA Rating"},
              {"name": "runtime", "generator": "Runtime"}, {"name": "year", "generator": "Release Year"},
              {"name": "tv", "generator": "TV Rating"}]
    rows = table(fields, 10_000)
    movies = data("movies.json")
    for row in rows:
        parts = row["genres"].split("|")
        assert parts[0] == row["genre"] and len(set(parts)) == len(parts) <= 3
        assert set(parts) <= set(movies["genres"])
        if row["genre"] in movies["family_genres"]:
            assert row["mpaa"] in movies["mpaa_ratings"]["family"]
        if row["genre"] in movies["mature_genres"]:
            assert row["mpaa"] in movies["mpaa_ratings"]["mature"]
        assert 60 <= row["runtime"] <= 240 and 1930 <= row["year"] <= 2025
        assert row["title"] and "{" not in row["title"]
    years = [r["year"] for r in rows]
    assert sum(y >= 2000 for y in years) > sum(y < 1960 for y in years) * 3
    family = [r["runtime"] for r in rows if r["genre"] == "Animation"]
    drama = [r["runtime"] for r in rows if r["genre"] == "Drama"]
    assert sum(family) / len(family) < sum(drama) / len(drama) - 10
    assert len({r["title"] for r in rows}) > 3000
    assert {r["tv"] for r in rows} == set(movies["tv_ratings"])


def test_release_year_parameters_are_checked() -> None:
    rows = table([{"name": "y", "generator": "Release Year", "min_year": 2000, "max_year": 2001}], 500)
    assert {r["y"] for r in rows} == {2000, 2001}
    with pytest.raises(synthdb.DefinitionError, match="min_year"):
        table([{"name": "y", "generator": "Release Year", "min_year": 2010, "max_year": 2001}], 5)
