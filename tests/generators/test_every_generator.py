"""One test body over every registered generator: types, determinism, batch independence, nulls."""

from __future__ import annotations

from typing import Any

import pytest

import synthdb
from fit_checks import binomial_interval
from synthdb.generators.examples import example_definition
from synthdb.generators.registry import REGISTRY


def _definition(key: str, rows: int = 300) -> dict[str, Any]:
    return example_definition(key, rows, with_nulls=True)


KEYS = sorted(cls.key for cls in REGISTRY.all())


def test_catalog_is_not_empty() -> None:
    assert len(KEYS) >= 25


@pytest.mark.parametrize("key", KEYS)
def test_generator(key: str) -> None:
    definition = _definition(key)
    tables = synthdb.to_tables(definition, seed=3)
    table = tables["t"]
    assert table.num_rows == 300
    cls = REGISTRY.resolve(key)
    values = table["value"]
    if key != "blank":
        assert values.null_count == 0, f"{cls.display_name} produced nulls without percent_null"
        # percent_null 50 over 300 rows: binomial, bounds at a 1e-3 false-failure rate (tests/fit_checks.py).
        low, high = binomial_interval(300, 0.5)
        assert low <= table["maybe"].null_count <= high
    # Same seed, other batch size: same values. Other seed: other values (unless constant by nature).
    assert synthdb.to_tables(definition, seed=3, batch_size=7)["t"] == table
    # These derive their values from deterministic columns (the id), so a new seed need not change them.
    derived = {"column_from_another_table", "rank", "sum_of_previous_rows", "value_from_previous_row", "sql",
               "source_file", "template", "encrypt"}
    if key not in {"blank", "constant", "row_number", "number", *derived}:
        other = synthdb.to_tables(definition, seed=4)["t"]["value"]
        assert other != values, f"{cls.display_name} ignores the seed"
    # Both names resolve to the same class.
    assert REGISTRY.resolve(cls.display_name) is cls
    assert cls.description or cls.__doc__, f"{cls.display_name} has no description"


@pytest.mark.parametrize("key", KEYS)
def test_invalid_parameters_name_the_field_and_parameter(key: str) -> None:
    """A value of the wrong kind for a parameter is rejected, naming entities[1].fields[1].<parameter>."""
    cls = REGISTRY.resolve(key)
    accepted = []
    for name, info in cls.Params.model_fields.items():
        if "Any" in str(info.annotation):
            continue  # accepts anything by design (e.g. constant_value, a nested spec)
        definition = _definition(key)
        definition["entities"][1]["fields"][1][name] = {"not": ["a", "valid", "value"]}
        try:
            synthdb.validate(definition)
        except synthdb.DefinitionError as err:
            assert err.path.startswith(f"entities[1].fields[1].{name}") or err.path == "entities[1].fields[1]", \
                (name, err.path)
            continue
        accepted.append(name)
    # Every parameter refuses nonsense at validation, naming itself (not just the first one tried).
    assert not accepted, f"{cls.display_name} accepted nonsense for {accepted}"
