"""Read a definition from YAML or JSON text into the model, reporting errors by definition path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from synthdb.definition.constraints import CONSTRAINT_TYPES
from synthdb.definition.files import FileProblem, read_text_file
from synthdb.definition.model import Database
from synthdb.definition.suggest import did_you_mean
from synthdb.errors import DefinitionError


def format_path(loc: tuple[Any, ...]) -> str:
    """Turn a pydantic location ('entities', 2, 'fields', 3, 'name') into `entities[2].fields[3].name`."""
    out = ""
    for i, part in enumerate(loc):
        if i >= 2 and loc[i - 2] == "constraints" and part in CONSTRAINT_TYPES:
            continue  # the tag pydantic adds for a member of the constraint union is not in the document
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_definition(path: str | Path) -> Database:
    """Load and validate the structure of a definition file (YAML or JSON)."""
    source = str(path)
    try:
        text = read_text_file(Path(path))
    except FileProblem as exc:
        message = str(exc) if str(exc) == "file not found" else f"cannot read the file: {exc}"
        raise DefinitionError("", message, source) from exc
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
            data = _load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise DefinitionError("", f"malformed YAML{where}: {problem}", source) from exc
    return definition_from_data(data, source)


def _load_yaml(text: str) -> Any:
    """YAML with libyaml's parser when PyYAML has it (the same documents, about 5x faster on a definition);
    a document it refuses is parsed again by PyYAML's own parser, whose errors (and whose reading of escapes
    such as a lone surrogate, reported later with its path) the messages are written for."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


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


def definition_from_data(data: Any, source: str | None = None, *, trusted_paths: bool = True) -> Database:
    """Validate already-parsed data (a dict) as a definition.

    `trusted_paths=False` (the service) refuses a static table's `source.path` instead of reading the file.
    """
    if not isinstance(data, dict):
        raise DefinitionError("", "a definition must be a mapping with an 'entities' list", source)
    bad_text = surrogate_path(data)
    if bad_text is not None:
        raise DefinitionError(bad_text, "holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode text",
                              source)
    try:
        # A static table's `source: {path}` is read relative to the definition file.
        context: dict[str, Any] = {"trusted_paths": trusted_paths}
        if source:
            context["base_dir"] = str(Path(source).parent)
        return Database.model_validate(data, context=context)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = format_path(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "is required"
        if first["type"] == "constraint_type":
            given = first["input"].get("constraint_type") if isinstance(first["input"], dict) else None
            path, message = f"{path}.constraint_type", message + did_you_mean(str(given), CONSTRAINT_TYPES)
        raise DefinitionError(path, message, source) from exc
