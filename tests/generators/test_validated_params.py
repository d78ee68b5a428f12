"""Parameters given as nothing skip the validator only where validating them could only give the defaults."""

from __future__ import annotations

import pytest
from pydantic import Field, ValidationError, field_validator, model_validator

from synthdb.generators.base import ParamsModel, validated_params
from synthdb.generators.registry import REGISTRY


class _Plain(ParamsModel):
    count: int = 3
    names: list[str] = Field(default_factory=lambda: ["a"])


class _Checked(ParamsModel):
    low: int = 5
    high: int = 1

    @model_validator(mode="after")
    def _ordered(self) -> _Checked:
        if self.low > self.high:
            raise ValueError("low above high")
        return self


class _Required(ParamsModel):
    needed: str


class _ValidatedDefault(ParamsModel):
    size: int = Field(default=-1, validate_default=True)

    @field_validator("size")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 0:
            raise ValueError("negative")
        return value


def test_defaults_without_checks_are_the_validated_defaults() -> None:
    built = validated_params(_Plain, {})
    assert built == _Plain.model_validate({}) and built.model_fields_set == set()
    assert built.names is not validated_params(_Plain, {}).names  # a fresh default per instance
    assert validated_params(_Plain, {"count": "7"}).count == 7  # given values are validated as before


@pytest.mark.parametrize("model", [_Checked, _Required, _ValidatedDefault])
def test_models_with_something_to_check_are_validated_even_when_empty(model: type[ParamsModel]) -> None:
    with pytest.raises(ValidationError):
        validated_params(model, {})


def test_every_catalog_generator_gets_the_same_parameters_from_nothing() -> None:
    compared = 0
    for generator in REGISTRY.all():
        params = generator.Params
        try:
            expected = params.model_validate({})
        except ValidationError:
            with pytest.raises(ValidationError):
                validated_params(params, {})
            continue
        got = validated_params(params, {})
        assert type(got) is type(expected) and got.model_dump() == expected.model_dump(), generator.display_name
        assert got.model_fields_set == expected.model_fields_set
        compared += 1
    assert compared > 100
