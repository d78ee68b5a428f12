"""synthdb: realistic, relationally consistent, deterministic synthetic databases."""

from synthdb.definition import Database, load_definition, parse_definition
from synthdb.errors import DefinitionError, DefinitionWarning, SynthdbError, UsageError
from synthdb.python_api import generate, iter_batches, iter_tables, to_tables, validate

__version__ = "0.1.0"

__all__ = [
    "Database",
    "DefinitionError",
    "DefinitionWarning",
    "SynthdbError",
    "UsageError",
    "generate",
    "iter_batches",
    "iter_tables",
    "load_definition",
    "parse_definition",
    "to_tables",
    "validate",
]
