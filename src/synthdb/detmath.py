"""Deterministic vectorised log, log10, log2, log1p, exp, pow, sinpi and cospi: the same bits on every CPU and build.

NumPy's transcendental ufuncs (np.log, np.exp, np.power, np.sin, ...) dispatch to SIMD kernels (AVX512F,
AVX2, SVML, or the C library) whose last bits differ between NumPy builds and CPUs, so values drawn with
them would make the output bytes depend on the machine. These functions follow FreeBSD's msun (fdlibm)
algorithms written only with operations IEEE 754 defines exactly: + - * /, rint, frexp and ldexp, and
comparisons. NumPy never contracts a*b+c into a fused multiply-add for element-wise array expressions, and
the double-double products below split their operands (Veltkamp) instead of relying on an FMA, so every
platform evaluates the same operations in the same order. Accuracy: within 1-2 ulp (tests/test_detmath.py
compares with mpmath); speed: see bench/detmath_bench.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

# Arrays are processed in slices that stay in the CPU cache: a dozen temporaries per slice.
_CHUNK = 1 << 14

_LN2_HI = 6.93147180369123816490e-01  # ln 2 rounded to 32 significant bits: k * _LN2_HI is exact
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
_SQRT_HALF = 0.70710678118654752440
_LG = (6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
       2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
       1.479819860511658591e-01)
_P = (1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
      -1.65339022054652515390e-06, 4.13813679705723846039e-08)
_EXP_OVERFLOW = 7.09782712893383973096e02
_EXP_UNDERFLOW = -7.45133219101941108420e02
_S = (-1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
      2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10)
_C = (4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
      -2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11)
_PI_HI = 3.141592653589793116e00
_PI_LO = 1.2246467991473532e-16  # pi - _PI_HI
_TINY = float(np.finfo(np.float64).smallest_subnormal)
_HUGE = float(np.finfo(np.float64).max)
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant


def _chunked(kernel: Callable[..., np.ndarray]) -> Callable[..., Any]:
    """Broadcast the arguments, run `kernel` over cache-sized slices, and keep scalars scalar."""

    def run(*args: Any) -> Any:
        arrays = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in args))
        shape = arrays[0].shape
        flat = [np.ascontiguousarray(a).reshape(-1) for a in arrays]
        out = np.empty(flat[0].size, dtype=np.float64)
        with np.errstate(all="ignore"):
            for start in range(0, out.size, _CHUNK):
                out[start : start + _CHUNK] = kernel(*(a[start : start + _CHUNK] for a in flat))
        result = out.reshape(shape)
        return result[()] if result.ndim == 0 else result

    run.__name__, run.__doc__ = kernel.__name__.lstrip("_"), kernel.__doc__
    return run


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """s + e == a + b exactly (Knuth)."""
    s = a + b
    v = s - a
    return s, (a - (s - v)) + (b - v)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLIT * a
    high = c - (c - a)
    return high, a - high


def _two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p + e == a * b exactly (Dekker), without a fused multiply-add."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _reduce_log(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x = 2**k * (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)); also s = f / (2 + f) and fdlibm's R(s)."""
    m, e = np.frexp(x)
    low = m < _SQRT_HALF
    m = m + m * low  # doubled where below sqrt(1/2): exact either way
    k = (e - low).astype(np.float64)
    f = m - 1.0  # exact (Sterbenz)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    lg1, lg2, lg3, lg4, lg5, lg6, lg7 = _LG
    r = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7))) + w * (lg2 + w * (lg4 + w * lg6))
    return k, f, s, r


def _ordinary(x: np.ndarray, low: float, high: float) -> bool:
    """Whether every value lies in [low, high] (no nan): the special-case passes can be skipped."""
    return x.size == 0 or bool(x.min() >= low and x.max() <= high)


