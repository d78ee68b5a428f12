"""Gamma, beta, triangular, Weibull and Pareto distributions: positive and bounded shapes.

Gamma uses Marsaglia-Tsang rejection (row-pure: attempt k of a row uses that row's k-th draws), beta
is a ratio of two gammas, and the others invert their CDFs in closed form.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import AliasChoices, Field, model_validator

from synthdb import detmath
from synthdb.generators.catalog.numbers.distributions import _Distribution, _Params, _positive
from synthdb.generators.registry import register
from synthdb.randomness import Stream


def gamma_values(stream: Stream, rows: np.ndarray, shape: float) -> np.ndarray:
    """Gamma(shape, 1) by Marsaglia-Tsang; attempt k of a row uses that row's k-th draws."""
    boost = shape < 1  # Gamma(a) = Gamma(a + 1) * U**(1/a) for a < 1
    d = (shape + 1 if boost else shape) - 1 / 3
    c = 1 / math.sqrt(9 * d)
    out = np.empty(len(rows))
    pending = np.arange(len(rows))
    attempt = 0
    normals, accepts = stream.child("normal"), stream.child("accept")
    while len(pending):
        x = normals.normal(rows[pending], draw=attempt)
        cube_root = 1 + c * x
        v = cube_root * cube_root * cube_root
        u = accepts.uniform(rows[pending], draw=attempt)
        with np.errstate(invalid="ignore", divide="ignore"):
            ok = (v > 0) & (detmath.log1p(-u) < 0.5 * x * x + d - d * v + d * detmath.log(np.where(v > 0, v, 1)))
        out[pending[ok]] = d * v[ok]
        pending = pending[~ok]
        attempt += 1
    if boost:
        out *= detmath.pow(1 - stream.child("boost").uniform(rows), 1 / shape)
    return out


class GammaParams(_Params):
    """Parameters of Gamma Distribution: shape k and scale θ (mean kθ)."""

    shape: float = Field(2.0, validation_alias=AliasChoices("shape", "k", "alpha"))
    scale: float = Field(1.0, validation_alias=AliasChoices("scale", "theta"))

    @model_validator(mode="after")
    def _check(self) -> GammaParams:
        _positive(shape=self.shape, scale=self.scale)
        return self


@register
class GammaDistribution(_Distribution[GammaParams]):
    """Gamma values with `shape` and `scale` (sums of exponential waits)."""

    display_name = "Gamma Distribution"
    key = "gamma_distribution"
    aliases = ("gamma",)
    description = "Gamma floats: shape k (2) and scale θ (1); mean kθ, variance kθ²."
    Params = GammaParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return gamma_values(stream, rows, self.params.shape) * self.params.scale


def beta_values(stream: Stream, rows: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    """Beta(alpha, beta) as X / (X + Y) with independent gamma draws X ~ Γ(alpha), Y ~ Γ(beta)."""
    x = gamma_values(stream.child("x"), rows, alpha)
    y = gamma_values(stream.child("y"), rows, beta)
    return x / (x + y)


class BetaParams(_Params):
    """Parameters of Beta Distribution."""

    alpha: float = Field(2.0, validation_alias=AliasChoices("alpha", "a"))
    beta: float = Field(5.0, validation_alias=AliasChoices("beta", "b"))

    @model_validator(mode="after")
    def _check(self) -> BetaParams:
        _positive(alpha=self.alpha, beta=self.beta)
        return self


@register
class BetaDistribution(_Distribution[BetaParams]):
    """Proportions in [0, 1] shaped by `alpha` and `beta` (rates, shares, probabilities)."""

    display_name = "Beta Distribution"
    key = "beta_distribution"
    aliases = ("beta",)
    description = "Beta floats in [0, 1]: alpha (2), beta (5); mean alpha / (alpha + beta)."
    Params = BetaParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return beta_values(stream, rows, self.params.alpha, self.params.beta)


class TriangularParams(_Params):
    """Parameters of Triangular Distribution: min <= mode <= max."""

    min: float = Field(0.0, validation_alias=AliasChoices("min", "left", "low"))
    mode: float = Field(0.5, validation_alias=AliasChoices("mode", "peak", "most_likely"))
    max: float = Field(1.0, validation_alias=AliasChoices("max", "right", "high"))

    @model_validator(mode="after")
    def _check(self) -> TriangularParams:
        if not self.min <= self.mode <= self.max or self.min == self.max:
            raise ValueError(f"need min <= mode <= max and min < max, got {self.min:g}, {self.mode:g}, {self.max:g}")
        return self


@register
class TriangularDistribution(_Distribution[TriangularParams]):
    """Values between `min` and `max`, most often near `mode` (three-point estimates)."""

    display_name = "Triangular Distribution"
    key = "triangular_distribution"
    aliases = ("triangular",)
    description = "Triangular floats: min (0), mode (0.5), max (1); mean (min + mode + max) / 3."
    Params = TriangularParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        low, mode, high = self.params.min, self.params.mode, self.params.max
        u = stream.uniform(rows)
        split = (mode - low) / (high - low)
        left = low + np.sqrt(u * (high - low) * (mode - low))
        right = high - np.sqrt((1 - u) * (high - low) * (high - mode))
        return np.where(u < split, left, right)


class _ShapeScaleParams(_Params):
    shape: float = Field(1.5, validation_alias=AliasChoices("shape", "k", "alpha"))
    scale: float = Field(1.0, validation_alias=AliasChoices("scale", "lambda", "x_min", "xm"))

    @model_validator(mode="after")
    def _check(self) -> Any:
        _positive(shape=self.shape, scale=self.scale)
        return self


class WeibullParams(_ShapeScaleParams):
    """Parameters of Weibull Distribution: shape k and scale λ."""


@register
class WeibullDistribution(_Distribution[WeibullParams]):
    """Lifetimes: Weibull with `shape` k and `scale` λ (failure times, wind speeds)."""

    display_name = "Weibull Distribution"
    key = "weibull_distribution"
    aliases = ("weibull",)
    description = "Weibull floats: shape k (1.5), scale λ (1); mean λ·Γ(1 + 1/k)."
    Params = WeibullParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return self.params.scale * detmath.pow(-detmath.log1p(-stream.uniform(rows)), 1 / self.params.shape)


class ParetoParams(_ShapeScaleParams):
    """Parameters of Pareto Distribution: shape alpha and scale x_min (the smallest value)."""

    shape: float = Field(3.0, validation_alias=AliasChoices("shape", "alpha", "a"))


@register
class ParetoDistribution(_Distribution[ParetoParams]):
    """Heavy-tailed values above `scale` (x_min) with tail index `shape` (wealth, city sizes)."""

    display_name = "Pareto Distribution"
    key = "pareto_distribution"
    aliases = ("pareto", "power_law")
    description = "Pareto floats >= scale (1) with shape alpha (3); mean alpha·scale/(alpha-1) for alpha > 1."
    Params = ParetoParams

    def sample(self, stream: Stream, rows: np.ndarray) -> np.ndarray:
        return self.params.scale * detmath.pow(1 - stream.uniform(rows), -1 / self.params.shape)
