"""The fast phone-number decoding and rendering equal the plain mixed-radix formula, digit for digit."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from synthdb.generators.helpers.phonedata import NumberPlan, _layout_matrix, e164_layouts, number_plan
from synthdb.generators.helpers.regex_sampler import compact
from synthdb.randomness import Stream


def _by_stride(plan: NumberPlan, seq: np.ndarray, offset: np.ndarray) -> np.ndarray:
    out = np.zeros((len(seq), plan.digits.shape[1]), dtype=np.uint8)
    for position in range(plan.digits.shape[1]):
        choice = (offset // plan.stride[seq, position]) % plan.radix[seq, position]
        out[:, position] = plan.digits[seq, position, choice]
    return out


def _by_matrix(seq: np.ndarray, digits: np.ndarray, layouts: list[bytes]) -> pa.Array:
    table, uses = _layout_matrix(tuple(layouts))
    source = uses[seq]
    filled = np.where(source >= 0, np.take_along_axis(digits, np.maximum(source, 0), axis=1), table[seq])
    return compact(filled, filled != 0)


@pytest.mark.parametrize("region", ["US", "DE", "GB"])
@pytest.mark.parametrize("unique", [False, True])
def test_decoding_and_layouts_match_the_formula(region: str, unique: bool) -> None:
    plan = number_plan(region, ("fixed_line", "mobile"))
    rows = np.arange(20_000, dtype=np.int64) * 7919 + 3
    seq, offset = plan.pick(rows, Stream(99), unique)
    digits = plan.national_digits(seq, offset)
    assert np.array_equal(digits, _by_stride(plan, seq, offset))
    for layouts in (plan.layouts["national"], plan.layouts["international"], e164_layouts(plan)):
        assert plan.render(seq, digits, layouts).equals(_by_matrix(seq, digits, layouts))


def test_offsets_beyond_float_precision_take_the_integer_path() -> None:
    plan = number_plan("US", ("fixed_line", "mobile"))
    seq = np.zeros(3, dtype=np.int64)
    offset = np.array([0, 1 << 53, (1 << 62) + 12345], dtype=np.int64)
    assert np.array_equal(plan.national_digits(seq, offset), _by_stride(plan, seq, offset))
