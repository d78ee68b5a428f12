"""IBANs built vectorized from schwifty's registry: BBAN layout, real bank codes, national and IBAN checks.

Per country the BBAN layout (which positions are digits, letters, bank code, check digits) comes from
schwifty's IBAN registry and the banks (code, BIC, name) from its bank registry. Account characters
declared alphanumeric (`c`) are drawn as digits, as real account numbers almost always are. National
check digits are computed column by column for the countries whose rule is implemented here; a country
whose rule is not is refused, and German banks are limited to those using
check methods 00 and 09, which cover about a third of German banks (Sparkassen among them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from synthdb.generators.helpers.checksums import luhn_digit

ZERO = ord("0")
_ES_WEIGHTS = np.array([1, 2, 4, 8, 5, 10, 9, 7, 3, 6])
_NO_WEIGHTS = np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
_IT_ODD = np.array([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])
_DE_METHODS = ("00", "09")


@dataclass(frozen=True)
class Layout:
    """One country's BBAN: per-position classes and component ranges, plus its banks."""

    country: str
    classes: str  # one of n / a / c per BBAN position
    bank: tuple[int, int]
    branch: tuple[int, int]
    national: tuple[int, int]
    banks: tuple[tuple[str, str, str, str], ...]  # (bank code, BIC, name, check method)

    @property
    def length(self) -> int:
        return len(self.classes)


# Territories that use their parent's IBAN prefix in practice (a Réunion account is an FR IBAN).
_TERRITORIES = frozenset({"AX", "BL", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "TF", "WF", "YT", "GG", "IM",
                          "JE"})
# Brazil's account type is a letter (C, P, ...) though the registry allows any character.
_CLASS_OVERRIDES = {"BR": {23: "a"}}


def _parse_classes(country: str, bban_spec: str) -> str:
    classes = list("".join(kind * int(count) for count, kind in re.findall(r"(\d+)!?([nacde])", bban_spec)))
    for position, kind in _CLASS_OVERRIDES.get(country, {}).items():
        classes[position] = kind
    return "".join(classes)


Rule = Callable[[np.ndarray, np.ndarray, "Layout"], None]


def _national_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {"BE": _belgium, "FR": _france, "MC": _france, "ES": _spain, "IT": _italy,
                              "SM": _italy, "NO": _norway, "FI": _finland, "EE": _estonia, "DE": _germany,
                              "CZ": _czech, "SK": _czech, "IS": _iceland, "MR": _mod97_variant, "TN": _mod97_variant}
    for country in ("BA", "ME", "MK", "PT", "RS", "SI", "TL"):
        rules[country] = _mod97
    return rules


def supported(country: str) -> bool:
    """True when IBANs for `country` can be generated with valid national check digits."""
    from schwifty.checksum import algorithms

    if country not in _all_countries():
        return False
    # Poland's check digit sits inside the bank code, which comes from the registry already valid.
    needs_rule = any(key.startswith(f"{country}:") for key in algorithms) and country != "PL"
    return not needs_rule or country in _national_rules()


@cache
def _all_countries() -> tuple[str, ...]:
    """Countries with an IBAN format in schwifty's registry."""
    import pycountry
    from schwifty import registry

    found = []
    for country in pycountry.countries:
        try:
            spec = registry.get_iban_spec(country.alpha_2)
        except Exception:  # schwifty raises its own lookup errors for countries without IBANs
            continue
        # Aspirational formats are not in SWIFT's official registry yet: banks do not issue them.
        if not spec.aspirational and country.alpha_2 not in _TERRITORIES:
            found.append(country.alpha_2)
    return tuple(sorted(found))


def all_supported() -> list[str]:
    """Every country code whose IBANs this module can generate."""
    return [c for c in _all_countries() if supported(c)]


@cache
def layout(country: str) -> Layout:
    """The BBAN layout and the usable banks of one country (loaded once)."""
    from schwifty import BIC, registry
    from schwifty.domain import Component

    spec = registry.get_iban_spec(country)
    classes = _parse_classes(country, spec.bban_spec)
    bank = spec.positions[Component.BANK_CODE]
    branch = spec.positions[Component.BRANCH_CODE]
    national = spec.positions[Component.NATIONAL_CHECKSUM_DIGITS]
    width = (bank.end - bank.start) + (branch.end - branch.start)
    found: dict[str, tuple[str, str, str, str]] = {}
    banks = registry.get_banks_by_country(country) if country in registry.get_countries() else []
    for b in banks:
        code, bic = b.bank_code or "", b.bic or ""
        method = b.checksum_algo if country == "DE" else "default"
        if not (b.primary and len(bic) in (8, 11) and bic[4:6] == country and len(code) in (bank.end - bank.start,
                                                                                              width)):
            continue
        if country == "DE" and method not in _DE_METHODS:
            continue
        try:
            BIC(bic)
        except Exception:
            continue
        found.setdefault(code, (code, bic, b.name, method))
    candidates = tuple(found[c] for c in sorted(found))
    result = Layout(country, classes, (bank.start, bank.end), (branch.start, branch.end),
                    (national.start, national.end), candidates)
    return _checked(result)


