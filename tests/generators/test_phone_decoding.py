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


def test_the_area_code_search_within_segments_finds_what_searchsorted_finds() -> None:
    import numpy as np

    from synthdb.generators.catalog.people import phone
    from synthdb.generators.helpers.phonedata import number_plan

    plan = number_plan("US", ("fixed_line", "mobile"))
    _, keys, _ = phone._area_table(plan.region, ("fixed_line", "mobile"), plan.lengths.tobytes())
    draws = np.random.default_rng(7)
    segment = draws.integers(0, int(np.ceil(keys[-1])), 200_000)
    u = draws.random(200_000)
    u[:50], u[50:100] = 0.0, np.nextafter(1.0, 0.0)  # the ends of a segment
    # Uneven segments too (one to four keys each), as another plan could have.
    counts = draws.integers(1, 5, 40)
    uneven = np.concatenate([s + np.cumsum(w := draws.random(c) + 0.01) / w.sum() for s, c in enumerate(counts)])
    small = draws.integers(0, 40, 50_000)
    for k, s, v in ((keys, segment, u), (uneven, small, u[:50_000])):
        assert (phone._search_segments(k, s, v) == np.searchsorted(k, s + v, side="right")).all()
