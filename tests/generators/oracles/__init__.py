"""Independent oracles for every registered generator, one table per catalog category (see docs/testing.md)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from generators.oracles.base import Entry, Sample

# Modules of this package that hold no ENTRIES table.
_HELPERS = {"base", "stats", "report", "checks"}


def all_entries() -> dict[str, Entry]:
    """key -> Entry, merged from every category module's ENTRIES; a key claimed twice is an error."""
    merged: dict[str, Entry] = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name in _HELPERS:
            continue
        table: dict[str, Entry] = importlib.import_module(f"{__name__}.{module.name}").ENTRIES
        for key, entry in table.items():
            assert key not in merged, f"oracle entry for {key} is defined twice"
            merged[key] = entry
    return merged


def definition(key: str, entry: Entry) -> dict[str, Any]:
    """The catalog's example definition for `key`, with the entry's params and companion columns."""
    from synthdb.generators.examples import example_definition

    result = example_definition(key, entry.rows, extra=entry.params)
    result["entities"][1]["fields"].extend(dict(c) for c in entry.companions)
    return result


def sample(key: str, entry: Entry, seed: int = 1) -> Sample:
    """Generate the entry's definition and wrap it for the oracles."""
    import synthdb
    from synthdb.generators.examples import EXAMPLE_PARAMS

    tables = synthdb.to_tables(definition(key, entry), seed=seed)
    return Sample(key, {**EXAMPLE_PARAMS.get(key, {}), **entry.params}, tables)
