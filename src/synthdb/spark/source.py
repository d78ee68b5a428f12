"""What `synthdb.spark.read` is given (a path, YAML/JSON text, a mapping or a model) planned on the driver."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from synthdb.definition.loader import definition_from_data, load_definition, parse_definition
from synthdb.definition.model import Database
from synthdb.definition.suggest import did_you_mean
from synthdb.engine.partition import RunSpec
from synthdb.engine.plan import Plan, TablePlan
from synthdb.engine.planner import build_plan
from synthdb.service.run import UnknownEntity

SparkDefinition = Database | str | Path | Mapping[str, Any]


def as_database(definition: SparkDefinition) -> Database:
    """The model of `definition`: a model, a mapping, a file path, or the YAML/JSON text itself."""
    if isinstance(definition, Database):
        return definition
    if isinstance(definition, Mapping):
        return definition_from_data(dict(definition))
    if isinstance(definition, Path):
        return load_definition(definition)
    if not isinstance(definition, str):
        kind = type(definition).__name__
        raise TypeError(f"a definition is a path, YAML/JSON text, a mapping or a Database, not {kind}")
    text = definition.strip()
    # Several lines, or a mapping in flow style, is the definition itself (YAML reads JSON too); one line
    # is a file's path.
    if "\n" in text or text.startswith("{"):
        return parse_definition(definition, "yaml", "<definition text>")
    return load_definition(text)


def plan_run(definition: SparkDefinition, seed: int | None,
             variables: Mapping[str, Any] | None) -> tuple[Plan, RunSpec]:
    """The driver's plan (sizes and schemas) and the spec shipped to the executors instead of data."""
    database = as_database(definition)
    plan = build_plan(database, seed, dict(variables or {}))
    return plan, RunSpec.from_plan(plan)


def generated_table(plan: Plan, name: str) -> TablePlan:
    """The plan of table `name`; a clear error for a SQL table or a table the definition lacks."""
    if name in plan.tables:
        return plan.tables[name]
    entity = plan.database.entity(name)
    if entity is not None and entity.view:
        raise UnknownEntity(f"'{name}' is a SQL table (view: true): Spark reads only generated tables; "
                            f"compute it with spark.sql over the tables it reads")
    names = list(plan.tables)
    raise UnknownEntity(f"unknown table '{name}'{did_you_mean(name, names)} (tables: {', '.join(names)})")
