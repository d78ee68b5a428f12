"""Companies: name, suffix, industry, departments, job titles, buzzwords, catch phrases, EIN, DUNS, CNPJ, SIREN/SIRET.

Names, suffixes, job titles and the buzzword lists come from Faker's locale data (English where a locale
has none, see docs/locales.md); industries and departments from synthdb/data/company.json.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from synthdb.generators.base import ColumnContext, Generator, NoParams
from synthdb.generators.catalog.identity.national_ids import IdParams, NumberedId
from synthdb.generators.helpers.checksums import chars, compose, digits_of, luhn_digit, text, weighted_sum
from synthdb.generators.helpers.common import COMPANIES, locale_of
from synthdb.generators.helpers.reference import (
    DEFAULT_LOCALE,
    Choices,
    LocaleParams,
    choices,
    data_locale,
    faker_data,
    locale_candidates,
    package_data,
    render_faker,
)
from synthdb.generators.registry import register


@register
class CompanyName(Generator[LocaleParams]):
    """Company names from the locale's templates; en_US: "Smith Inc", "Lee-Ortiz", "Kim, Cole and Hunt"."""

    display_name = "Company Name"
    key = "company_name"
    aliases = ("company", "business_name", "organization", "Fake Company Name")
    category = COMPANIES
    description = "A company name such as Smith LLC, Lee-Ortiz or Kim, Cole and Hunt."
    Params = LocaleParams

    # Not `unique_values`: uniqueness by construction would force one template (the three-name one
    # holds 99.9% of the combinations); the planner says so up front instead of emitting duplicates.

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return render_faker("company", "formats", locale_of(self), ctx.rows, ctx.stream)


class _LocaleList(Generator[LocaleParams]):
    """A pick from one list of Faker's locale data (with the en_US fallback)."""

    category = COMPANIES
    Params = LocaleParams

    def choices(self) -> Choices:
        raise NotImplementedError

    def capacity(self) -> int | None:
        return len(self.choices())

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.choices().pick(ctx.rows, ctx.stream)


@cache
def _faker_list(category: str, attr: str, locale: str) -> Choices:
    return choices(faker_data(category, attr, locale))


@register
class CompanySuffix(_LocaleList):
    """Legal-form suffixes of the locale: Inc, LLC, Ltd (en), GmbH, AG (de), SA, SARL (fr) ..."""

    display_name = "Company Suffix"
    key = "company_suffix"
    aliases = ("legal_form", "business_suffix")
    description = "Inc, LLC, Ltd, GmbH, S.A. ... from the locale's company data."

    def choices(self) -> Choices:
        return _faker_list("company", "company_suffixes", locale_of(self))


@register
class JobTitle(_LocaleList):
    """Job titles from Faker's locale lists (en_US: 639 occupations), or mimesis' for it/nl, which Faker lacks."""

    display_name = "Job Title"
    key = "job_title"
    aliases = ("job", "occupation", "position", "profession")
    description = "A job title or occupation in the locale's language (e.g. Chartered accountant)."

    def choices(self) -> Choices:
        return _jobs(locale_of(self))


@cache
def _jobs(locale: str) -> Choices:
    """The locale's own job list: Faker's when it has one for the language, else data/business/jobs.json."""
    found = data_locale("job", "jobs", locale)
    bundled = package_data("business/jobs.json")
    for candidate in locale_candidates(locale):
        if candidate == found and found != DEFAULT_LOCALE:
            break
        if candidate.split("_")[0] in bundled:
            return choices(bundled[candidate.split("_")[0]])
    return _faker_list("job", "jobs", locale)


@cache
def _company_data(name: str) -> Choices:
    return choices(package_data("company.json")[name])


class _DataList(Generator[NoParams]):
    """A uniform pick from one list of company.json."""

    category = COMPANIES
    data: str

    def capacity(self) -> int | None:
        return len(_company_data(self.data))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _company_data(self.data).pick(ctx.rows, ctx.stream)


@register
class Industry(_DataList):
    """Broad industries: Banking, Computer Software, Hospitality ..."""

    display_name = "Industry"
    key = "industry"
    aliases = ("business_industry", "company_industry")
    description = "A business industry such as Banking, Computer Software or Hospitality."
    data = "industries"


@register
class DepartmentCorporate(_DataList):
    """Corporate departments: Accounting, Engineering, Human Resources, Sales ..."""

    display_name = "Department (Corporate)"
    key = "department_corporate"
    aliases = ("department", "corporate_department")
    description = "A corporate department such as Engineering, Legal or Sales."
    data = "departments_corporate"


@register
class DepartmentRetail(_DataList):
    """Retail store departments: Books, Electronics, Garden, Toys ..."""

    display_name = "Department (Retail)"
    key = "department_retail"
    aliases = ("retail_department", "store_department")
    description = "A retail department such as Books, Electronics or Garden."
    data = "departments_retail"


@cache
def _phrase_words(locale: str, attr: str) -> tuple[Choices, ...]:
    """The word lists of Faker's catch phrases (catch_phrase_words) or business speak (bsWords)."""
    return tuple(choices(words) for words in faker_data("company", attr, locale))


def _phrase(lists: tuple[Choices, ...], ctx: ColumnContext) -> pa.Array:
    words = [pool.pick(ctx.rows, ctx.stream.child(i)) for i, pool in enumerate(lists)]
    return pc.binary_join_element_wise(*words, " ")


@register
class Buzzword(_LocaleList):
    """One management buzzword: "synergy", "mission-critical", "24/7" ..."""

    display_name = "Buzzword"
    key = "buzzword"
    aliases = ("buzz_word",)
    description = "A single corporate buzzword (e.g. Proactive, mission-critical, synergy)."

    def choices(self) -> Choices:
        return _buzzwords(locale_of(self))


