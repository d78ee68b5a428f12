"""Oracles for "Telephone numbers": Google's libphonenumber metadata (phonenumbers)."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from generators.oracles.base import companion, each, entry, per_row


def _us(text: str, kinds: set[int]) -> bool:
    number = phonenumbers.parse(text, "US")
    return (phonenumbers.is_valid_number_for_region(number, "US")
            and phonenumbers.number_type(number) in kinds
            and phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) == text)


_GEO = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

ENTRIES = {
    "landline_phone": entry(each(lambda v: _us(v, _GEO), "phonenumbers: valid US fixed line, national format")),
    "mobile_phone": entry(each(lambda v: _us(v, _MOBILE), "phonenumbers: valid US mobile, national format")),
    "phone": entry(each(lambda v: _us(v, _GEO | _MOBILE), "phonenumbers: valid US number, national format")),
    "toll_free_number": entry(each(lambda v: _us(v, {PhoneNumberType.TOLL_FREE}),
                                   "phonenumbers: valid US toll-free, national format")),
    "phone_country_code": entry(
        per_row("code", lambda v, c: v == f"+{phonenumbers.country_code_for_region(c)}",
                "phonenumbers calling code of the row's country"),
        companions=[companion("code", "country_code")]),
}
