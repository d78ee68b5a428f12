"""Every generator that enumerates its values takes part in a unique combination: distinct pairs, real values."""

from __future__ import annotations

import pytest

import synthdb
from synthdb.engine.plan import build_plan
from synthdb.generators.base import Generator, ReferenceGenerator
from synthdb.generators.examples import example_definition
from synthdb.generators.registry import REGISTRY
from synthdb.service.generate import as_database


def _enumerable_keys() -> list[str]:
    keys = []
    for cls in REGISTRY.all():
        if cls.key.startswith("test_") or cls.enumerate_values is Generator.enumerate_values:
            continue
        try:
            plan = build_plan(as_database(example_definition(cls.key, 10)))
        except synthdb.SynthdbError:
            continue
        generator = plan.tables["t"].columns["value"].generator
        if generator.capacity() is not None and not isinstance(generator, ReferenceGenerator):
            keys.append(cls.key)
    return sorted(keys)


KEYS = _enumerable_keys()


def test_names_from_lists_enumerate() -> None:
    assert {"first_name", "last_name", "custom_list", "number"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_unique_pair_with_an_enumerating_generator(key: str) -> None:
    definition = example_definition(key, 10)
    plan = build_plan(as_database(definition))
    capacity = plan.tables["t"].columns["value"].generator.capacity()
    assert capacity is not None
    rows = min(2 * capacity, 400)
    table = definition["entities"][1]
    table["record_count"] = str(rows)
    table["fields"].append({"name": "flag", "generator": "Custom List", "values": ["a", "b"]})
    table["constraints"] = [{"constraint_type": "unique", "fields": ["value", "flag"]}]
    got = synthdb.to_tables(definition)["t"]
    pairs = list(zip(got["value"].to_pylist(), got["flag"].to_pylist(), strict=True))
    assert len(set(pairs)) == rows
    assert got["value"].null_count == 0
    # The enumerated values are the generator's own: each appears among its plain draws' kind.
    plain = synthdb.to_tables(example_definition(key, 50))["t"]["value"]
    assert got["value"].type == plain.type
