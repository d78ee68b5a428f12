"""Read a definition from YAML or JSON text into the model, reporting errors by definition path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from synthdb.definition.model import Database
from synthdb.errors import DefinitionError


def format_path(loc: tuple[Any, ...]) -> str:
    """Turn a pydantic location ('entities', 2, 'fields', 3, 'name') into `entities[2].fields[3].name`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_definition(path: str | Path) -> Database:
    """Load and validate the structure of a definition file (YAML or JSON)."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DefinitionError("", "file not found", source) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError("", f"cannot read the file: {exc}", source) from exc
    is_json = source.lower().endswith(".json")
    return parse_definition(text, "json" if is_json else "yaml", source)


def parse_definition(text: str, fmt: str = "yaml", source: str | None = None) -> Database:
    """Parse definition text; `fmt` is 'yaml' or 'json' (YAML also reads JSON)."""
    data: Any
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DefinitionError(
                "", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source
            ) from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise DefinitionError("", f"malformed YAML{where}: {problem}", source) from exc
    return definition_from_data(data, source)


def surrogate_path(data: Any, path: str = "") -> str | None:
    """The path of the first text holding a lone surrogate (YAML's and JSON's `\\ud800` escapes make one).

    Such text cannot be encoded as UTF-8, so no output could be written: it is refused up front.
    """
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            found = surrogate_path(key, where) or surrogate_path(value, where)
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found = surrogate_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def definition_from_data(data: Any, source: str | None = None) -> Database:
    """Validate already-parsed data (a dict) as a definition."""
    if not isinstance(data, dict):
        raise DefinitionError("", "a definition must be a mapping with an 'entities' list", source)
    bad_text = surrogate_path(data)
    if bad_text is not None:
        raise DefinitionError(bad_text, "holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode text",
                              source)
    try:
        # A static table's `source: {path}` is read relative to the definition file.
        context = {"base_dir": str(Path(source).parent)} if source else None
        return Database.model_validate(data, context=context)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = format_path(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "is required"
        raise DefinitionError(path, message, source) from exc
