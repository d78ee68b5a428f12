"""Finance data people believe: MCC, merchant, type and description agree; FICO scores, pay and loan rates
look like the published US figures. Tolerances come from the sample size (Z at alpha = 0.001)."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from decimal import Decimal
from typing import Any

import iso18245
import pytest
from scipy import stats

import synthdb
from synthdb.errors import DefinitionError

Z = 3.29


def _table(fields: list[dict[str, Any]], rows: int, seed: int = 11) -> list[dict[str, Any]]:
    definition = {"name": "bank", "seed": seed, "entities": [{"name": "t", "record_count": rows, "fields": fields}]}
    return synthdb.to_tables(definition)["t"].to_pylist()


def _wording(code: str) -> str:
    m = iso18245.get_mcc(code)
    return " ".join(d for d in (m.iso_description, m.visa_description, m.usda_description, m.stripe_description)
                    if d).lower()


_CARD_FIELDS = [
    {"name": "mcc", "generator": "Merchant Category Code"},
    {"name": "category", "generator": "MCC Description"},
    {"name": "merchant", "generator": "Merchant Name"},
    {"name": "kind", "generator": "Transaction Type"},
    {"name": "memo", "generator": "Transaction Description"},
    {"name": "amount", "generator": "Transaction Amount"},
]


def test_mcc_merchant_type_and_description_agree_on_every_row() -> None:
    rows = _table(_CARD_FIELDS, 5000)
    merchants_of: dict[str, set[str]] = {}
    for row in rows:
        code = row["mcc"]
        iso18245.validate_mcc(code)  # a real ISO 18245 code
        words = _wording(code)
        assert row["category"].lower() in words, row
        merchants_of.setdefault(row["merchant"], set()).add(code)
        assert re.fullmatch(rf"[A-Z ]+ {re.escape(row['merchant'].upper())} #\d{{4}}", row["memo"]), row
        if row["kind"] == "ATM Withdrawal":
            assert "cash disbursement" in words and row["memo"].startswith("ATM WITHDRAWAL"), row
            assert Decimal(row["amount"]) % 20 == 0, row
        elif row["kind"] == "Transfer":
            assert "transfer" in words, row
        else:
            assert "cash disbursement" not in words, row
        assert Decimal(row["amount"]) > 0
    assert all(len(codes) == 1 for codes in merchants_of.values())  # a merchant keeps one MCC
    kinds = Counter(row["kind"] for row in rows)
    assert kinds.most_common(1)[0][0] == "Purchase" and 0 < kinds["Refund"] < 0.06 * len(rows)


def test_a_merchants_table_drives_its_transactions() -> None:
    """The common schema: merchants hold the MCC, transactions reach it through their foreign key."""
    definition = {"name": "bank", "seed": 5, "entities": [
        {"name": "merchants", "record_count": 50, "fields": [
            {"name": "id", "generator": "Number", "primary_key": True},
            {"name": "mcc", "generator": "Merchant Category Code"},
            {"name": "name", "generator": "Merchant Name"}]},
        {"name": "transactions", "record_count": 2000, "fields": [
            {"name": "merchant_id", "generator": "Foreign Key", "primary_key_entity": "merchants",
             "primary_key_field": "id", "popularity": "pareto"},
            {"name": "kind", "generator": "Transaction Type", "mcc_field": "merchant_id.mcc"},
            {"name": "memo", "generator": "Transaction Description", "mcc_field": "merchant_id.mcc",
             "merchant_field": "merchant_id.name"},
            {"name": "amount", "generator": "Transaction Amount", "mcc_field": "merchant_id.mcc"}]}]}
    tables = synthdb.to_tables(definition)
    merchants = {m["id"]: m for m in tables["merchants"].to_pylist()}
    for row in tables["transactions"].to_pylist():
        merchant = merchants[row["merchant_id"]]
        assert merchant["name"].upper() in row["memo"], (row, merchant)
        atm = "cash disbursement" in _wording(merchant["mcc"])
        assert (row["kind"] == "ATM Withdrawal") == atm, (row, merchant)


def test_credit_scores_look_like_ficos() -> None:
    scores = [r["score"] for r in _table([{"name": "score", "generator": "Credit Score"}], 20_000)]
    assert min(scores) >= 300 and max(scores) <= 850
    assert min(scores) < 400 and max(scores) > 840  # the whole scale is used
    # Experian (2021 data): 16% below 580, 21% at 800 or more; binomial tolerance at alpha 0.001.
    for share, hit in ((0.16, sum(s < 580 for s in scores)), (0.21, sum(s >= 800 for s in scores))):
        assert abs(hit / len(scores) - share) <= Z * math.sqrt(share * (1 - share) / len(scores)), (share, hit)
    # FICO's reported national average is 714-718; the band shares above put ours a little lower (706),
    # and its sampling error (sd 100 / sqrt(20,000) = 0.7) is far inside this margin.
    mean = statistics.fmean(scores)
    assert 695 <= mean <= 720, mean
    assert stats.skew(scores) < -0.3  # a long tail of poor scores, as in the real distribution
    assert statistics.median(scores) > mean


def test_salaries_are_log_normal_with_the_documented_parameters() -> None:
    pay = [float(r["pay"]) for r in _table([{"name": "pay", "generator": "Salary"}], 20_000)]
    logs = [math.log(p) for p in pay]
    n = len(logs)
    assert abs(statistics.fmean(logs) - math.log(60_000)) <= Z * 0.6 / math.sqrt(n)
    assert abs(statistics.stdev(logs) - 0.6) <= Z * 0.6 / math.sqrt(2 * n) + 0.002  # + rounding to hundreds
    assert statistics.fmean(pay) > statistics.median(pay)  # right-skewed: the mean above the median
    hourly = [float(r["pay"]) for r in _table([{"name": "pay", "generator": "Salary", "period": "hourly",
                                                "min": 7.25}], 2000)]
    assert min(hourly) >= 7.25 and 20 < statistics.median(hourly) < 40  # 60,000 / 2,080 hours = 28.85


# synthdb's ranges, which the published figures bound (see docs/realism.md).
_RANGES = {"Mortgage": (5.5, 8.0), "Credit Card": (15, 30), "Auto Loan": (4, 21), "Student Loan": (4, 14),
           "Personal Loan": (7, 36), "Home Equity Line of Credit": (7, 12), "Small Business Loan": (6, 15)}


def test_loan_rates_stay_in_their_types_range_and_fall_with_the_score() -> None:
    rows = _table([{"name": "loan", "generator": "Loan Type"}, {"name": "score", "generator": "Credit Score"},
                   {"name": "rate", "generator": "Interest Rate"}], 10_000)
    for row in rows:
        low, high = _RANGES[row["loan"]]
        assert low <= float(row["rate"]) <= high, row
    assert set(_RANGES) == {r["loan"] for r in rows}
    cards = [r for r in rows if r["loan"] == "Credit Card"]
    rho, p = stats.spearmanr([r["score"] for r in cards], [float(r["rate"]) for r in cards])
    assert rho < -0.5 and p < 1e-3, rho
    fractions = _table([{"name": "loan", "generator": "Loan Type"},
                        {"name": "rate", "generator": "Interest Rate", "unit": "fraction"}], 500)
    assert all(0.04 <= float(r["rate"]) <= 0.36 for r in fractions)


def test_a_rate_follows_a_loan_type_column_it_is_told_about() -> None:
    rows = _table([{"name": "product", "generator": "Custom List", "values": ["Mortgage", "Credit Card"]},
                   {"name": "rate", "generator": "Interest Rate", "loan_type_field": "product"}], 2000)
    for row in rows:
        low, high = _RANGES[row["product"]]
        assert low <= float(row["rate"]) <= high, row


@pytest.mark.parametrize(("field", "message"), [
    ({"name": "x", "generator": "Interest Rate", "loan_type_field": "loans"}, "has no other field 'loans'"),
    ({"name": "x", "generator": "Salary", "min": 10, "max": 5}, "min (10.0) is greater than max (5.0)"),
    ({"name": "x", "generator": "Transaction Type", "mcc_field": "code"}, "has no other field 'code'"),
])
def test_bad_finance_parameters_name_the_field(field: dict[str, Any], message: str) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)) as err:
        _table([{"name": "loan", "generator": "Loan Type"}, field], 5)
    assert "fields[1]" in str(err.value)
