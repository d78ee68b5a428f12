"""synthdb.detmath: accurate to about an ulp against mpmath, IEEE special values, the same bits however called."""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthdb import detmath

mpmath.mp.prec = 160
MAX_ULPS = 1.0  # measured worst case; fdlibm's bound for log/exp/sin/cos is below one ulp


def _ulps(got: float, want: mpmath.mpf) -> float:
    exact = float(want)
    if exact == 0 or math.isinf(exact):
        return 0.0 if got == exact else math.inf
    return float(abs(mpmath.mpf(got) - want) / mpmath.mpf(math.ulp(exact)))


def _worst(fn: Callable[..., np.ndarray], ref: Callable[..., mpmath.mpf], *args: np.ndarray) -> float:
    got = fn(*args)
    return max(_ulps(float(got[i]), ref(*(mpmath.mpf(float(a[i])) for a in args))) for i in range(len(got)))


RNG = np.random.default_rng(2024)
N = 3000
UNIFORM = RNG.random(N)
EDGES = np.array([5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 0.5, 1.0, 2.0, 1.7976931348623157e308,
                  np.nextafter(1.0, 0), np.nextafter(1.0, 2), math.sqrt(0.5), math.sqrt(2.0)])


@pytest.mark.parametrize("values", [
    UNIFORM, np.exp(RNG.uniform(-740, 709, N)), RNG.uniform(0.7, 1.5, N), EDGES],
    ids=["uniform", "wide", "near1", "edges"])
def test_log_within_an_ulp(values: np.ndarray) -> None:
    assert _worst(detmath.log, mpmath.log, values) <= MAX_ULPS


@pytest.mark.parametrize("values", [UNIFORM, np.exp(RNG.uniform(-740, 709, N)), EDGES],
                         ids=["uniform", "wide", "edges"])
def test_log10_and_log2_within_an_ulp(values: np.ndarray) -> None:
    assert _worst(detmath.log10, mpmath.log10, values) <= MAX_ULPS
    assert _worst(detmath.log2, lambda v: mpmath.log(v, 2), values) <= MAX_ULPS


def test_log10_and_log2_of_exact_powers_are_exact() -> None:
    assert detmath.log10(10.0 ** np.arange(-20, 23)).tolist() == list(range(-20, 23))
    assert detmath.log2(np.ldexp(1.0, np.arange(-1074, 1024))).tolist() == list(range(-1074, 1024))


@pytest.mark.parametrize("values", [
    -UNIFORM * (1 - 1e-16), RNG.uniform(-1e-9, 1e-9, N), np.exp(RNG.uniform(-50, 700, N)),
    np.array([-0.5, 1e-300, 5e-324, -np.nextafter(1.0, 0), 1e308])], ids=["minus-uniform", "tiny", "wide", "edges"])
def test_log1p_within_an_ulp(values: np.ndarray) -> None:
    assert _worst(detmath.log1p, mpmath.log1p, values) <= MAX_ULPS


@pytest.mark.parametrize("values", [
    RNG.uniform(-745, 709.7, N), RNG.normal(0, 1, N), RNG.uniform(-1e-12, 1e-12, N),
    np.array([-745.1, -744.4, -708.4, 709.78, 0.0, 1e-300, -1e-300])], ids=["wide", "normal", "tiny", "edges"])
def test_exp_within_an_ulp(values: np.ndarray) -> None:
    # Subnormal results carry fewer bits; compare them in units of the smallest subnormal.
    assert _worst(detmath.exp, mpmath.exp, values) <= MAX_ULPS


@pytest.mark.parametrize(("bases", "exponents"), [
    (UNIFORM, RNG.uniform(0.1, 10, N)), (UNIFORM, RNG.uniform(-10, -0.1, N)),
    (np.exp(RNG.uniform(-30, 30, N)), RNG.uniform(-5, 5, N)), (np.arange(1.0, N + 1), np.full(N, -1.07))],
    ids=["weibull", "pareto", "wide", "zipf"])
def test_pow_within_an_ulp(bases: np.ndarray, exponents: np.ndarray) -> None:
    assert _worst(detmath.pow, mpmath.power, bases, exponents) <= MAX_ULPS


@pytest.mark.parametrize("values", [RNG.uniform(-4, 4, N), RNG.uniform(-1e6, 1e6, N), RNG.uniform(-1e-9, 1e-9, N)],
                         ids=["turns", "huge", "tiny"])
