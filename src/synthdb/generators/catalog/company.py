"""Company Name: Faker's company templates ("Smith LLC", "Lee-Ortiz") rendered from last names and suffixes."""

from __future__ import annotations

import pyarrow as pa

from synthdb.generators.base import ColumnContext, Generator
from synthdb.generators.common import locale_of
from synthdb.generators.reference import LocaleParams, render_faker
from synthdb.generators.registry import register


@register
class CompanyName(Generator):
    """Company names from the locale's templates; en_US: "Smith Inc", "Lee-Ortiz", "Kim, Cole and Hunt"."""

    display_name = "Company Name"
    key = "company_name"
    aliases = ("company", "business_name", "organization")
    category = "Companies and products"
    description = "A company name such as Smith LLC, Lee-Ortiz or Kim, Cole and Hunt."
    Params = LocaleParams
    params: LocaleParams

    # Not `unique_values`: uniqueness by construction would force one template (the three-name one
    # holds 99.9% of the combinations); the planner says so up front instead of emitting duplicates.

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return render_faker("company", "formats", locale_of(self), ctx.rows, ctx.stream)