@cache
def _buzzwords(locale: str) -> Choices:
    """Every distinct word of the catch-phrase lists."""
    words = [w for pool in _phrase_words(locale, "catch_phrase_words") for w in pool.values.to_pylist()]
    return choices(list(dict.fromkeys(words)))


@register
class CatchPhrase(Generator[LocaleParams]):
    """Faker's three-part catch phrases: "Adaptive 24/7 ability"."""

    display_name = "Catch Phrase"
    key = "catch_phrase"
    aliases = ("company_catch_phrase", "slogan", "tagline")
    category = COMPANIES
    description = "A company catch phrase such as Adaptive 24/7 ability."
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _phrase(_phrase_words(locale_of(self), "catch_phrase_words"), ctx)


@register
class BusinessSpeak(Generator[LocaleParams]):
    """Faker's business-speak phrases: "implement 24/7 web-readiness"."""

    display_name = "Business Speak"
    key = "business_speak"
    aliases = ("bs", "corporate_speak")
    category = COMPANIES
    description = "A business-speak phrase such as implement 24/7 web-readiness."
    Params = LocaleParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _phrase(_phrase_words(locale_of(self), "bsWords"), ctx)


@cache
def _ein_prefixes() -> np.ndarray:
    return np.array(package_data("company.json")["ein_prefixes"], dtype=np.int64)


@register
class EIN(NumberedId):
    """US Employer Identification Numbers: an IRS campus prefix and seven digits, ##-#######."""

    display_name = "EIN"
    key = "ein"
    aliases = ("employer_identification_number", "federal_tax_id", "fein")
    category = COMPANIES
    description = "US Employer Identification Number ##-####### with a valid IRS prefix."
    Params = IdParams
    params: IdParams

    def space(self) -> int:
        return len(_ein_prefixes()) * 10**7

    def build(self, index: np.ndarray) -> pa.Array:
        number = _ein_prefixes()[index // 10**7] * 10**7 + index % 10**7
        d = chars(digits_of(number, 9))
        return text(compose(len(index), d[:, :2], self.sep("-"), d[:, 2:]))


@register
class DUNS(NumberedId):
    """Dun & Bradstreet D-U-N-S numbers: nine digits, ##-###-####."""

    display_name = "DUNS Number"
    key = "duns_number"
    aliases = ("duns", "D-U-N-S", "dun_and_bradstreet_number")
    category = COMPANIES
    description = "A nine-digit D-U-N-S number, ##-###-#### (unique when asked)."
    Params = IdParams
    params: IdParams
    size = 10**9

    def build(self, index: np.ndarray) -> pa.Array:
        d = chars(digits_of(index, 9))
        return text(compose(len(index), d[:, :2], self.sep("-"), d[:, 2:5], self.sep("-"), d[:, 5:]))


@register
class CNPJ(NumberedId):
    """Brazilian company registry numbers: eight-digit root, branch 0001-0009, two mod-11 check digits."""

    display_name = "CNPJ"
    key = "cnpj"
    aliases = ("brazilian_cnpj", "cadastro_nacional_da_pessoa_juridica")
    category = COMPANIES
    description = "Brazilian CNPJ ##.###.###/0001-## with valid check digits."
    Params = IdParams
    params: IdParams
    size = (10**8 - 1) * 9  # roots 00000001-99999999, branches 0001-0009

    def build(self, index: np.ndarray) -> pa.Array:
        root = index // 9 + 1
        body = digits_of(root * 10**4 + index % 9 + 1, 12)
        d1 = (11 - weighted_sum(body, (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))) % 11 % 10
        d2 = (11 - weighted_sum(np.column_stack([body, d1]), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))) % 11 % 10
        d = chars(np.column_stack([body, d1, d2]))
        s = self.sep(".")
        return text(compose(len(index), d[:, :2], s, d[:, 2:5], s, d[:, 5:8], self.sep("/"), d[:, 8:12],
                            self.sep("-"), d[:, 12:]))


@register
class SIREN(NumberedId):
    """French company numbers (SIREN): eight digits and a Luhn check digit."""

    display_name = "SIREN"
    key = "siren"
    aliases = ("french_siren", "siren_number")
    category = COMPANIES
    description = "French SIREN ### ### ### with a valid Luhn check digit."
    Params = IdParams
    params: IdParams
    size = 10**8 - 1

    def build(self, index: np.ndarray) -> pa.Array:
        body = digits_of(index + 1, 8)
        d = chars(np.column_stack([body, luhn_digit(body)]))
        s = self.sep(" ")
        return text(compose(len(index), d[:, :3], s, d[:, 3:6], s, d[:, 6:]))


@register
class SIRET(NumberedId):
    """French establishment numbers (SIRET): a SIREN, a four-digit establishment number, a Luhn check digit."""

    display_name = "SIRET"
    key = "siret"
    aliases = ("french_siret", "siret_number")
    category = COMPANIES
    description = "French SIRET ### ### ### ##### (SIREN + establishment), valid Luhn checks."
    Params = IdParams
    params: IdParams
    size = (10**8 - 1) * 100

    def build(self, index: np.ndarray) -> pa.Array:
        siren = digits_of(index // 100 + 1, 8)
        siren = np.column_stack([siren, luhn_digit(siren)])
        payload = np.column_stack([siren, digits_of(index % 100 + 1, 4)])
        d = chars(np.column_stack([payload, luhn_digit(payload)]))
        s = self.sep(" ")
        return text(compose(len(index), d[:, :3], s, d[:, 3:6], s, d[:, 6:9], s, d[:, 9:]))