def _checked(lay: Layout) -> Layout:
    """Keep the banks whose sample IBAN schwifty accepts with national checks (drops stale registry codes)."""
    if not lay.banks:
        return lay
    import warnings

    from schwifty import IBAN

    texts = iban_texts(lay, np.arange(len(lay.banks)), np.full((len(lay.banks), lay.length), 1, dtype=np.int64))
    good = []
    for bank, text in zip(lay.banks, texts, strict=True):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "no national rule registered" notices for some countries
                IBAN(text, validate_bban=True)
        except Exception:
            continue
        good.append(bank)
    return Layout(lay.country, lay.classes, lay.bank, lay.branch, lay.national, tuple(good))


def bban_matrix(lay: Layout, bank_index: np.ndarray | None, fill: np.ndarray) -> np.ndarray:
    """(n, length) ASCII BBANs: `fill` (values 0-9 / 0-25 by class) plus the bank code and national check."""
    n = len(fill)
    kinds = np.frombuffer(lay.classes.encode(), dtype=np.uint8)
    letters = kinds == ord("a")
    codes = np.where(letters, ord("A") + fill % 26, ZERO + fill % 10).astype(np.uint8)
    if bank_index is not None and lay.banks:
        bank_codes = np.array([list(b[0].encode()) for b in lay.banks], dtype=np.uint8)[bank_index]
        start = lay.bank[0]
        codes[:, start : start + bank_codes.shape[1]] = bank_codes
    rule = _national_rules().get(lay.country)
    if rule is not None:
        methods = np.array([b[3] == "00" for b in lay.banks] or [False])
        flags = methods[bank_index] if bank_index is not None and lay.banks else np.zeros(n, dtype=bool)
        rule(codes, flags, lay)
    return codes


