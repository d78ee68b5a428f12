"""validate_definition: every problem as {path, message, suggestion}, plus warnings an agent should see."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from synthdb.api.names import name_problem
from synthdb.definition.loader import format_path
from synthdb.definition.model import FIELD_METADATA, Database, Field
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError, SynthdbError
from synthdb.generators.registry import REGISTRY
from synthdb.service.run import Run, RunOptions

log = logging.getLogger("synthdb.mcp")
GUIDE = "synthdb://docs/definition"
_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'")
# Keys a field may carry besides the generator's parameters (the model's own and Fabricate's extras).
_NOT_PARAMS = frozenset(Field.model_fields) | FIELD_METADATA | {"comment"}


def suggestion(path: str, message: str) -> str:
    """What to do about one problem, in a sentence an agent can act on."""
    close = _DID_YOU_MEAN.search(message)
    if close and "has no parameter" in message:
        return f"rename the key to '{close.group(1)}'"
    if close:
        return f"replace the value with '{close.group(1)}'"
    last = re.split(r"[.\[]", path)[-1] if path else ""
    if path.endswith("generator") and "unknown generator" in message:
        return "call search_generators with a word describing the values, then use the name it returns"
    if message.startswith(("malformed YAML", "malformed JSON")):
        return "fix the syntax at the line and column given (or send the definition as an object)"
    if message.startswith("a definition must be a mapping"):
        return "send a mapping with 'name' and an 'entities' list"
    if message == "is required":
        return f"add '{last}' here (see {GUIDE} for what it holds)"
    if "undefined variable" in message:
        return "declare the variable under 'variables', or use a number"
    if "should be a valid" in message or "Input should be" in message:
        return f"give '{last}' a value of the expected type (see {GUIDE})"
    if ".fields[" in path:
        return "check the field against describe_generator for its generator's parameters"
    return f"see the definition guide ({GUIDE})"


def problem(path: str, message: str) -> dict[str, str]:
    """One entry of the `errors` list."""
    return {"path": path, "message": message, "suggestion": suggestion(path, message)}


def structure_errors(data: Mapping[str, Any], base: Path | None = None) -> tuple[Database | None, list[dict[str, str]]]:
    """The model, or every structural problem pydantic finds (not only the first).

    `base` is the folder relative static-table `source.path`s are read from (checked by the caller).
    """
    try:
        context = {"base_dir": str(base)} if base is not None else None
        return Database.model_validate(dict(data), context=context), []
    except ValidationError as exc:
        out = []
        for error in exc.errors()[:50]:
            message = "is required" if error["type"] == "missing" else error["msg"].removeprefix("Value error, ")
            out.append(problem(format_path(tuple(error["loc"])), message))
        return None, out


def name_errors(database: Database) -> list[dict[str, str]]:
    """Entity names become file names: they must be plain names."""
    out = []
    for index, entity in enumerate(database.entities):
        issue = name_problem(entity.name)
        if issue is not None:
            out.append(problem(f"entities[{index}].name", issue))
        # A schema names the table's files too (`sales.orders.csv`).
        issue = name_problem(entity.db_schema) if entity.db_schema is not None else None
        if issue is not None:
            out.append(problem(f"entities[{index}].schema", issue))
    return out


def parameter_warnings(database: Database) -> list[dict[str, str]]:
    """Parameters no generator reads: accepted (Fabricate sends extras) but usually a typo."""
    out = []
    for e_index, entity in enumerate(database.entities):
        for f_index, field in enumerate(entity.fields):
            try:
                known = set(REGISTRY.resolve(field.generator).Params.model_fields)
            except KeyError:
                continue
            for name in field.params:
                if name in known or name in _NOT_PARAMS:
                    continue
                hint = did_you_mean(name, sorted(known))
                path = f"entities[{e_index}].fields[{f_index}].{name}"
                out.append(problem(path, f"'{field.generator}' has no parameter '{name}' (ignored){hint}"))
    return out


def validate(data: Mapping[str, Any], variables: Mapping[str, Any] | None = None,
             base: Path | None = None) -> dict[str, Any]:
    """Structure, names, plan (references, expressions, SQL) and the first rows of each table."""
    database, errors = structure_errors(data, base)
    answer: dict[str, Any] = {"valid": False, "errors": errors, "warnings": []}
    if database is None:
        return answer
    errors += name_errors(database)
    answer["warnings"] = parameter_warnings(database)
    if errors:
        return answer
    try:
        run = Run(database, RunOptions(variables=dict(variables or {})))
        run.probe()
    except DefinitionError as exc:
        errors.append(problem(exc.path, exc.message))
        return answer
    except SynthdbError as exc:
        errors.append(problem("", str(exc)))
        return answer
    except MemoryError:
        errors.append(problem("", "too large to plan in memory; use smaller row counts (variables)"))
        return answer
    except Exception as exc:
        # As the REST API does (api/lookup.py): input the validators did not foresee is the definition's problem.
        log.warning("definition rejected by an unexpected error", exc_info=exc)
        errors.append(problem("", f"cannot be planned ({type(exc).__name__}: {exc})"))
        return answer
    answer["valid"] = True
    answer["tables"] = {t.name: t.size for t in run.tables}
    answer["sql_tables"] = list(run.written_sql)
    return answer
