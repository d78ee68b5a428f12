"""Phone, Mobile Phone, Landline Phone, Toll-Free Number and Phone Country Code for the locale's region.

Numbers come from the region's numbering plan in phonenumbers' metadata (see generators/phonedata.py):
every value is valid for its region (``phonenumbers.is_valid_number_for_region``) and is laid out the
way phonenumbers formats it: national "(201) 555-0123" / "030 12345678", international
"+49 30 12345678", or E.164 "+493012345678"; a pattern of '#' digits gives any other layout.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import field_validator

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.catalog.geography import CountryColumn, world
from synthdb.generators.common import CONTACT, is_unique, locale_of
from synthdb.generators.geodata import group_fields, locale_country
from synthdb.generators.phonedata import NumberPlan, PlanError, e164_layouts, number_plan, pattern_layouts
from synthdb.generators.reference import LocaleParams
from synthdb.generators.registry import register

NAMED = ("national", "international", "e164")
# Fixed North American layouts kept from the first catalogue; elsewhere they apply when the '#'s fit.
LEGACY = {
    "dashes": "###-###-####",
    "dots": "###.###.####",
    "spaces": "### ### ####",
}


class PhoneParams(LocaleParams):
    """Parameters of the phone generators: `format` national, international, e164, digits or a '#' pattern."""

    format: str = "national"

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        text = "national" if value is None else str(value).strip()
        named = text.lower().replace("-", "").replace("_", "").replace(".", "")
        if named in NAMED or named == "digits":
            return named
        if named in LEGACY:
            return LEGACY[named]
        if "#" not in text:
            raise ValueError(f"use one of {', '.join((*NAMED, 'digits', *LEGACY))} or a pattern of '#' digits, "
                             f"got '{text}'")
        return text


class _PhoneColumn(Generator):
    """A number of the locale's region of the types in `kinds`."""

    category = CONTACT
    unique_values = True
    Params = PhoneParams
    params: PhoneParams
    kinds: ClassVar[tuple[str, ...]] = ("fixed_line", "mobile")

    def region(self) -> str:
        return locale_country(locale_of(self))

    def plan(self) -> NumberPlan:
        plan = number_plan(self.region(), self.kinds)
        fmt = self.params.format
        if fmt in NAMED or fmt == "digits":
            return plan
        # A '#' pattern fixes the number of digits: keep the national lengths it can hold.
        marks = fmt.count("#")
        code = len(plan.country_code)
        fitting = tuple(sorted({int(n) for n in plan.lengths} & {marks, marks - code}))
        if not fitting:
            try:
                return number_plan(self.region(), self.kinds, tuple(sorted({marks, marks - code})))
            except PlanError:
                raise ParamError("format", f"'{fmt}' has {marks} '#' digits; {self.region()} numbers have "
                                 f"{sorted({int(n) for n in plan.lengths})} (plus {code} for the country "
                                 "code)") from None
        return number_plan(self.region(), self.kinds, fitting)

    def layouts(self, plan: NumberPlan) -> list[bytes]:
        fmt = self.params.format
        if fmt == "e164":
            return e164_layouts(plan)
        if fmt == "digits":
            return [b"#" * int(n) for n in plan.lengths]
        if fmt in NAMED:
            return plan.layouts[fmt]
        found = pattern_layouts(plan, fmt)
        if found is None:
            raise ParamError("format", f"'{fmt}' does not fit every {self.region()} number length")
        return found

    def setup(self) -> None:
        try:
            self.layouts(self.plan())
        except PlanError as exc:
            raise ParamError("locale", str(exc)) from exc

    def capacity(self) -> int | None:
        return self.plan().capacity

    def generate(self, ctx: ColumnContext) -> pa.Array:
        plan = self.plan()
        seq, offset = plan.pick(ctx.rows, ctx.stream, is_unique(self))
        return plan.render(seq, plan.national_digits(seq, offset), self.layouts(plan))


@register
class Phone(_PhoneColumn):
    """A landline or mobile number valid for the locale's region."""

    display_name = "Phone"
    key = "phone"
    aliases = ("phone_number", "telephone", "phone_number_us", "telephone_number")
    description = ("A landline or mobile number valid for the locale's region, e.g. (415) 555-0134; format: "
                   "national, international (+1 415-555-0134), e164 (+14155550134), digits or a '#' pattern.")


@register
class MobilePhone(_PhoneColumn):
    """A mobile number valid for the locale's region."""

    display_name = "Mobile Phone"
    key = "mobile_phone"
    aliases = ("cell_phone", "mobile_number", "cell_phone_number", "mobile")
    description = "A mobile number valid for the locale's region, e.g. 0151 23456789 (de_DE); same formats as Phone."
    kinds = ("mobile",)


@register
class LandlinePhone(_PhoneColumn):
    """A fixed-line number valid for the locale's region."""

    display_name = "Landline Phone"
    key = "landline_phone"
    aliases = ("fixed_line_phone", "home_phone", "work_phone", "fax_number", "fax")
    description = "A fixed-line (geographic) number valid for the locale's region; same formats as Phone."
    kinds = ("fixed_line",)


@register
class TollFreeNumber(_PhoneColumn):
    """A toll-free number valid for the locale's region (800/888 in the US, 0800 in Europe)."""

    display_name = "Toll-Free Number"
    key = "toll_free_number"
    aliases = ("toll_free_phone", "freephone")
    description = "A toll-free number valid for the locale's region, e.g. (800) 555-0199; same formats as Phone."
    kinds = ("toll_free",)


class CountryCallingCodeParams(LocaleParams):
    """Parameters of Phone Country Code: `plus` writes "+49" rather than "49"."""

    plus: bool = True


@register
class PhoneCountryCode(CountryColumn):
    """The international calling code of the row's country ("+1", "+44", "+81").

    Like Country: with phone or address columns in its group it is the locale's code (the one the
    row's numbers use); otherwise the code of a country the group draws, agreeing with a Country column.
    """

    display_name = "Phone Country Code"
    key = "phone_country_code"
    aliases = ("country_calling_code", "calling_code", "dialing_code", "dial_code")
    category = CONTACT
    unique_values = False
    description = ("The international calling code of the row's country, e.g. +44: the locale's when the row "
                   "has phone or address columns, else that of the group's country; plus: false drops '+'.")
    Params = CountryCallingCodeParams
    params: CountryCallingCodeParams

    def setup(self) -> None:
        super().setup()
        self._local = self._local or bool(group_fields(self, _PhoneColumn))

    def values(self) -> pa.Array:
        return calling_codes(self.params.plus)


@cache
def calling_codes(plus: bool) -> pa.Array:
    """The calling code of every country of `world()`, aligned with it."""
    import phonenumbers

    codes = [str(phonenumbers.country_code_for_region(c)) for c in world()["alpha2"].to_pylist()]
    return pa.array([("+" if plus else "") + c for c in codes], pa.string())
