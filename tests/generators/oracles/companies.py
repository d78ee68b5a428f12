"""Oracles for "Companies and products": python-stdnum for the numbers, Faker's en_US lists for the words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from faker.providers.company import Provider as FakerCompany
from faker.providers.company.en_US import Provider as FakerCompanyUS
from faker.providers.job.en_US import Provider as FakerJobs
from stdnum import ean, isbn, issn
from stdnum.br import cnpj
from stdnum.fr import siren, siret
from stdnum.us import ein

import census_names
from generators.oracles.base import (
    Oracle,
    Sample,
    bundled,
    bundled_lines,
    cached,
    companion,
    custom,
    each,
    entry,
    matches,
    member_of,
    per_row,
)
from generators.oracles.stats import chi_square, spread

# GS1 prefixes of GS1 US (the en_US locale): 000-019, 030-039 and 060-139 (GS1 General Specifications 1.4).
_GS1_US = {*range(0, 20), *range(30, 40), *range(60, 140)}


def _us_prefix(digits: str) -> bool:
    return int(digits[:3]) in _GS1_US


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@cached
def _last_names() -> set[str]:
    return set(census_names.last_names())


def _company_name(name: str) -> bool:
    """Faker's en_US company formats: `L S`, `L-L`, `L, L and L` (L a family name, S a suffix)."""
    names = _last_names()
    if m := re.fullmatch(r"([^\s,]+), ([^\s,]+) and ([^\s,]+)", name):
        return all(g in names for g in m.groups())
    if m := re.fullmatch(r"([^\s,-]+)-([^\s,-]+)", name):
        return m.group(1) in names and m.group(2) in names
    if m := re.fullmatch(r"(\S+) (.+)", name):
        return m.group(1) in names and m.group(2) in FakerCompanyUS.company_suffixes
    return False


def _sequence_of(lists: Sequence[Sequence[str]]) -> Oracle:
    """A phrase made of one entry of each list in order (entries may hold spaces)."""
    def ok(phrase: str) -> bool:
        rests = [phrase]
        for words in lists:
            rests = [r[len(w):].lstrip(" ") for r in rests for w in words if r == w or r.startswith(w + " ")]
        return "" in rests
    return each(ok, "one word of each of Faker's en_US phrase lists, in order")


def _category(name: str) -> dict:
    return bundled("products.json")["categories"][name]


def _descriptions(category: str) -> dict:
    return bundled("business/product_descriptions.json")["categories"][category]


@cached
def _bands() -> dict[str, tuple[float, float]]:
    rows = [line.split(",") for line in bundled_lines("business/product_price_bands.csv")[1:]]
    return {r[0]: (float(r[1]), float(r[2])) for r in rows}


def _band(product: str) -> tuple[float, float]:
    """The band of the longest product type the name ends with."""
    bands = _bands()
    return bands[max((t for t in bands if product.endswith(t)), key=len)]


@custom("spec", "a bike costs more than a water bottle: every Bike above every Water Bottle")
def _bikes_cost_more(sample: Sample) -> None:
    bikes = [float(v) for v, p in sample.pairs("product") if p.endswith("Bike")]
    bottles = [float(v) for v, p in sample.pairs("product") if p.endswith("Water Bottle")]
    assert bikes and bottles and min(bikes) > max(bottles), (min(bikes, default=None), max(bottles, default=None))