def test_sinpi_cospi_within_an_ulp(values: np.ndarray) -> None:
    assert _worst(detmath.sinpi, mpmath.sinpi, values) <= MAX_ULPS
    assert _worst(detmath.cospi, mpmath.cospi, values) <= MAX_ULPS


def test_exact_and_special_values() -> None:
    inf, nan = math.inf, math.nan
    assert detmath.log(np.array([0.0, -1.0, inf, 1.0])).tolist()[0] == -inf
    assert np.isnan(detmath.log(np.array([-1.0, nan, -inf]))).all()
    assert detmath.log(np.array([inf, 1.0])).tolist() == [inf, 0.0]
    assert detmath.log1p(np.array([-1.0, 0.0, inf])).tolist() == [-inf, 0.0, inf]
    assert np.isnan(detmath.log1p(np.array([-2.0, nan]))).all()
    assert detmath.exp(np.array([-inf, 0.0, inf, 710.0, -746.0])).tolist() == [0.0, 1.0, inf, inf, 0.0]
    assert np.isnan(detmath.exp(np.array([nan]))).all()
    assert detmath.pow(np.array([0.0, 0.0, inf, inf, 2.0, nan, 1.0]),
                       np.array([2.0, -2.0, 2.0, -2.0, 0.0, 0.0, nan])).tolist() == [0.0, inf, inf, 0.0, 1.0, 1.0, 1.0]
    assert np.isnan(detmath.pow(np.array([-2.0, nan, 2.0]), np.array([0.5, 1.0, nan]))).all()
    assert detmath.pow(np.array([-2.0, -2.0, -2.0, -inf, -inf, -0.0]),
                       np.array([3.0, 2.0, -1.0, 3.0, 2.0, 3.0])).tolist() == [-8.0, 4.0, -0.5, -inf, inf, 0.0]
    assert detmath.sinpi(np.arange(-8.0, 9.0)).tolist() == [0.0] * 17
    assert detmath.cospi(np.array([0.0, 0.5, 1.0, 1.5, 2.0, -1.0])).tolist() == [1.0, 0.0, -1.0, 0.0, 1.0, -1.0]
    assert detmath.sinpi(np.array([0.5, 1.5, -0.5])).tolist() == [1.0, -1.0, -1.0]
    assert np.isnan(detmath.sinpi(np.array([inf, nan]))).all() and np.isnan(detmath.cospi(np.array([-inf]))).all()


def test_scalars_stay_scalar_and_shapes_are_kept() -> None:
    assert isinstance(detmath.log(2.0), np.float64)
    assert float(detmath.exp(0.0)) == 1.0
    assert detmath.pow(np.ones((3, 4)), 2.0).shape == (3, 4)
    assert detmath.log(np.array([], dtype=np.float64)).shape == (0,)


def test_values_do_not_depend_on_how_the_array_is_sliced() -> None:
    values = np.exp(RNG.uniform(-20, 20, 50_000))  # spans several internal chunks
    whole = detmath.log(values)
    assert np.array_equal(np.concatenate([detmath.log(values[:777]), detmath.log(values[777:])]), whole)
    assert np.array_equal(np.array([detmath.log(float(v)) for v in values[:200]]), whole[:200])


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=5e-324, max_value=1e308, allow_nan=False, allow_infinity=False))
def test_log_exp_roundtrip_property(x: float) -> None:
    # exp(log(x)) stays within |log x| ulps of x (the rounding of log(x) is magnified by the exponent).
    back = float(detmath.exp(detmath.log(x)))
    if x > 1e-300:
        assert math.isclose(back, x, rel_tol=4e-16 * max(1.0, abs(math.log(x))))
    assert _ulps(float(detmath.log(x)), mpmath.log(mpmath.mpf(x))) <= MAX_ULPS


def test_double_double_products_are_exact_without_fma() -> None:
    # pow and log1p rely on Dekker's product: p + e must equal a * b exactly, from plain multiplies.
    from fractions import Fraction

    from synthdb.detmath import _two_prod, _two_sum

    a = np.concatenate([RNG.normal(size=500), np.exp(RNG.uniform(-300, 300, 500))])
    b = np.concatenate([RNG.normal(size=500) * 1e10, RNG.uniform(-1e-9, 1e9, 500)])
    p, e = _two_prod(a, b)
    s, t = _two_sum(a, b)
    for i in range(len(a)):
        assert Fraction(float(p[i])) + Fraction(float(e[i])) == Fraction(float(a[i])) * Fraction(float(b[i]))
        assert Fraction(float(s[i])) + Fraction(float(t[i])) == Fraction(float(a[i])) + Fraction(float(b[i]))
