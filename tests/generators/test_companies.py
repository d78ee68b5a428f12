"""Companies and products: codes valid per python-stdnum (10,000 each), Faker data per locale, coherent products."""

from __future__ import annotations

import importlib
import json
import re
from importlib.resources import files
from typing import Any

import pytest
from faker.providers.company.de_DE import Provider as GermanCompanies
from faker.providers.job.en_US import Provider as Jobs
from faker.providers.job.fr_FR import Provider as FrenchJobs

import synthdb

N = 10_000


def table(fields: list[dict[str, Any]], rows: int = N, **database: Any) -> list[dict[str, Any]]:
    definition = {"name": "t", "seed": 5, **database,
                  "entities": [{"name": "p", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition)["p"].to_pylist()


def column(generator: str, rows: int = N, **params: Any) -> list[Any]:
    return [r["v"] for r in table([{"name": "v", "generator": generator, **params}], rows)]


CODES = {"EIN": "us.ein", "ISBN": "isbn", "ISBN-10": "isbn", "EAN": "ean", "EAN-8": "ean", "UPC": "ean",
         "GTIN-14": "ean", "ISSN": "issn", "CNPJ": "br.cnpj", "SIREN": "fr.siren", "SIRET": "fr.siret"}


@pytest.mark.parametrize("generator", sorted(CODES))
@pytest.mark.parametrize("unique", [False, True])
def test_codes_are_valid(generator: str, unique: bool) -> None:
    validator = importlib.import_module(f"stdnum.{CODES[generator]}")
    values = column(generator, unique=unique)
    invalid = [v for v in values if not validator.is_valid(v)]
    assert not invalid, invalid[:5]
    if unique:
        assert len(set(values)) == N


def _upc_ok(code: str) -> bool:
    digits = [int(c) for c in code]
    return len(code) == 12 and (3 * sum(digits[0:11:2]) + sum(digits[1:11:2]) + digits[11]) % 10 == 0


def test_upc_a_check_digit_and_number_system() -> None:
    values = column("UPC")
    assert all(_upc_ok(v) and v[0] in "0678" for v in values)


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "es_ES", "ja_JP", "pt_BR"])
def test_isbns_are_hyphenated_at_the_real_range_boundaries(locale: str) -> None:
    from stdnum import isbn

    rows = table([{"name": "a", "generator": "ISBN"}, {"name": "b", "generator": "ISBN-10"}], 3000, locale=locale)
    for row in rows:
        for value in (row["a"], row["b"]):
            assert isbn.is_valid(value) and isbn.format(value, convert=False) == value, value
    group = {"en_US": ("0", "1", "8"), "de_DE": ("3",), "es_ES": ("84",), "ja_JP": ("4",), "pt_BR": ("65", "85")}
    assert all(r["a"].split("-")[1] in group[locale] for r in rows)


def test_ean_prefix_follows_the_locale() -> None:
    german = [r["v"] for r in table([{"name": "v", "generator": "EAN"}], 2000, locale="de_DE")]
    assert all(400 <= int(v[:3]) <= 440 for v in german)
    japanese = [r["v"] for r in table([{"name": "v", "generator": "EAN"}], 2000, locale="ja_JP")]
    assert all(v[:2] in ("45", "49") for v in japanese)


def test_duns_and_ein_formats() -> None:
    assert all(re.fullmatch(r"\d{2}-\d{3}-\d{4}", v) for v in column("DUNS Number", 2000))
    assert all(re.fullmatch(r"\d{9}", v) for v in column("duns", 2000, formatted=False))
    assert all(re.fullmatch(r"\d{2}-\d{7}", v) for v in column("EIN", 2000))


def test_company_lists_come_from_the_locale() -> None:
    jobs = column("Job Title", 3000)
    assert set(jobs) <= set(Jobs.jobs) and len(set(jobs)) > 400
    french = [r["v"] for r in table([{"name": "v", "generator": "Job Title"}], 2000, locale="fr_FR")]
    assert set(french) <= set(FrenchJobs.jobs)
    suffixes = [r["v"] for r in table([{"name": "v", "generator": "Company Suffix"}], 500, locale="de_DE")]
    assert set(suffixes) <= set(GermanCompanies.company_suffixes)
    assert set(column("Department (Corporate)", 2000)) >= {"Engineering", "Sales", "Legal"}
    phrases = column("Catch Phrase", 500)
    assert all(len(p.split(" ")) >= 3 for p in phrases)
    buzz = set(column("Buzzword", 2000))
    assert len(buzz) > 200 and "synergy" in buzz


def _products() -> dict[str, Any]:
    return json.loads((files("synthdb") / "data" / "products.json").read_text(encoding="utf-8"))["categories"]


@pytest.mark.parametrize("group", [None, "item"])
def test_product_columns_describe_one_product(group: str | None) -> None:
    fields = [{"name": "cat", "generator": "Product Category"}, {"name": "name", "generator": "Product Name"},
              {"name": "price", "generator": "Product Price"}, {"name": "sku", "generator": "SKU", "unique": True}]
    for f in fields:
        if group:
            f["group_key"] = group
    rows = table(fields, 5000)
    categories = _products()
    for row in rows:
        info = categories[row["cat"]]
        assert any(row["name"].endswith(noun) for noun in info["nouns"]), row
        low, high = info["price"]
        assert low <= float(row["price"]) <= high, row
        code = "".join(c for c in row["cat"].upper() if c.isalpha())[:3]
        assert re.fullmatch(code + r"-[0-9A-Z]{6}", row["sku"]), row
    assert len({r["sku"] for r in rows}) == 5000
    assert len({r["cat"] for r in rows}) == len(categories)


def test_product_price_range_override() -> None:
    prices = [float(v) for v in column("Product Price", 2000, min=5, max=20)]
    assert min(prices) >= 5 and max(prices) <= 20
    with pytest.raises(synthdb.DefinitionError, match="min"):
        column("Product Price", 10, min=30, max=20)