ENTRIES = {
    "business_speak": entry(_sequence_of(FakerCompany.bsWords)),
    "buzzword": entry(member_of(lambda: {w for group in FakerCompany.catch_phrase_words for w in group}
                                | {w for group in FakerCompany.bsWords for w in group},
                                "Faker's en_US catch-phrase and bs words")),
    "catch_phrase": entry(_sequence_of(FakerCompany.catch_phrase_words)),
    "cnpj": entry(each(cnpj.is_valid, "stdnum.br.cnpj"),
                  matches(r"\d\d\.\d{3}\.\d{3}/\d{4}-\d\d", "formatted ##.###.###/####-##")),
    "company_name": entry(each(_company_name, "Faker en_US company formats over Faker's family names")),
    "company_suffix": entry(member_of(lambda: set(FakerCompanyUS.company_suffixes), "Faker en_US company suffixes"),
                            spread(5, 0.4, "several suffixes", kind="statistical")),
    "department_corporate": entry(
        member_of(lambda: set(bundled("company.json")["departments_corporate"]), "bundled company.json",
                  kind="membership"),
        chi_square(lambda s: dict.fromkeys(bundled("company.json")["departments_corporate"], 1), "uniform pick",
                   kind="membership")),
    "department_retail": entry(
        member_of(lambda: _RETAIL, "faker.js commerce.department"),
        chi_square(lambda s: dict.fromkeys(_RETAIL, 1), "uniform over the 22 departments")),
    "duns_number": entry(matches(r"\d\d-\d{3}-\d{4}", "D-U-N-S ##-###-#### (Dun & Bradstreet)"),
                         spread(1500, 0.01, "distinct numbers", kind="statistical")),
    "ean_13": entry(each(lambda v: ean.is_valid(v) and len(_digits(v)) == 13, "stdnum.ean EAN-13"),
                    each(lambda v: _us_prefix(_digits(v)), "GS1 US prefix (en_US)")),
    "ean_8": entry(each(lambda v: ean.is_valid(v) and len(_digits(v)) == 8, "stdnum.ean EAN-8"),
                   each(lambda v: _us_prefix(_digits(v)), "GS1 US prefix (en_US)")),
    "ein": entry(each(ein.is_valid, "stdnum.us.ein (IRS campus prefixes)"),
                 matches(r"\d\d-\d{7}", "formatted ##-#######")),
    "gtin_14": entry(each(lambda v: ean.is_valid(v) and len(_digits(v)) == 14, "stdnum.ean GTIN-14"),
                     each(lambda v: v[0] in "12345678" and _us_prefix(_digits(v)[1:]), "indicator 1-8, GS1 US prefix")),
    "industry": entry(member_of(lambda: set(bundled("company.json")["industries"]), "bundled company.json",
                                kind="membership"),
                      chi_square(lambda s: dict.fromkeys(bundled("company.json")["industries"], 1), "uniform pick",
                                 kind="membership")),
    "isbn_10": entry(each(lambda v: isbn.is_valid(v) and len(_digits(v.replace("X", "0"))) == 10, "stdnum.isbn"),
                     each(lambda v: isbn.format(v) == v, "stdnum's ISBN range table hyphenates it the same way")),
    "isbn_13": entry(each(lambda v: isbn.is_valid(v) and len(_digits(v)) == 13, "stdnum.isbn"),
                     each(lambda v: isbn.format(v) == v, "stdnum's ISBN range table hyphenates it the same way")),
    "issn": entry(each(issn.is_valid, "stdnum.issn (ISO 3297 check)"),
                  matches(r"\d{4}-\d{3}[\dX]", "####-###C")),
    "job_title": entry(member_of(lambda: set(FakerJobs.jobs), "Faker en_US job list (UK SOC titles)")),
    "product_category": entry(
        member_of(lambda: set(bundled("products.json")["categories"]), "bundled products.json", kind="membership"),
        spread(12, 0.15, "categories spread")),
    "product_name": entry(
        spread(500, 0.01, "many products", kind="statistical"),
        per_row("category", lambda v, c: any(v.endswith(n) for n in _category(c)["nouns"]),
                "ends with a noun of the row's category (bundled products.json)", kind="membership"),
        companions=[companion("category", "product_category")]),
    "product_price": entry(
        each(lambda v: str(v).endswith((".99", ".49", ".95", ".00")), "charm pricing endings"),
        per_row("product", lambda v, p: _band(p)[0] <= float(v) <= _band(p)[1],
                "inside the price band of the row's product type (bundled product_price_bands.csv)",
                kind="membership"),
        _bikes_cost_more,
        companions=[companion("category", "product_category"), companion("product", "product_name")]),
    "product_description": entry(
        per_row("product", lambda v, p: p in v, "names the row's product", kind="coherence"),
        per_row("category", lambda v, c: sum(f in v for f in _descriptions(c)["features"]) == 2,
                "two features of the row's category (bundled product_descriptions.json)", kind="membership"),
        spread(1500, 0.01, "varied texts", kind="statistical"),
        companions=[companion("category", "product_category"), companion("product", "product_name")]),
    "siren": entry(each(siren.is_valid, "stdnum.fr.siren (Luhn)"), matches(r"\d{3} \d{3} \d{3}", "### ### ###")),
    "siret": entry(each(siret.is_valid, "stdnum.fr.siret (Luhn)"),
                   matches(r"\d{3} \d{3} \d{3} \d{5}", "### ### ### #####")),
    "sku": entry(matches(r"[A-Z]{3}-[A-Z0-9]{6}", "category code + 6 characters"),
                 per_row("category", lambda v, c: v[:3] == re.sub(r"[^A-Za-z]", "", c)[:3].upper(),
                         "code is the row's category's first three letters"),
                 companions=[companion("category", "product_category")]),
    "upc_a": entry(each(lambda v: ean.is_valid(v) and len(_digits(v)) == 12, "stdnum.ean UPC-A"),
                   each(lambda v: _digits(v)[0] in "016789", "GS1 number system digit of regular products")),
}

# faker.js / Ruby Faker's commerce.department list (22 names).
_RETAIL = {"Books", "Movies", "Music", "Games", "Electronics", "Computers", "Home", "Garden", "Tools", "Grocery",
           "Health", "Beauty", "Toys", "Kids", "Baby", "Clothing", "Shoes", "Jewelry", "Sports", "Outdoors",
           "Automotive", "Industrial"}
