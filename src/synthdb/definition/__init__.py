"""The database definition: pydantic model, parsing, expressions and validation."""

from synthdb.definition.loader import load_definition, parse_definition
from synthdb.definition.model import Database, Entity, Field

__all__ = ["Database", "Entity", "Field", "load_definition", "parse_definition"]
