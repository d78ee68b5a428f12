"""Movies: invented titles, genres (one or several), MPAA and TV ratings, runtime and release year.

The columns of one group (same `group_key`, or none) describe one film: Movie Genre is the first of the
row's Movie Genres, and the MPAA rating and runtime follow that genre (animations are mostly G or PG
and about 90 minutes; horror films mostly R). Word lists and shares: synthdb/data/movies.json.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, model_validator

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.common import MOVIES
from synthdb.generators.helpers.reference import Choices, TokenSource, choices, package_data, render
from synthdb.generators.registry import register


def _data() -> dict[str, Any]:
    return package_data("movies.json")


@cache
def _title_tokens() -> dict[str, TokenSource]:
    data = _data()
    lists = {"adjective": "adjectives", "noun": "nouns", "nouns": "plural_nouns", "place": "places"}
    return {token: choices(data[name]).pick for token, name in lists.items()}


@register
class MovieTitle(Generator[NoParams]):
    """Invented film titles: "The Silent Harbor", "Escape from Atlantis", "Wolves of the North"."""

    display_name = "Movie Title"
    key = "movie_title"
    aliases = ("film_title", "movie_name")
    category = MOVIES
    description = "An invented film title such as The Hidden Kingdom or Escape from Havana."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        patterns = _data()["title_patterns"]
        return render(list(patterns), ctx.rows, _title_tokens(), ctx.stream, list(patterns.values()))


@cache
def _genres() -> Choices:
    return choices(_data()["genres"])


def _row_genres(ctx: ColumnContext) -> np.ndarray:
    """(n, 3) genre indices of the row's film (the first is its main genre); one draw per group."""
    stream = ctx.group("movie").child("genres")
    return np.column_stack([_genres().indices(ctx.rows, stream.child(k)) for k in range(3)])


@register
class MovieGenre(Generator[NoParams]):
    """The film's main genre, weighted like MovieLens: Drama, Comedy, Thriller ..."""

    display_name = "Movie Genre"
    key = "movie_genre"
    aliases = ("film_genre", "genre")
    category = MOVIES
    description = "A film genre (Drama, Comedy, Sci-Fi, ...): the main genre of the row's Movie Genres."

    def capacity(self) -> int | None:
        return len(_genres())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _genres().values.take(pa.array(_row_genres(ctx)[:, 0]))


@register
class MovieGenres(Generator[NoParams]):
    """One to three distinct genres joined by "|", as MovieLens lists them: "Comedy|Drama|Romance"."""

    display_name = "Movie Genres"
    key = "movie_genres"
    aliases = ("film_genres", "genres")
    category = MOVIES
    description = "One to three distinct genres joined by | (e.g. Action|Sci-Fi), starting with the main genre."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        picks = _row_genres(ctx)
        count = 1 + ctx.group("movie").child("count").choice(ctx.rows, 3, (0.45, 0.35, 0.2))
        names = _genres().values
        second = pa.array(picks[:, 1], mask=(count < 2) | (picks[:, 1] == picks[:, 0]))
        third = pa.array(picks[:, 2], mask=(count < 3) | (picks[:, 2] == picks[:, 0]) | (picks[:, 2] == picks[:, 1]))
        parts = [names.take(pa.array(picks[:, 0])), names.take(second), names.take(third)]
        return pc.binary_join_element_wise(*parts, "|", null_handling="skip")


@cache
def _ratings() -> tuple[list[Choices], np.ndarray]:
    """(MPAA rating lists for family / mature / general films, list number per genre)."""
    data = _data()
    kinds = [choices(data["mpaa_ratings"][k]) for k in ("family", "mature", "general")]
    genre_names = _genres().values.to_pylist()
    kind = [0 if g in data["family_genres"] else 1 if g in data["mature_genres"] else 2 for g in genre_names]
    return kinds, np.array(kind)


@register
class MPAARating(Generator[NoParams]):
    """MPAA ratings that suit the film's main genre: G, PG, PG-13, R, NC-17 or Not Rated."""

    display_name = "MPAA Rating"
    key = "mpaa_rating"
    aliases = ("movie_rating", "film_rating")
    category = MOVIES
    description = "G, PG, PG-13, R, NC-17 or Not Rated, weighted by the row's main genre."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        kinds, kind_of = _ratings()
        kind = kind_of[_row_genres(ctx)[:, 0]]
        out = kinds[2].pick(ctx.rows, ctx.stream)
        for k in (0, 1):
            out = pc.if_else(pa.array(kind == k), kinds[k].pick(ctx.rows, ctx.stream), out)
        return out


@register
class Runtime(Generator[NoParams]):
    """Running times in minutes, normal around 110 (90 for animation and children's films), 60-240."""

    display_name = "Movie Runtime"
    key = "movie_runtime"
    aliases = ("runtime", "running_time", "film_length")
    category = MOVIES
    description = "Running time in whole minutes: about 110 (90 for animations), clipped to 60-240."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        table = _data()["runtimes"]
        names = _genres().values.to_pylist()
        mean = np.array([table.get(g, table["default"])[0] for g in names], dtype=float)
        spread = np.array([table.get(g, table["default"])[1] for g in names], dtype=float)
        genre = _row_genres(ctx)[:, 0]
        minutes = ctx.stream.normal(ctx.rows, 0.0, 1.0) * spread[genre] + mean[genre]
        return np.clip(np.round(minutes), 60, 240).astype(np.int64)


class YearParams(ParamsModel):
    """Parameters of Release Year: the range, and how strongly recent years dominate (`half_life` years)."""

    model_config = ConfigDict(extra="ignore")
    min_year: int = 1930
    max_year: int = 2025
    half_life: float = 15

    @model_validator(mode="after")
    def _check(self) -> YearParams:
        if self.min_year > self.max_year:
            raise ValueError(f"min_year ({self.min_year}) is greater than max_year ({self.max_year})")
        if self.half_life <= 0:
            raise ValueError("half_life must be positive")
        return self


@register
class ReleaseYear(Generator[YearParams]):
    """Release years, more films in recent years (the count halves every `half_life` years back)."""

    display_name = "Release Year"
    key = "release_year"
    aliases = ("movie_year", "film_year", "year_released")
    category = MOVIES
    description = "A release year between min_year and max_year (1930-2025), recent years more frequent."
    Params = YearParams
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        p = self.params
        # Inverse transform of an exponential truncated to the range: a fixed range keeps it deterministic.
        rate = float(detmath.log(2.0)) / p.half_life
        span = p.max_year - p.min_year + 1
        u = ctx.stream.uniform(ctx.rows)
        back = -detmath.log1p(-u * (1 - float(detmath.exp(-rate * span)))) / rate
        return (p.max_year - np.minimum(np.floor(back), span - 1)).astype(np.int64)


@register
class TVRating(Generator[NoParams]):
    """US TV parental guidelines: TV-Y, TV-Y7, TV-G, TV-PG, TV-14, TV-MA."""

    display_name = "TV Rating"
    key = "tv_rating"
    aliases = ("tv_parental_guideline", "television_rating")
    category = MOVIES
    description = "A US TV parental guideline rating (TV-Y ... TV-MA), weighted like US listings."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _tv_ratings().pick(ctx.rows, ctx.stream)


@cache
def _tv_ratings() -> Choices:
    return choices(_data()["tv_ratings"])
