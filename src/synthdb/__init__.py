"""synthdb: realistic, relationally consistent, deterministic synthetic databases."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public names load on first use (PEP 562): `synthdb --help` and `import synthdb.errors` should not
# pay for the engine, NumPy, PyArrow and DuckDB.
_EXPORTS = {
    "Database": "synthdb.definition",
    "load_definition": "synthdb.definition",
    "parse_definition": "synthdb.definition",
    "DefinitionError": "synthdb.errors",
    "SynthdbError": "synthdb.errors",
    "UsageError": "synthdb.errors",
    "generate": "synthdb.python_api",
    "iter_batches": "synthdb.python_api",
    "iter_tables": "synthdb.python_api",
    "to_tables": "synthdb.python_api",
}

if TYPE_CHECKING:
    from synthdb.definition import Database, load_definition, parse_definition
    from synthdb.errors import DefinitionError, SynthdbError, UsageError
    from synthdb.python_api import generate, iter_batches, iter_tables, to_tables


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'synthdb' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "Database",
    "DefinitionError",
    "SynthdbError",
    "UsageError",
    "generate",
    "iter_batches",
    "iter_tables",
    "load_definition",
    "parse_definition",
    "to_tables",
]
