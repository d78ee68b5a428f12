"""Generators: the registry, the base class and the catalog (one module per category)."""

from synthdb.generators.base import ColumnContext, Generator, ParamError
from synthdb.generators.registry import REGISTRY, register

__all__ = ["REGISTRY", "ColumnContext", "Generator", "ParamError", "register"]