def _log_special(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """IEEE results where the reduction does not apply: log(0) = -inf, log(<0) = nan, log(inf) = inf."""
    if _ordinary(x, _TINY, _HUGE):
        return y
    y = np.where(x == 0, -np.inf, y)
    y = np.where(x < 0, np.nan, y)
    return np.where((x == np.inf) | np.isnan(x), x, y)


def _log(x: np.ndarray) -> np.ndarray:
    """Natural logarithm (fdlibm e_log.c)."""
    k, f, s, r = _reduce_log(x)
    hfsq = 0.5 * f * f
    y = k * _LN2_HI - ((hfsq - (s * (hfsq + r) + k * _LN2_LO)) - f)
    return _log_special(x, y)


def _log_dd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(x) as an unevaluated sum hi + lo, about 2**-56 absolute error (for pow)."""
    k, f, s, r = _reduce_log(x)
    square, square_err = _two_prod(f, f)
    hi, lo = _two_sum(k * _LN2_HI, f)  # k * _LN2_HI is exact
    hi, lo2 = _two_sum(hi, -0.5 * square)
    hfsq = 0.5 * square
    lo = lo + lo2 - 0.5 * square_err + s * (hfsq + r) + k * _LN2_LO
    return _two_sum(hi, lo)


def _scaled_log(x: np.ndarray, inverse_hi: float, inverse_lo: float) -> np.ndarray:
    """log(x) / log(base) from log(x) in double-double and 1/log(base) as hi + lo: log10(1000) is 3."""
    hi, lo = _log_dd(np.where(x > 0, x, 1.0))
    product, error = _two_prod(hi, np.full_like(hi, inverse_hi))
    y = product + (error + lo * inverse_hi + hi * inverse_lo)
    return _log_special(x, y)


def _log10(x: np.ndarray) -> np.ndarray:
    """Base-10 logarithm."""
    return _scaled_log(x, 0.4342944819032518, 1.098319650216765e-17)


def _log2(x: np.ndarray) -> np.ndarray:
    """Base-2 logarithm."""
    return _scaled_log(x, 1.4426950408889634, 2.0355273740931033e-17)


def _log1p(x: np.ndarray) -> np.ndarray:
    """log(1 + x), accurate for tiny x: log(u) of u = 1 + x in double-double, corrected by u's rounding."""
    u = 1.0 + x
    ordinary = (u > 0.0) & (u < np.inf)
    safe = np.where(ordinary, u, 1.0)
    hi, lo = _log_dd(safe)
    y = hi + (lo + (x - (safe - 1.0)) / safe)
    y = np.where(u == 1.0, x, y)  # |x| below half an ulp of 1: log1p(x) rounds to x
    if _ordinary(x, -1.0 + 2**-53, _HUGE):
        return y
    y = np.where(u == 0.0, -np.inf, y)
    y = np.where(u < 0.0, np.nan, y)
    return np.where(np.isinf(u) & (x > 0), np.inf, np.where(np.isnan(x), x, y))


def _exp_dd(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """exp(hi + lo) (fdlibm e_exp.c, with the argument's tail folded into the reduction)."""
    k = np.rint(hi * _INV_LN2)
    k = np.clip(k, -2000.0, 2000.0)  # beyond, the result is 0 or inf; keeps the cast to int defined
    k[np.isnan(k)] = 0.0
    r_hi = hi - k * _LN2_HI  # exact: k has at most 11 bits and _LN2_HI 32
    r_lo = k * _LN2_LO - lo
    r = r_hi - r_lo
    t = r * r
    p1, p2, p3, p4, p5 = _P
    c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
    y = 1.0 - ((r_lo - (r * c) / (2.0 - c)) - r_hi)
    y = np.ldexp(y, k.astype(np.int64))
    if _ordinary(hi, _EXP_UNDERFLOW, _EXP_OVERFLOW):
        return y
    y = np.where(hi > _EXP_OVERFLOW, np.inf, y)
    y = np.where(hi < _EXP_UNDERFLOW, 0.0, y)
    return np.where(np.isnan(hi), hi, y)


def _exp(x: np.ndarray) -> np.ndarray:
    """e**x (fdlibm e_exp.c)."""
    return _exp_dd(x, np.zeros_like(x))


def _pow(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x**y with C99's special cases: exp(y * log|x|) carried in double-double, signed for odd integer y."""
    ax = np.abs(x)
    lh, ll = _log_dd(np.where(ax > 0, ax, 1.0))
    th, tl = _two_prod(y, lh)
    tl = tl + y * ll
    tl[~np.isfinite(tl)] = 0.0  # a huge y * log(x): the tail no longer matters (and the split overflowed)
    out = _exp_dd(th, tl)
    if _ordinary(x, _TINY, _HUGE) and _ordinary(y, -_HUGE, _HUGE):
        return out
    positive = y > 0
    out = np.where(ax == 0, np.where(positive, 0.0, np.inf), out)
    out = np.where(ax == np.inf, np.where(positive, np.inf, 0.0), out)
    whole = np.rint(y) == y
    odd = whole & (np.abs(np.mod(y, 2.0)) == 1.0)
    out = np.where((x < 0) & odd, -out, out)
    out = np.where(((x < 0) & ~whole) | np.isnan(x) | np.isnan(y), np.nan, out)
    out = np.where(y == 0, 1.0, out)  # x**0 is 1 for every x, nan included (C99)
    return np.where(x == 1.0, 1.0, out)  # 1**y is 1 for every y, nan included (C99)


def _kernel_sin(x: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """sin(x + tail) for |x| <= pi/4 (fdlibm k_sin.c)."""
    s1, s2, s3, s4, s5, s6 = _S
    z = x * x
    v = z * x
    r = s2 + z * (s3 + z * (s4 + z * (s5 + z * s6)))
    return x - ((z * (0.5 * tail - v * r) - tail) - v * s1)


def _kernel_cos(x: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """cos(x + tail) for |x| <= pi/4 (fdlibm k_cos.c)."""
    c1, c2, c3, c4, c5, c6 = _C
    z = x * x
    r = z * (c1 + z * (c2 + z * (c3 + z * (c4 + z * (c5 + z * c6)))))
    # fdlibm subtracts a chunk qx of z/2 exactly first when |x| >= 0.3: x/4 with its low 32 bits cleared.
    ax = np.abs(x)
    qx = (0.25 * ax).view(np.uint64) & np.uint64(0xFFFFFFFF00000000)
    qx = np.where(ax < 0.3, 0.0, np.where(ax > 0.78125, 0.28125, qx.view(np.float64)))
    return (1.0 - qx) - ((0.5 * z - qx) - (z * r - x * tail))


def _pi_times(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    hi, lo = _two_prod(t, np.full_like(t, _PI_HI))
    return _two_sum(hi, lo + t * _PI_LO)


def _quadrant(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x = 2n + q/2 + t exactly, |t| <= 1/4: the quadrant q mod 4 and pi*t as hi + lo."""
    r = x - 2.0 * np.rint(0.5 * x)  # exact, in [-1, 1]
    q = np.rint(2.0 * r)
    t = r - 0.5 * q  # exact
    hi, lo = _pi_times(t)
    return np.mod(q, 4.0), hi, lo


def _sinpi(x: np.ndarray) -> np.ndarray:
    """sin(pi * x), exact at integers and half-integers."""
    q, hi, lo = _quadrant(x)
    s, c = _kernel_sin(hi, lo), _kernel_cos(hi, lo)
    y = np.where(q == 0, s, np.where(q == 1, c, np.where(q == 2, -s, -c)))
    return np.where(np.isfinite(x), y, np.nan)


def _cospi(x: np.ndarray) -> np.ndarray:
    """cos(pi * x), exact at integers and half-integers."""
    q, hi, lo = _quadrant(x)
    s, c = _kernel_sin(hi, lo), _kernel_cos(hi, lo)
    y = np.where(q == 0, c, np.where(q == 1, -s, np.where(q == 2, -c, s)))
    return np.where(np.isfinite(x), y, np.nan)


log = _chunked(_log)
log10 = _chunked(_log10)
log2 = _chunked(_log2)
log1p = _chunked(_log1p)
exp = _chunked(_exp)
pow = _chunked(_pow)
sinpi = _chunked(_sinpi)
cospi = _chunked(_cospi)
