"""Email Address with free_mail: the locale's free-mail providers at their shares; the default stays the reserved
example domains."""

from __future__ import annotations

import collections

import pytest
from scipy.stats import chisquare

import synthdb
from synthdb.generators.catalog.people.person import free_mail_domains

ROWS = 4000
ALPHA = 0.001  # a correct generator fails one locale in a thousand runs after its draws change


def _domains(params: dict[str, object], locale: str = "en_US") -> list[str]:
    definition = {"name": "m", "seed": 11, "locale": locale, "entities": [{"name": "t", "record_count": ROWS,
                  "fields": [{"name": "e", "generator": "Email Address", **params}]}]}
    return [e.split("@")[1] for e in synthdb.to_tables(definition)["t"].column("e").to_pylist()]


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "ja_JP", "ko_KR", "zh_CN", "pt_BR"])
def test_free_mail_providers_follow_the_locales_shares(locale: str) -> None:
    names, shares = free_mail_domains(locale)
    counts = collections.Counter(_domains({"free_mail": True}, locale))
    assert set(counts) <= set(names)
    observed = [counts.get(name, 0) for name in names]
    assert chisquare(observed, [share * ROWS for share in shares]).pvalue > ALPHA, dict(zip(names, observed,
                                                                                            strict=True))


def test_default_and_explicit_domains_are_kept() -> None:
    assert set(_domains({})) <= {"example.com", "example.org", "example.net"}
    assert set(_domains({"free_mail": True, "domains": "corp.test"})) == {"corp.test"}


def test_a_locale_without_a_table_uses_en_us_shares() -> None:
    assert free_mail_domains("xx_XX") == free_mail_domains("en_US")
    assert free_mail_domains("de") == free_mail_domains("de_DE")
