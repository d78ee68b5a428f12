"""Oracles for card transactions, credit and loans: the iso18245 MCC database, published score bands and rates."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import iso18245
from scipy import stats as st

from generators.oracles.base import Sample, bundled, cached, companion, custom, each, entry, per_row, within
from generators.oracles.stats import chi_square, ks, spread


def _known_mcc(code: str) -> bool:
    try:
        iso18245.get_mcc(code)
    except (iso18245.MCCNotFound, iso18245.InvalidMCC):
        return False
    return True


def _descriptions(code: str) -> set[str]:
    """Every wording of `code` the iso18245 database holds (ISO, Visa, Mastercard, Amex, USDA, Stripe)."""
    m = iso18245.get_mcc(code)
    return {d for d in (m.iso_description, m.visa_description, m.mastercard_description, m.amex_description,
                        m.usda_description, m.stripe_description, m.alipay_description) if d}


def _wording(code: str) -> str:
    return " ".join(_descriptions(code)).lower()


def _type_fits(kind: str, code: str) -> bool:
    """The transaction type agrees with what iso18245 says the merchant category is."""
    words = _wording(code)
    cash = "cash disbursement" in words
    transfer = "money transfer" in words or "wire transfer" in words
    if kind == "ATM Withdrawal":
        return cash
    if kind == "Transfer":
        return transfer
    if cash or transfer:
        return False  # an ATM or a wire office sells nothing to refund or bill
    if kind == "Bill Payment":
        return any(w in words for w in ("utilities", "telecommunication", "insurance"))
    return kind in {"Purchase", "Refund", "Subscription"}


@cached
def _mcc_names() -> dict[str, set[str]]:
    return {code: set(row["merchants"]) for code, row in bundled("finance/merchants.json")["mcc"].items()}


@custom("spec", "ATMs dispense $20 notes: cash withdrawals are whole twenties; every amount is positive")
def _amounts(sample: Sample) -> None:
    for amount, code in sample.pairs("mcc"):
        assert Decimal(amount) > 0, amount
        if "cash disbursement" in _wording(code):
            assert Decimal(amount) % 20 == 0, (amount, code)


def _standardised_log(sample: Sample) -> list[float]:
    table = bundled("finance/merchants.json")["mcc"]
    return [(math.log(float(v)) - math.log(table[c]["median"])) / table[c]["spread"]
            for v, c in sample.pairs("mcc") if "round_to" not in table[c]]


@custom("statistical", "log(amount / the MCC's median) / spread is N(0, 1): KS at alpha=0.001 (bundled medians)")
def _lognormal_amounts(sample: Sample) -> None:
    result = st.kstest(_standardised_log(sample), st.norm.cdf)
    assert result.pvalue >= 1e-3, f"D={result.statistic:.4f}, p={result.pvalue:.2e}"


_MCC = [companion("mcc", "merchant_category_code")]

ENTRIES = {
    "merchant_category_code": entry(
        each(_known_mcc, "iso18245 (ISO 18245 MCC database, PyPI)"),
        spread(30, 0.25, "many categories, none dominant", kind="statistical")),
    "mcc_description": entry(
        per_row("mcc", lambda v, c: v in _descriptions(c), "one of the row's MCC wordings in iso18245",
                kind="coherence"),
        companions=_MCC),
    "merchant_name": entry(
        per_row("mcc", lambda v, c: v in _mcc_names()[c], "a merchant listed for the row's MCC (bundled)",
                kind="membership"),
        spread(100, 0.05, "many merchants", kind="statistical"),
        companions=_MCC),
    "transaction_type": entry(
        per_row("mcc", _type_fits, "ATM only at cash-disbursement MCCs, transfers at money-transfer MCCs, bills "
                                   "at utilities/telecom/insurance (iso18245 wording)", kind="coherence"),
        companions=_MCC),
    "transaction_description": entry(
        per_row("merchant", lambda v, m: re.fullmatch(rf"[A-Z ]+ {re.escape(m.upper())} #\d{{4}}", v) is not None,
                "a statement line: descriptor, the row's merchant in capitals, a 4-digit store number",
                kind="coherence"),
        companions=[*_MCC, companion("merchant", "merchant_name")]),
    "transaction_amount": entry(_amounts, _lognormal_amounts, companions=_MCC),
}



# Experian, 2021 data: shares of US consumers per FICO band.
_FICO_BANDS = {"300-579": 16, "580-669": 17, "670-739": 21, "740-799": 25, "800-850": 21}


def _fico_band(score: int) -> str:
    for label in _FICO_BANDS:
        low, high = map(int, label.split("-"))
        if low <= score <= high:
            return label
    return f"outside ({score})"


# Published ranges of US rates, wider than synthdb's: Freddie Mac PMMS 30-year fixed 2.65% (Jan 2021) to
# 7.79% (Oct 2023); personal loan APRs capped at 36% by most lenders; federal student loans 2.75% (2020-21)
# and private ones up to ~17%; auto loans 0% promotions to ~25% deep subprime (Experian); card APRs with no
# federal cap but 36% as the usual ceiling; HELOCs prime (3.25-8.5%) plus a margin; SBA 7(a) prime + 6.5%.
_PUBLISHED_RATES = {"Mortgage": (2.5, 9.0), "Personal Loan": (5.0, 36.0), "Student Loan": (2.75, 17.0),
                    "Auto Loan": (0.0, 25.0), "Credit Card": (10.0, 36.0), "Home Equity Line of Credit": (3.0, 16.0),
                    "Small Business Loan": (3.0, 16.0)}


def _rate_in_range(rate: Decimal, loan: str) -> bool:
    low, high = _PUBLISHED_RATES[loan]
    return low <= float(rate) <= high


@custom("statistical", "better credit scores get lower rates: Spearman rho < 0 at alpha=0.001")
def _rates_fall_with_scores(sample: Sample) -> None:
    pairs = [(float(r), s) for r, s in sample.pairs("score") if r is not None]
    rho, p = st.spearmanr([s for _, s in pairs], [r for r, _ in pairs])
    assert rho < 0 and p < 1e-3, (rho, p)


def _bundled_shares(key: str) -> dict[str, float]:
    table = bundled("finance/credit.json")[key]
    return {name: (value["share"] if isinstance(value, dict) else value) for name, value in table.items()}


ENTRIES.update({
    "credit_score": entry(
        within(300, 850, "the FICO scale, 300-850"),
        chi_square(_FICO_BANDS, "Experian 2021 FICO band shares", transform=_fico_band)),
    "salary": entry(
        ks(st.lognorm(s=0.6, scale=60_000), "log-normal(median 60,000, sigma 0.6), the documented defaults"),
        each(lambda v: Decimal(v) % 100 == 0, "rounded to hundreds (documented)", kind="spec")),
    "account_type": entry(
        chi_square(lambda s: _bundled_shares("accounts"), "bundled account shares (credit.json)",
                   kind="membership")),
    "loan_type": entry(
        chi_square(lambda s: _bundled_shares("loans"), "bundled loan shares (credit.json)", kind="membership")),
    "interest_rate": entry(
        per_row("loan", _rate_in_range, "inside the published US range of the row's loan type (PMMS, G.19, ...)",
                kind="coherence"),
        _rates_fall_with_scores,
        companions=[companion("loan", "loan_type"), companion("score", "credit_score")]),
})