def iban_matrix(lay: Layout, bban: np.ndarray) -> np.ndarray:
    """(n, length + 4) ASCII IBANs: country, ISO 7064 mod 97-10 check digits, BBAN."""
    n = len(bban)
    country = np.frombuffer(lay.country.encode(), dtype=np.uint8)
    remainder = np.zeros(n, dtype=np.int64)
    tail = np.concatenate([bban, np.broadcast_to(np.concatenate([country, [ZERO, ZERO]]), (n, 4))], axis=1)
    for j in range(tail.shape[1]):
        char = tail[:, j].astype(np.int64)
        is_letter = char >= ord("A")
        remainder = np.where(is_letter, remainder * 100 + char - 55, remainder * 10 + char - ZERO) % 97
    check = 98 - remainder
    head = np.column_stack([np.broadcast_to(country, (n, 2)), ZERO + check // 10, ZERO + check % 10])
    return np.concatenate([head.astype(np.uint8), bban], axis=1)


def iban_texts(lay: Layout, bank_index: np.ndarray, fill: np.ndarray) -> list[str]:
    """IBANs as Python strings (for the load-time self check only)."""
    matrix = iban_matrix(lay, bban_matrix(lay, bank_index, fill))
    return [bytes(r).decode() for r in matrix]


# -- national check digits, one function per rule, written into the ASCII matrix in place --------


def _digits(codes: np.ndarray, start: int, end: int) -> np.ndarray:
    return codes[:, start:end].astype(np.int64) - ZERO


def _number_mod(codes: np.ndarray, start: int, end: int, mod: int) -> np.ndarray:
    remainder = np.zeros(len(codes), dtype=np.int64)
    for j in range(start, end):
        remainder = (remainder * 10 + codes[:, j].astype(np.int64) - ZERO) % mod
    return remainder


def _put(codes: np.ndarray, start: int, value: np.ndarray, width: int) -> None:
    for j in range(width):
        codes[:, start + j] = ZERO + (value // 10 ** (width - 1 - j)) % 10


def _belgium(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    check = _number_mod(codes, 0, 10, 97)
    _put(codes, 10, np.where(check == 0, 97, check), 2)


def _france(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    total = 89 * _number_mod(codes, 0, 5, 97) + 15 * _number_mod(codes, 5, 10, 97) + 3 * _number_mod(codes, 10, 21, 97)
    _put(codes, 21, 97 - total % 97, 2)


def _spain(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    for source, weights, target in (((0, 8), _ES_WEIGHTS[2:], 8), ((10, 20), _ES_WEIGHTS, 9)):
        value = 11 - (_digits(codes, *source) @ weights) % 11
        codes[:, target] = ZERO + np.select([value == 11, value == 10], [0, 1], value)


def _italy(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    digits = _digits(codes, 1, 23)
    total = _IT_ODD[digits[:, 0::2]].sum(axis=1) + digits[:, 1::2].sum(axis=1)
    codes[:, 0] = ord("A") + total % 26


def _norway(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    codes[:, 4] = np.where(codes[:, 4] == ZERO, ZERO + 1, codes[:, 4])  # an account "00..." is weighted differently
    value = 11 - (_digits(codes, 0, 10) @ _NO_WEIGHTS) % 11
    bump = value == 10  # no valid check digit: change the last account digit (its weight 2 moves the sum)
    codes[:, 9] = np.where(bump, ZERO + (codes[:, 9] - ZERO + 1) % 10, codes[:, 9])
    value = 11 - (_digits(codes, 0, 10) @ _NO_WEIGHTS) % 11
    codes[:, 10] = ZERO + value % 11


def _finland(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    codes[:, 13] = ZERO + luhn_digit(_digits(codes, 0, 13))


def _estonia(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    digits = _digits(codes, 2, 15)[:, ::-1]
    weights = np.resize(np.array([7, 3, 1]), digits.shape[1])
    total = (digits @ weights) % 10
    codes[:, 15] = ZERO + np.where(total == 0, 0, 10 - total)


def _mod97(codes: np.ndarray, _: np.ndarray, lay: Layout) -> None:
    # ISO 7064 mod 97-10 over everything before the check digits (bank, branch, account).
    start, end = lay.national
    _put(codes, start, 98 - (_number_mod(codes, 0, start, 97) * 100) % 97, end - start)


def _mod97_variant(codes: np.ndarray, _: np.ndarray, lay: Layout) -> None:
    start, end = lay.national
    _put(codes, start, 97 - (_number_mod(codes, 0, start, 97) * 100) % 97, end - start)


def _zero_mod11(codes: np.ndarray, start: int, end: int, weights: np.ndarray, check: int) -> None:
    """Set the digit at `check` (weight 1 or any) so the weighted sum over [start, end) is 0 mod 11."""
    weight = int(weights[check - start])
    inverse = pow(weight, -1, 11)
    for _ in range(2):
        others = _digits(codes, start, end) @ weights - (codes[:, check].astype(np.int64) - ZERO) * weight
        digit = (-others * inverse) % 11
        # 10 is not a digit: move a neighbour by one (it shifts the sum), and solve again.
        neighbour = check - 1 if check > start else check + 1
        codes[:, neighbour] = np.where(digit == 10, ZERO + (codes[:, neighbour] - ZERO + 1) % 10, codes[:, neighbour])
        codes[:, check] = np.where(digit == 10, codes[:, check], ZERO + digit)


_CZ_WEIGHTS = np.array([6, 3, 7, 9, 10, 5, 8, 4, 2, 1])


def _czech(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    # Branch (account prefix) and account number each weigh to 0 mod 11; their last digit has weight 1.
    _zero_mod11(codes, 4, 10, _CZ_WEIGHTS[4:], 9)
    _zero_mod11(codes, 10, 20, _CZ_WEIGHTS, 19)


def _iceland(codes: np.ndarray, _: np.ndarray, __: Layout) -> None:
    # The account holder's kennitala (positions 12-21): digit 9 checks digits 1-8 (mod 11).
    _zero_mod11(codes, 12, 21, np.array([3, 2, 7, 6, 5, 4, 3, 2, 1]), 20)


def _germany(codes: np.ndarray, method_00: np.ndarray, __: Layout) -> None:
    # Method 00: account digits 1-9 weighted 2,1,2,... from the right, products' digit sums, mod 10.
    digits = _digits(codes, 8, 17)[:, ::-1] * np.resize(np.array([2, 1]), 9)
    total = np.where(digits > 9, digits - 9, digits).sum(axis=1)
    codes[:, 17] = np.where(method_00, ZERO + (10 - total % 10) % 10, codes[:, 17])
